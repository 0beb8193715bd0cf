package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
)

func writeFixture(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, keysettest.CleartextJSON(name), 0o600))
	return p
}

// If the audit line cannot be written, detoken reveals nothing.
func TestDetokenFailsClosedWithoutAudit(t *testing.T) {
	ks := writeFixture(t, "daead.json")
	tokArgs := []string{"token", "--reversible", "--keyset", ks, "--insecure-cleartext-keyset", "--kind", "email", "--domain", "users.email"}
	tokens, stderr, code := runPiikit(t, "a@example.com\nb@example.com\n", tokArgs...)
	require.Equal(t, 0, code, stderr)

	badLog := filepath.Join(t.TempDir(), "no-such-dir", "audit.jsonl")
	stdout, stderr, code := runPiikit(t, tokens, "detoken", "--keyset", ks, "--insecure-cleartext-keyset", "--kind", "email", "--domain", "users.email",
		"--reason", "ticket 1", "--actor", "x", "--audit-log", badLog)
	require.Equal(t, 1, code)
	require.Empty(t, stdout)
	require.Contains(t, stderr, "audit: hook failed; nothing revealed")
	require.NotContains(t, stderr, "example.com")

	// A reason with control characters is refused before anything is read.
	_, stderr, code = runPiikit(t, tokens, "detoken", "--keyset", ks, "--insecure-cleartext-keyset", "--kind", "email", "--domain", "users.email",
		"--reason", "a\x1bb")
	require.Equal(t, 2, code, stderr)
}

// Values never reach stderr, whatever is wrong with them.
func TestTokenNeverEchoesValues(t *testing.T) {
	ks := writeFixture(t, "prf.json")
	in := strings.Join([]string{
		"SECRET-no-at", "SECRET@localhost", "SECRET\xff@example.com", "SECRET value@example.com",
		"SECRET@" + strings.Repeat("x", 2000) + ".com", strings.Repeat("SECRET", 2000),
	}, "\n")
	for _, kind := range []string{"email", "phone", "name", "id"} {
		stdout, stderr, code := runPiikit(t, in, "token", "--keyset", ks, "--insecure-cleartext-keyset", "--kind", kind, "--domain", "d", "--region", map[bool]string{true: "JP"}[kind == "phone"])
		require.NotContains(t, stderr, "SECRET", kind)
		require.NotContains(t, stdout, "SECRET", kind)
		require.Equal(t, 6, strings.Count(stdout, "\n"), kind)
		if kind == "email" || kind == "phone" {
			require.Equal(t, 1, code)
		}
	}
}

func TestReadLines(t *testing.T) {
	type line struct {
		n    int
		text string
		err  error
	}
	read := func(in string) []line {
		var got []line
		err := readLines(context.Background(), strings.NewReader(in), func(n int, b []byte, err error) error {
			got = append(got, line{n, string(b), err})
			return nil
		})
		require.NoError(t, err)
		return got
	}
	require.Empty(t, read(""))
	require.Equal(t, []line{{1, "a", nil}}, read("a"))
	require.Equal(t, []line{{1, "a", nil}}, read("a\n"))
	require.Equal(t, []line{{1, "a", nil}, {2, "", nil}, {3, "b", nil}}, read("a\r\n\nb\r\n"))
	long := strings.Repeat("x", maxLineLen+1)
	require.Equal(t, []line{{1, "", errLineTooLong}, {2, "b", nil}}, read(long+"\nb\n"))
	require.Equal(t, []line{{1, "", errLineTooLong}}, read(long+strings.Repeat("y", 3*maxLineLen)))
	exact := strings.Repeat("x", maxLineLen)
	require.Equal(t, []line{{1, exact, nil}, {2, exact, nil}}, read(exact+"\r\n"+exact))
}
