// Package safechar is the rule of the characters a mask writes in place of
// others (SPEC.md §5, "Characters a mask writes"), shared by the keyed masks
// (alphabets, pattern classes) and display masks (the mask character).
package safechar

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"

	"github.com/piikit/piikit/kind"
)

// ErrUnsafe: a mask character, alphabet or pattern class holds a
// character a mask must not write where the input had another one: a
// character that makes a spreadsheet read a cell as a formula (CSV
// injection), or one that is invisible, white space, a control, format or
// combining character, or not a valid character. It wraps [kind.ErrOption].
var ErrUnsafe = fmt.Errorf("%w: character unsafe in masked output", kind.ErrOption)

// formulaStarts are the characters that make a spreadsheet read a cell as a
// formula when the cell starts with them (OWASP, "CSV Injection": = + - @,
// tab and carriage return), with | and % that some spreadsheets also read
// (DDE, macros).
const formulaStarts = "=+-@|%\t\r"

// FormulaStart reports whether a cell that starts with r can be read as a
// formula: r is one of formulaStarts or a compatibility form of one (＝ ＋
// － ＠ ﹦ ﹢ ﹣ ﹫ ｜ ％, which some spreadsheets fold), or the minus sign
// U+2212.
func FormulaStart(r rune) bool {
	if r < utf8.RuneSelf {
		return strings.ContainsRune(formulaStarts, r)
	}
	if r == '\u2212' {
		return true
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	k := norm.NFKC.Bytes(buf[:n])
	return len(k) > 0 && strings.IndexByte(formulaStarts, k[0]) >= 0
}

// StartsFormula reports whether a spreadsheet can read a cell that holds s
// as a formula (CSV injection): s starts with = + - @ | % tab or CR, a
// compatibility form of one, or U+2212. No mask starts with one unless its
// input did; a text given by the caller to write in place of values (a
// policy's redact value) must not either.
func StartsFormula(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && FormulaStart(r)
}

// Safe reports whether a mask may write r in place of another
// character: a visible character (letter, mark-free symbol, digit,
// punctuation) that is not a formula start and stands alone. Every character a mask
// substitutes (the mask character of Display, the characters of an
// alphabet or pattern class) must be; the fixed alphabets of the other kinds
// are.
func Safe(r rune) bool {
	return utf8.ValidRune(r) && unicode.IsGraphic(r) && !unicode.IsSpace(r) &&
		!unicode.In(r, unicode.M, unicode.Cf, unicode.Co) && !FormulaStart(r) && standsAlone(r)
}

// standsAlone reports whether r is one character (§6) next to any copy of
// itself: not one that joins its neighbours into a grapheme cluster (a
// half-width voiced mark or emoji modifier, which extend the character
// before; regional indicators, which pair into flags; Hangul jamo).
func standsAlone(r rune) bool {
	// "a", r, r, "a" are four clusters only if r joins neither the
	// character before it nor the one after it, nor a copy of itself.
	var buf [2 + 2*utf8.UTFMax]byte
	s := append(utf8.AppendRune(utf8.AppendRune(append(buf[:0], 'a'), r), r), 'a')
	return uniseg.GraphemeClusterCount(string(s)) == 4
}

// Check returns ErrUnsafe, naming what, if rs holds a character that is
// not Safe.
func Check(what string, rs []rune) error {
	for _, r := range rs {
		if !Safe(r) {
			return fmt.Errorf("%w: %s has a formula, white space, control, format or combining character", ErrUnsafe, what)
		}
	}
	return nil
}
