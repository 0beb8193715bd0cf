package mask

import (
	"context"
	"github.com/piikit/piikit/kind"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/spectest"
	"github.com/piikit/piikit/keyset/keysettest"
)

// specOptions reads the options cell of a SPEC.md vector: options separated
// by "; ", each name or name=value, named as the piikit command's flags of
// the table of options (kind.Options).
func specOptions(t testing.TB, cell string) []opt {
	var opts []opt
	if cell == "" {
		return nil
	}
	for o := range strings.SplitSeq(cell, "; ") {
		name, val, _ := strings.Cut(o, "=")
		if name == "region" {
			opts = append(opts, withRegion(val))
			continue
		}
		i := slices.IndexFunc(kind.Options(), func(o kind.Option) bool { return o.Flag == name })
		if i < 0 {
			t.Fatalf("unknown option %q in SPEC.md", o)
		}
		ko := kind.Options()[i]
		if ko.BoolFlag != "" {
			val = ko.BoolFlag
		}
		opts = append(opts, func(f *kind.Field) { require.NoError(t, ko.Set(f, val), o) })
	}
	return opts
}

// TestSpecVectors pins every mask format: the vectors of SPEC.md §5, made
// with the fixture keyset keysettest.PRF (key ID 742980444).
func TestSpecVectors(t *testing.T) {
	for _, v := range spectest.Vectors(t, "mask") {
		t.Run(v["kind"]+"/"+v["input"], func(t *testing.T) {
			m, err := New(keysettest.PRF(), field(kind.Kind(v["kind"]), v["domain"], v["scope"], specOptions(t, v["options"])...))
			require.NoError(t, err)
			r, err := m.MaskResult(v["input"])
			require.NoError(t, err)
			require.Equal(t, v["output"], r.Value)
			require.Equal(t, v["reversible"] == "yes", !r.Irreversible)
			if !r.Irreversible {
				back, err := m.Unmask(context.Background(), okHook, testReq, keysettest.PRFKeyID, r.Value)
				require.NoError(t, err)
				require.Equal(t, v["input"], back[0])
			}
		})
	}
}

// TestSpecTweaks checks the tweak bytes of SPEC.md §5 ("Tweaks").
func TestSpecTweaks(t *testing.T) {
	for _, v := range spectest.Vectors(t, "mask-tweak") {
		m, err := New(keysettest.PRF(), field(kind.Kind(v["kind"]), "users.test", "", specOptions(t, v["options"])...))
		require.NoError(t, err)
		f := getForm()
		require.NoError(t, m.parse(f, v["input"], false))
		require.Equal(t, v["tweak (hex)"], hexString(f.tweak), v["input"])
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
