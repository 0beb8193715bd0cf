package freetext

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/internal/find"
	"github.com/piikit/piikit/internal/phone"
)

// checkSpelled refuses a text that holds, outside its findings fs, a phone
// number, a card number or a My Number (with its context word) that a
// reader reads but the finders do not, because it is spelled in a form
// they do not read: its digits written as kanji numerals (〇九〇, and 一
// for a dash between digits), circled, parenthesized, superscript or
// subscript digits, or digits of another script; spaced out (groups of at
// most 4 digits, one of them shorter than 3: "0 9 0 1 2 3 4 5 6 7 8"); with
// a mark straight after a digit; or joined by characters the finders do
// not read inside such a number (~ _ * , 、 emoji, a variation selector;
// for cards and My Numbers, also . and /).
//
// Digits are read in runs joined by gaps of at most maxHiddenGap such
// characters (marks not counted; a comma or 、 only straight between
// digits, as a list "4999650749161, 17" is two numbers). In a run, each
// window of digits that starts and ends at a gap other than a single
// joiner (- . / and their kin: "ORDER-2024-0312-3456-78" is one number) and
// is spelled so is checked: a valid phone number of the region (the rule of
// the phone finder), 13 to 19 Luhn-valid digits starting with 2 to 6 (the
// card finder's issuers), or 12 digits with a valid My Number check digit
// and a context word near them. Dates, amounts, ranges and placeholders
// (〇〇〇-〇〇〇〇) are none of these and pass.
func (p *Protector) checkSpelled(text string, fs []find.Finding) error {
	var buf [32]spelledDigit
	ds := buf[:0] // the run
	var g spelledGapState
	prevKanji := false // the run's last digit is a kanji numeral
	plusEnd := -1      // the offset just after the last plus sign
	k := 0             // the first finding that does not end before i
	skip := 0          // the end of an escape read as a separator
	for i, c := range text {
		if i < skip || len(ds) == 0 && c < utf8.RuneSelf && (c < '0' || c > '9') && c != '+' {
			continue // no run: only a digit or a plus sign matters
		}
		if n := escapedSeparator(text[i:]); n > 0 && len(ds) > 0 && g.n < maxHiddenGap {
			// 090%2D1234, 090&nbsp;1234: a separator the finders do not read.
			g.add('-')
			g.phoneOdd, g.idOdd, skip = true, true, i+n
			continue
		}
		for k < len(fs) && fs[k].End <= i {
			k++
		}
		v, kanji, isDigit := numeral(c)
		nextDigit := func() (kanji, ok bool) {
			next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(c):])
			_, kanji, ok = numeral(next)
			return kanji, ok
		}
		switch {
		case k < len(fs) && fs[k].Start <= i: // a value found
		case c == '一' && len(ds) > 0 && g.n == 0 && !prevKanji && dashNext(nextDigit()):
			// 一 between digits that are not kanji is a dash: 090一1234.
			g.add(c)
			continue
		case isDigit:
			ds = appendDigit(ds, spelledDigit{v: '0' + v, start: i, end: i + utf8.RuneLen(c), other: c > '9' && (c < '０' || c > '９'),
				plus: i == plusEnd}, &g)
			g, prevKanji = spelledGapState{}, kanji
			continue
		case len(ds) > 0 && (unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Me, c)):
			g.marks = true
			if g.n == 0 {
				ds[len(ds)-1].markAfter = true
			}
			continue
		case len(ds) > 0 && g.n < maxHiddenGap && spelledGap(c) && (!listComma(c) || second(nextDigit())):
			g.add(c)
			if phone.Plus(c) {
				plusEnd = i + utf8.RuneLen(c)
			}
			continue
		default:
			if phone.Plus(c) {
				plusEnd = i + utf8.RuneLen(c)
			}
		}
		if err := p.checkRun(text, ds); err != nil {
			return err
		}
		ds, g = ds[:0], spelledGapState{}
	}
	return p.checkRun(text, ds)
}

// spelledGapState is the gap since a run's last digit.
type spelledGapState struct {
	n        int  // characters, marks not counted
	last     rune // the last
	marks    bool // the gap holds a mark
	phoneOdd bool // a character the phone finder does not read in a number
	idOdd    bool // a character the card and My Number finders do not read
}

func (g *spelledGapState) add(c rune) {
	g.n++
	g.last = c
	sp := c == ' ' || c == '\u00A0' || c == '\u3000'
	// A slash, which the phone finder reads in a number, also lists two:
	// 090-1234-5678/090-9876-5432.
	g.phoneOdd = g.phoneOdd || !sp && (!phone.Separator(c) || c == '/' || c == '／') && !phone.Plus(c)
	g.idOdd = g.idOdd || !(c == ' ' || c == '-' || c == '\u3000' || c == '\u2010' || c == '－')
}

// spelledDigit is a digit of a run of checkSpelled.
type spelledDigit struct {
	v          byte // as ASCII
	start, end int  // its byte offsets in the text
	// cut: a window may start at it (and end before it); other: a numeral
	// other than an ASCII or full-width digit; plus: a plus sign stands
	// straight before it; markAfter: a mark straight after it; phoneOdd,
	// idOdd: the gap before it is odd for those finders (or holds a mark).
	cut, other, plus, markAfter, phoneOdd, idOdd, slashCut bool
	group                                                  int // the index of its group (digits without a gap)
}

// appendDigit appends d, after gap g, to the run ds.
func appendDigit(ds []spelledDigit, d spelledDigit, g *spelledGapState) []spelledDigit {
	if n := len(ds); n > 0 {
		d.cut = g.n > 1 || g.marks || g.n == 1 && !joiner(g.last)
		// A slash lists two phones (090-1234-5678/090-9876-5432), not two
		// card numbers (2026/9/8 after an order number): a slash alone cuts
		// phone windows only.
		d.slashCut = g.n == 1 && (g.last == '/' || g.last == '／')
		d.phoneOdd, d.idOdd = g.phoneOdd || g.marks, g.idOdd || g.marks
		d.group = ds[n-1].group
		if g.n > 0 || g.marks {
			d.group++
		}
	} else {
		d.cut = true
	}
	return append(ds, d)
}

// minSpelled is the fewest digits of a window: a phone number of the
// shortest plan (6 digits) and up.
const minSpelled = 6

// checkRun checks the windows of the run ds (see checkSpelled).
func (p *Protector) checkRun(text string, ds []spelledDigit) error {
	for i := 0; i+minSpelled <= len(ds); i++ {
		if !ds[i].cut {
			continue
		}
		for j := i + minSpelled; j <= len(ds) && j-i <= 19; j++ {
			if j < len(ds) && !ds[j].cut {
				continue
			}
			// The gaps around the window: an odd one is why the finders
			// did not read it ("090-1234-5678,090-9876-5432").
			edge := i > 0 && ds[i].phoneOdd || j < len(ds) && ds[j].phoneOdd
			ids := !ds[i].slashCut && (j == len(ds) || !ds[j].slashCut)
			if what := p.spelledValue(text, ds[i:j], edge, ids); what != "" {
				return fmt.Errorf("freetext: %w: a %s written in a form the finders do not read (other numerals, spaced out, odd separators)", ErrInvalidValue, what)
			}
		}
	}
	return nil
}

// spelledValue returns the entity, of those whose finder is on, that the
// window w is and is spelled as its finder does not read, or "".
func (p *Protector) spelledValue(text string, w []spelledDigit, edge, ids bool) string {
	other, phoneOdd, idOdd := w[len(w)-1].markAfter, edge, edge
	groups, short, long, eight, over := 1, false, false, false, false
	size := 0 // of the current group
	for i, d := range w {
		other = other || d.other || d.markAfter
		if i > 0 {
			phoneOdd, idOdd = phoneOdd || d.phoneOdd, idOdd || d.idOdd
			if d.group != w[i-1].group {
				groups++
				short, long, eight, over, size = short || size < 3, long || size > 4, eight || size == 8, over || size > 8, 0
			}
		}
		size++
	}
	short, long, eight, over = short || size < 3, long || size > 4, eight || size == 8, over || size > 8
	// Spaced out: short groups ("0 9 0 1 2 3 4 5 6 7 8"); for cards and My
	// Numbers also groups of 8, which their finder does not chain (3 to 7
	// digits: "41111111 11111111"), with none shorter than 3 or longer
	// than 8 ("4999650749161 17", "633048236262　2026" are two numbers).
	spaced := groups > 1 && short && !long
	idSpaced := spaced || groups > 1 && eight && !short && !over
	var buf [19]byte
	v := buf[:0]
	for _, d := range w {
		v = append(v, d.v)
	}
	if p.callingCode(v) {
		return "phone number"
	}
	if !other && !phoneOdd && !idOdd && !idSpaced {
		return "" // the finders read it: not spelled
	}
	d := v // a window spelled so
	if (other || phoneOdd || spaced) && p.rules[find.Phone] != nil && len(d) <= 15 && (w[0].plus || !p.zero || d[0] == '0') {
		// A copy: ParseDigits keeps it, and v is on the stack.
		if num, err := phone.ParseDigits(append([]byte(nil), d...), w[0].plus, p.region); err == nil && num.Possible() && num.Stable() && num.Valid() {
			return "phone number"
		}
	}
	if !ids || !(other || idOdd || idSpaced) {
		return ""
	}
	if p.rules[find.Card] != nil && len(d) >= 13 && '2' <= d[0] && d[0] <= '6' && checkdigit.Luhn(d) {
		return "card number"
	}
	if p.rules[find.MyNumber] != nil && len(d) == 12 && checkdigit.MyNumberASCII(d[:11]) == int(d[11]-'0') &&
		find.MyNumberContext(text, w[0].start, w[len(w)-1].end) {
		return "My Number"
	}
	return ""
}

// dashNext: 一 before a digit that is not kanji is a dash.
func dashNext(kanji, ok bool) bool { return ok && !kanji }

func second(_, ok bool) bool { return ok }

// callingCode reports whether the digits v are a valid phone number of the
// region written with its calling code but without a plus, which the phone
// finder does not read: "81-90-1234-5678", "0081 90…" (00: the common
// international prefix).
func (p *Protector) callingCode(v []byte) bool {
	if p.rules[find.Phone] == nil || len(v) > 17 {
		return false
	}
	d := bytes.TrimPrefix(v, []byte("00"))
	if !bytes.HasPrefix(d, p.cc) {
		return false
	}
	num, err := phone.ParseDigits(append([]byte(nil), d...), true, p.region)
	return err == nil && num.CC() == p.region.CC() && num.Possible() && num.Stable() && num.Valid()
}

// escapedSeparator returns the length of the escape of a number's
// separator that s starts with: a percent-encoded space, - . + ( ) /
// (%2D), or a named character reference of a space or dash (&nbsp;,
// &hyphen;); 0 if none.
func escapedSeparator(s string) int {
	switch {
	case len(s) >= 3 && s[0] == '%' && isHex(s[1:3]):
		b, _ := strconv.ParseUint(s[1:3], 16, 8)
		if strings.IndexByte(" -.+()/", byte(b)) >= 0 {
			return 3
		}
	case len(s) > 2 && s[0] == '&':
		end := strings.IndexByte(s[:min(len(s), 10)], ';')
		if end > 1 && slices.Contains(separatorRefs, strings.ToLower(s[1:end])) {
			return end + 1
		}
	}
	return 0
}

// separatorRefs are the HTML named character references of spaces and
// dashes (WHATWG HTML, "Named character references").
var separatorRefs = []string{"nbsp", "ensp", "emsp", "thinsp", "numsp", "hyphen", "dash", "ndash", "mdash", "minus", "period", "sol", "lpar", "rpar", "plus"}

// listComma reports a comma, which joins the digits of a number only
// straight between two of them (a list: "4999650749161, 17").
func listComma(c rune) bool { return c == ',' || c == '，' || c == '、' }

// joiner reports a character that joins the groups of one number, so that
// no window starts or ends at it: "ORDER-2024-0312-3456-78" is one number
// (a slash may list two).
func joiner(c rune) bool {
	switch c {
	case '-', '.', '－', '．', 'ー', '\u2212', '一':
		return true
	}
	return '\u2010' <= c && c <= '\u2015'
}

// spelledGap reports a character that may stand between the digits of a
// number as a reader reads it: a space, a separator of phone numbers, a
// dash, a plus sign, the marks of extensions and ranges (~ ～ 〜 *), _, ,
// 、 and middle dots, and symbols (emoji, ★).
func spelledGap(c rune) bool {
	switch c {
	case '~', '～', '〜', '∼', '*', '＊', '_', '＿', ',', '，', '、', '・', '･', 'ｰ':
		return true
	}
	return unicode.IsSpace(c) || phone.Separator(c) || phone.Plus(c) || unicode.Is(unicode.Pd, c) || unicode.Is(unicode.So, c)
}

// numeral returns the value of c when a reader reads it as a decimal digit:
// a digit of any script (Nd), a kanji numeral (kanji), or a circled,
// parenthesized, superscript or subscript digit. The values are those of
// UnicodeData.txt (Numeric_Value); Nd digits come in runs of ten from 0.
func numeral(c rune) (v byte, kanji, ok bool) {
	if d, ok := phone.Digit(c); ok {
		return byte(d), false, true
	}
	switch {
	case c < '\u00B2':
		return 0, false, false
	case '\u3000' <= c && c < noDigitTo && (c < '㈠' || c > '㊈'):
		// Kana and kanji: only the kanji numerals.
		switch c {
		case '〇', '零':
			return 0, true, true
		case '一', '二', '三', '四', '五', '六', '七', '八', '九':
			return byte(strings.IndexRune("一二三四五六七八九", c)/len("一") + 1), true, true
		}
		return 0, false, false
	}
	switch c {
	case '¹':
		return 1, false, true
	case '²', '³':
		return byte(c - '²' + 2), false, true
	case '⁰', '⓪', '⓿', '🄀', '🄋', '🄌':
		return 0, false, true
	}
	for _, s := range numeralRanges {
		if s.first <= c && c < s.first+rune(s.n) {
			return byte(c-s.first) + s.from, false, true
		}
	}
	if c >= firstOtherDigit && digit(c) {
		d := byte(0)
		for digit(c - 1 - rune(d)) {
			d++
		}
		return d % 10, false, true
	}
	return 0, false, false
}

// numeralRanges are the runs of single-digit numerals outside Nd
// (UnicodeData.txt): first, count, value of first.
var numeralRanges = []struct {
	first rune
	n     int
	from  byte
}{
	{'⁴', 6, 4},           // U+2074 superscript four to nine
	{'₀', 10, 0},          // U+2080 subscript zero to nine
	{'①', 9, 1},           // U+2460 circled one to nine
	{'⑴', 9, 1},           // U+2474 parenthesized one to nine
	{'⒈', 9, 1},           // U+2488 digit one to nine full stop
	{'⓵', 9, 1},           // U+24F5 double circled one to nine
	{'❶', 9, 1},           // U+2776 dingbat negative circled one to nine
	{'➀', 9, 1},           // U+2780 dingbat circled sans-serif one to nine
	{'➊', 9, 1},           // U+278A dingbat negative circled sans-serif one to nine
	{'㈠', 9, 1},           // U+3220 parenthesized ideograph one to nine
	{'㊀', 9, 1},           // U+3280 circled ideograph one to nine
	{'\U0001F101', 10, 0}, // digit zero comma to digit nine comma
}
