package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/piikit/piikit/records"
)

// File modes. An output is created with modePublic, a file that holds
// re-identified values (personal data in clear) with modePrivate; the
// kernel applies the umask to both when the file is created, so a umask of
// 027 gives 0640 and 0600, one of 077 gives 0600 to both. The umask is
// never read or changed: the temporary file is created with the final mode
// and renamed, so there is no window and no second step (an earlier version
// made it 0600 and then chmodded it to 0644, whatever the umask).
const (
	modePublic  os.FileMode = 0o666
	modePrivate os.FileMode = 0o600
)

// atomicFile is an output file that appears under its name only when it is
// complete: it is written to a temporary file in the same directory and
// renamed over the name by commit. An interrupted or failed run leaves no
// file presented as complete (abort removes the temporary file, and a
// signal removes every temporary file still open: see pending).
type atomicFile struct {
	path string
	tmp  *os.File
	done bool
}

// pending are the temporary files not yet committed or aborted, for the
// signal handler to remove before the process exits (deferred aborts do not
// run then).
var pending = struct {
	sync.Mutex
	files map[*atomicFile]bool
}{files: map[*atomicFile]bool{}}

// createAtomic creates the temporary file of path with perm (before the
// umask): modePublic, or modePrivate for re-identified values.
func createAtomic(path string, perm os.FileMode) (*atomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	pending.Lock()
	defer pending.Unlock()
	tmp, err := createTemp(dir, "."+base+".tmp-", perm)
	if err != nil {
		return nil, fmt.Errorf("creating output: %w", err)
	}
	f := &atomicFile{path: path, tmp: tmp}
	pending.files[f] = true
	return f, nil
}

// createTemp is os.CreateTemp with a mode: os.CreateTemp always gives 0600.
func createTemp(dir, prefix string, perm os.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("no free temporary name in %s", dir)
}

func (f *atomicFile) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// commit syncs the data to disk and renames the file into place.
func (f *atomicFile) commit() error {
	pending.Lock()
	defer pending.Unlock()
	if f.done {
		return errors.New("output already closed")
	}
	f.done = true
	delete(pending.files, f)
	err := f.tmp.Sync()
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
		return fmt.Errorf("writing %s: %w", f.path, err)
	}
	return nil
}

// abort removes the temporary file; it is a no-op after commit.
func (f *atomicFile) abort() {
	pending.Lock()
	defer pending.Unlock()
	f.abortLocked()
}

func (f *atomicFile) abortLocked() {
	if f.done {
		return
	}
	f.done = true
	delete(pending.files, f)
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// abortPending removes every temporary file and keeps pending locked, so
// that no file is created or committed after it: the process is exiting.
func abortPending() {
	pending.Lock()
	for f := range pending.files {
		f.abortLocked()
	}
}

// writeFileAtomic writes a small file atomically, with perm as createAtomic.
func writeFileAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	f, err := createAtomic(path, perm)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.abort()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.commit()
}

// formatOf returns "csv" or "jsonl" from a --format flag or a file name.
func formatOf(flagValue, path string) (string, error) {
	switch flagValue {
	case "csv", "jsonl":
		return flagValue, nil
	case "":
	default:
		return "", usagef("--format must be csv or jsonl")
	}
	name := strings.ToLower(path)
	name = strings.TrimSuffix(name, ".tmp")
	switch {
	case strings.HasSuffix(name, ".csv"):
		return "csv", nil
	case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"), strings.HasSuffix(name, ".json"):
		return "jsonl", nil
	}
	return "", usagef("cannot tell the format of %s: use --format csv or --format jsonl", path)
}

// streamFlags are the flags export and reidentify share.
type streamFlags struct {
	root, tokens            keysetSource
	policy, in, out, format string
	quiet                   bool
}

func (f *streamFlags) add(fs *flag.FlagSet, policyUsage, inUsage string) {
	f.root.addFlags(fs, "keyset")
	f.tokens.addFlagsSharing(fs, "token-keyset", &f.root)
	fs.StringVar(&f.policy, "policy", "", policyUsage)
	fs.StringVar(&f.in, "in", "", inUsage)
	fs.StringVar(&f.out, "out", "", "the output `file`, - for stdout")
	fs.StringVar(&f.format, "format", "", "csv or jsonl (default: from the file extension)")
	fs.BoolVar(&f.quiet, "quiet", false, "print no progress and no summary")
}

// check reports a missing flag and returns the run's format.
func (f *streamFlags) check() (string, error) {
	switch {
	case f.policy == "":
		return "", usagef("--policy is required")
	case f.in == "":
		return "", usagef("--in is required")
	case f.out == "":
		return "", usagef("--out is required")
	}
	return streamFormat(f.format, f.in, f.out)
}

// files returns the files of the flags: --in, --policy, the keysets and a
// local KEK are read, --out is written.
func (f *streamFlags) files() *runFiles {
	r := new(runFiles)
	r.input("--in", f.in)
	r.input("--policy", f.policy)
	f.root.files(r)
	f.tokens.files(r)
	r.output("--out", f.out)
	return r
}

// maxWorkers bounds --workers: more goroutines than this only cost memory
// (each holds batches of records in flight), whatever the machine.
const maxWorkers = 256

// checkWorkers refuses a --workers count outside 0 (the number of CPUs) to
// maxWorkers.
func checkWorkers(n int) error {
	if n < 0 || n > maxWorkers {
		return usagef("--workers %d: want 1 to %d, or 0 for the number of CPUs", n, maxWorkers)
	}
	return nil
}

// streamFormat is the format of a run: --format, or the extension of --in,
// or of --out when --in is stdin.
func streamFormat(flagValue, in, out string) (string, error) {
	if flagValue != "" {
		return formatOf(flagValue, "")
	}
	if in == "-" {
		in = out
	}
	return formatOf("", in)
}

// streamRun is what export and reidentify share around a run: --in
// opened, --out written to a temporary file until commit (or to stdout),
// and a progress line unless --quiet.
type streamRun struct {
	in       io.Reader
	out      io.Writer
	outFile  *atomicFile // nil with --out -
	progress *progress   // nil with --quiet
	closeIn  func()
}

// startRun opens the input and output of a run that writes its output with
// mode perm (modePublic, or modePrivate for values in clear). The caller
// defers close.
func startRun(e *env, sf *streamFlags, label string, perm os.FileMode) (*streamRun, error) {
	in, size, closeIn, err := openInput(e, sf.in)
	if err != nil {
		return nil, err
	}
	r := &streamRun{in: in, out: e.stdout, closeIn: closeIn}
	if sf.out != "-" {
		if r.outFile, err = createAtomic(sf.out, perm); err != nil {
			closeIn()
			return nil, err
		}
		r.out = r.outFile
	}
	if !sf.quiet {
		r.progress = newProgress(e.stderr, e.isTerminal, label, size)
	}
	return r, nil
}

// options are the stream options of the run, its progress callback set.
func (r *streamRun) options() *records.StreamOptions {
	opts := &records.StreamOptions{}
	if r.progress != nil {
		opts.Progress = r.progress.update
	}
	return opts
}

// commit puts the output in place; nothing to do for stdout.
func (r *streamRun) commit() error {
	if r.outFile == nil {
		return nil
	}
	return r.outFile.commit()
}

// close removes the output if it was not committed, and closes the input.
func (r *streamRun) close() {
	if r.outFile != nil {
		r.outFile.abort()
	}
	r.closeIn()
}

// openInput opens --in (- for stdin) and returns its size when known.
func openInput(e *env, path string) (io.Reader, int64, func(), error) {
	if path == "-" {
		return e.stdin, 0, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, err
	}
	var size int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return f, size, func() { f.Close() }, nil
}
