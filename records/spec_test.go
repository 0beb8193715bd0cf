package records_test

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/spectest"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
)

// TestSpecExportVectors pins SPEC.md §7.6 (testdata/vectors/export.json),
// whose policy is also examplePolicy (example_test.go).
func TestSpecExportVectors(t *testing.T) {
	set := spectest.Load[spectest.Export](t)
	require.Equal(t, examplePolicy, set.Policy)
	require.Equal(t, "prf.json", set.Keyset)
	p, err := records.ParsePolicy([]byte(set.Policy))
	require.NoError(t, err)
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	require.NoError(t, err)
	tr, err := records.New(p, keys)
	require.NoError(t, err)
	for _, v := range set.Vectors {
		t.Run(v.Field+"/"+v.Input, func(t *testing.T) {
			in := map[string]any{"user_id": "U00000000", "email": "someone.else@example.com", "phone": "090-0000-0000", "plan": "", "notes": ""}
			in[v.Field] = v.Input
			out, err := tr.Map(in)
			require.NoError(t, err)
			require.Equal(t, v.Output, out[v.Field])
		})
	}
}

func TestSpecPolicyHashVectors(t *testing.T) {
	for _, v := range spectest.Load[spectest.PolicyHash](t).Vectors {
		sum := sha256.Sum256([]byte(v.Policy))
		require.Equal(t, v.SHA256, hex.EncodeToString(sum[:]), "the vector is the SHA-256 of its JSON")
		// The Go policy with that canonical form has that hash.
		p := &records.Policy{Scope: "acme", Fields: []records.Field{
			{Name: "email", Transform: records.Mask, Kind: kind.Email, Domain: "users.email"},
			{Name: "plan", Transform: records.Keep},
		}}
		require.Equal(t, v.SHA256, p.Hash())
	}
	// A policy file's hash is the SHA-256 of its bytes.
	p, err := records.ParsePolicy([]byte(examplePolicy))
	require.NoError(t, err)
	sum := sha256.Sum256([]byte(examplePolicy))
	require.Equal(t, hex.EncodeToString(sum[:]), p.Hash())
}

// TestSpecManifestMACVectors pins SPEC.md §7.5's MAC: computed from the spec
// with crypto/hkdf and crypto/hmac on the fixture's raw key, and by
// Manifest.SetMAC on the manifest the vector encodes; NewReidentifier accepts
// it.
func TestSpecManifestMACVectors(t *testing.T) {
	set := spectest.Load[spectest.ManifestMAC](t)
	require.Equal(t, keysettest.PRFKeyID, set.KeyID)
	for _, v := range set.Vectors {
		require.Equal(t, "prf.json", v.Keyset)
		ikm := spectest.HKDFKey(t, keysettest.CleartextJSON(v.Keyset), set.KeyID)
		key, err := hkdf.Key(sha256.New, ikm, nil, "piikit/manifest/v1", 32)
		require.NoError(t, err)
		h := hmac.New(sha256.New, key)
		h.Write([]byte("piikit/manifest/v1" + v.Message))
		require.Equal(t, v.MACHex, hex.EncodeToString(h.Sum(nil)), "the vector is HMAC-SHA256 of the spec's message")

		m, err := records.ReadManifest(strings.NewReader(v.Message))
		require.NoError(t, err)
		keys, err := records.NewKeys(keysettest.PRF(), nil)
		require.NoError(t, err)
		require.NoError(t, m.SetMAC(keys))
		require.Equal(t, v.MACHex, m.MAC)
		require.Equal(t, set.KeyID, m.MACKeyID)

		p := &records.Policy{Scope: "acme", Fields: []records.Field{
			{Name: "email", Transform: records.Mask, Kind: kind.Email, Domain: "users.email"},
			{Name: "plan", Transform: records.Keep},
		}}
		_, err = records.NewReidentifier(p, keys, m)
		require.NoError(t, err)
	}
}
