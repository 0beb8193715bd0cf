package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/leakaudit"
	"github.com/piikit/piikit/keyset/keysettest"
)

// The command's side of the leak audit (the libraries' side is
// internal/leakaudit, which also holds the bad values): distinctive bad values through every command; none
// may reach stderr, an audit line, a reject list or a manifest, and a value
// that failed leaves its output line empty.

var cliBadValues = leakaudit.Values()

func requireClean(t *testing.T, s, where string) {
	t.Helper()
	if m := leakaudit.Find(s); m != "" {
		t.Errorf("%s leaks %q:\n%s", where, m, s)
	}
}

// requireLines checks that stdout has one line per input line and that the
// lines of the values that failed (reported on stderr) are empty.
func requireLines(t *testing.T, stdout, stderr string, n int, where string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	require.Len(t, lines, n, where)
	for _, m := range regexp.MustCompile(`(?m)^line (\d+): `).FindAllStringSubmatch(stderr, -1) {
		var i int
		fmt.Sscan(m[1], &i)
		require.Empty(t, lines[i-1], "%s: line %d failed but was written", where, i)
	}
}

func TestCommandsLeakNoValue(t *testing.T) {
	prf := writeFixture(t, "prf.json")
	daead := writeFixture(t, "daead.json")
	in := strings.Join(cliBadValues, "\n") + "\n"
	n := len(cliBadValues)

	for _, kind := range []string{"name", "phone", "email", "id"} {
		base := []string{"--insecure-cleartext-keyset", "--kind", kind, "--domain", "users.x", "--scope", "acme"}
		if kind == "phone" {
			base = append(base, "--region", "JP")
		}
		where := "token " + kind
		stdout, stderr, code := runPiikit(t, in, append([]string{"token", "--keyset", prf}, base...)...)
		require.Equal(t, 1, code, where)
		requireClean(t, stderr, where)
		requireClean(t, stdout, where)
		requireLines(t, stdout, stderr, n, where)

		where = "token --reversible " + kind
		stdout, stderr, code = runPiikit(t, in, append([]string{"token", "--reversible", "--keyset", daead}, base...)...)
		require.Equal(t, 1, code, where)
		requireClean(t, stderr, where)
		requireClean(t, stdout, where)
		requireLines(t, stdout, stderr, n, where)

		// detoken: the bad values as tokens, and real tokens tampered.
		det := append([]string{"detoken", "--keyset", daead, "--reason", "leak audit", "--actor", "t"}, base...)
		det = slicesWithout(det, "--region", "JP")
		where = "detoken " + kind
		stdout, stderr, code = runPiikit(t, in, det...)
		require.Equal(t, 1, code, where)
		requireClean(t, stderr, where)
		requireLines(t, stdout, stderr, n, where)
		require.Empty(t, strings.TrimSpace(stdout), "%s: a bad token revealed something", where)
	}

	masks := map[string][]string{
		"name":     {"--kind", "name"},
		"phone":    {"--kind", "phone", "--region", "JP"},
		"email":    {"--kind", "email"},
		"card":     {"--kind", "card"},
		"mynumber": {"--kind", "mynumber"},
		"pattern":  {"--kind", "pattern", "--pattern", "[A-Z]{2}-[0-9]{8}"},
		"short":    {"--kind", "name", "--allow-irreversible-short"},
	}
	for name, opts := range masks {
		args := append([]string{"--keyset", prf, "--insecure-cleartext-keyset", "--domain", "users.x"}, opts...)
		where := "mask " + name
		stdout, stderr, code := runPiikit(t, in, append([]string{"mask"}, args...)...)
		require.Equal(t, 1, code, where)
		requireClean(t, stderr, where)
		if name == "email" {
			stdout = regexp.MustCompile(`@.*`).ReplaceAllString(stdout, "@") // domains are kept on purpose
		}
		requireClean(t, stdout, where)
		requireLines(t, stdout, stderr, n, where)

		where = "unmask " + name
		stdout, stderr, code = runPiikit(t, in, append([]string{"unmask", "--reason", "leak audit", "--actor", "t"}, slicesWithout(args, "--allow-irreversible-short", "")...)...)
		require.Equal(t, 1, code, where)
		requireClean(t, stderr, where)
		requireLines(t, stdout, stderr, n, where)

		if name == "pattern" || name == "short" {
			continue
		}
		where = "mask --display " + name
		stdout, stderr, code = runPiikit(t, in, "mask", "--display", "--kind", opts[1])
		require.Equal(t, 1, code, where)
		requireClean(t, stderr, where)
		requireLines(t, stdout, stderr, n, where)
	}
}

func slicesWithout(args []string, flag, value string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == flag {
			if value != "" {
				i++
			}
			continue
		}
		out = append(out, args[i])
	}
	return out
}

const leakPolicyYAML = `version: 1
scope: acme
region: JP
on_error: %s
fields:
  user_id:   {transform: pseudonym, kind: id, domain: users.user_id}
  name:      {transform: mask, kind: name, domain: users.name}
  email:     {transform: mask, kind: email, domain: users.email}
  phone:     {transform: mask, kind: phone, domain: users.phone}
  my_number: {transform: token, kind: mynumber, domain: users.my_number}
  contact:   {transform: display, kind: email}
`

const leakGoodRow = "U10000001,Yamada Taro,taro.yamada@example.jp,090-1234-5678,123456789018,taro.yamada@example.jp"

func TestExportLeaksNoValue(t *testing.T) {
	dir := t.TempDir()
	prf := writeFixture(t, "prf.json")
	daead := writeFixture(t, "daead.json")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	stop := write("stop.yaml", fmt.Sprintf(leakPolicyYAML, "stop"))
	reject := write("reject.yaml", fmt.Sprintf(leakPolicyYAML, "reject"))
	header := "user_id,name,email,phone,my_number,contact\n"

	var inputs []string
	for col := range 6 {
		for _, v := range cliBadValues {
			if v == "" || strings.ContainsAny(v, "\"\x00") {
				continue
			}
			cells := strings.Split(leakGoodRow, ",")
			cells[col] = `"` + v + `"`
			inputs = append(inputs, header+leakGoodRow+"\n"+strings.Join(cells, ",")+"\n")
		}
	}
	inputs = append(inputs,
		header+leakGoodRow+"\nzqleak \"98765432\",a,b,c,d,e\n",
		header+"\"zqleak,98765432\n",
		header+leakGoodRow+"\nzqleak,98765432\n",
	)
	for i, in := range inputs {
		src := write(fmt.Sprintf("in%d.csv", i), in)
		for _, policy := range []string{stop, reject} {
			out := filepath.Join(dir, fmt.Sprintf("out%d.csv", i))
			_, stderr, _ := runPiikit(t, "", "export", "--policy", policy, "--keyset", prf, "--token-keyset", daead,
				"--insecure-cleartext-keyset", "--in", src, "--out", out, "--quiet")
			where := fmt.Sprintf("export %s of %q", filepath.Base(policy), in)
			requireClean(t, stderr, where)
			for _, f := range []string{out, out + ".manifest.json", out + ".rejects.csv"} {
				if b, err := os.ReadFile(f); err == nil {
					text := string(b)
					if f == out {
						// Display masks keep the email's domain on purpose.
						text = regexp.MustCompile(`@[^,\n]*`).ReplaceAllString(text, "@")
					}
					requireClean(t, text, where+" in "+filepath.Base(f))
				}
				os.Remove(f)
			}
		}
	}

	// JSON Lines with bad values and bad syntax around values.
	jsonl := []string{
		`{"user_id": zqleak}`,
		`{"user_id": "zqleak"`,
		`{"user_id": "U10000001"} {"x": 98765432}`,
		`["zqleak", 98765432]`,
		`{"my_number": 987654321000}`,
		`{"name": "\ud800zqleak"}`,
	}
	for _, v := range cliBadValues {
		b, _ := json.Marshal(map[string]string{"user_id": "U10000001", "phone": v})
		jsonl = append(jsonl, string(b))
	}
	for i, line := range jsonl {
		src := write(fmt.Sprintf("in%d.jsonl", i), line+"\n")
		_, stderr, _ := runPiikit(t, "", "export", "--policy", stop, "--keyset", prf, "--token-keyset", daead,
			"--insecure-cleartext-keyset", "--in", src, "--out", "-", "--quiet")
		requireClean(t, stderr, fmt.Sprintf("export of %q", line))
	}

	// A data file given as the policy.
	data := write("data.csv", header+"U98765432,Zqleak Taro,zqleak@example.jp,098765432,987654321000,x\n")
	_, stderr, code := runPiikit(t, "", "export", "--policy", data, "--keyset", prf, "--insecure-cleartext-keyset",
		"--in", data, "--out", filepath.Join(dir, "x.csv"))
	require.NotEqual(t, 0, code)
	requireClean(t, stderr, "export with a data file as the policy")
}

// reidentify of a tampered export: errors and the audit line hold no value.
// The audit line says how many values are revealed.
func TestReidentifyLeaksNoValue(t *testing.T) {
	dir := t.TempDir()
	prf := writeFixture(t, "prf.json")
	daead := writeFixture(t, "daead.json")
	policy := filepath.Join(dir, "policy.yaml")
	require.NoError(t, os.WriteFile(policy, fmt.Appendf(nil, leakPolicyYAML, "stop"), 0o600))
	src := filepath.Join(dir, "users.csv")
	header := "user_id,name,email,phone,my_number,contact\n"
	require.NoError(t, os.WriteFile(src, []byte(header+leakGoodRow+"\n"+leakGoodRow+"\n"), 0o600))
	exported := filepath.Join(dir, "users.pseudo.csv")
	_, stderr, code := runPiikit(t, "", "export", "--policy", policy, "--keyset", prf, "--token-keyset", daead,
		"--insecure-cleartext-keyset", "--in", src, "--out", exported, "--quiet")
	require.Equal(t, 0, code, stderr)
	manifest, err := os.ReadFile(exported + ".manifest.json")
	require.NoError(t, err)
	out, err := os.ReadFile(exported)
	require.NoError(t, err)
	lines := strings.Split(string(out), "\n")

	reidentify := func(in string) (string, string, int) {
		p := filepath.Join(dir, "tampered.csv")
		require.NoError(t, os.WriteFile(p, []byte(in), 0o600))
		require.NoError(t, os.WriteFile(p+".manifest.json", manifest, 0o600))
		back := filepath.Join(dir, "back.csv")
		os.Remove(back)
		log := filepath.Join(dir, "audit.jsonl")
		os.Remove(log)
		_, stderr, code := runPiikit(t, "", "reidentify", "--policy", policy, "--keyset", prf, "--token-keyset", daead,
			"--insecure-cleartext-keyset", "--in", p, "--out", back, "--reason", "leak audit", "--actor", "t", "--audit-log", log, "--quiet")
		audit, _ := os.ReadFile(log)
		return stderr, string(audit), code
	}

	stderr, audit, code := reidentify(string(out))
	require.Equal(t, 0, code, stderr)
	// Two rows of name, email, phone and my_number.
	require.Contains(t, audit, `"count":8`)
	requireClean(t, audit, "audit line")

	for col := 1; col <= 4; col++ {
		for _, v := range cliBadValues {
			if v == "" || strings.ContainsAny(v, "\",\x00") {
				continue
			}
			cells := strings.Split(lines[1], ",")
			cells[col] = v
			// A well-formed mask of another value unmasks to a wrong value
			// (FF1 cannot tell): only errors are checked here.
			stderr, audit, _ := reidentify(lines[0] + "\n" + strings.Join(cells, ",") + "\n")
			where := fmt.Sprintf("reidentify with column %d %q", col, v)
			requireClean(t, stderr, where)
			requireClean(t, audit, where+" audit line")
		}
	}
	// The same rows twice: more values than the manifest records.
	stderr, _, code = reidentify(string(out) + strings.Join(lines[1:], "\n"))
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "more values of this field than the manifest records")
	requireClean(t, stderr, "reidentify of doubled rows")
}

// Keyset files that do not parse: no command quotes them, since they hold
// key material (cleartext) or its ciphertext.
func TestKeysetErrorsLeakNoKeyMaterial(t *testing.T) {
	dir := t.TempDir()
	good := string(keysettest.CleartextJSON("prf.json"))
	var ks struct {
		Key []struct {
			KeyData struct{ Value string } `json:"keyData"`
		} `json:"key"`
	}
	require.NoError(t, json.Unmarshal([]byte(good), &ks))
	value := ks.Key[0].KeyData.Value
	secret := value[8:24]
	bad := []string{
		strings.Replace(good, value, "zqleak!!"+value[8:], 1),
		strings.Replace(good, value, "zqleak"+value[6:], 1),
		strings.Replace(good, `"ENABLED"`, `"zqleak"`, 1),
		good[:len(good)/2] + "zqleak",
		`{"encryptedKeyset":"zqleak!!` + secret + `"}`,
		`{"encryptedKeyset":"zqleakzqleak` + secret + `"}`,
		"\x0a\x06zqleak" + secret,
	}
	kek := writeFixture(t, "kek.json")
	for i, data := range bad {
		p := filepath.Join(dir, fmt.Sprintf("bad%d.json", i))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o600))
		for _, args := range [][]string{
			{"keyset", "list", "--in", p, "--insecure-cleartext-keyset"},
			{"keyset", "list", "--in", p, "--master-key-uri", "local-kek://" + kek},
			{"keyset", "convert", "--in", p, "--insecure-cleartext-in", "--insecure-cleartext-out", "--out-format", "binary", "--out", filepath.Join(dir, "x.bin")},
			{"token", "--keyset", p, "--insecure-cleartext-keyset", "--kind", "email", "--domain", "d"},
			{"mask", "--keyset", p, "--master-key-uri", "local-kek://" + kek, "--kind", "email", "--domain", "d"},
			{"token", "--keyset", kek, "--master-key-uri", "local-kek://" + p, "--kind", "email", "--domain", "d"},
		} {
			stdout, stderr, code := runPiikit(t, "a@example.com\n", args...)
			where := fmt.Sprintf("%v with %q", args[:2], data)
			require.NotEqual(t, 0, code, where)
			requireClean(t, stderr, where)
			require.NotContains(t, stderr, secret, where)
			require.NotContains(t, stdout, secret, where)
		}
	}
}
