// Package fileio writes files that appear under their name only when
// complete, and reads files of a bounded size: keysets (package keyset) and
// the outputs of the piikit command.
package fileio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// MaxKeysetSize bounds what is read as a keyset, in bytes: a keyset of a
// thousand keys is well under 1 MiB.
const MaxKeysetSize = 16 << 20

// ErrTooLarge: a file is larger than its bound. Its callers wrap it in
// their own error.
var ErrTooLarge = errors.New("too large")

// ReadFile reads the named file, refusing one larger than max bytes before
// reading it, and reading no further than max bytes one whose size says
// nothing (a device such as /dev/zero, a pipe, a file that grows).
func ReadFile(name string, max int64) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.Size() > max {
		return nil, ErrTooLarge
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One buffer of the size the file gives (as os.ReadFile), not one that
	// grows from 512 bytes: each growth would leave a copy of the keyset
	// behind in memory.
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(f, max+1))
	data := buf.Bytes()
	if err != nil {
		clear(data)
		return nil, err
	}
	if int64(len(data)) > max { // it grew, or has no size
		clear(data)
		return nil, ErrTooLarge
	}
	return data, nil
}

// File is a file that appears under its name only when it is complete: it
// is written to a temporary file in the same directory and renamed over
// the name by Commit. A failed run leaves no file presented as complete
// (Abort removes the temporary file, and AbortAll every one still open,
// for a process that exits on a signal, when deferred calls do not run).
type File struct {
	path string
	tmp  *os.File
	done bool
}

// pending are the temporary files not yet committed or aborted.
var pending = struct {
	sync.Mutex
	files map[*File]bool
}{files: map[*File]bool{}}

// Create creates the temporary file of path with perm, to which the kernel
// applies the umask (the umask is never read or changed: the file has its
// final mode from the start).
func Create(path string, perm os.FileMode) (*File, error) {
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
	f := &File{path: path, tmp: tmp}
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

func (f *File) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// Commit syncs the data to disk and renames the file into place.
func (f *File) Commit() error {
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

// Abort removes the temporary file; it is a no-op after Commit.
func (f *File) Abort() {
	pending.Lock()
	defer pending.Unlock()
	f.abortLocked()
}

func (f *File) abortLocked() {
	if f.done {
		return
	}
	f.done = true
	delete(pending.files, f)
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// AbortAll removes every temporary file and keeps them locked, so that no
// file is created or committed after it: the process is exiting.
func AbortAll() {
	pending.Lock()
	for f := range pending.files {
		f.abortLocked()
	}
}

// WriteFile writes a small file atomically, with perm as Create: the
// file at path is either the old one or the complete new one.
func WriteFile(path string, perm os.FileMode, write func(io.Writer) error) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Commit()
}
