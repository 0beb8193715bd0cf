package derive_test

import (
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/internal/spectest"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
)

func TestKeyIsRFC5869HKDF(t *testing.T) {
	root, err := derive.New(keysettest.PRF())
	require.NoError(t, err)
	got, err := root.Key(keysettest.PRFKeyID, derive.PurposeFF1, "users.phone", "acme", 32)
	require.NoError(t, err)

	// The fixture's raw key through crypto/hkdf (RFC 5869), independently of Tink.
	ikm := spectest.HKDFKey(t, keysettest.CleartextJSON("prf.json"), keysettest.PRFKeyID)
	want, err := hkdf.Key(sha256.New, ikm, nil, "piikit/ff1/v1/users.phone/acme", 32)
	require.NoError(t, err)
	require.Equal(t, want, got)
}

func TestKeysAreSeparatedByEveryInput(t *testing.T) {
	root, err := derive.New(keysettest.PRFRotated())
	require.NoError(t, err)
	seen := map[string]string{}
	for _, id := range root.KeyIDs() {
		for _, purpose := range []string{derive.PurposeFF1, derive.PurposePseudonym} {
			for _, domain := range []string{"users.email", "users.phone"} {
				for _, scope := range []string{"", "acme", "globex"} {
					k, err := root.Key(id, purpose, domain, scope, 32)
					require.NoError(t, err)
					name := strings.Join([]string{purpose, domain, scope}, "|")
					prev, dup := seen[string(k)]
					require.False(t, dup, "%s collides with %s", name, prev)
					seen[string(k)] = name
				}
			}
		}
	}
}

func TestBadInputs(t *testing.T) {
	root, err := derive.New(keysettest.PRF())
	require.NoError(t, err)
	_, err = root.Key(keysettest.PRFKeyID, derive.PurposeFF1, "", "", 32)
	require.ErrorIs(t, err, derive.ErrInvalidDomain)
	_, err = root.Key(keysettest.PRFKeyID, derive.PurposeFF1, "a/b", "", 32)
	require.ErrorIs(t, err, derive.ErrInvalidDomain)
	_, err = root.Key(keysettest.PRFKeyID, derive.PurposeFF1, strings.Repeat("a", derive.MaxNameLen+1), "", 32)
	require.ErrorIs(t, err, derive.ErrInvalidDomain)
	_, err = root.Key(keysettest.PRFKeyID, derive.PurposeFF1, "d", "x y", 32)
	require.ErrorIs(t, err, derive.ErrInvalidScope)
	_, err = root.Key(12345, derive.PurposeFF1, "d", "", 32)
	require.ErrorIs(t, err, derive.ErrUnknownKey)
	_, err = root.Key(keysettest.PRFKeyID, derive.PurposeFF1, "d", "", 33)
	require.Error(t, err)

	_, err = derive.New(keysettest.DeterministicAEAD())
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)
}

// TestSpecVectors pins the derivation vectors published in SPEC.md §2.
func TestSpecVectors(t *testing.T) {
	root, err := derive.New(keysettest.PRF())
	require.NoError(t, err)
	set := spectest.Load[spectest.Derive](t)
	require.Equal(t, "prf.json", set.Keyset)
	require.Equal(t, keysettest.PRFKeyID, set.KeyID)
	for _, v := range set.Vectors {
		t.Run(v.Purpose+"/"+v.Domain+"/"+v.Scope, func(t *testing.T) {
			k, err := root.Key(set.KeyID, v.Purpose, v.Domain, v.Scope, 32)
			require.NoError(t, err)
			require.Equal(t, v.KeyHex, hex.EncodeToString(k))
		})
	}
}

// The manifest key has its own label: it is none of the per-domain keys, and
// it is RFC 5869 HKDF with info "piikit/manifest/v1".
func TestManifestKey(t *testing.T) {
	root, err := derive.New(keysettest.PRF())
	require.NoError(t, err)
	got, err := root.ManifestKey(keysettest.PRFKeyID)
	require.NoError(t, err)
	ikm := spectest.HKDFKey(t, keysettest.CleartextJSON("prf.json"), keysettest.PRFKeyID)
	want, err := hkdf.Key(sha256.New, ikm, nil, "piikit/manifest/v1", 32)
	require.NoError(t, err)
	require.Equal(t, want, got)

	_, err = root.ManifestKey(12345)
	require.ErrorIs(t, err, derive.ErrUnknownKey)
}
