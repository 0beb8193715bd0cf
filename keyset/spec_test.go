package keyset_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"google.golang.org/protobuf/proto"

	"github.com/piikit/piikit/internal/spectest"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
)

func fixtureByName(t *testing.T, name string) fixture {
	t.Helper()
	for _, fx := range fixtures {
		if fx.name == name {
			return fx
		}
	}
	t.Fatalf("no fixture %q", name)
	return fixture{}
}

// SPEC.md §1.2: what we write, Tink decrypts with the published AD bytes.
func TestSpecAssociatedData(t *testing.T) {
	kek := fixtureKEK(t)
	rows := spectest.Load[spectest.KeysetAD](t).Vectors
	require.Len(t, rows, 3)
	for _, v := range rows {
		p := keyset.Purpose(v.Purpose)
		t.Run(string(p), func(t *testing.T) {
			ad, err := hex.DecodeString(v.ADHex)
			require.NoError(t, err)
			var h *tinkkeyset.Handle
			for _, fx := range fixtures {
				if fx.purpose == p {
					h = fx.handle()
				}
			}
			require.NotNil(t, h)
			for _, f := range formats {
				data := encrypt(t, h, f, kek, p)
				var r tinkkeyset.Reader = tinkkeyset.NewJSONReader(bytes.NewReader(data))
				if f == keyset.Binary {
					r = tinkkeyset.NewBinaryReader(bytes.NewReader(data))
				}
				got, err := tinkkeyset.ReadWithAssociatedData(r, kek, ad)
				require.NoError(t, err)
				require.Equal(t, keyset.List(h), keyset.List(got))
			}
		})
	}
}

// SPEC.md §1.2: the published encrypted keysets decrypt to the fixtures.
func TestSpecEncryptedKeysets(t *testing.T) {
	kek := fixtureKEK(t)
	require.Equal(t, keysettest.KEKKeyID, keysettest.KEK().KeysetInfo().GetPrimaryKeyId())
	set := spectest.Load[spectest.KeysetEncrypted](t)
	require.Equal(t, "kek.json", set.KEK)
	for _, v := range set.Vectors {
		t.Run(v.Fixture, func(t *testing.T) {
			fx := fixtureByName(t, v.Fixture)
			require.Equal(t, fx.purpose, keyset.Purpose(v.Purpose))
			data, err := base64.StdEncoding.DecodeString(v.EncryptedKeysetBase64)
			require.NoError(t, err)
			// §1.4: Tink's AEAD output, 0x01 || KEK key ID || IV || ciphertext || tag.
			ek := new(tinkpb.EncryptedKeyset)
			require.NoError(t, proto.Unmarshal(data, ek))
			ct := ek.GetEncryptedKeyset()
			require.Equal(t, binary.BigEndian.AppendUint32([]byte{0x01}, keysettest.KEKKeyID), ct[:5])
			serialized, err := proto.Marshal(insecurecleartextkeyset.KeysetMaterial(fx.handle()))
			require.NoError(t, err)
			require.Len(t, ct, 5+12+len(serialized)+16)

			h, err := keyset.Read(bytes.NewReader(data), keyset.Binary, kek, fx.purpose)
			require.NoError(t, err)
			require.Equal(t,
				insecurecleartextkeyset.KeysetMaterial(fx.handle()).String(),
				insecurecleartextkeyset.KeysetMaterial(h).String())
		})
	}
}
