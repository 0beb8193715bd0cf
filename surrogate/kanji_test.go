package surrogate

import (
	"testing"
	"unicode"
)

// isKanji takes two shortcuts: check them against the Unicode tables for
// every code point.
func TestIsKanji(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := isKanji(r), unicode.Is(unicode.Han, r); got != want {
			t.Fatalf("isKanji(%U) = %v, unicode.Han says %v", r, got, want)
		}
	}
}
