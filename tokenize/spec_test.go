package tokenize_test

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
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

func jsonString(t *testing.T, s string) string {
	t.Helper()
	var v string
	require.NoError(t, json.Unmarshal([]byte(s), &v), s)
	return v
}

func vectorField(t *testing.T, v map[string]string) kind.Field {
	t.Helper()
	k, err := kind.Parse(v["kind"])
	require.NoError(t, err)
	return kind.Field{Kind: k, Domain: v["domain"], Scope: v["scope"], Region: v["region"], Prefix: v["prefix"]}
}

// TestSpecPseudonymVectors pins the pseudonym vectors of SPEC.md §4.1.
func TestSpecPseudonymVectors(t *testing.T) {
	for i, v := range spectest.Vectors(t, "pseudonym") {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			f := vectorField(t, v)
			size, err := strconv.Atoi(v["size"])
			require.NoError(t, err)
			f.Size = size
			p, err := tokenize.NewPseudonymizer(fixtures[v["keyset"]](), f)
			require.NoError(t, err)
			got, err := p.Pseudonym(jsonString(t, v["value (JSON)"]))
			require.NoError(t, err)
			require.Equal(t, v["pseudonym"], got)
		})
	}
}

// TestSpecTokenVectors pins the reversible-token vectors of SPEC.md §4.2,
// and checks that each detokenizes, also after a rotation.
func TestSpecTokenVectors(t *testing.T) {
	hook := func(context.Context, audit.Event) error { return nil }
	req := audit.Request{Reason: "golden test"}
	for i, v := range spectest.Vectors(t, "token") {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			f := vectorField(t, v)
			tk, err := tokenize.NewTokenizer(fixtures[v["keyset"]](), f)
			require.NoError(t, err)
			got, err := tk.Token(jsonString(t, v["value (JSON)"]))
			require.NoError(t, err)
			require.Equal(t, v["token"], got)

			vals, err := tk.Detokenize(context.Background(), hook, req, v["token"])
			require.NoError(t, err)
			require.Equal(t, []string{v["detokenized"]}, vals)

			rotated, err := tokenize.NewTokenizer(keysettest.DeterministicAEADRotated(), f)
			require.NoError(t, err)
			vals, err = rotated.Detokenize(context.Background(), hook, req, v["token"])
			require.NoError(t, err)
			require.Equal(t, []string{v["detokenized"]}, vals)
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

	steps := map[string]string{}
	for _, v := range spectest.Vectors(t, "pseudonym-steps") {
		steps[v["step"]] = v["value"]
	}
	input, mac, raw, tok := compute("email", "users.email", "acme", "taro.yamada@example.com", 16)
	require.Equal(t, steps["input (hex)"], hex.EncodeToString(input))
	require.Equal(t, steps["mac (hex)"], hex.EncodeToString(mac))
	require.Equal(t, steps["bytes (hex)"], hex.EncodeToString(raw))
	require.Equal(t, steps["pseudonym"], tok)

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
