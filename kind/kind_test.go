package kind_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/kind"
)

// TestSpanOptions: "FIRST,LAST" pairs (card keep, display reveal) have one
// syntax.
func TestSpanOptions(t *testing.T) {
	for in, want := range map[string]kind.Span{"6,4": {6, 4}, "0,0": {0, 0}, "1024,1": {1024, 1}, "10,0": {10, 0}} {
		f := kind.Field{Kind: kind.Card}
		require.NoError(t, f.Set(kind.Display, "reveal", in), in)
		require.Equal(t, want, *f.Reveal, in)
		require.NoError(t, f.Set(kind.Mask, "keep", in), in)
		require.Equal(t, want, *f.Keep, in)
	}
	for _, in := range []string{
		"", ",", "6", "6,", ",4", "6,4,", "6,4,2", "6;4", "6 4",
		"6, 4", " 6,4", "6,4 ", "6 ,4", "6,\t4", "6,4\n",
		"+6,4", "6,-4", "-0,0", "06,4", "6,04", "00,0",
		"0x6,4", "6,1_0", "6.0,4", "1e1,4", "６,４",
		"1025,0", "0,99999", "9223372036854775808,4", "6,18446744073709551617",
	} {
		f := kind.Field{Kind: kind.Card}
		require.ErrorIs(t, f.Set(kind.Display, "reveal", in), kind.ErrOption, "%q", in)
		require.ErrorIs(t, f.Set(kind.Mask, "keep", in), kind.ErrOption, "%q", in)
	}
}

// TestCountOptions: counts (phone keep, size) have one syntax.
func TestCountOptions(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "4": 4, "1024": 1024} {
		f := kind.Field{Kind: kind.Phone}
		require.NoError(t, f.Set(kind.Mask, "keep", in), in)
		require.Equal(t, want, f.Keep.First, in)
		require.NoError(t, f.Set(kind.Pseudonym, "size", in), in)
		require.Equal(t, want, f.Size, in)
	}
	for _, in := range []string{"", " 4", "4 ", "+4", "-1", "04", "0x10", "0o7", "1_0", "4.0", "1025", "99999999999999999999", "４"} {
		f := kind.Field{Kind: kind.Phone}
		require.ErrorIs(t, f.Set(kind.Mask, "keep", in), kind.ErrOption, "%q", in)
		require.ErrorIs(t, f.Set(kind.Pseudonym, "size", in), kind.ErrOption, "%q", in)
	}
}

func TestCheckDigitOption(t *testing.T) {
	f := kind.Field{Kind: kind.Card}
	require.NoError(t, f.Set(kind.Mask, "check", "valid"))
	require.Equal(t, kind.CheckValid, f.CheckDigit)
	require.NoError(t, f.Set(kind.Mask, "check", "invalid"))
	require.Equal(t, kind.CheckInvalid, f.CheckDigit)
	for _, in := range []string{"", "Valid", " valid", "true", "1"} {
		require.ErrorIs(t, f.Set(kind.Mask, "check", in), kind.ErrOption, "%q", in)
	}
}

// TestTable: every option has a policy name and a flag; for each kind and
// transform a policy name and a flag name one row at most, so that text
// and flags read one way.
func TestTable(t *testing.T) {
	for _, o := range kind.Options() {
		require.NotEmpty(t, o.Name)
		require.NotEmpty(t, o.Flag)
		require.NotEmpty(t, o.Usage)
	}
	for _, k := range kind.All() {
		for _, tr := range []kind.Transform{kind.Pseudonym, kind.Token, kind.Mask, kind.Display} {
			names, flags := map[string]bool{}, map[string]bool{}
			for _, o := range kind.Options() {
				if !o.Applies(k, tr) {
					continue
				}
				require.False(t, names[o.Name], "%s %s %s", k, tr, o.Name)
				require.False(t, flags[o.Flag], "%s %s %s", k, tr, o.Flag)
				names[o.Name], flags[o.Flag] = true, true
			}
		}
	}
}

// TestCheck: a Field's options must apply to its kind and transform; the
// kind must be one the transform takes.
func TestCheck(t *testing.T) {
	ok := []struct {
		f  kind.Field
		tr kind.Transform
		as kind.Kind
	}{
		{kind.Field{Kind: kind.Card, Domain: "d", Prefix: "tok_"}, kind.Pseudonym, kind.ID},
		{kind.Field{Kind: kind.ID, Domain: "d", Pattern: "[A-Z]{4}"}, kind.Mask, kind.Pattern},
		{kind.Field{Kind: kind.Phone, Domain: "d", Region: "JP", Keep: &kind.Span{First: 3}}, kind.Mask, kind.Phone},
		{kind.Field{Kind: kind.ID, MaskChar: '#'}, kind.Display, kind.Generic},
	}
	for _, c := range ok {
		as, err := c.f.Check(c.tr)
		require.NoError(t, err, "%+v", c.f)
		require.Equal(t, c.as, as)
	}
	bad := []struct {
		f    kind.Field
		tr   kind.Transform
		want error
	}{
		{kind.Field{Kind: "ssn", Domain: "d"}, kind.Mask, kind.ErrUnknown},
		{kind.Field{Kind: kind.Pattern, Domain: "d"}, kind.Token, kind.ErrOption},
		{kind.Field{Kind: kind.Email, Domain: "d", Keep: &kind.Span{First: 3}}, kind.Mask, kind.ErrOption},
		{kind.Field{Kind: kind.Email, Domain: "d", Size: 16}, kind.Token, kind.ErrOption},
		{kind.Field{Kind: kind.Email, Domain: "d", MaskChar: '#'}, kind.Mask, kind.ErrOption},
		{kind.Field{Kind: kind.Email, Domain: "d"}, kind.Display, kind.ErrOption},
		{kind.Field{Kind: kind.Phone, Region: "JP"}, kind.Display, kind.ErrOption},
		{kind.Field{Kind: kind.Email, Region: "JP", Domain: "d"}, kind.Pseudonym, kind.ErrOption},
		{kind.Field{Kind: kind.Email}, kind.Pseudonym, kind.ErrOption},
		{kind.Field{Kind: kind.Phone, Domain: "d", Keep: &kind.Span{First: 3, Last: 1}}, kind.Mask, kind.ErrOption},
		{kind.Field{Kind: kind.Card, Domain: "d", Keep: &kind.Span{First: -1}}, kind.Mask, kind.ErrOption},
		{kind.Field{Kind: kind.Card, Domain: "d", CheckDigit: 7}, kind.Mask, kind.ErrOption},
		{kind.Field{Kind: kind.Pattern, Domain: "d", CheckScheme: "mod97"}, kind.Mask, kind.ErrOption},
		{kind.Field{Kind: kind.Name, Reveal: &kind.Span{First: -1}}, kind.Display, kind.ErrOption},
	}
	for _, c := range bad {
		_, err := c.f.Check(c.tr)
		require.ErrorIs(t, err, c.want, "%+v %s", c.f, c.tr)
	}
}

// TestSetRefusedChangesNothing: an option's refused text form leaves the
// Field as it was, whichever member the option writes.
func TestSetRefusedChangesNothing(t *testing.T) {
	for _, c := range []struct {
		k          kind.Kind
		t          kind.Transform
		name, good string
	}{
		{kind.Card, kind.Mask, "keep", "6,4"},
		{kind.Phone, kind.Mask, "keep", "3"},
		{kind.Email, kind.Pseudonym, "size", "20"},
		{kind.ID, kind.Pseudonym, "insecure_allow_short_ids", "true"},
		{kind.Email, kind.Mask, "mask_domain", "true"},
		{kind.Name, kind.Mask, "format", "1"},
		{kind.Pattern, kind.Mask, "check_scheme", "luhn"},
		{kind.Card, kind.Display, "reveal", "2,2"},
	} {
		f := kind.Field{Kind: c.k, Domain: "users.test"}
		require.NoError(t, f.Set(c.t, c.name, c.good), c.name)
		before := f
		require.ErrorIs(t, f.Set(c.t, c.name, "bad"), kind.ErrOption, c.name)
		require.Equal(t, before, f, c.name)
	}
}

// TestKeyed: every transform of values needs a key but the display mask
// (SPEC.md §6: a display mask uses no key), and a name that is not a
// transform of values (records' "keep") is not keyed.
func TestKeyed(t *testing.T) {
	for tr, want := range map[kind.Transform]bool{
		kind.Pseudonym: true, kind.Token: true, kind.Mask: true, kind.Surrogate: true,
		kind.Display: false, "keep": false, "redact": false, "": false,
	} {
		if got := tr.Keyed(); got != want {
			t.Errorf("%q.Keyed() = %v, want %v", tr, got, want)
		}
	}
}
