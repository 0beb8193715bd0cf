package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// mainSignalReady is main, saying so on stderr once signals are handled: a
// test sends its signal after that line, so that the signal reaches the
// handler and not Go's default action.
func mainSignalReady() {
	runProcess(func() { fmt.Fprintln(os.Stderr, "signals handled") })
}

// A signal ends a run that waits for input that never comes (stdin open,
// no data) at once: exit status 128+signal, no temporary file left. Before,
// SIGINT and SIGTERM were ignored until stdin had data.
func TestSignalEndsRunWaitingForInput(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send")
	}
	bin, err := exec.LookPath("piikit-signal-ready")
	require.NoError(t, err, "TestMain puts the command on PATH")
	dir := t.TempDir()
	require.NoError(t, insecurecleartext.WriteFile(filepath.Join(dir, "prf.json"), keysettest.PRF(), keyset.JSON, keyset.PurposePRF))
	require.NoError(t, insecurecleartext.WriteFile(filepath.Join(dir, "daead.json"), keysettest.DeterministicAEAD(), keyset.JSON, keyset.PurposeDeterministicAEAD))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policy.yaml"), []byte("version: 1\nfields:\n  user_id: {transform: pseudonym, kind: id, domain: users.user_id}\n"), 0o600))
	keys := []string{"--keyset", "prf.json", "--insecure-cleartext-keyset"}
	cases := []struct {
		name string
		args []string
		sig  syscall.Signal
		tmp  string // a temporary file the run makes before it reads
	}{
		{"token", append([]string{"token", "--kind", "id", "--domain", "d"}, keys...), syscall.SIGINT, ""},
		{"detoken", []string{"detoken", "--kind", "id", "--domain", "d", "--reason", "r", "--actor", "a", "--keyset", "daead.json", "--insecure-cleartext-keyset"}, syscall.SIGTERM, ""},
		{"export", append([]string{"export", "--policy", "policy.yaml", "--in", "-", "--out", "out.csv", "--format", "csv", "--quiet"}, keys...), syscall.SIGINT, ".out.csv.tmp-"},
		{"export SIGTERM", append([]string{"export", "--policy", "policy.yaml", "--in", "-", "--out", "out.csv", "--format", "csv"}, keys...), syscall.SIGTERM, ".out.csv.tmp-"},
		{"scan", []string{"scan", "--in", "-", "--format", "csv", "--names=false", "--manifest", "none"}, syscall.SIGINT, ""},
		{"scan jsonl SIGTERM", []string{"scan", "--in", "-", "--format", "jsonl", "--manifest", "none"}, syscall.SIGTERM, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdinR, stdinW, err := os.Pipe()
			require.NoError(t, err)
			defer stdinW.Close() // open, without data, until the end
			stderrR, stderrW, err := os.Pipe()
			require.NoError(t, err)
			defer stderrR.Close()
			cmd := exec.Command(bin, c.args...)
			cmd.Dir, cmd.Stdin, cmd.Stderr = dir, stdinR, stderrW
			require.NoError(t, cmd.Start())
			stdinR.Close()
			stderrW.Close()
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			defer cmd.Process.Kill()

			stderr := bufio.NewReader(stderrR)
			line, err := stderr.ReadString('\n')
			require.NoError(t, err)
			require.Equal(t, "signals handled\n", line)
			if c.tmp != "" {
				waitForFile(t, dir, c.tmp, done)
			}
			require.NoError(t, cmd.Process.Signal(c.sig))
			select {
			case <-done:
			case <-time.After(time.Minute): // a bound for a hang, not a timing
				t.Fatal("the run did not end on the signal")
			}
			rest, _ := io.ReadAll(stderr)
			require.Equal(t, 128+int(c.sig), cmd.ProcessState.ExitCode(), "stderr: %s", rest)
			require.Contains(t, string(rest), "piikit: interrupted")
			names := files(t, dir)
			require.ElementsMatch(t, []string{"daead.json", "policy.yaml", "prf.json"}, names, "no output, no temporary file")
		})
	}
}

// waitForFile waits until dir holds a file whose name starts with prefix,
// or the process ends (done), which fails the test.
func waitForFile(t *testing.T, dir, prefix string, done <-chan error) {
	t.Helper()
	for {
		for _, n := range files(t, dir) {
			if strings.HasPrefix(n, prefix) {
				return
			}
		}
		select {
		case err := <-done:
			t.Fatalf("the run ended before it made %s*: %v", prefix, err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}
