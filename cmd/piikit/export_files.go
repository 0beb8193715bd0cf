package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// atomicFile is an output file that appears under its name only when it is
// complete: it is written to a temporary file in the same directory and
// renamed over the name by commit. An interrupted or failed run leaves no
// file presented as complete (abort removes the temporary file).
type atomicFile struct {
	path string
	tmp  *os.File
	done bool
}

func createAtomic(path string) (*atomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("creating output: %w", err)
	}
	return &atomicFile{path: path, tmp: tmp}, nil
}

func (f *atomicFile) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// commit syncs the data to disk and renames the file into place.
func (f *atomicFile) commit() error {
	if f.done {
		return errors.New("output already closed")
	}
	f.done = true
	err := f.tmp.Sync()
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.tmp.Name(), 0o644)
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
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// writeFileAtomic writes a small file atomically.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	f, err := createAtomic(path)
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
