package keyset

import (
	"errors"
	"fmt"
)

// Errors of reading keysets, wrapped with more detail; branch on them with
// errors.Is. Errors that need no branching (an unknown template, format,
// purpose or key ID, a key management step that is not allowed, a keyset
// with no usable primary key, an unusable KEK file) are not exported: their
// messages say what to fix. No message ever holds key material.
var (
	// ErrMalformed: the data is not a Tink keyset of the expected format:
	// empty, truncated, corrupted, or JSON where binary was expected.
	ErrMalformed = errors.New("keyset: malformed keyset")
	// ErrCleartext: a cleartext keyset where an encrypted one is expected.
	ErrCleartext = errors.New("keyset: keyset is not encrypted")
	// ErrEncrypted: an encrypted keyset where a cleartext one is expected.
	ErrEncrypted = errors.New("keyset: keyset is encrypted")
	// ErrDecrypt: the keyset does not decrypt under the key-encryption key,
	// with the associated data of any purpose: a wrong KEK, or a corrupted
	// file. Like any authentication failure it says no more than that.
	ErrDecrypt = errors.New("keyset: cannot decrypt keyset")
	// ErrWrongPurpose: the keyset was encrypted for another purpose. The
	// error is a [*PurposeError], which names both purposes.
	ErrWrongPurpose = errors.New("keyset: keyset was encrypted for another purpose")
	// errUnknownTemplate: the key template name is not one of [Templates].
	errUnknownTemplate = errors.New("keyset: unknown key template")
	// errUnknownKeyID: no key of the keyset has this key ID.
	errUnknownKeyID = errors.New("keyset: no key with this ID")
	// errKeyNotEnabled: the key is disabled or destroyed, so it cannot
	// become the primary.
	errKeyNotEnabled = errors.New("keyset: key is not enabled")
	// errKeyDestroyed: the key was destroyed (by Java's tinkey
	// destroy-key) and cannot be enabled again.
	errKeyDestroyed = errors.New("keyset: key is destroyed")
	// errPrimaryKey: the primary key cannot be disabled or deleted; promote
	// another key first.
	errPrimaryKey = errors.New("keyset: not allowed on the primary key")
	// ErrNoKMSClient: no KMS client registered with Tink's
	// registry.RegisterKMSClient supports the key URI.
	ErrNoKMSClient = errors.New("keyset: no KMS client for key URI")
	// errKEKFile: the offline KEK file of a local-kek:// URI cannot be used
	// (missing, readable by others, or not an AES-GCM keyset).
	errKEKFile = errors.New("keyset: unusable KEK file")
)

// PurposeError reports a keyset that decrypts under the key-encryption key
// but was written for another purpose than the one asked for. It wraps
// [ErrWrongPurpose]. An empty Want or Got stands for tinkey's form, empty
// associated data ([ReadTinkeyForm]).
type PurposeError struct {
	Want, Got Purpose
}

func (e *PurposeError) Error() string {
	switch {
	case e.Got == "":
		return fmt.Sprintf("keyset: keyset was encrypted with empty associated data (tinkey's form), not for purpose %q", string(e.Want))
	case e.Want == "":
		return fmt.Sprintf("keyset: keyset was encrypted for purpose %q (piikit's form), not with empty associated data (tinkey's form)", string(e.Got))
	}
	return fmt.Sprintf("keyset: keyset was encrypted for purpose %q, not %q", string(e.Got), string(e.Want))
}

// Unwrap returns [ErrWrongPurpose].
func (e *PurposeError) Unwrap() error { return ErrWrongPurpose }
