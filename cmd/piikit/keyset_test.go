package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go/v2/core/registry"
	"github.com/tink-crypto/tink-go/v2/testing/fakekms"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// Tink's fake KMS stands in for a cloud KMS in tests and scripts (the test
// binary runs as piikit in scripts, with this registration): its key URIs
// carry their own AES-GCM keyset, so these are public test keys.
const (
	fakeKMSURI      = "fake-kms://CPqC9qsJElQKSAowdHlwZS5nb29nbGVhcGlzLmNvbS9nb29nbGUuY3J5cHRvLnRpbmsuQWVzR2NtS2V5EhIaECyLO8d0xUJKKotMIgdvcP8YARABGPqC9qsJIAE"
	otherFakeKMSURI = "fake-kms://COmL8YUDElQKSAowdHlwZS5nb29nbGVhcGlzLmNvbS9nb29nbGUuY3J5cHRvLnRpbmsuQWVzR2NtS2V5EhIaENniWw3v_igUUzTSq75ZYKkYARABGOmL8YUDIAE"
)

func init() {
	client, err := fakekms.NewClient("fake-kms://")
	if err != nil {
		panic(err)
	}
	registry.RegisterKMSClient(client)
}

// keyFiles writes the fixture KEK as an offline KEK file and the PRF root
// rotated fixture encrypted under it, and returns the KEK URI and the path.
func keyFiles(t *testing.T) (kekURI, prfPath string) {
	t.Helper()
	dir := t.TempDir()
	kekPath := filepath.Join(dir, "kek.json")
	require.NoError(t, insecurecleartext.WriteFile(kekPath, keysettest.KEK(), keyset.JSON, keyset.PurposeKEK))
	kekURI = keyset.LocalKEKPrefix + kekPath
	kek, err := keyset.KEKFromURI(kekURI)
	require.NoError(t, err)
	prfPath = filepath.Join(dir, "prf.json")
	require.NoError(t, keyset.WriteFile(prfPath, keysettest.PRFRotated(), keyset.JSON, kek, keyset.PurposePRF))
	return kekURI, prfPath
}

// fixtureSecrets are the spellings of the fixtures' key material that must
// never appear in any output.
func fixtureSecrets(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, name := range []string{"prf.json", "prf_rotated.json", "daead.json", "daead_rotated.json", "kek.json"} {
		var ks struct {
			Key []struct{ KeyData struct{ Value string } }
		}
		require.NoError(t, json.Unmarshal(keysettest.CleartextJSON(name), &ks))
		for _, k := range ks.Key {
			v, err := base64.StdEncoding.DecodeString(k.KeyData.Value)
			require.NoError(t, err)
			tail := v[len(v)-16:]
			out = append(out, k.KeyData.Value, base64.StdEncoding.EncodeToString(tail)[:20], hex.EncodeToString(tail))
		}
	}
	return out
}

func TestKeysetListInProcess(t *testing.T) {
	kekURI, prf := keyFiles(t)
	stdout, stderr, code := runPiikit(t, "", "keyset", "list", "--in", prf, "--master-key-uri", kekURI)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, `purpose: prf
KEY ID      STATUS   PRIMARY  KEY TYPE                                           OUTPUT PREFIX
742980444   ENABLED           type.googleapis.com/google.crypto.tink.HkdfPrfKey  RAW
1085265126  ENABLED  yes      type.googleapis.com/google.crypto.tink.HkdfPrfKey  RAW
`, stdout)
	require.Empty(t, stderr)
}

// Every failure of every verb is one line on stderr, exit 1 or 2, nothing on
// stdout, no key material, and the input file unchanged.
func TestKeysetFailuresAreOneLineWithoutSecrets(t *testing.T) {
	kekURI, prf := keyFiles(t)
	before, err := os.ReadFile(prf)
	require.NoError(t, err)
	dir := filepath.Dir(prf)
	cleartext := filepath.Join(dir, "clear.json")
	require.NoError(t, os.WriteFile(cleartext, keysettest.CleartextJSON("prf_rotated.json"), 0o600))
	empty := filepath.Join(dir, "empty.json")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	truncated := filepath.Join(dir, "truncated.json")
	require.NoError(t, os.WriteFile(truncated, before[:len(before)/2], 0o600))

	m := []string{"--master-key-uri", kekURI}
	cases := [][]string{
		{"keyset", "list", "--in", empty},
		{"keyset", "list", "--in", truncated},
		{"keyset", "list", "--in", cleartext},
		{"keyset", "list", "--in", prf, "--insecure-cleartext-keyset"},
		{"keyset", "list", "--in", prf, "--purpose", "daead"},
		{"keyset", "list", "--in", prf, "--in-format", "binary"},
		{"keyset", "promote", "--in", prf, "--out", prf, "--key-id", "1"},
		{"keyset", "delete", "--in", prf, "--out", prf, "--key-id", "1085265126"},
		{"keyset", "disable", "--in", prf, "--out", prf, "--key-id", "1085265126"},
		{"keyset", "add", "--in", prf, "--out", prf, "--key-template", "AES256_SIV"},
		{"keyset", "add", "--in", prf, "--out", prf, "--key-template", "NOPE"},
		{"keyset", "rotate", "--in", prf, "--out", cleartext, "--key-template", "HKDF_SHA256"},
		{"keyset", "create", "--key-template", "AES_CMAC_PRF", "--out", filepath.Join(dir, "cmac.json")},
		{"keyset", "list", "--in", prf, "--master-key-uri", otherFakeKMSURI},
		{"keyset", "list", "--in", prf, "--master-key-uri", "gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k"},
	}
	for _, args := range cases {
		if !strings.Contains(strings.Join(args, " "), "--master-key-uri") && !strings.Contains(strings.Join(args, " "), "--insecure") {
			args = append(args, m...)
		}
		t.Run(strings.Join(args[1:], " "), func(t *testing.T) {
			stdout, stderr, code := runPiikit(t, "", args...)
			require.NotEqual(t, 0, code)
			require.Empty(t, stdout)
			require.Equal(t, 1, strings.Count(stderr, "\n"), stderr)
			require.True(t, strings.HasPrefix(stderr, "piikit keyset: "+args[1]+": "), stderr)
			for _, s := range fixtureSecrets(t) {
				require.NotContains(t, stderr, s)
			}
			after, err := os.ReadFile(prf)
			require.NoError(t, err)
			require.Equal(t, before, after, "the keyset file is unchanged")
		})
	}
	_, err = os.Stat(filepath.Join(dir, "cmac.json"))
	require.ErrorIs(t, err, os.ErrNotExist, "nothing written")
}

// The shared loader of the other commands.
func TestKeysetSource(t *testing.T) {
	kekURI, prf := keyFiles(t)
	load := func(args []string, p keyset.Purpose) error {
		var s keysetSource
		fs := newFlagSet(&env{stdout: new(strings.Builder)}, "test", "test")
		s.addFlags(fs, "keyset")
		require.NoError(t, fs.Parse(args))
		_, err := s.load(t.Context(), p)
		return err
	}
	require.NoError(t, load([]string{"--keyset", prf, "--master-key-uri", kekURI}, keyset.PurposePRF))

	err := load([]string{"--keyset", prf, "--master-key-uri", kekURI}, keyset.PurposeDeterministicAEAD)
	require.ErrorIs(t, err, keyset.ErrWrongPurpose)
	require.Contains(t, err.Error(), "--keyset "+prf)

	var ue *usageError
	require.ErrorAs(t, load([]string{"--master-key-uri", kekURI}, keyset.PurposePRF), &ue)
	require.ErrorAs(t, load([]string{"--keyset", prf}, keyset.PurposePRF), &ue)
	require.ErrorAs(t, load([]string{"--keyset", prf, "--master-key-uri", kekURI, "--insecure-cleartext-keyset"}, keyset.PurposePRF), &ue)
	require.ErrorIs(t, load([]string{"--keyset", prf, "--insecure-cleartext-keyset"}, keyset.PurposePRF), keyset.ErrEncrypted)

	cleartext := filepath.Join(t.TempDir(), "daead.json")
	require.NoError(t, os.WriteFile(cleartext, keysettest.CleartextJSON("daead.json"), 0o600))
	require.NoError(t, load([]string{"--keyset", cleartext, "--insecure-cleartext-keyset"}, keyset.PurposeDeterministicAEAD))
	require.ErrorIs(t, load([]string{"--keyset", cleartext, "--master-key-uri", kekURI}, keyset.PurposeDeterministicAEAD), keyset.ErrCleartext)
}

// Two keysets share one --master-key-uri, opened once.
func TestKeysetSourceSharing(t *testing.T) {
	kekURI, prf := keyFiles(t)
	kek, err := keyset.KEKFromURI(kekURI)
	require.NoError(t, err)
	daead := filepath.Join(filepath.Dir(prf), "daead.bin")
	require.NoError(t, keyset.WriteFile(daead, keysettest.DeterministicAEAD(), keyset.Binary, kek, keyset.PurposeDeterministicAEAD))

	var root, tokens keysetSource
	fs := newFlagSet(&env{stdout: new(strings.Builder)}, "test", "test")
	root.addFlags(fs, "keyset")
	tokens.addFlagsSharing(fs, "token-keyset", &root)
	require.NoError(t, fs.Parse([]string{"--keyset", prf, "--token-keyset", daead, "--master-key-uri", kekURI}))
	rh, err := root.load(t.Context(), keyset.PurposePRF)
	require.NoError(t, err)
	require.Equal(t, keysettest.PRFRotatedPrimaryKeyID, rh.KeysetInfo().GetPrimaryKeyId())
	th, err := tokens.load(t.Context(), keyset.PurposeDeterministicAEAD)
	require.NoError(t, err)
	require.Equal(t, keysettest.DeterministicAEADKeyID, th.KeysetInfo().GetPrimaryKeyId())

	var ue *usageError
	tokens.path = ""
	_, err = tokens.load(t.Context(), keyset.PurposeDeterministicAEAD)
	require.ErrorAs(t, err, &ue)
	require.Contains(t, err.Error(), "--token-keyset is required")
}
