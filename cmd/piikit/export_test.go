package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

// exportDir writes the fixture keysets, the demo policy and a demo table of
// n users to a temporary directory.
func exportDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "prf.json"), keysettest.CleartextJSON("prf.json"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "daead.json"), keysettest.CleartextJSON("daead.json"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "users.yaml"), demoPolicy, 0o600))
	var table bytes.Buffer
	require.NoError(t, synthetic.WriteCSV(&table, n, 1))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "users.csv"), table.Bytes(), 0o600))
	return dir
}

func exportArgs(dir string, extra ...string) []string {
	return append([]string{"export", "--policy", filepath.Join(dir, "users.yaml"),
		"--keyset", filepath.Join(dir, "prf.json"), "--token-keyset", filepath.Join(dir, "daead.json"),
		"--insecure-cleartext-keyset"}, extra...)
}

// files lists the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestDemoPolicyIsTheExample(t *testing.T) {
	example, err := os.ReadFile("../../examples/policies/users.yaml")
	require.NoError(t, err)
	require.Equal(t, string(example), string(demoPolicy), "cmd/piikit/demo_policy.yaml must be a copy of examples/policies/users.yaml")
	example, err = os.ReadFile("../../examples/policies/messages.yaml")
	require.NoError(t, err)
	require.Equal(t, string(example), string(demoMessagesPolicy), "cmd/piikit/demo_messages_policy.yaml must be a copy of examples/policies/messages.yaml")
}

// A run that fails after writing part of the output leaves no output, no
// manifest and no temporary file.
func TestExportAtomicOnFailure(t *testing.T) {
	dir := exportDir(t, 2000)
	// A bad row at the very end, after thousands of good ones.
	in, _ := os.ReadFile(filepath.Join(dir, "users.csv"))
	in = append(in, "U99999999,山田 太郎,ヤマダ タロウ,taro@example.jp,090-1234-5678,123456789018,2020-01-01\n"...) // ragged
	require.NoError(t, os.WriteFile(filepath.Join(dir, "users.csv"), in, 0o600))
	before := files(t, dir)

	out := filepath.Join(dir, "users.pseudo.csv")
	_, stderr, code := runPiikit(t, "", exportArgs(dir, "--in", filepath.Join(dir, "users.csv"), "--out", out, "--quiet")...)
	require.Equal(t, 1, code)
	require.Equal(t, "piikit export: records: row 2001 (line 2002): malformed input: wrong number of fields (ragged row)\n", stderr)
	require.Equal(t, before, files(t, dir), "nothing left behind")
}

// An interrupted run (its context cancelled) leaves nothing either.
func TestExportInterrupted(t *testing.T) {
	dir := exportDir(t, 5000)
	before := files(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	pr := &cancelAfter{n: 3, cancel: cancel, w: &stderr}
	plainEvery = 0 // a progress line per batch, to cancel from
	defer func() { plainEvery = 5 * time.Second }()
	code := run(ctx, &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: pr},
		exportArgs(dir, "--in", filepath.Join(dir, "users.csv"), "--out", filepath.Join(dir, "out.csv"), "--workers", "2"))
	require.Equal(t, 1, code)
	require.Contains(t, stderr.String(), "piikit export: interrupted after")
	require.Contains(t, stderr.String(), "no output written")
	require.Equal(t, before, files(t, dir))
}

// cancelAfter cancels after n writes (progress lines).
type cancelAfter struct {
	n      int
	cancel func()
	w      *bytes.Buffer
}

func (c *cancelAfter) Write(p []byte) (int, error) {
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return c.w.Write(p)
}

type brokenWriter struct{ err error }

func (w brokenWriter) Write([]byte) (int, error) { return 0, w.err }

// A closed or full output is an error, never a success.
func TestExportOutputErrors(t *testing.T) {
	dir := exportDir(t, 1000)
	for _, err := range []error{os.ErrClosed, errors.New("no space left on device")} {
		var stderr bytes.Buffer
		code := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: brokenWriter{err}, stderr: &stderr},
			exportArgs(dir, "--in", filepath.Join(dir, "users.csv"), "--out", "-", "--format", "csv", "--rejects", filepath.Join(dir, "rejects.csv")))
		require.Equal(t, 1, code, stderr.String())
		require.Equal(t, fmt.Sprintf("piikit export: records: writing output: %v\n", err), stderr.String())
	}
	if _, err := os.Stat("/dev/full"); err == nil {
		var stderr bytes.Buffer
		f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		require.NoError(t, err)
		defer f.Close()
		code := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: f, stderr: &stderr},
			exportArgs(dir, "--in", filepath.Join(dir, "users.csv"), "--out", "-", "--format", "csv", "--rejects", filepath.Join(dir, "rejects.csv")))
		require.Equal(t, 1, code)
		require.Contains(t, stderr.String(), "no space left on device")
	}
	// An output directory that does not exist.
	_, stderr, code := runPiikit(t, "", exportArgs(dir, "--in", filepath.Join(dir, "users.csv"), "--out", filepath.Join(dir, "nodir", "x.csv"))...)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "creating output")
}

func TestExportProgress(t *testing.T) {
	dir := exportDir(t, 1000)
	defer func() { plainEvery, ttyEvery = 5*time.Second, 100*time.Millisecond }()
	plainEvery, ttyEvery = 0, 0

	// Not a terminal: plain lines.
	_, stderr, code := runPiikit(t, "", exportArgs(dir, "--in", filepath.Join(dir, "users.csv"), "--out", filepath.Join(dir, "a.csv"))...)
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `(?m)^piikit export: [0-9,]+ rows, [0-9,]+ rows/s$`, stderr)
	require.NotContains(t, stderr, "\r")

	// A terminal: a bar with the percentage and an ETA (the size is known).
	var out, errb bytes.Buffer
	code = run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, isTerminal: true},
		exportArgs(dir, "--in", filepath.Join(dir, "users.csv"), "--out", filepath.Join(dir, "b.csv")))
	require.Equal(t, 0, code, errb.String())
	require.Regexp(t, `\r\x1b\[K\[[█░]+\] +[0-9]+%  [0-9,]+ rows  [0-9,]+ rows/s  ETA [0-9]`, errb.String())
	require.Contains(t, errb.String(), "piikit export: 1,000 rows in, 1,000 out, 0 rejected")

	// --quiet: nothing.
	_, stderr, code = runPiikit(t, "", exportArgs(dir, "--quiet", "--in", filepath.Join(dir, "users.csv"), "--out", filepath.Join(dir, "c.csv"))...)
	require.Equal(t, 0, code)
	require.Empty(t, stderr)
	a, _ := os.ReadFile(filepath.Join(dir, "a.csv"))
	c, _ := os.ReadFile(filepath.Join(dir, "c.csv"))
	require.Equal(t, a, c)
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		require.Equal(t, want, groupDigits(n))
	}
}

func TestDisplayWidth(t *testing.T) {
	require.Equal(t, 10, displayWidth("山田 太郎 "))
	require.Equal(t, 4, displayWidth("ﾔﾏﾀﾞ"))
	require.Equal(t, 4, displayWidth("ﾊﾟｸﾞ"))
	require.Equal(t, 5, displayWidth("Emma "))
	// Combining marks take no cell; an emoji sequence or a flag takes two.
	require.Equal(t, 3, displayWidth("Ze\u0301e"))
	require.Equal(t, 2, displayWidth("か\u3099"))
	require.Equal(t, 2, displayWidth("👨\u200d👩\u200d👧"))
	require.Equal(t, 2, displayWidth("🇯🇵"))
}

// shorten cuts between characters (grapheme clusters), never inside one.
func TestShorten(t *testing.T) {
	require.Equal(t, "abc", shorten("abc", 3))
	require.Equal(t, "ab…", shorten("abcd", 3))
	require.Equal(t, "e\u0301e\u0301…", shorten("e\u0301e\u0301e\u0301e\u0301", 3))
	require.Equal(t, "山…", shorten("山田太郎", 4))
	require.Equal(t, "ﾊﾟ…", shorten("ﾊﾟﾊﾟ", 3))
}

// The demo's export holds none of the table's emails, phones or My Numbers.
func TestDemoHidesValues(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, code := runPiikit(t, "", "demo", "--rows", "300", "--out", dir)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "PUBLIC TEST KEYS")
	table, _ := os.ReadFile(filepath.Join(dir, "users.csv"))
	export, _ := os.ReadFile(filepath.Join(dir, "users.pseudo.csv"))
	g := synthetic.New(1)
	for range 300 {
		u := g.Next()
		require.Contains(t, string(table), u.MyNumber)
		require.NotContains(t, string(export), u.MyNumber)
		require.NotContains(t, string(export), u.Email)
		require.NotContains(t, string(export), u.Phone)
		require.NotContains(t, string(export), u.UserID)
	}

	// Nor do its messages, which mention these users, hold their values;
	// their phones are masked as in users.pseudo.csv.
	msgs, _ := os.ReadFile(filepath.Join(dir, "messages.csv"))
	msgsOut, _ := os.ReadFile(filepath.Join(dir, "messages.pseudo.csv"))
	require.Contains(t, stdout, "Before and after (first 5 messages of messages.csv, body):")
	users, usersOut := csvRecords(table), csvRecords(export)
	found, ids := 0, 0
	for i, u := range synthetic.Users(300, 1) {
		if bytes.Contains(msgs, []byte(u.Email)) {
			found++
			require.NotContains(t, string(msgsOut), u.Email)
		}
		if bytes.Contains(msgs, []byte(u.Phone)) {
			found++
			require.NotContains(t, string(msgsOut), u.Phone)
			require.Contains(t, string(msgsOut), usersOut[i+1][4], "the phone column's mask of %s", users[i+1][0])
		}
		require.NotContains(t, string(msgsOut), u.MyNumber)
		require.NotContains(t, string(msgsOut), u.Name)
		// A user ID in a message (and its sender_id) becomes the pseudonym
		// of the user's user_id in users.pseudo.csv.
		require.NotContains(t, string(msgsOut), u.UserID)
		if bytes.Contains(msgs, []byte("ID: "+u.UserID)) || bytes.Contains(msgs, []byte("account is "+u.UserID)) {
			ids++
			ps := usersOut[i+1][0]
			require.Contains(t, string(msgsOut), fmt.Sprintf("ID(%d):%s", len(ps), ps), "the user_id column's pseudonym of %s", users[i+1][0])
		}
	}
	require.Greater(t, found, 50, "the messages mention the users' values")
	require.Greater(t, ids, 10, "the messages give user IDs")
	require.Regexp(t, `Message M\d+ gives its sender's user ID U\d{8}; the message holds ID\(\d+\):\w+ in its place`, stdout)
	require.Regexp(t, `Message M\d+ gives its sender's phone .+; users.pseudo.csv masks it as .+,\nand so does the message`, stdout)
}

// The manifest ties itself to the output by its SHA-256.
func TestExportManifestHash(t *testing.T) {
	dir := exportDir(t, 100)
	out := filepath.Join(dir, "users.pseudo.csv")
	_, stderr, code := runPiikit(t, "", exportArgs(dir, "--quiet", "--in", filepath.Join(dir, "users.csv"), "--out", out)...)
	require.Equal(t, 0, code, stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	f, err := os.Open(out + ".manifest.json")
	require.NoError(t, err)
	defer f.Close()
	m, err := records.ReadManifest(f)
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	require.Equal(t, hex.EncodeToString(sum[:]), m.OutputSHA256)
	policy, _ := os.ReadFile(filepath.Join(dir, "users.yaml"))
	sum = sha256.Sum256(policy)
	require.Equal(t, hex.EncodeToString(sum[:]), m.PolicySHA256)
	require.Equal(t, int64(100), m.RowsOut)
	require.Equal(t, version(), m.Piikit)
}
