package mask

import (
	"context"
	"errors"
	"slices"
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
		"ん ゐゑをゔ ヴァン・ヰヱヷ ｽｽﾞｷ ﾝ", "Ÿvonne Müller-Øster", "𠮷野 髙橋 鷗外",
		// Mixed widths and marks (nameKind.valid): ｰ before a full-width
		// word, voicing marks after full-width kana or first, ー and ｰ,
		// iteration marks, small kana, combining marks, Latin and kanji.
		"ｽｰﾊﾟｰ", "ｶｰスズキタロウ", "ｽｽﾞｷｰたろう", "ｰアｰイ山田", "ﾞｶｷｸ山田", "スﾞズキ ﾟタロウ", "ーｱｲｳ山田",
		"さゝき ヽヾ 佐々木", "ぁぃぅｧｨｩァィゥ山", "か\u3099き\u309Aく山田", "ｶｰaスズキ", "山ｰア田ｰあ", "ｶｰ・アイ ｶｰ･ｱｲ"} {
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

// FuzzNameScripts: a name made of the characters whose neighbours format 2's
// classes look at (nameEdgeRunes, one byte each), after a kanji name long
// enough for FF1, masks to a value that unmasks to it, or is refused, in
// both formats.
func FuzzNameScripts(f *testing.F) {
	for _, s := range []string{"ｶｰスズキタロウ", "ｽｰﾊﾟｰ", "ｰアｰイ", "ﾞアーｱ", "ゝゞヽヾ々\u3099\u309A", "ぁァｧ a山"} {
		var b []byte
		for _, r := range s {
			if i := slices.Index(nameEdgeRunes, r); i >= 0 {
				b = append(b, byte(i))
			}
		}
		f.Add(b, false)
		f.Add(b, true)
	}
	ms := [2]*Masker{newMasker(f, kind.Name), newMasker(f, kind.Name, func(f *kind.Field) { f.NameFormat = 1 })}
	f.Fuzz(func(t *testing.T, b []byte, format1 bool) {
		if len(b) > 64 {
			return
		}
		r := []rune("山田")
		for _, c := range b {
			r = append(r, nameEdgeRunes[int(c)%len(nameEdgeRunes)])
		}
		m := ms[0]
		if format1 {
			m = ms[1]
		}
		roundTripsOrRefuses(t, m, string(r))
	})
}
