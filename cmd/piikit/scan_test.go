package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records/synthetic"
)

// scanJSON runs piikit scan --json with args and returns its report and
// exit status.
func scanJSON(t *testing.T, args ...string) (*scanReport, int) {
	t.Helper()
	stdout, stderr, code := runPiikit(t, "", append([]string{"scan", "--json"}, args...)...)
	require.Contains(t, []int{0, exitFindings}, code, stderr)
	require.Empty(t, stderr)
	var rep scanReport
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	return &rep, code
}

func column(t *testing.T, rep *scanReport, name string) *scanColumn {
	t.Helper()
	for _, c := range rep.Columns {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no column %q", name)
	return nil
}

// piikit's own export, scanned with its manifest, has nothing to report:
// its masks keep their formats (a masked phone is a phone), so the columns
// the manifest lists as protected are marked, and the others (kept
// columns, and a token's and a pseudonym's that hold nothing found even
// unmarked) find nothing.
func TestScanOwnExport(t *testing.T) {
	const rows = 300
	dir := exportDir(t, rows)
	out := filepath.Join(dir, "users.pseudo.csv")
	_, stderr, code := runPiikit(t, "", exportArgs(dir, "--in", filepath.Join(dir, "users.csv"), "--out", out, "--quiet")...)
	require.Equal(t, 0, code, stderr)

	rep, code := scanJSON(t, "--in", out)
	require.Equal(t, 0, code)
	require.Zero(t, rep.Findings)
	require.EqualValues(t, rows, rep.Rows)
	want := map[string]string{"user_id": "pseudonym", "name": "mask", "name_kana": "mask", "email": "mask", "phone": "mask", "my_number": "token", "signup_date": "", "plan": ""}
	require.Len(t, rep.Columns, len(want))
	for _, c := range rep.Columns {
		require.Equal(t, want[c.Name], c.Protected, c.Name)
		require.EqualValues(t, rows, c.Values, c.Name)
		if c.Protected == "" || c.Protected == "pseudonym" || c.Protected == "token" {
			require.Zero(t, c.found(), c.Name)
		}
	}

	// Without the manifest, the masks are what they look like.
	rep, code = scanJSON(t, "--in", out, "--manifest", "none", "--names=false")
	require.Equal(t, exitFindings, code)
	require.EqualValues(t, rows, column(t, rep, "phone").Found.Phone)
	require.EqualValues(t, rows, column(t, rep, "email").Found.Email)
	require.Zero(t, column(t, rep, "my_number").found())

	// A manifest of another file is refused.
	in, err := os.ReadFile(out)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(out, bytes.Replace(in, []byte("premium"), []byte("premiun"), 1), 0o600))
	_, stderr, code = runPiikit(t, "", "scan", "--in", out)
	require.Equal(t, 1, code)
	require.Equal(t, "piikit scan: records: invalid manifest: the input is not the export it describes (SHA-256 differs)\n", stderr)
}

// The demo's table holds one phone, email and My Number per row (the
// generator's own fields), and its names are found, every one of them when
// they are given as known values.
func TestScanDemoInput(t *testing.T) {
	const rows = 300
	dir := exportDir(t, rows)
	in := filepath.Join(dir, "users.csv")

	// Known values: the name columns, from the generator.
	var known bytes.Buffer
	w := csv.NewWriter(&known)
	w.Write([]string{"name"})
	g := synthetic.New(1)
	for range rows {
		u := g.Next()
		w.Write([]string{u.Name})
		w.Write([]string{u.NameKana})
	}
	w.Flush()
	knownPath := filepath.Join(dir, "known.csv")
	require.NoError(t, os.WriteFile(knownPath, known.Bytes(), 0o600))

	rep, code := scanJSON(t, "--in", in, "--known", knownPath, "--workers", "2")
	require.Equal(t, exitFindings, code)
	require.EqualValues(t, rows, rep.Rows)
	for name, want := range map[string]scanCounts{
		"phone":       {Phone: rows},
		"email":       {Email: rows},
		"my_number":   {MyNumber: rows},
		"name":        {Name: rows},
		"name_kana":   {Name: rows},
		"user_id":     {},
		"signup_date": {},
		"plan":        {},
	} {
		require.Equal(t, want, column(t, rep, name).Found, name)
	}
	require.EqualValues(t, 5*rows, rep.Findings)

	// With the morphology alone, most names are found.
	rep, _ = scanJSON(t, "--in", in)
	require.Greater(t, column(t, rep, "name").Found.Name, int64(rows*9/10))
}

func TestScanExitStatus(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.jsonl")
	require.NoError(t, os.WriteFile(clean, []byte(`{"id":1,"plan":"free"}`+"\n"), 0o600))
	_, _, code := runPiikit(t, "", "scan", "--in", clean)
	require.Equal(t, 0, code)
	found := filepath.Join(dir, "found.jsonl")
	require.NoError(t, os.WriteFile(found, []byte(`{"id":1,"note":"call 090-1234-5678"}`+"\n"), 0o600))
	stdout, stderr, code := runPiikit(t, "", "scan", "--in", found)
	require.Equal(t, exitFindings, code)
	require.Empty(t, stderr)
	require.NotContains(t, stdout, "1234")
	_, stderr, code = runPiikit(t, "", "scan", "--in", filepath.Join(dir, "missing.csv"))
	require.Equal(t, 1, code, stderr)
	_, _, code = runPiikit(t, "", "scan")
	require.Equal(t, 2, code)
}

// A phone or card glued to a character that stops the finders
// ("tel_090-1234-5678", which free text refuses) is counted as what it is:
// a scan before a file leaves must not miss it.
func TestScanStoppedNumbers(t *testing.T) {
	in := filepath.Join(t.TempDir(), "log.jsonl")
	lines := `{"msg":"tel_090-1234-5678"}` + "\n" + `{"msg":"order #4111111111111111"}` + "\n" + `{"msg":"total ¥1,234,567"}` + "\n"
	require.NoError(t, os.WriteFile(in, []byte(lines), 0o600))
	rep, code := scanJSON(t, "--in", in, "--names=false")
	require.Equal(t, exitFindings, code)
	require.Equal(t, scanCounts{Phone: 1, Card: 1}, column(t, rep, "msg").Found)
}

// An interrupted scan stops with an error, not a report.
func TestScanCancelled(t *testing.T) {
	var table bytes.Buffer
	require.NoError(t, synthetic.WriteCSV(&table, 5000, 1))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, &env{stdin: &table, stdout: &stdout, stderr: &stderr}, []string{"scan", "--in", "-", "--format", "csv", "--names=false"})
	require.Equal(t, 1, code)
	require.Contains(t, stderr.String(), "context canceled")
	require.Empty(t, stdout.String())
}

// Bad values in cells, keys and broken records, and in a known-values
// file: scan prints none of them, on stdout or stderr. (A header cell or
// key that reads as an identifier is shown, as an export's errors show
// column names: the keys here are the others.)
func TestScanLeaksNoValue(t *testing.T) {
	dir := t.TempDir()
	nameLike := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,63}$`)
	var inputs []string
	for _, v := range cliBadValues {
		q := strconv.Quote(v)
		key, header := q, csvQuote(v)
		if nameLike.MatchString(v) {
			key, header = `"k"`, "h"
		}
		inputs = append(inputs,
			"a.csv", "a,b\n1,"+csvQuote(v)+"\n",
			"b.csv", header+",b\n1,2\n",
			"c.csv", "a,b\n1,\""+v+"\n",
			"d.jsonl", `{"a":`+q+`,`+key+`:{"b":[`+q+`]}}`+"\n",
			"e.jsonl", `{"a":`+q+`,"a":1}`+"\n",
			"f.jsonl", `{"a":`+v+`}`+"\n",
		)
	}
	for i := 0; i < len(inputs); i += 2 {
		path := filepath.Join(dir, inputs[i])
		require.NoError(t, os.WriteFile(path, []byte(inputs[i+1]), 0o600))
		for _, args := range [][]string{{"scan", "--in", path}, {"scan", "--json", "--names=false", "--in", path}} {
			stdout, stderr, code := runPiikit(t, "", args...)
			require.Contains(t, []int{0, 1, exitFindings}, code)
			requireClean(t, stdout, fmt.Sprintf("%v %q", args, inputs[i+1]))
			requireClean(t, stderr, fmt.Sprintf("%v %q", args, inputs[i+1]))
		}
	}
	// A known-values file of bad values.
	known := filepath.Join(dir, "known.csv")
	var b strings.Builder
	b.WriteString("name,phone,email\n")
	for _, v := range cliBadValues {
		fmt.Fprintf(&b, "%s,%s,%s\n", csvQuote(v), csvQuote(v), csvQuote(v))
	}
	require.NoError(t, os.WriteFile(known, []byte(b.String()), 0o600))
	clean := filepath.Join(dir, "clean.csv")
	require.NoError(t, os.WriteFile(clean, []byte("a\n1\n"), 0o600))
	stdout, stderr, _ := runPiikit(t, "", "scan", "--in", clean, "--known", known)
	requireClean(t, stdout, "scan --known")
	requireClean(t, stderr, "scan --known")
}

func csvQuote(v string) string { return `"` + strings.ReplaceAll(v, `"`, `""`) + `"` }

// A JSON Lines export with nested fields: its values are scanned by path,
// and the export's protected paths hold nothing that counts.
func TestScanOwnNestedExport(t *testing.T) {
	const rows = 100
	dir := exportDir(t, 1)
	policy := `version: 1
scope: demo
region: JP
fields:
  user.id:             {transform: pseudonym, kind: id, domain: users.user_id}
  user.contact.email:  {transform: mask, kind: email, domain: users.email}
  user.contact.phones: {transform: mask, kind: phone, domain: users.phone}
  note:                {transform: redact, value: "[note]"}
  plan:                keep
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "users.yaml"), []byte(policy), 0o600))
	var in bytes.Buffer
	g := synthetic.New(2)
	for range rows {
		u := g.Next()
		line, err := json.Marshal(map[string]any{
			"user": map[string]any{"id": u.UserID, "contact": map[string]any{"email": u.Email, "phones": []string{u.Phone, u.Phone}}},
			"note": "call " + u.Name + " at " + u.Phone, "plan": u.Plan,
		})
		require.NoError(t, err)
		in.Write(append(line, '\n'))
	}
	src := filepath.Join(dir, "users.jsonl")
	require.NoError(t, os.WriteFile(src, in.Bytes(), 0o600))
	out := filepath.Join(dir, "users.pseudo.jsonl")
	_, stderr, code := runPiikit(t, "", exportArgs(dir, "--in", src, "--out", out, "--quiet")...)
	require.Equal(t, 0, code, stderr)

	rep, code := scanJSON(t, "--in", src, "--names=false")
	require.Equal(t, exitFindings, code)
	require.Equal(t, scanCounts{Phone: 2 * rows}, column(t, rep, "user.contact.phones").Found)
	require.Equal(t, scanCounts{Email: rows}, column(t, rep, "user.contact.email").Found)
	require.EqualValues(t, rows, column(t, rep, "note").Found.Phone)

	rep, code = scanJSON(t, "--in", out)
	require.Equal(t, 0, code)
	var names []string
	for _, c := range rep.Columns {
		names = append(names, c.Name+" "+c.Protected)
	}
	// In the order first seen (json.Marshal sorts keys).
	require.Equal(t, []string{"note redact", "plan ", "user.contact.email mask", "user.contact.phones mask", "user.id pseudonym"}, names)
	require.Zero(t, column(t, rep, "note").found())
	require.Zero(t, column(t, rep, "plan").found())
}
