package names_test

import (
	"testing"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/find/names"
)

// FuzzFind checks that any valid text gives sorted, non-overlapping
// findings on character boundaries, and never a panic.
func FuzzFind(f *testing.F) {
	for _, m := range messages {
		f.Add(m)
	}
	f.Add("佐藤 さん様くん　ヤマダ タロウ様 Dear Mr. O'Brien's-san")
	// Loaded here, in each fuzzing process, so that the first input does
	// not pay the second or more of the load (the fuzzer calls an input
	// that takes 10 seconds a hang).
	names.Load()
	f.Fuzz(func(t *testing.T, text string) {
		fs, err := names.Find(text)
		if err != nil {
			if utf8.ValidString(text) {
				t.Fatalf("Find: %v", err)
			}
			return
		}
		last := 0
		for _, g := range fs {
			if g.Start < last || g.End <= g.Start || g.End > len(text) ||
				!utf8.RuneStart(text[g.Start]) || g.End < len(text) && !utf8.RuneStart(text[g.End]) {
				t.Fatalf("bad finding %v in %q (findings %v)", g, text, fs)
			}
			last = g.End
		}
	})
}
