package find

import (
	"unicode/utf8"

	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/internal/phone"
)

// Numbers. One pass cuts the text into runs: a digit (ASCII or full-width)
// and what follows it while it is digits, phone separators ([phone.Separator])
// and plus signs, with a plus and an opening parenthesis just before the
// first digit. A run ends at any other character, or at a gap between two
// digits of more than maxGap characters or more than two spaces. Inside a
// run, groups are its maximal digit sequences; tokens are its parts between
// spaces. Cards and My Numbers are chains of groups, phones sequences of
// tokens.

// group is a maximal sequence of digits in a run.
type group struct {
	s, e int // byte offsets of the first digit and after the last
	nd   int // digits
	// sep is the one character between the previous group and this one,
	// or -1 when the gap is longer (or this is the run's first group).
	sep rune
	// tok is the byte offset where this group's token starts (after the
	// spaces before it), or -1 when the group does not start a token.
	tok int
}

const (
	maxGap         = 4  // characters between two groups of a run
	maxGapSpaces   = 2  // spaces in a row inside a run
	maxPhoneTokens = 7  // "+81 90 1234 5678" is 4, "+33 1 23 45 67 89" 6
	maxPhoneDigits = 20 // an international prefix, a calling code and the longest national number
)

// digitAt returns the byte length of the digit that text[i:] starts with,
// or 0.
func digitAt(text string, i int) int {
	c := text[i]
	if '0' <= c && c <= '9' {
		return 1
	}
	if c == 0xEF && i+2 < len(text) && text[i+1] == 0xBC && 0x90 <= text[i+2] && text[i+2] <= 0x99 {
		return 3 // ０-９, U+FF10-U+FF19
	}
	return 0
}

func space(r rune) bool { return r == ' ' || r == '\u00A0' || r == '\u3000' }

// findNumbers appends the cards, My Numbers and phones of text to dst;
// if stopped is not nil, it appends to *stopped those of the runs with a
// stop character straight before or after them, found as if it were not
// one.
func (f *Finder) findNumbers(dst []Finding, stopped *[]Finding, text string) []Finding {
	var buf [16]group
	var d *phone.Digits // the phone finder's buffer, one per text: it escapes to the heap
	for i := 0; i < len(text); {
		if digitAt(text, i) == 0 {
			i++
			continue
		}
		var groups []group
		var stop bool
		groups, i, stop = scanRun(buf[:0], text, i)
		if d == nil && f.want[Phone] {
			d = new(phone.Digits)
		}
		dst = f.findRun(dst, text, groups, true, d)
		if stop && stopped != nil {
			*stopped = f.findRun(*stopped, text, groups, false, d)
		}
	}
	return dst
}

// findRun appends the cards, My Numbers and phones among a run's groups;
// stops as for leftOK, d a buffer for the phones' digits.
func (f *Finder) findRun(dst []Finding, text string, groups []group, stops bool, d *phone.Digits) []Finding {
	if f.want[Card] || f.want[MyNumber] {
		dst = f.findIDs(dst, text, groups, stops)
	}
	if f.want[Phone] {
		dst = f.findPhones(dst, text, groups, stops, d)
	}
	return dst
}

// scanRun reads the run whose first digit is at text[i] into groups and
// returns them with the offset where scanning goes on, and whether a stop
// character stands straight before the run (its plus or parenthesis) or
// after its last digit: the only places one can stop a number of the run,
// as inside it are only separators.
func scanRun(groups []group, text string, i int) ([]group, int, bool) {
	start := i
	if r, n := utf8.DecodeLastRuneInString(text[:start]); phone.Plus(r) {
		start -= n
	}
	before, n := utf8.DecodeLastRuneInString(text[:start])
	if before == '(' || before == '（' {
		start -= n
		before, _ = utf8.DecodeLastRuneInString(text[:start])
	}
	tok := start
	inGroup := false
	gap, spaces := 0, 0
	var sep rune
	for i < len(text) {
		if n := digitAt(text, i); n > 0 {
			if !inGroup {
				g := group{s: i, sep: -1, tok: -1}
				if len(groups) == 0 || tok >= 0 {
					g.tok = max(tok, start)
				}
				if len(groups) > 0 && gap == 1 {
					g.sep = sep
				}
				groups = append(groups, g)
				inGroup, gap, spaces, tok = true, 0, 0, -1
			}
			g := &groups[len(groups)-1]
			g.e, g.nd = i+n, g.nd+1
			i += n
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !phone.Separator(r) && !phone.Plus(r) {
			break
		}
		inGroup = false
		gap++
		sep = r
		if space(r) {
			spaces++
			tok = i + n
		} else {
			spaces = 0
		}
		if gap > maxGap || spaces > maxGapSpaces {
			break
		}
		i += n
	}
	after, _ := utf8.DecodeRuneInString(text[groups[len(groups)-1].e:])
	return groups, i, stopBefore(before) || stopAfter(after)
}

// Cards and My Numbers: one group, or a chain of groups of 3 to 7 digits
// joined by one and the same separator.

// idSeparator reports the characters that may join the groups of a card
// number or My Number: those its mask keeps in place (SPEC.md §5 "Card
// numbers").
func idSeparator(r rune) bool {
	switch r {
	case ' ', '-', '\u3000', '\u2010', '\uFF0D':
		return true
	}
	return false
}

const (
	minCardDigits   = 13
	maxCardDigits   = 19
	myNumberDigits  = 12
	minChainedGroup = 3
	maxChainedGroup = 7
)

// findIDs appends the cards and My Numbers among groups; stops as for
// leftOK.
func (f *Finder) findIDs(dst []Finding, text string, groups []group, stops bool) []Finding {
	var digits [maxCardDigits]byte
	for i := 0; i < len(groups); {
		if !leftOK(text, groups[i].s, stops) || groups[i].nd > maxCardDigits {
			i++
			continue
		}
		// The longest chain from i with one separator and at most 19 digits.
		j, total := i, groups[i].nd
		for j+1 < len(groups) {
			g := groups[j+1]
			if g.sep < 0 || !idSeparator(g.sep) || j > i && g.sep != groups[j].sep || total+g.nd > maxCardDigits {
				break
			}
			j, total = j+1, total+g.nd
		}
		found := false
		for k := j; k >= i && !found; k-- {
			if k < j {
				total -= groups[k+1].nd
			}
			if !rightOK(text, groups[k].e, stops) || k > i && !chainable(groups[i:k+1]) {
				continue
			}
			d := collectDigits(digits[:0], text, groups[i].s, groups[k].e)
			switch {
			case f.want[Card] && total >= minCardDigits && (k > i || issuerDigit(d[0])) && checkdigit.Luhn(d):
				dst = append(dst, Finding{Entity: Card, Start: groups[i].s, End: groups[k].e})
			case f.want[MyNumber] && total == myNumberDigits && myNumberValid(d) && MyNumberContext(text, groups[i].s, groups[k].e):
				dst = append(dst, Finding{Entity: MyNumber, Start: groups[i].s, End: groups[k].e})
			default:
				continue
			}
			found, i = true, k+1
		}
		if !found {
			i++
		}
	}
	return dst
}

// chainable reports whether every group of a chain has 3 to 7 digits.
func chainable(gs []group) bool {
	for _, g := range gs {
		if g.nd < minChainedGroup || g.nd > maxChainedGroup {
			return false
		}
	}
	return true
}

// issuerDigit reports the first digits of the card networks' issuer
// identification numbers (2 and 5 Mastercard, 3 American Express, JCB and
// Diners, 4 Visa, 6 Discover and UnionPay). A card written without
// separators must start with one: 13-digit timestamps (1…) and other long
// numbers survive.
func issuerDigit(c byte) bool { return '2' <= c && c <= '6' }

// collectDigits appends the ASCII digits of text[s:e] to dst.
func collectDigits(dst []byte, text string, s, e int) []byte {
	for i := s; i < e; {
		r, n := utf8.DecodeRuneInString(text[i:])
		if d, ok := phone.Digit(r); ok {
			dst = append(dst, byte('0'+d))
		}
		i += n
	}
	return dst
}
