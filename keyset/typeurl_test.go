package keyset_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// A key's type URL comes from the file: errors show at most a short,
// printable form of it, never its bytes (1 MB of them here, with terminal
// escapes and something that looks like a key).
func TestErrorsDoNotQuoteTheTypeURL(t *testing.T) {
	const secret = "SECRETKEYMATERIAL"
	typeURL := "\x1b[2J\x1b]0;pwned\x07type.googleapis.com/" + strings.Repeat("\r\n"+secret, 1<<20/len(secret))
	ks := &tinkpb.Keyset{PrimaryKeyId: 1, Key: []*tinkpb.Keyset_Key{{
		KeyData:          &tinkpb.KeyData{TypeUrl: typeURL, Value: []byte(secret), KeyMaterialType: tinkpb.KeyData_SYMMETRIC},
		Status:           tinkpb.KeyStatusType_ENABLED,
		KeyId:            1,
		OutputPrefixType: tinkpb.OutputPrefixType_RAW,
	}}}
	serialized, err := proto.Marshal(ks)
	require.NoError(t, err)
	clearJSON, err := protojson.Marshal(ks)
	require.NoError(t, err)

	kek, err := aead.New(keysettest.KEK())
	require.NoError(t, err)
	ct, err := kek.Encrypt(serialized, []byte("piikit/keyset/v1/prf"))
	require.NoError(t, err)
	encJSON, err := protojson.Marshal(&tinkpb.EncryptedKeyset{EncryptedKeyset: ct})
	require.NoError(t, err)

	check := func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, keyset.ErrWrongKeyType)
		msg := err.Error()
		require.Less(t, len(msg), 400, msg)
		require.NotContains(t, msg, secret)
		for _, c := range msg {
			require.True(t, c >= 0x20 && c != 0x7f, "control character %U in %q", c, msg)
		}
	}
	t.Run("encrypted", func(t *testing.T) {
		_, err := keyset.Read(bytes.NewReader(encJSON), keyset.JSON, kek, keyset.PurposePRF)
		check(t, err)
	})
	t.Run("cleartext json", func(t *testing.T) {
		_, err := insecurecleartext.Read(bytes.NewReader(clearJSON), keyset.JSON, keyset.PurposePRF)
		check(t, err)
	})
	t.Run("cleartext binary", func(t *testing.T) {
		_, err := insecurecleartext.Read(bytes.NewReader(serialized), keyset.Binary, keyset.PurposePRF)
		check(t, err)
	})

	// A known type URL of the wrong purpose is still named.
	_, err = insecurecleartext.Read(bytes.NewReader(keysettest.CleartextJSON("daead.json")), keyset.JSON, keyset.PurposePRF)
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)
	require.Contains(t, err.Error(), "type.googleapis.com/google.crypto.tink.AesSivKey")
}
