package tokenize_test

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/internal/spectest"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/tokenize"
)

var fixtures = map[string]func() *tinkkeyset.Handle{
	"prf.json":           keysettest.PRF,
	"prf_rotated.json":   keysettest.PRFRotated,
	"daead.json":         keysettest.DeterministicAEAD,
	"daead_rotated.json": keysettest.DeterministicAEADRotated,
}

func vectorField(t *testing.T, kindName, domain, scope, region, prefix string) kind.Field {
	t.Helper()
	k, err := kind.Parse(kindName)
	require.NoError(t, err)
	return kind.Field{Kind: k, Domain: domain, Scope: scope, Region: region, Prefix: prefix}
}

func fixture(t *testing.T, name string) *tinkkeyset.Handle {
	t.Helper()
	f, ok := fixtures[name]
	require.True(t, ok, "no fixture keyset %q", name)
	return f()
}

// TestSpecPseudonymVectors pins the pseudonym vectors of SPEC.md §4.1
// (testdata/vectors/pseudonym.json).
func TestSpecPseudonymVectors(t *testing.T) {
	for i, v := range spectest.Load[spectest.Pseudonym](t).Vectors {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			f := vectorField(t, v.Kind, v.Domain, v.Scope, v.Region, v.Prefix)
			f.Size = v.Size
			p, err := tokenize.NewPseudonymizer(fixture(t, v.Keyset), f)
			require.NoError(t, err)
			got, err := p.Pseudonym(v.Input)
			require.NoError(t, err)
			require.Equal(t, v.Pseudonym, got)
		})
	}
}

// TestSpecTokenVectors pins the reversible-token vectors of SPEC.md §4.2
// (testdata/vectors/token.json), and checks that each detokenizes, also after
// a rotation.
func TestSpecTokenVectors(t *testing.T) {
	hook := func(context.Context, audit.Event) error { return nil }
	req := audit.Request{Reason: "golden test"}
	for i, v := range spectest.Load[spectest.Token](t).Vectors {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			f := vectorField(t, v.Kind, v.Domain, v.Scope, v.Region, v.Prefix)
			tk, err := tokenize.NewTokenizer(fixture(t, v.Keyset), f)
			require.NoError(t, err)
			got, err := tk.Token(v.Input)
			require.NoError(t, err)
			require.Equal(t, v.Token, got)

			vals, err := tk.Detokenize(context.Background(), hook, req, v.Token)
			require.NoError(t, err)
			require.Equal(t, []string{v.Detokenized}, vals)

			rotated, err := tokenize.NewTokenizer(keysettest.DeterministicAEADRotated(), f)
			require.NoError(t, err)
			vals, err = rotated.Detokenize(context.Background(), hook, req, v.Token)
			require.NoError(t, err)
			require.Equal(t, []string{v.Detokenized}, vals)
		})
	}
}

// TestPseudonymIndependently recomputes pseudonyms from the fixture's raw
// key with the standard library alone (RFC 5869 HKDF, RFC 2104 HMAC, RFC
// 4648 base32), following SPEC.md §4.1 step by step, and checks the worked
// example's intermediate values.
func TestPseudonymIndependently(t *testing.T) {
	ikm := spectest.HKDFKey(t, keysettest.CleartextJSON("prf.json"), keysettest.PRFKeyID)
	b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
	compute := func(kind, domain, scope, normalized string, size int) (input, mac, raw []byte, tok string) {
		k, err := hkdf.Key(sha256.New, ikm, nil, "piikit/pseudonym/v1/"+domain+"/"+scope, 32)
		require.NoError(t, err)
		input = append([]byte(kind+"\x00"), normalized...)
		h := hmac.New(sha256.New, k)
		h.Write(input)
		mac = h.Sum(nil)
		raw = binary.BigEndian.AppendUint32(nil, keysettest.PRFKeyID)[:2]
		raw = append(raw, mac[:size]...)
		return input, mac, raw, strings.ToLower(b32.EncodeToString(raw))
	}

	steps := spectest.Load[spectest.PseudonymSteps](t)
	require.Equal(t, "prf.json", steps.Keyset)
	require.Equal(t, keysettest.PRFKeyID, steps.KeyID)
	for _, s := range steps.Vectors {
		input, mac, raw, tok := compute(s.Kind, s.Domain, s.Scope, s.Normalized, s.Size)
		require.Equal(t, s.InputHex, hex.EncodeToString(input))
		require.Equal(t, s.MACHex, hex.EncodeToString(mac))
		require.Equal(t, s.BytesHex, hex.EncodeToString(raw))
		require.Equal(t, s.Pseudonym, tok)
	}

	for _, c := range []struct {
		kind               kind.Kind
		domain, scope, in  string
		normalized, region string
		size               int
	}{
		{kind.Email, "users.email", "acme", "Taro.Yamada@Example.COM", "taro.yamada@example.com", "", 16},
		{kind.Email, "users.email", "", "Taro.Yamada@Example.COM", "taro.yamada@example.com", "", 12},
		{kind.Phone, "users.phone", "acme", "０９０－１２３４－５６７８", "+819012345678", "JP", 32},
		{kind.Name, "users.name", "globex", "ﾔﾏﾀﾞ　ﾀﾛｳ", "ヤマダ タロウ", "", 20},
		{kind.ID, "users.id", "acme", "１２３４－５６７８－９０１２", "123456789012", "", 16},
	} {
		p, err := tokenize.NewPseudonymizer(keysettest.PRF(), kind.Field{Kind: c.kind, Domain: c.domain, Scope: c.scope, Region: c.region, Size: c.size})
		require.NoError(t, err)
		got, err := p.Pseudonym(c.in)
		require.NoError(t, err)
		_, _, _, want := compute(string(c.kind), c.domain, c.scope, c.normalized, c.size)
		require.Equal(t, want, got, "%s %q", c.kind, c.in)
	}
}
