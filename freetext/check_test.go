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
