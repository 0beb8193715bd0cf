package freetext

import (
	"testing"
	"unicode"
)

// checkText skips the table look-ups between noControlFrom and
// noControlTo: no control or format character may be there.
func TestNoControlRange(t *testing.T) {
	for r := noControlFrom + 1; r < noControlTo; r++ {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			t.Fatalf("%U is a control or format character", r)
		}
	}
	if !unicode.Is(unicode.Cf, noControlFrom) || !unicode.Is(unicode.Cf, noControlTo) {
		t.Fatal("the bounds are format characters")
	}
}

// digit is unicode.Is(unicode.Nd) of every rune, though it skips the table
// look-up below firstOtherDigit and between noDigitFrom and noDigitTo.
func TestNoDigitRange(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if want := unicode.Is(unicode.Nd, r); digit(r) != want {
			t.Fatalf("digit(%U) = %v, want %v", r, !want, want)
		}
	}
	for _, r := range []rune{firstOtherDigit, noDigitFrom, noDigitTo} {
		if !unicode.Is(unicode.Nd, r) {
			t.Fatalf("the bound %U is not a digit", r)
		}
	}
}
