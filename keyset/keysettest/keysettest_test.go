package keysettest_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
)

func TestFixturesMatchTheirPurpose(t *testing.T) {
	cases := []struct {
		name      string
		handle    *tinkkeyset.Handle
		purpose   keyset.Purpose
		primaryID uint32
		keys      int
	}{
		{"PRF", keysettest.PRF(), keyset.PurposePRF, keysettest.PRFKeyID, 1},
		{"PRFRotated", keysettest.PRFRotated(), keyset.PurposePRF, keysettest.PRFRotatedPrimaryKeyID, 2},
		{"DeterministicAEAD", keysettest.DeterministicAEAD(), keyset.PurposeDeterministicAEAD, keysettest.DeterministicAEADKeyID, 1},
		{"DeterministicAEADRotated", keysettest.DeterministicAEADRotated(), keyset.PurposeDeterministicAEAD, keysettest.DeterministicAEADRotatedKeyID, 2},
		{"KEK", keysettest.KEK(), keyset.PurposeKEK, keysettest.KEKKeyID, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, keyset.Check(c.handle, c.purpose))
			info := c.handle.KeysetInfo()
			require.Equal(t, c.primaryID, info.GetPrimaryKeyId())
			require.Len(t, info.GetKeyInfo(), c.keys)
		})
	}
}

func TestRotatedFixturesKeepTheOldKey(t *testing.T) {
	require.Contains(t, keyIDs(keysettest.PRFRotated()), keysettest.PRFKeyID)
	require.Contains(t, keyIDs(keysettest.DeterministicAEADRotated()), keysettest.DeterministicAEADKeyID)
}

func TestCleartextJSONUnknownNamePanics(t *testing.T) {
	require.Panics(t, func() { keysettest.CleartextJSON("nope.json") })
}

func keyIDs(h *tinkkeyset.Handle) []uint32 {
	var ids []uint32
	for _, k := range h.KeysetInfo().GetKeyInfo() {
		ids = append(ids, k.GetKeyId())
	}
	return ids
}
