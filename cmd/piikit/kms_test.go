package main

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssdkkms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go-awskms/v3/integration/awskms"
)

// fakeTransit is a stand-in for Vault's transit engine on loopback: it
// records each request's associated data and gives a plaintext back only
// with the associated data it was encrypted with. Its "ciphertext" is an
// index, not encryption: it tests the client's wiring, not cryptography.
type fakeTransit struct {
	mu      sync.Mutex
	sealed  []struct{ plaintext, ad string }
	ads     []string // every request's associated_data
	legacy  bool     // a request used the legacy "context" parameter
	tokenOK bool
}

func (v *fakeTransit) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if r.Header.Get("X-Vault-Token") != "test-token" {
		http.Error(w, `{"errors":["permission denied"]}`, http.StatusForbidden)
		return
	}
	v.tokenOK = true
	var req map[string]string
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"errors":["bad request"]}`, http.StatusBadRequest)
		return
	}
	if _, ok := req["context"]; ok {
		v.legacy = true
	}
	ad := req["associated_data"]
	v.ads = append(v.ads, ad)
	var data map[string]string
	switch r.URL.Path {
	case "/v1/transit/encrypt/piikit":
		v.sealed = append(v.sealed, struct{ plaintext, ad string }{req["plaintext"], ad})
		data = map[string]string{"ciphertext": fmt.Sprintf("vault:v1:%d", len(v.sealed)-1)}
	case "/v1/transit/decrypt/piikit":
		var i int
		if _, err := fmt.Sscanf(req["ciphertext"], "vault:v1:%d", &i); err != nil || i < 0 || i >= len(v.sealed) || v.sealed[i].ad != ad {
			http.Error(w, `{"errors":["cipher: message authentication failed"]}`, http.StatusBadRequest)
			return
		}
		data = map[string]string{"plaintext": v.sealed[i].plaintext}
	default:
		http.NotFound(w, r)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
}

// The Vault client sends piikit's associated data in Vault's
// associated_data parameter (the AEAD-options client), and Vault's answer
// decides: a keyset read for another purpose does not decrypt.
func TestVaultClientSendsAssociatedData(t *testing.T) {
	setOfflineKMS(t)
	transit := new(fakeTransit)
	srv := httptest.NewServer(transit)
	defer srv.Close()
	t.Setenv("VAULT_ADDR", srv.URL)
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte("test-token\n"), 0o600))
	uri := "hcvault://vault.example.com:8200/transit/keys/piikit"
	prf := filepath.Join(dir, "prf.json")

	_, stderr, code := runPiikit(t, "", "keyset", "create", "--key-template", "HKDF_SHA256", "--master-key-uri", uri, "--credential", tokenFile, "--out", prf)
	require.Equal(t, 0, code, stderr)
	require.True(t, transit.tokenOK)
	require.False(t, transit.legacy, "the legacy context parameter is not used")
	require.Equal(t, []string{base64.StdEncoding.EncodeToString([]byte("piikit/keyset/v1/prf"))}, transit.ads)

	t.Setenv("VAULT_TOKEN", "test-token") // the default chain
	stdout, stderr, code := runPiikit(t, "", "keyset", "list", "--in", prf, "--master-key-uri", uri)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "purpose: prf")

	_, stderr, code = runPiikit(t, "", "keyset", "list", "--in", prf, "--master-key-uri", uri, "--purpose", "daead")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `keyset was encrypted for purpose "prf", not "daead"`)

	t.Setenv("VAULT_TOKEN", "wrong-token")
	_, stderr, code = runPiikit(t, "", "keyset", "list", "--in", prf, "--master-key-uri", uri)
	require.Equal(t, 1, code)
	require.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
	require.Contains(t, stderr, "hcvault: ")
	require.Contains(t, stderr, "permission denied")
	require.NotContains(t, stderr, "wrong-token")
}

// localKMSEnv names the variable with the endpoint of a local-kms server
// (github.com/nsmithuk/local-kms), a real AWS KMS API on loopback that
// .ci/run starts.
const localKMSEnv = "PIIKIT_TEST_LOCAL_KMS"

// The AWS path end to end against local-kms: keysets created under a KMS
// key, an export, a rotation, an export and a re-identification with them.
func TestAWSKMSAgainstLocalKMS(t *testing.T) {
	endpoint := os.Getenv(localKMSEnv)
	if endpoint == "" {
		t.Skipf("%s is not set: .ci/run starts local-kms and sets it (go install github.com/nsmithuk/local-kms@VERSION; PORT=0 local-kms; %s=http://127.0.0.1:PORT)", localKMSEnv, localKMSEnv)
	}
	require.True(t, strings.HasPrefix(endpoint, "http://127.0.0.1:"), "local-kms on loopback only: %s", endpoint)
	setOfflineKMS(t)
	t.Setenv("AWS_ENDPOINT_URL_KMS", endpoint)

	// local-kms takes any credentials; its region and account are its own.
	ctx := context.Background()
	client := awssdkkms.New(awssdkkms.Options{
		Region:       "eu-west-2",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDLOCALKMS", "local-kms-secret", ""),
	})
	key, err := client.CreateKey(ctx, &awssdkkms.CreateKeyInput{Description: aws.String("piikit test")})
	require.NoError(t, err)
	uri := "aws-kms://" + aws.ToString(key.KeyMetadata.Arn)

	dir := exportDir(t, 200)
	credential := filepath.Join(dir, "aws.csv")
	require.NoError(t, os.WriteFile(credential, []byte("User name,Password,Access key ID,Secret access key\npiikit,,AKIDLOCALKMS,local-kms-secret\n"), 0o600))
	prf, tokens := filepath.Join(dir, "prf.kms.json"), filepath.Join(dir, "tokens.kms.json")

	piikit := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := runPiikit(t, "", args...)
		require.Equal(t, 0, code, "piikit %s: %s", strings.Join(args, " "), stderr)
		return stdout
	}
	// With --credential (a CSV file from the IAM console).
	piikit("keyset", "create", "--key-template", "HKDF_SHA256", "--master-key-uri", uri, "--credential", credential, "--out", prf)
	piikit("keyset", "create", "--key-template", "AES256_SIV", "--master-key-uri", uri, "--credential", credential, "--out", tokens)
	// The file is Tink's EncryptedKeyset, encrypted by the KMS.
	data, err := os.ReadFile(prf)
	require.NoError(t, err)
	require.Contains(t, string(data), `"encryptedKeyset"`)

	// And the AWS default chain (environment variables).
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDLOCALKMS")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "local-kms-secret")
	require.Contains(t, piikit("keyset", "list", "--in", prf, "--master-key-uri", uri), "purpose: prf")

	export := func(out string) []byte {
		t.Helper()
		piikit("export", "--policy", filepath.Join(dir, "users.yaml"), "--keyset", prf, "--token-keyset", tokens,
			"--master-key-uri", uri, "--in", filepath.Join(dir, "users.csv"), "--out", out)
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		return b
	}
	first := export(filepath.Join(dir, "out1.csv"))

	piikit("keyset", "rotate", "--in", prf, "--out", prf, "--key-template", "HKDF_SHA256", "--master-key-uri", uri)
	require.Equal(t, 2, strings.Count(piikit("keyset", "list", "--in", prf, "--master-key-uri", uri), "HkdfPrfKey"), "two keys")
	second := export(filepath.Join(dir, "out2.csv"))
	require.NotEqual(t, first, second, "a new primary key gives new pseudonyms")

	restored := filepath.Join(dir, "restored.csv")
	piikit("reidentify", "--policy", filepath.Join(dir, "users.yaml"), "--keyset", prf, "--token-keyset", tokens,
		"--master-key-uri", uri, "--in", filepath.Join(dir, "out2.csv"), "--out", restored,
		"--reason", "TEST-1", "--actor", "tester", "--audit-log", filepath.Join(dir, "audit.jsonl"))
	// The reversible columns come back as they were.
	in, out := readCSV(t, filepath.Join(dir, "users.csv")), readCSV(t, restored)
	require.Len(t, out, len(in))
	for _, col := range []string{"name", "email", "phone", "my_number"} {
		i := slices.Index(in[0], col)
		require.Equal(t, col, out[0][i])
		for r := 1; r < len(in); r++ {
			require.Equal(t, in[r][i], out[r][i], "row %d column %s", r, col)
		}
	}

	// The KMS binds the purpose: the PRF keyset does not load as a token keyset.
	_, stderr, code := runPiikit(t, "", "keyset", "list", "--in", prf, "--master-key-uri", uri, "--purpose", "daead")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `encrypted for purpose "prf", not "daead"`)

	// tinkey's form under the KMS key: Tink's AWS client and keyset reader,
	// as tinkey uses them (empty associated data), read it.
	forTinkey := filepath.Join(dir, "prf.tinkey.json")
	piikit("keyset", "convert", "--in", prf, "--to-tinkey", "--master-key-uri", uri, "--out", forTinkey)
	tinkClient, err := awskms.NewClientWithOptions(ctx, uri, awskms.WithKMS(client))
	require.NoError(t, err)
	tinkAEAD, err := tinkClient.GetAEAD(uri)
	require.NoError(t, err)
	h, err := tinkeyReadFile(t, forTinkey, tinkAEAD)
	require.NoError(t, err)
	require.Len(t, h.KeysetInfo().GetKeyInfo(), 2)

	// A key the KMS does not have is the KMS's error, on one line, without
	// the secret (local-kms takes any credentials).
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
	_, stderr, code = runPiikit(t, "", "keyset", "list", "--in", prf, "--master-key-uri", "aws-kms://arn:aws:kms:eu-west-2:111122223333:key/00000000-0000-0000-0000-000000000000")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "aws-kms: ")
	require.Contains(t, stderr, "NotFoundException")
	require.NotContains(t, stderr, "not-the-secret")
	require.Equal(t, 1, strings.Count(stderr, "\n"), stderr)
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(rows), 1)
	return rows
}
