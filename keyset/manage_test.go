package keyset_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"google.golang.org/protobuf/proto"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
)

const hkdfPRF = "type.googleapis.com/google.crypto.tink.HkdfPrfKey"

func TestList(t *testing.T) {
	require.Equal(t, []keyset.KeyInfo{
		{ID: keysettest.PRFKeyID, Status: "ENABLED", Primary: false, TypeURL: hkdfPRF, OutputPrefix: "RAW"},
		{ID: keysettest.PRFRotatedPrimaryKeyID, Status: "ENABLED", Primary: true, TypeURL: hkdfPRF, OutputPrefix: "RAW"},
	}, keyset.List(keysettest.PRFRotated()))
	require.Equal(t, []keyset.KeyInfo{
		{ID: keysettest.DeterministicAEADKeyID, Status: "ENABLED", Primary: true, TypeURL: "type.googleapis.com/google.crypto.tink.AesSivKey", OutputPrefix: "TINK"},
	}, keyset.List(keysettest.DeterministicAEAD()))
	require.Nil(t, keyset.List(nil))
}

func TestKeyInfoHoldsNoSecrets(t *testing.T) {
	for _, fx := range fixtures {
		for _, k := range keyset.List(fx.handle()) {
			for _, verb := range []string{"%v", "%+v", "%#v"} {
				requireNoSecrets(t, fmt.Errorf(verb, k))
			}
		}
	}
}

func TestRotationLifecycle(t *testing.T) {
	h := keysettest.PRF()

	h2, id, err := keyset.Add(h, "HKDF_SHA256")
	require.NoError(t, err)
	require.Len(t, keyset.List(h), 1, "the input is unchanged")
	keys := keyset.List(h2)
	require.Len(t, keys, 2)
	require.Equal(t, keyset.KeyInfo{ID: id, Status: "ENABLED", Primary: false, TypeURL: hkdfPRF, OutputPrefix: "RAW"}, keys[1])
	require.Equal(t, keysettest.PRFKeyID, h2.KeysetInfo().GetPrimaryKeyId(), "add does not promote")

	h3, err := keyset.Promote(h2, id)
	require.NoError(t, err)
	require.Equal(t, id, h3.KeysetInfo().GetPrimaryKeyId())

	h4, err := keyset.Disable(h3, keysettest.PRFKeyID)
	require.NoError(t, err)
	require.Equal(t, "DISABLED", keyset.List(h4)[0].Status)
	require.NoError(t, keyset.Check(h4, keyset.PurposePRF), "a disabled non-primary key is fine")

	h5, err := keyset.Enable(h4, keysettest.PRFKeyID)
	require.NoError(t, err)
	require.Equal(t, "ENABLED", keyset.List(h5)[0].Status)

	h6, err := keyset.Delete(h4, keysettest.PRFKeyID)
	require.NoError(t, err)
	require.Equal(t, []keyset.KeyInfo{{ID: id, Status: "ENABLED", Primary: true, TypeURL: hkdfPRF, OutputPrefix: "RAW"}}, keyset.List(h6))

	// The keys survive: the new primary computes the same PRF before and
	// after the other operations.
	requireSamePRF(t, h3, h6)
}

func requireSamePRF(t *testing.T, a, b *tinkkeyset.Handle) {
	t.Helper()
	pa, err := prf.NewPRFSet(a)
	require.NoError(t, err)
	pb, err := prf.NewPRFSet(b)
	require.NoError(t, err)
	oa, err := pa.ComputePrimaryPRF([]byte("x"), 32)
	require.NoError(t, err)
	ob, err := pb.ComputePrimaryPRF([]byte("x"), 32)
	require.NoError(t, err)
	require.Equal(t, oa, ob)
}

func TestRotate(t *testing.T) {
	h, id, err := keyset.Rotate(keysettest.DeterministicAEAD(), "AES256_SIV")
	require.NoError(t, err)
	require.Equal(t, id, h.KeysetInfo().GetPrimaryKeyId())
	require.NotEqual(t, keysettest.DeterministicAEADKeyID, id)
	keys := keyset.List(h)
	require.Len(t, keys, 2)
	require.Equal(t, keysettest.DeterministicAEADKeyID, keys[0].ID)
	require.Equal(t, "ENABLED", keys[0].Status)
	require.NoError(t, keyset.Check(h, keyset.PurposeDeterministicAEAD))
}

// A key of another type can be added, but the keyset then fails Check and
// is not written.
func TestAddOfWrongTypeFailsAtWrite(t *testing.T) {
	h, _, err := keyset.Add(keysettest.PRF(), "AES256_SIV")
	require.NoError(t, err)
	var buf bytes.Buffer
	require.ErrorIs(t, keyset.Write(&buf, h, keyset.JSON, fixtureKEK(t), keyset.PurposePRF), keyset.ErrWrongKeyType)
	require.Zero(t, buf.Len())
}

// withDestroyed returns PRFRotated with its old key marked DESTROYED, as
// tinkey destroy-key leaves it.
func withDestroyed(t *testing.T) *tinkkeyset.Handle {
	ks := proto.Clone(insecurecleartextkeyset.KeysetMaterial(keysettest.PRFRotated())).(*tinkpb.Keyset)
	ks.Key[0].Status = tinkpb.KeyStatusType_DESTROYED
	b, err := proto.Marshal(ks)
	require.NoError(t, err)
	h, err := insecurecleartextkeyset.Read(tinkkeyset.NewBinaryReader(bytes.NewReader(b)))
	require.NoError(t, err)
	return h
}

func TestRotationErrors(t *testing.T) {
	rotated := keysettest.PRFRotated()
	disabled, err := keyset.Disable(rotated, keysettest.PRFKeyID)
	require.NoError(t, err)
	destroyed := withDestroyed(t)

	cases := []struct {
		name string
		op   func() error
		want error
	}{
		{"promote unknown", func() error { _, err := keyset.Promote(rotated, 1); return err }, keyset.ErrUnknownKeyID},
		{"promote disabled", func() error { _, err := keyset.Promote(disabled, keysettest.PRFKeyID); return err }, keyset.ErrKeyNotEnabled},
		{"promote destroyed", func() error { _, err := keyset.Promote(destroyed, keysettest.PRFKeyID); return err }, keyset.ErrKeyNotEnabled},
		{"enable unknown", func() error { _, err := keyset.Enable(rotated, 1); return err }, keyset.ErrUnknownKeyID},
		{"enable destroyed", func() error { _, err := keyset.Enable(destroyed, keysettest.PRFKeyID); return err }, keyset.ErrKeyDestroyed},
		{"disable unknown", func() error { _, err := keyset.Disable(rotated, 1); return err }, keyset.ErrUnknownKeyID},
		{"disable primary", func() error { _, err := keyset.Disable(rotated, keysettest.PRFRotatedPrimaryKeyID); return err }, keyset.ErrPrimaryKey},
		{"disable destroyed", func() error { _, err := keyset.Disable(destroyed, keysettest.PRFKeyID); return err }, keyset.ErrKeyDestroyed},
		{"delete unknown", func() error { _, err := keyset.Delete(rotated, 1); return err }, keyset.ErrUnknownKeyID},
		{"delete primary", func() error { _, err := keyset.Delete(rotated, keysettest.PRFRotatedPrimaryKeyID); return err }, keyset.ErrPrimaryKey},
		{"delete only key", func() error { _, err := keyset.Delete(keysettest.PRF(), keysettest.PRFKeyID); return err }, keyset.ErrPrimaryKey},
		{"add unknown template", func() error { _, _, err := keyset.Add(rotated, "AES256_CTR"); return err }, keyset.ErrUnknownTemplate},
		{"rotate unknown template", func() error { _, _, err := keyset.Rotate(rotated, "nope"); return err }, keyset.ErrUnknownTemplate},
		{"add to nil", func() error { _, _, err := keyset.Add(nil, "HKDF_SHA256"); return err }, keyset.ErrEmptyKeyset},
		{"promote in nil", func() error { _, err := keyset.Promote(nil, 1); return err }, keyset.ErrEmptyKeyset},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = c.op() })
			require.ErrorIs(t, err, c.want)
			requireNoSecrets(t, err)
		})
	}
	// Nothing changed.
	require.Equal(t, keysettest.PRFRotatedPrimaryKeyID, rotated.KeysetInfo().GetPrimaryKeyId())
	require.Len(t, keyset.List(rotated), 2)
}

func TestDisabledKeyCanBeDeleted(t *testing.T) {
	h, err := keyset.Disable(keysettest.PRFRotated(), keysettest.PRFKeyID)
	require.NoError(t, err)
	h, err = keyset.Delete(h, keysettest.PRFKeyID)
	require.NoError(t, err)
	require.Len(t, keyset.List(h), 1)
}
