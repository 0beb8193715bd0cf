package spectest

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	hkdfpb "github.com/tink-crypto/tink-go/v2/proto/hkdf_prf_go_proto"
	"google.golang.org/protobuf/proto"
)

// HKDFKey returns the raw key bytes of the HKDF-PRF key keyID in a cleartext
// Tink keyset JSON (pass keysettest.CleartextJSON("prf.json"); spectest does
// not import the fixtures, which only tests may). Golden tests use it to
// recompute derivations with crypto/hkdf (RFC 5869) independently of Tink.
// It fails the test if the key is missing, is not an HKDF-PRF key, or has a
// salt (piikit's derivation uses none).
func HKDFKey(t testing.TB, cleartextJSON []byte, keyID uint32) []byte {
	t.Helper()
	var ks struct {
		Key []struct {
			KeyData struct {
				TypeURL string `json:"typeUrl"`
				Value   string `json:"value"`
			} `json:"keyData"`
			KeyID uint32 `json:"keyId"`
		} `json:"key"`
	}
	if err := json.Unmarshal(cleartextJSON, &ks); err != nil {
		t.Fatalf("spectest: keyset JSON: %v", err)
	}
	for _, k := range ks.Key {
		if k.KeyID != keyID {
			continue
		}
		if k.KeyData.TypeURL != "type.googleapis.com/google.crypto.tink.HkdfPrfKey" {
			t.Fatalf("spectest: key %d is a %s, not an HKDF-PRF key", keyID, k.KeyData.TypeURL)
		}
		raw, err := base64.StdEncoding.DecodeString(k.KeyData.Value)
		if err != nil {
			t.Fatalf("spectest: key %d: %v", keyID, err)
		}
		var hk hkdfpb.HkdfPrfKey
		if err := proto.Unmarshal(raw, &hk); err != nil {
			t.Fatalf("spectest: key %d: %v", keyID, err)
		}
		if len(hk.GetParams().GetSalt()) != 0 {
			t.Fatalf("spectest: key %d has a salt; piikit's derivation uses none", keyID)
		}
		return hk.GetKeyValue()
	}
	t.Fatalf("spectest: keyset has no key %d", keyID)
	return nil
}
