package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/piikit/piikit/records"
	"github.com/stretchr/testify/require"
)

const manifestTestPolicy = `version: 1
scope: acme
region: JP
fields:
  email: {transform: mask, kind: email, domain: users.email}
  phone: {transform: mask, kind: phone, domain: users.phone}
  my_number: {transform: token, kind: mynumber, domain: users.my_number}
`

// reidentify checks its input against the manifest (its MAC and the
// export's SHA-256) and writes nothing when they do not match.
func TestReidentifyChecksTheManifest(t *testing.T) {
	dir := t.TempDir()
	prf := writeFixture(t, "prf.json")
	daead := writeFixture(t, "daead.json")
	keys := []string{"--keyset", prf, "--token-keyset", daead, "--insecure-cleartext-keyset"}
	policy := filepath.Join(dir, "policy.yaml")
	require.NoError(t, os.WriteFile(policy, []byte(manifestTestPolicy), 0o600))
	rowA := "taro.yamada@example.jp,090-1234-5678,123456789018\n"
	rowB := "hanako@example.com,+81 3 1234 5678,983205673214\n"
	export := func(name, rows string) string {
		in := filepath.Join(dir, name+".csv")
		require.NoError(t, os.WriteFile(in, []byte("email,phone,my_number\n"+rows), 0o600))
		out := filepath.Join(dir, name+".pseudo.csv")
		_, stderr, code := runPiikit(t, "", append([]string{"export", "--policy", policy, "--in", in, "--out", out, "--quiet"}, keys...)...)
		require.Equal(t, 0, code, stderr)
		return out
	}
	a := export("a", rowA+rowB)
	b := export("b", rowB+rowA) // the same counts
	back := filepath.Join(dir, "back.csv")
	reidentify := func(stdin string, args ...string) (string, string, int) {
		os.Remove(back)
		args = append([]string{"reidentify", "--policy", policy, "--reason", "r", "--actor", "t", "--quiet"}, append(keys, args...)...)
		return runPiikit(t, stdin, args...)
	}

	_, stderr, code := reidentify("", "--in", a, "--out", back)
	require.Equal(t, 0, code, stderr)

	// B's output with A's manifest: to a file, to stdout, from stdin.
	_, stderr, code = reidentify("", "--in", b, "--manifest", a+".manifest.json", "--out", back)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "the input is not the export it describes")
	require.NoFileExists(t, back)
	stdout, stderr, code := reidentify("", "--in", b, "--manifest", a+".manifest.json", "--out", "-")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "the input is not the export it describes")
	require.Empty(t, stdout, "nothing revealed before the check")
	stdout, stderr, code = reidentify("", "--in", a, "--out", "-")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "email,phone,my_number\n"+rowA+rowB, stdout, "the checked file is rewound and read whole")
	bOut, err := os.ReadFile(b)
	require.NoError(t, err)
	_, stderr, code = reidentify(string(bOut), "--in", "-", "--manifest", a+".manifest.json", "--out", back)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "the input is not the export it describes")
	require.NoFileExists(t, back)
	_, stderr, code = reidentify(string(bOut), "--in", "-", "--manifest", b+".manifest.json", "--out", "-", "--format", "csv")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "--in - needs --out FILE")

	// A manifest edited to lift the reveal cap, or of version 1.
	raw, err := os.ReadFile(a + ".manifest.json")
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	m["fields"].([]any)[0].(map[string]any)["values"] = 1000
	edited := filepath.Join(dir, "edited.manifest.json")
	writeJSON(t, edited, m)
	stdout, stderr, code = reidentify("", "--in", a, "--manifest", edited, "--out", "-")
	require.Equal(t, 1, code)
	require.Equal(t, "piikit reidentify: records: invalid manifest: authentication failed\n", stderr)
	require.Empty(t, stdout)
	m["fields"].([]any)[0].(map[string]any)["values"] = 2
	m["manifest_version"] = 1
	delete(m, "mac")
	delete(m, "mac_key_id")
	writeJSON(t, edited, m)
	_, stderr, code = reidentify("", "--in", a, "--manifest", edited, "--out", back)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "manifest version 1 has no MAC")
	require.NoFileExists(t, back)
}

// checkExport checks the file the run then reads: a file renamed over the
// input's path after the check is not the one read.
func TestCheckExportReadsTheFileItChecked(t *testing.T) {
	dir := t.TempDir()
	prf := writeFixture(t, "prf.json")
	daead := writeFixture(t, "daead.json")
	policy := filepath.Join(dir, "policy.yaml")
	require.NoError(t, os.WriteFile(policy, []byte(manifestTestPolicy), 0o600))
	in := filepath.Join(dir, "in.csv")
	require.NoError(t, os.WriteFile(in, []byte("email,phone,my_number\ntaro.yamada@example.jp,090-1234-5678,123456789018\n"), 0o600))
	out := filepath.Join(dir, "out.csv")
	_, stderr, code := runPiikit(t, "", "export", "--policy", policy, "--in", in, "--out", out, "--quiet",
		"--keyset", prf, "--token-keyset", daead, "--insecure-cleartext-keyset")
	require.Equal(t, 0, code, stderr)
	mf, err := os.Open(out + ".manifest.json")
	require.NoError(t, err)
	m, err := records.ReadManifest(mf)
	mf.Close()
	require.NoError(t, err)

	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, checkExport(m, f))
	other := filepath.Join(dir, "other.csv")
	require.NoError(t, os.WriteFile(other, []byte("email\nsomeone.else@example.jp\n"), 0o600))
	require.NoError(t, os.Rename(other, out))
	got, err := io.ReadAll(f)
	require.NoError(t, err)
	require.NotContains(t, string(got), "someone.else")
	require.NoError(t, m.CheckOutput(bytes.NewReader(got)), "what is read after the check is what was checked")

	err = checkExport(m, io.MultiReader(bytes.NewReader(got))) // stdin: cannot be read twice
	require.ErrorContains(t, err, "--out - needs --in FILE")
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, b, 0o600))
}
