package display

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
)

var kinds = []kind.Kind{kind.Name, kind.Phone, kind.Email, kind.ID, kind.Card, kind.MyNumber, kind.Pattern, kind.Generic}

// FuzzDisplayNoFormulaStart: a display mask of any kind, with any mask
// character New accepts, starts with a formula character only if the
// input does (issue 14, item 19), and every character it adds is the mask
// character.
func FuzzDisplayNoFormulaStart(f *testing.F) {
	for _, s := range []string{"山田 太郎", "-Taro", "taro.yamada@example.com", "090-1234-5678", "+81 90-1234-5678",
		"4111 1111 1111 1111", "123456789018", "AB-1234567", "=1+2", "@SUM(A1)", "①②③", "\t090", "tel:+1-650-253-0000"} {
		for k := range len(kinds) {
			f.Add(s, uint8(k), '*')
			f.Add(s, uint8(k), '-')
		}
	}
	f.Fuzz(func(t *testing.T, in string, k uint8, mc rune) {
		written := mc
		if mc == 0 {
			written = '*' // the zero MaskChar is the default
		}
		d, err := New(kind.Field{Kind: kinds[int(k)%len(kinds)], MaskChar: mc, Reveal: &kind.Span{First: int(k) % 3, Last: int(k) % 2}})
		var out string
		if err == nil {
			out, err = d.Mask(in)
		}
		if err != nil {
			if !errors.Is(err, mask.ErrInvalidValue) && !errors.Is(err, kind.ErrOption) && !errors.Is(err, mask.ErrTooShort) {
				t.Fatalf("untyped error %v", err)
			}
			if errors.Is(err, kind.ErrOption) && safechar.Safe(mc) {
				t.Fatalf("safe mask char %U refused", mc)
			}
			return
		}
		if !safechar.Safe(written) {
			t.Fatalf("unsafe mask char %U accepted", mc)
		}
		if out == "" {
			t.Fatalf("%q: empty display", in)
		}
		first, _ := utf8.DecodeRuneInString(out)
		inFirst, _ := utf8.DecodeRuneInString(in)
		if safechar.FormulaStart(first) && first != inFirst {
			t.Fatalf("%q → %q: starts with a formula character", in, out)
		}
		for _, r := range out {
			if r != written && !strings.ContainsRune(in, r) {
				t.Fatalf("%q → %q: wrote %U, neither the mask character nor the input's", in, out, r)
			}
		}
	})
}
