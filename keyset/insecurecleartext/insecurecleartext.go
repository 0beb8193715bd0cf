// Package insecurecleartext reads and writes keysets without encryption.
//
// This package contains dangerous functions, and is separate from package
// keyset so that its usage can be restricted and audited, like tink-go's own
// insecurecleartextkeyset. A cleartext keyset file protects its keys only as
// well as the file system protects the file: anyone who can read the file,
// its backups or the disk it sits on can re-identify everything made with
// it. Use [keyset.Read] and [keyset.Write] with a KMS or an offline KEK
// instead.
//
// It has two legitimate uses: the offline key-encryption key of a
// local-kek:// URI, which is by design the one cleartext keyset of a
// deployment (see package keyset, "Offline KEK"), and test fixtures (see
// package keyset/keysettest).
//
// Every function checks the keyset for its purpose with [keyset.Check], and
// returns the same typed errors as package keyset.
package insecurecleartext

import (
	"bytes"
	"fmt"
	"io"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/internal/fileio"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/internal/cleartext"
)

// maxSize is package keyset's bound on what is read as a keyset.
const maxSize = fileio.MaxKeysetSize

// Read reads a cleartext keyset for purpose p in format f. An encrypted
// keyset fails with [keyset.ErrEncrypted].
func Read(r io.Reader, f keyset.Format, p keyset.Purpose) (*tinkkeyset.Handle, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("keyset: read: %w", err)
	}
	return cleartext.Decode(data, f == keyset.Binary, string(p))
}

// ReadFile is [Read] from the named file.
func ReadFile(name string, f keyset.Format, p keyset.Purpose) (*tinkkeyset.Handle, error) {
	data, err := cleartext.ReadFile(name)
	if err != nil {
		return nil, err
	}
	h, err := cleartext.Decode(data, f == keyset.Binary, string(p))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return h, nil
}

// Write checks h for purpose p and writes it to w in format f, unencrypted.
// On error nothing is written.
func Write(w io.Writer, h *tinkkeyset.Handle, f keyset.Format, p keyset.Purpose) error {
	data, err := cleartext.Encode(h, f == keyset.Binary, string(p))
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
		return fmt.Errorf("keyset: write: %w", err)
	}
	return nil
}

// WriteFile is [Write] to the named file, which it creates or replaces
// atomically with mode 0600: on error the file is left as it was.
func WriteFile(name string, h *tinkkeyset.Handle, f keyset.Format, p keyset.Purpose) error {
	data, err := cleartext.Encode(h, f == keyset.Binary, string(p))
	if err != nil {
		return err
	}
	return cleartext.WriteFile(name, data)
}
