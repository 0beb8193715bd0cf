package mask

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/piikit/piikit/keyset/keysettest"
)

// FuzzMaskRoundTrip: for any input and kind, Mask either fails with a typed
// error that does not repeat the input, or gives a value of the same length
// that passes Check and unmasks to the input.
func FuzzMaskRoundTrip(f *testing.F) {
	for _, s := range []string{"山田 太郎", "Yamada Taro", "taro.yamada@example.com", "090-1234-5678",
		"+81 90-1234-5678", "4111 1111 1111 1111", "123456789018", "AB-1234567", "αβγ-δεζ-ηθι", "", "\xff"} {
		for k := range 7 {
			f.Add(s, uint8(k))
		}
	}
	maskers := []*Masker{}
	for _, c := range []struct {
		kind Kind
		opts []Option
	}{
		{KindName, nil}, {KindEmail, nil}, {KindPhone, []Option{WithRegion("JP")}}, {KindCard, nil},
		{KindMyNumber, []Option{WithCheckDigit(CheckInvalid)}}, {KindPattern, []Option{WithPattern(`[A-Z]{2}-[0-9]{7}`)}},
		{KindGeneric, []Option{WithAlphabet("αβγδεζηθικλμνξοπρστυφχψω0123456789")}},
	} {
		m, err := New(keysettest.PRF(), c.kind, "fuzz.field", "", c.opts...)
		if err != nil {
			f.Fatal(err)
		}
		maskers = append(maskers, m)
	}
	f.Fuzz(func(t *testing.T, in string, k uint8) {
		m := maskers[int(k)%len(maskers)]
		out, err := m.Mask(in)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooShort) {
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
		if err := m.Check(out); err != nil {
			t.Fatalf("%q → %q: Check: %v", in, out, err)
		}
		back, err := m.Unmask(context.Background(), okHook, testReq, m.KeyID(), out)
		if err != nil || back[0] != in {
			t.Fatalf("%q → %q → %q, %v", in, out, back, err)
		}
	})
}
