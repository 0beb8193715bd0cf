package fileio

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadFileBound(t *testing.T) {
	name := filepath.Join(t.TempDir(), "k.json")
	require.NoError(t, os.WriteFile(name, []byte("12345"), 0o600))
	data, err := ReadFile(name, 5)
	require.NoError(t, err)
	require.Equal(t, "12345", string(data))
	_, err = ReadFile(name, 4)
	require.ErrorIs(t, err, ErrTooLarge)
}

// A file whose size says nothing (a device, /proc) is read no further than
// its bound: os.ReadFile of /dev/zero (size 0) never ended, its memory
// growing.
func TestReadFileBoundNoSize(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := ReadFile("/dev/zero", 1<<10)
	require.ErrorIs(t, err, ErrTooLarge)
}

// A file appears only when complete: a failed write leaves the old file
// and no temporary file; AbortAll removes what is open.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out")
	require.NoError(t, WriteFile(name, 0o600, func(w io.Writer) error { _, err := io.WriteString(w, "old"); return err }))
	err := WriteFile(name, 0o600, func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("disk full")
	})
	require.Error(t, err)
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	require.Equal(t, "old", string(data))
	f, err := Create(filepath.Join(dir, "other"), 0o666)
	require.NoError(t, err)
	f.Abort()
	require.Error(t, f.Commit(), "aborted")
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, es, 1, "no temporary file left")
}
