package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/piikit/piikit/keyset"
)

// errSameFile: a file a run writes is also one it reads, or one it writes
// under another flag.
var errSameFile = errors.New("same file")

// sameFileError names the two flags that give one file.
type sameFileError struct{ out, other string }

func (e *sameFileError) Error() string {
	return fmt.Sprintf("%s and %s are the same file: give %s another path", e.out, e.other, e.out)
}

func (e *sameFileError) Unwrap() error { return errSameFile }

// A flagPath is a file named by a flag.
type flagPath struct{ flag, path string }

// runFiles are the files a run reads and writes, by flag. Every command
// that writes a file checks its runFiles before it reads or writes
// anything: an output that is an input, a keyset, the policy, a KEK file,
// the audit log or another output would destroy it, or (the audit log)
// erase the record of what was revealed.
type runFiles struct{ inputs, outputs []flagPath }

// input adds a file the run reads; "" (not given) and "-" (stdin) are no
// files.
func (r *runFiles) input(flag, path string) {
	if path != "" && path != "-" {
		r.inputs = append(r.inputs, flagPath{flag, path})
	}
}

// output adds a file the run writes (or appends to); "" and "-" (stdout)
// are no files.
func (r *runFiles) output(flag, path string) {
	if path != "" && path != "-" {
		r.outputs = append(r.outputs, flagPath{flag, path})
	}
}

// kek adds the file of a local-kek://PATH key-encryption key, read by the
// run; KMS URIs name no file.
func (r *runFiles) kek(flag, uri string) {
	if path, ok := strings.CutPrefix(uri, keyset.LocalKEKPrefix); ok {
		r.input(flag, path)
	}
}

// check returns a *sameFileError, as a usage error, if an output is the
// same file as an input or as another output, and a usage error if an
// output that exists is not a regular file.
func (r *runFiles) check() error {
	for i, out := range r.outputs {
		for _, other := range append(r.inputs[:len(r.inputs):len(r.inputs)], r.outputs[:i]...) {
			if sameFile(out.path, other.path) {
				return usageErr(&sameFileError{out: out.flag, other: other.flag})
			}
		}
	}
	for _, out := range r.outputs {
		if err := checkRegular(out); err != nil {
			return err
		}
	}
	return nil
}

// checkRegular refuses an output that exists and is not a regular file.
// Outputs are renamed into place (and a stale one removed), which would
// replace a FIFO, a device (/dev/null) or a symlink (/dev/stdout, or a
// link whose target then stays as it was), not write to what it names.
// Appended files (the audit log) are written through, and not checked.
func checkRegular(out flagPath) error {
	if out.flag == "--audit-log" {
		return nil
	}
	fi, err := os.Lstat(out.path)
	if err != nil || fi.Mode().IsRegular() {
		return nil
	}
	return usagef("%s %s is not a regular file (a FIFO, device, directory or symlink): give another path", out.flag, out.path)
}

// sameFile reports whether paths a and b name one file. Files that exist
// are compared as files (os.SameFile: symlinks, hard links, any spelling of
// the path); files that do not exist yet by their absolute paths, with the
// symlinks of their directories (and a dangling symlink itself) resolved.
func sameFile(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	switch {
	case errA == nil && errB == nil:
		return os.SameFile(fa, fb)
	case errA == nil || errB == nil:
		return false
	}
	return resolvePath(a) == resolvePath(b)
}

// resolvePath is the absolute path a file that does not exist yet would be
// created at.
func resolvePath(p string) string {
	p, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	// A dangling symlink: opening it for writing creates its target.
	// filepath.EvalSymlinks fails on it, so follow it by hand.
	for range 40 {
		target, err := os.Readlink(p)
		if err != nil {
			break
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = target
	}
	dir, base := filepath.Split(p)
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	return filepath.Join(dir, base)
}
