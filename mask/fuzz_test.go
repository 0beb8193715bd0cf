package mask

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

// FuzzMaskRoundTrip: for any input and kind, Mask either fails with a typed
// error that does not repeat the input, or gives a value of the same length
// that passes Check and unmasks to the input.
func FuzzMaskRoundTrip(f *testing.F) {
	for _, s := range []string{"山田 太郎", "Yamada Taro", "taro.yamada@example.com", "090-1234-5678",
		"+81 90-1234-5678", "4111 1111 1111 1111", "123456789018", "AB-1234567", "αβγ-δεζ-ηθι", "", "\xff",
		"ん ゐゑをゔ ヴァン・ヰヱヷ ｽｽﾞｷ ﾝ", "Ÿvonne Müller-Øster", "𠮷野 髙橋 鷗外"} {
		for k := range 8 {
			f.Add(s, uint8(k))
		}
	}
	maskers := []*Masker{}
	for _, c := range []struct {
		kind kind.Kind
		opts []opt
	}{
		{kind.Name, nil}, {kind.Email, nil}, {kind.Phone, []opt{withRegion("JP")}}, {kind.Card, nil},
		{kind.MyNumber, []opt{withCheckDigit(kind.CheckInvalid)}}, {kind.Pattern, []opt{withPattern(`[A-Z]{2}-[0-9]{7}`)}},
		{kind.Generic, []opt{withAlphabet("αβγδεζηθικλμνξοπρστυφχψω0123456789")}},
		{kind.Name, []opt{func(f *kind.Field) { f.NameFormat = 1 }}},
	} {
		m, err := New(keysettest.PRF(), field(c.kind, "fuzz.field", "", c.opts...))
		if err != nil {
			f.Fatal(err)
		}
		maskers = append(maskers, m)
	}
	f.Fuzz(func(t *testing.T, in string, k uint8) {
		m := maskers[int(k)%len(maskers)]
		out, err := m.Mask(in)
		if err != nil {
			if !errors.Is(err, ErrInvalidValue) && !errors.Is(err, ErrTooShort) {
				t.Fatalf("untyped error %v", err)
			}
			if len(in) >= 6 && strings.Contains(err.Error(), in) {
				t.Fatalf("error repeats the input")
			}
			return
		}
		if len([]rune(out)) != len([]rune(in)) {
			t.Fatalf("%q → %q: length changed", in, out)
		}
		checkNoNewUnsafe(t, in, out)
		if err := m.Check(out); err != nil {
			t.Fatalf("%q → %q: Check: %v", in, out, err)
		}
		back, err := m.Unmask(context.Background(), okHook, testReq, m.KeyID(), out)
		if err != nil || back[0] != in {
			t.Fatalf("%q → %q → %q, %v", in, out, back, err)
		}
	})
}

// checkNoNewUnsafe: every character a keyed mask changed is one a mask may
// write (outputSafe), so a masked cell never starts with a formula
// character (CSV injection) where the input's did not. Masks keep the
// character count, so positions line up.
func checkNoNewUnsafe(t *testing.T, in, out string) {
	t.Helper()
	rin, rout := []rune(in), []rune(out)
	for i := range rout {
		if rout[i] != rin[i] && !safechar.Safe(rout[i]) {
			t.Fatalf("%q → %q: wrote unsafe %U at %d", in, out, rout[i], i)
		}
	}
}
