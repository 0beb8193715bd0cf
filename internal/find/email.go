package find

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Emails. Each at sign (@, full-width ＠, small ﹫) is read outwards: to the
// left the local part, to the right the domain, then the address is checked
// with normalization's email rule (SPEC.md §3), so that what is found is
// what an email field accepts.
//
// Local part: the characters before the at sign, at most maxLocalRunes,
// that are ASCII atext or dots, their full-width forms, or letters, marks
// and digits of scripts other than Japanese (RFC 6531). Japanese letters end
// it, so "メールはtaro@…" gives "taro"; a local part written in Japanese is
// not found. Leading characters other than letters, digits and '_' are
// left out ("'taro@…'", "<taro@…>").
//
// Domain: labels joined by dots (. or ．). A label is ASCII letters, digits
// and hyphens (or their full-width forms), possibly followed by other
// letters, marks and digits (an IDN label, 例え, ドメイン). Where the domain
// ends when Japanese follows it without a space:
//   - a label followed by a dot and another label belongs to the domain,
//     whatever its script ("taro@例え.jp");
//   - the last label, if it starts with ASCII, ends with that ASCII
//     ("taro@example.co.jpまで" ends at ".jp");
//   - the last label, if it is all non-ASCII, ends after a known IDN
//     top-level domain it starts with (idnTLDs: "taro@例え.コムです" gives
//     taro@例え.コム); else it takes the whole run of letters up to the next character
//     that is not one, but only after a single label: a domain needs two,
//     and the address is then protected with more text than it holds
//     rather than left whole ("taro@例え.未知です" is found whole). After
//     two labels or more the domain ends before its dot
//     ("taro@example.com.次は" gives taro@example.com), so an IDN
//     top-level domain under a second-level one is not found.
// Trailing hyphens of the last label are left out. The domain is read for
// at most maxDomainBytes.

const (
	maxLocalRunes  = 64
	maxDomainBytes = 255
)

// AtSigns are the at signs an email is read around: @, full-width ＠ and
// small ﹫.
const AtSigns = "@＠﹫"

// atSign returns the byte length of the at sign (of AtSigns) text[i:]
// starts with, or 0.
func atSign(text string, i int) int {
	switch c := text[i]; {
	case c == '@':
		return 1
	case c == 0xEF && i+2 < len(text):
		if text[i+1] == 0xBC && text[i+2] == 0xA0 || text[i+1] == 0xB9 && text[i+2] == 0xAB { // ＠ U+FF20, ﹫ U+FE6B
			return 3
		}
	}
	return 0
}

// findEmails appends the emails of text.
func (f *Finder) findEmails(dst []Finding, text string) []Finding {
	var buf [256]byte
	for i := 0; i < len(text); {
		n := atSign(text, i)
		if n == 0 {
			i++
			continue
		}
		s := localStart(text, i)
		e := domainEnd(text, i+n)
		if s < i && e > i+n {
			if _, err := f.emails.AppendAnyLength(buf[:0], text[s:e]); err == nil {
				dst = append(dst, Finding{Entity: Email, Start: s, End: e})
				i = e
				continue
			}
		}
		i += n
	}
	return dst
}

// asciiForm reads a full-width ASCII character as ASCII.
func asciiForm(r rune) rune {
	if 0xFF01 <= r && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

func localRune(r rune) bool {
	if a := asciiForm(r); a < utf8.RuneSelf {
		return a == '.' || 'a' <= a && a <= 'z' || 'A' <= a && a <= 'Z' || '0' <= a && a <= '9' ||
			strings.IndexByte("!#$%&'*+-/=?^_`{|}~", byte(a)) >= 0
	}
	return !japanese(r) && isLetterOrDigit(r)
}

// localStart returns where the local part before the at sign at byte at
// starts (at itself: none).
func localStart(text string, at int) int {
	s := at
	for n := 0; n < maxLocalRunes && s > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(text[:s])
		if !localRune(r) {
			break
		}
		s -= size
	}
	for s < at {
		r, size := utf8.DecodeRuneInString(text[s:])
		if a := asciiForm(r); a == '_' || unicode.IsLetter(a) || unicode.IsDigit(a) {
			break
		}
		s += size
	}
	return s
}

func ldhRune(r rune) bool {
	a := asciiForm(r)
	return 'a' <= a && a <= 'z' || 'A' <= a && a <= 'Z' || '0' <= a && a <= '9' || a == '-'
}

func idnRune(r rune) bool {
	return r >= utf8.RuneSelf && (r < 0xFF01 || r > 0xFF5E) && (isLetterOrDigit(r) || unicode.Is(unicode.Mc, r))
}

func dotRune(r rune) bool { return r == '.' || r == '．' }

// domainEnd returns where the domain after the at sign ending at byte d
// ends (d itself: none).
func domainEnd(text string, d int) int {
	// end is where the domain ends if no label is taken after the last one
	// read, by the last label's rule: a label of ASCII then other letters
	// ends with its ASCII, also before a dot ("0@0.00ま0.で" gives 0@0.00,
	// as "0@0.00ま0" alone does).
	end, labels := d, 0 // labels before the current one
	for i := d; i < len(text) && i-d <= maxDomainBytes; {
		// One label: its ASCII part, then its other letters.
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !ldhRune(r) {
				break
			}
			j += n
		}
		asciiEnd := j
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !ldhRune(r) && !idnRune(r) {
				break
			}
			j += n
		}
		if j == i {
			break
		}
		if e, ok := lastLabelEnd(text, i, j, asciiEnd, labels); ok {
			end = e
		}
		if r, n := utf8.DecodeRuneInString(text[j:]); j < len(text) && dotRune(r) {
			if next, _ := utf8.DecodeRuneInString(text[j+n:]); j+n < len(text) && (ldhRune(next) || idnRune(next)) {
				i, labels = j+n, labels+1
				continue
			}
		}
		break
	}
	for end > d {
		r, n := utf8.DecodeLastRuneInString(text[:end])
		if asciiForm(r) != '-' {
			break
		}
		end -= n
	}
	return end
}

// lastLabelEnd is where the domain ends if the label text[i:j] (its ASCII
// part ending at asciiEnd, after labels labels) is its last, and whether
// that label is taken at all.
func lastLabelEnd(text string, i, j, asciiEnd, labels int) (int, bool) {
	switch {
	case asciiEnd > i:
		return asciiEnd, true
	case labels > 0 && idnTLD(text[i:j]) > 0:
		return i + idnTLD(text[i:j]), true
	case labels == 1:
		return j, true
	}
	return 0, false
}

// idnTLDs are top-level domains written in Japanese or Chinese script, the
// ones a Japanese message may end an address with before more text: from
// IANA's Root Zone Database (https://www.iana.org/domains/root/db), and
// IANA's IDN evaluation TLDs of 2007 (テスト, 測試, 测试: RFC 6761 reserves
// the testing names they stood for). None is a prefix of another.
var idnTLDs = []string{
	"ファッション", "クラウド", "ポイント", "グーグル", "みんな", "ストア", "セール", "テスト",
	"コム", "世界", "通販", "食品", "書籍", "家電", "中国", "中國", "公司", "网络", "在线",
	"商城", "商标", "香港", "台灣", "台湾", "測試", "测试",
}

// idnTLD returns the byte length of the known IDN top-level domain label
// starts with, or 0.
func idnTLD(label string) int {
	for _, t := range idnTLDs {
		if strings.HasPrefix(label, t) {
			return len(t)
		}
	}
	return 0
}
