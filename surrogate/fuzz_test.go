package surrogate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/piikit/piikit/surrogate"
)

// FuzzName: any input gives a surrogate or a typed error that does not
// repeat it; a surrogate is valid UTF-8 and keeps the input's separators.
func FuzzName(f *testing.F) {
	for _, s := range []string{"山田 太郎", "鈴木ひなた", "ｽｽﾞｷ ﾋﾅﾀ", "Mr. John Smith", "SMITH, John", "山田さん", "", "\xff", "・", "a b c d e"} {
		f.Add(s)
	}
	s := newSurrogator(f, "fuzz.name")
	f.Fuzz(func(t *testing.T, in string) {
		out, err := s.Name(in)
		if err != nil {
			if !errors.Is(err, surrogate.ErrInvalidValue) {
				t.Fatalf("untyped error %v", err)
			}
			if len(in) >= 6 && strings.Contains(err.Error(), in) {
				t.Fatal("error repeats the input")
			}
			return
		}
		if strings.Count(out, " ") != strings.Count(in, " ") || strings.Count(out, "\u3000") != strings.Count(in, "\u3000") {
			t.Fatalf("%q → %q: separators changed", in, out)
		}
	})
}
