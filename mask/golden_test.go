package mask

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/spectest"
	"github.com/piikit/piikit/keyset/keysettest"
)

// specOptions reads the options cell of a SPEC.md vector: options separated
// by "; ", each name or name=value.
func specOptions(t testing.TB, cell string) []Option {
	var opts []Option
	if cell == "" {
		return nil
	}
	for o := range strings.SplitSeq(cell, "; ") {
		name, val, _ := strings.Cut(o, "=")
		switch name {
		case "region":
			opts = append(opts, WithRegion(val))
		case "masked-domain":
			opts = append(opts, WithMaskedDomain())
		case "check-digit":
			c := CheckValid
			if val == "invalid" {
				c = CheckInvalid
			}
			opts = append(opts, WithCheckDigit(c))
		case "pattern":
			opts = append(opts, WithPattern(val))
		case "check-scheme":
			opts = append(opts, WithCheckScheme(CheckScheme(val)))
		case "alphabet":
			opts = append(opts, WithAlphabet(val))
		case "allow-irreversible-short":
			opts = append(opts, AllowIrreversibleShort())
		default:
			t.Fatalf("unknown option %q in SPEC.md", o)
		}
	}
	return opts
}

// TestSpecVectors pins every mask format: the vectors of SPEC.md §5, made
// with the fixture keyset keysettest.PRF (key ID 742980444).
func TestSpecVectors(t *testing.T) {
	for _, v := range spectest.Vectors(t, "mask") {
		t.Run(v["kind"]+"/"+v["input"], func(t *testing.T) {
			m, err := New(keysettest.PRF(), Kind(v["kind"]), v["domain"], v["scope"], specOptions(t, v["options"])...)
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
		m, err := New(keysettest.PRF(), Kind(v["kind"]), "users.test", "", specOptions(t, v["options"])...)
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
