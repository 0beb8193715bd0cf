package mask

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/spectest"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

// specOptions reads the options of a vector of testdata/vectors: by the
// piikit command's flag of the table of options (kind.Options), a string
// value, or true for an option without one. Each option is read once, in
// name order.
func specOptions(t testing.TB, options map[string]any) []opt {
	t.Helper()
	var opts []opt
	for _, name := range slices.Sorted(maps.Keys(options)) {
		val, isString := options[name].(string)
		flag := options[name] == true
		if isString == flag {
			t.Fatalf("option %q: %v is neither a string nor true", name, options[name])
		}
		if name == "region" {
			opts = append(opts, withRegion(val))
			continue
		}
		i := slices.IndexFunc(kind.Options(), func(o kind.Option) bool { return o.Flag == name })
		if i < 0 {
			t.Fatalf("unknown option %q in the vectors", name)
		}
		ko := kind.Options()[i]
		if (ko.BoolFlag != "") != flag {
			t.Fatalf("option %q: %v is not the kind of value it takes", name, options[name])
		}
		if flag {
			val = ko.BoolFlag
		}
		opts = append(opts, func(f *kind.Field) { require.NoError(t, ko.Set(f, val), name) })
	}
	return opts
}

// TestSpecVectors pins every mask format: the vectors of SPEC.md §5
// (testdata/vectors/mask.json), made with the fixture keyset keysettest.PRF
// (key ID 742980444).
func TestSpecVectors(t *testing.T) {
	set := spectest.Load[spectest.Mask](t)
	require.Equal(t, "prf.json", set.Keyset)
	require.Equal(t, keysettest.PRFKeyID, set.KeyID)
	for _, v := range set.Vectors {
		t.Run(v.Kind+"/"+v.Input, func(t *testing.T) {
			m, err := New(keysettest.PRF(), field(kind.Kind(v.Kind), v.Domain, v.Scope, specOptions(t, v.Options)...))
			require.NoError(t, err)
			r, err := m.MaskResult(v.Input)
			require.NoError(t, err)
			require.Equal(t, v.Output, r.Value)
			require.Equal(t, v.Reversible, !r.Irreversible)
			if !r.Irreversible {
				back, err := m.Unmask(context.Background(), okHook, testReq, set.KeyID, r.Value)
				require.NoError(t, err)
				require.Equal(t, v.Input, back[0])
			}
		})
	}
}

// TestSpecTweaks checks the tweak bytes of SPEC.md §5 ("Tweaks",
// testdata/vectors/mask-tweak.json).
func TestSpecTweaks(t *testing.T) {
	for _, v := range spectest.Load[spectest.MaskTweak](t).Vectors {
		m, err := New(keysettest.PRF(), field(kind.Kind(v.Kind), "users.test", "", specOptions(t, v.Options)...))
		require.NoError(t, err)
		f := getForm()
		require.NoError(t, m.parse(f, v.Input, false))
		require.Equal(t, v.TweakHex, hexString(f.tweak), v.Input)
		putForm(f)
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}
