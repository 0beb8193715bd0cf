package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/require"
)

// The command's behaviour is specified by the scripts in testdata/script: each
// runs piikit as a real process and checks its output, files and exit status.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"piikit": main, "piikit-signal-ready": mainSignalReady})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script", Setup: func(e *testscript.Env) error {
		for k, v := range offlineKMS(e.WorkDir) {
			e.Setenv(k, v)
		}
		return nil
	}})
}

// offlineKMS is an environment in which no KMS client's default chain
// reaches the network: Google's application default credentials are a
// missing file (so the metadata server is not probed), AWS's instance
// metadata is off and its shared files missing, and Vault is a closed port
// on loopback.
func offlineKMS(dir string) map[string]string {
	none := filepath.Join(dir, "no-such-file")
	return map[string]string{
		"GOOGLE_APPLICATION_CREDENTIALS": none,
		"AWS_EC2_METADATA_DISABLED":      "true",
		"AWS_CONFIG_FILE":                none,
		"AWS_SHARED_CREDENTIALS_FILE":    none,
		"VAULT_ADDR":                     "http://127.0.0.1:1",
	}
}

// setOfflineKMS sets offlineKMS's environment for an in-process test; the
// variables of the default chains are unset.
func setOfflineKMS(t *testing.T) {
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KMS", "VAULT_TOKEN"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	for k, v := range offlineKMS(t.TempDir()) {
		t.Setenv(k, v)
	}
}

// runPiikit runs the command in-process, for tests that need more than a
// script can say.
func runPiikit(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), code
}

func TestUnknownCommand(t *testing.T) {
	_, stderr, code := runPiikit(t, "", "frobnicate")
	require.Equal(t, 2, code)
	require.Equal(t, "piikit: unknown command \"frobnicate\" (see piikit --help)\n", stderr)
}

func TestHelpListsEveryCommand(t *testing.T) {
	stdout, _, code := runPiikit(t, "", "--help")
	require.Equal(t, 0, code)
	for name, c := range commands {
		require.Contains(t, stdout, name)
		require.NotEmpty(t, c.summary, name)
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for name := range commands {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := runPiikit(t, "", name, "--help")
			require.Equal(t, 0, code, stderr)
			require.NotEmpty(t, stdout)
			first, _, _ := strings.Cut(stdout, "\n")
			require.Equal(t, 1, strings.Count(stdout, first), "help printed once")
		})
	}
}

// A flag mistake is one line on stderr: the flag package calls Usage on every
// parse error, and the help must not spill onto stdout then.
func TestFlagMistakeIsOneLine(t *testing.T) {
	for name := range commands {
		t.Run(name, func(t *testing.T) {
			args := []string{name, "--no-such-flag"}
			if name == "keyset" {
				args = []string{"keyset", "create", "--no-such-flag"}
			}
			stdout, stderr, code := runPiikit(t, "", args...)
			require.Equal(t, 2, code)
			require.Empty(t, stdout)
			require.Equal(t, 1, strings.Count(stderr, "\n"), stderr)
			require.Contains(t, stderr, "no-such-flag")
		})
	}
}
