package keyset_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go/v2/core/registry"
	"github.com/tink-crypto/tink-go/v2/testing/fakekms"
	"github.com/tink-crypto/tink-go/v2/tink"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// writeKEKFile writes the fixture KEK as an offline KEK file and returns
// its local-kek:// URI.
func writeKEKFile(t *testing.T, dir string, f keyset.Format) string {
	t.Helper()
	name := filepath.Join(dir, "kek."+f.String())
	require.NoError(t, insecurecleartext.WriteFile(name, keysettest.KEK(), f, keyset.PurposeKEK))
	return keyset.LocalKEKPrefix + name
}

func TestLocalKEK(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			uri := writeKEKFile(t, t.TempDir(), f)
			kek, err := keyset.KEKFromURI(uri)
			require.NoError(t, err)
			data := encrypt(t, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF)
			// The local KEK is the fixture KEK itself: the keyset decrypts
			// with an AEAD made from the fixture directly.
			h, err := keyset.Read(bytes.NewReader(data), keyset.JSON, fixtureKEK(t), keyset.PurposePRF)
			require.NoError(t, err)
			require.Equal(t, keysettest.PRFKeyID, h.KeysetInfo().GetPrimaryKeyId())
		})
	}
}

func TestLocalKEKRelativePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	require.NoError(t, insecurecleartext.WriteFile("kek.json", keysettest.KEK(), keyset.JSON, keyset.PurposeKEK))
	_, err := keyset.KEKFromURI("local-kek://kek.json")
	require.NoError(t, err)
}

func TestLocalKEKErrors(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open.json")
	require.NoError(t, os.WriteFile(open, keysettest.CleartextJSON("kek.json"), 0o644))
	notKEK := filepath.Join(dir, "prf.json")
	require.NoError(t, os.WriteFile(notKEK, keysettest.CleartextJSON("prf.json"), 0o600))
	empty := filepath.Join(dir, "empty.json")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	encrypted := filepath.Join(dir, "encrypted.json")
	require.NoError(t, keyset.WriteFile(encrypted, keysettest.KEK(), keyset.JSON, fixtureKEK(t), keyset.PurposeKEK))

	cases := []struct {
		name, uri string
		want      []error
		says      string
	}{
		{"missing file", "local-kek://" + filepath.Join(dir, "absent.json"), []error{keyset.ErrKEKFile, os.ErrNotExist}, "absent.json"},
		{"no path", "local-kek://", []error{keyset.ErrKEKFile}, "needs a file path"},
		{"not a KEK", "local-kek://" + notKEK, []error{keyset.ErrKEKFile, keyset.ErrWrongKeyType}, "prf.json"},
		{"empty", "local-kek://" + empty, []error{keyset.ErrKEKFile, keyset.ErrMalformed}, "empty"},
		{"encrypted", "local-kek://" + encrypted, []error{keyset.ErrKEKFile, keyset.ErrEncrypted}, "encrypted"},
	}
	if runtime.GOOS != "windows" {
		cases = append(cases, struct {
			name, uri string
			want      []error
			says      string
		}{"readable by others", "local-kek://" + open, []error{keyset.ErrKEKFile}, "chmod 600"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kek, err := keyset.KEKFromURI(c.uri)
			require.Nil(t, kek)
			for _, w := range c.want {
				require.ErrorIs(t, err, w)
			}
			require.Contains(t, err.Error(), c.says)
			require.NotContains(t, err.Error(), ": keyset: ", "this package's prefix once")
			requireNoSecrets(t, err)
		})
	}
}

func TestKMSURIWithoutClient(t *testing.T) {
	for _, uri := range []string{
		"gcp-kms://projects/p/locations/global/keyRings/r/cryptoKeys/k",
		"aws-kms://arn:aws:kms:us-east-1:123456789012:key/abc",
		"hcvault://vault.example.com/transit/keys/piikit",
		"kek.json",
	} {
		kek, err := keyset.KEKFromURI(uri)
		require.Nil(t, kek)
		require.ErrorIs(t, err, keyset.ErrNoKMSClient)
		require.Contains(t, err.Error(), uri)
		require.Contains(t, err.Error(), "RegisterKMSClient")
	}
}

// Any KMS client registered with Tink's registry serves its URIs; Tink's
// fake KMS stands in for GCP, AWS and Vault.
func TestKMSURIWithRegisteredClient(t *testing.T) {
	client, err := fakekms.NewClient("fake-kms://")
	require.NoError(t, err)
	registry.RegisterKMSClient(client)
	t.Cleanup(registry.ClearKMSClients)

	uri, err := fakekms.NewKeyURI()
	require.NoError(t, err)
	kek, err := keyset.KEKFromURI(uri)
	require.NoError(t, err)
	data := encrypt(t, keysettest.DeterministicAEAD(), keyset.Binary, kek, keyset.PurposeDeterministicAEAD)

	again, err := keyset.KEKFromURI(uri)
	require.NoError(t, err)
	h, err := keyset.Read(bytes.NewReader(data), keyset.Binary, again, keyset.PurposeDeterministicAEAD)
	require.NoError(t, err)
	require.Equal(t, keysettest.DeterministicAEADKeyID, h.KeysetInfo().GetPrimaryKeyId())

	other, err := fakekms.NewKeyURI()
	require.NoError(t, err)
	wrong, err := keyset.KEKFromURI(other)
	require.NoError(t, err)
	_, err = keyset.Read(bytes.NewReader(data), keyset.Binary, wrong, keyset.PurposeDeterministicAEAD)
	require.ErrorIs(t, err, keyset.ErrDecrypt)

	// A URI the client supports but cannot serve.
	_, err = keyset.KEKFromURI("fake-kms://not-base64!")
	require.Error(t, err)
	require.True(t, strings.HasPrefix(err.Error(), "keyset: KMS key"), err.Error())
}

// A fake-kms:// URI carries its key: no error may show it, whether a client
// is registered or not.
func TestFakeKMSURIKeyNotInErrors(t *testing.T) {
	uri, err := fakekms.NewKeyURI()
	require.NoError(t, err)
	secret := strings.TrimPrefix(uri, "fake-kms://")

	_, err = keyset.KEKFromURI(uri)
	require.ErrorIs(t, err, keyset.ErrNoKMSClient)
	require.NotContains(t, err.Error(), secret)

	client, err := fakekms.NewClient("fake-kms://")
	require.NoError(t, err)
	registry.RegisterKMSClient(client)
	t.Cleanup(registry.ClearKMSClients)
	_, err = keyset.KEKFromURI("fake-kms://c2VjcmV0LWtleS1ieXRlcw-not-a-keyset")
	require.Error(t, err)
	require.NotContains(t, err.Error(), "c2VjcmV0LWtleS1ieXRlcw")
}

// An error naming a KMS key URI shows no user information, query or
// fragment: they could hold a token or a password.
func TestKEKFromURIHidesSecrets(t *testing.T) {
	for uri, shown := range map[string]string{
		"vault://root:s3cr3t@vault.example:8200/transit/keys/k": `"vault://…@vault.example:8200/transit/keys/k"`,
		"GCP-KMS://projects/p/locations/l?access_token=s3cr3t":  `"GCP-KMS://projects/p/locations/l…"`,
		"aws-kms://arn:aws:kms:r:1:key/k#s3cr3t":                `"aws-kms://arn:aws:kms:r:1:key/k…"`,
		"s3cr3t@x":                                              `"…@x"`,
		"https://u:s3cr3t@h?x=s3cr3t":                           `"https://…@h…"`,
	} {
		_, err := keyset.KEKFromURI(uri)
		require.ErrorIs(t, err, keyset.ErrNoKMSClient)
		require.NotContains(t, err.Error(), "s3cr3t")
		require.Contains(t, err.Error(), shown)
	}
}

// refusingKMS is a KMS client of its own scheme whose GetAEAD quotes the
// key URI in its error, as Tink's clients do.
type refusingKMS struct{}

func (refusingKMS) Supported(uri string) bool { return strings.HasPrefix(uri, "refusing-kms://") }
func (refusingKMS) GetAEAD(uri string) (tink.AEAD, error) {
	return nil, fmt.Errorf("key URI %q is not supported", uri)
}

func TestKEKFromURIClientErrorHidesSecrets(t *testing.T) {
	registry.RegisterKMSClient(refusingKMS{})
	t.Cleanup(registry.ClearKMSClients)
	_, err := keyset.KEKFromURI("refusing-kms://host/key?token=s3cr3t")
	require.Error(t, err)
	require.NotContains(t, err.Error(), "s3cr3t")
	require.Contains(t, err.Error(), `refusing-kms://host/key…`)
}
