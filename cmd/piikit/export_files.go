package main

import (
	"flag"
	"io"
	"os"
	"strings"

	"github.com/piikit/piikit/internal/fileio"
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

// formatOf returns "csv", "jsonl" or "parquet" from a --format flag or a
// file name.
func formatOf(flagValue, path string) (string, error) {
	switch flagValue {
	case "csv", "jsonl", "parquet":
		return flagValue, nil
	case "":
	default:
		return "", usagef("--format must be csv, jsonl or parquet")
	}
	name := strings.ToLower(path)
	name = strings.TrimSuffix(name, ".tmp")
	switch {
	case strings.HasSuffix(name, ".csv"):
		return "csv", nil
	case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"), strings.HasSuffix(name, ".json"):
		return "jsonl", nil
	case strings.HasSuffix(name, ".parquet"):
		return "parquet", nil
	}
	return "", usagef("cannot tell the format of %s: use --format csv, jsonl or parquet", path)
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
	fs.StringVar(&f.format, "format", "", "csv, jsonl or parquet (default: from the file extension)")
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
	format, err := streamFormat(f.format, f.in, f.out)
	if err == nil && format == "parquet" && f.in == "-" {
		// A Parquet file ends with its schema: it is read at random.
		return "", usagef("a Parquet input is read at random: --in must be a file, not -")
	}
	return format, err
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
	size     int64 // of in; 0 for stdin
	out      io.Writer
	outFile  *fileio.File // nil with --out -
	progress *progress    // nil with --quiet
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
	r := &streamRun{in: in, size: size, out: e.stdout, closeIn: closeIn}
	if sf.out != "-" {
		if r.outFile, err = fileio.Create(sf.out, perm); err != nil {
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
	return r.outFile.Commit()
}

// close removes the output if it was not committed, and closes the input.
func (r *streamRun) close() {
	if r.outFile != nil {
		r.outFile.Abort()
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

// readerAt returns in, the input of a Parquet run, as what a Parquet
// reader needs: it is read at random, so a file (or, in the demo, bytes).
func readerAt(in io.Reader) (io.ReaderAt, error) {
	if ra, ok := in.(io.ReaderAt); ok {
		return ra, nil
	}
	return nil, usagef("a Parquet input is read at random: it must be a file")
}
