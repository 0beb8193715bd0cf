package keyset

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/core/registry"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// LocalKEKPrefix starts the URI of an offline key-encryption key:
// "local-kek://" followed by the path of a cleartext Tink keyset file of
// AES-GCM keys (relative, or absolute as in local-kek:///etc/piikit/kek.json).
const LocalKEKPrefix = "local-kek://"

// KEKFromURI returns the key-encryption key that uri names:
//
//   - local-kek://PATH: the offline KEK in the file PATH, a cleartext Tink
//     JSON or binary keyset of AES128_GCM or AES256_GCM keys, readable by its
//     owner only (mode 0600 or stricter, except on Windows);
//   - any other URI (gcp-kms://…, aws-kms://…, hcvault://…): the AEAD of the
//     first KMS client registered with Tink's registry.RegisterKMSClient that
//     supports it. piikit imports no cloud SDK; a program registers the Tink
//     KMS extension it uses. With none registered, the error is
//     [ErrNoKMSClient].
//
// KMS key URIs and KEK paths are not secret; they appear in error messages,
// except the key that a test-only fake-kms:// URI carries and a URI's user
// information, query and fragment (see shownURI).
func KEKFromURI(uri string) (tink.AEAD, error) {
	if path, ok := strings.CutPrefix(uri, LocalKEKPrefix); ok {
		return localKEK(path)
	}
	client, err := registry.GetKMSClient(uri)
	if err != nil {
		return nil, fmt.Errorf("%w %q (a program registers one with Tink's registry.RegisterKMSClient; offline KEKs use %sPATH)", ErrNoKMSClient, shownURI(uri), LocalKEKPrefix)
	}
	a, err := client.GetAEAD(uri)
	if err != nil {
		return nil, fmt.Errorf("keyset: KMS key %q: %w", shownURI(uri), uriError{err, uri})
	}
	return a, nil
}

func localKEK(path string) (tink.AEAD, error) {
	if path == "" {
		return nil, fmt.Errorf("%w: %s needs a file path", errKEKFile, LocalKEKPrefix)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errKEKFile, err)
	}
	// Like ssh with private keys: a KEK others can read protects nothing.
	if perm := fi.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s has mode %04o, open to group or others; run chmod 600 %s", errKEKFile, path, perm, path)
	}
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errKEKFile, err)
	}
	ks, serialized, err := parseCleartext(data, DetectFormat(data))
	if err != nil {
		return nil, kekFileError(path, err)
	}
	h, err := handleOf(ks, serialized, PurposeKEK)
	if err != nil {
		return nil, kekFileError(path, err)
	}
	a, err := aead.New(h)
	if err != nil {
		return nil, kekFileError(path, err)
	}
	return a, nil
}

// fakeKMSPrefix starts the URIs of Tink's test-only fake KMS, which hold the
// key itself (a cleartext keyset, base64-encoded) after the prefix.
const fakeKMSPrefix = "fake-kms://"

// shownURI is uri as an error may show it: without user information, a
// query or a fragment, which could hold a secret (a token, a password) and
// which no KMS key URI has, and for a fake-kms:// URI, whose rest is key
// material, without its rest. What is left out is shown as "…".
func shownURI(uri string) string {
	if len(uri) >= len(fakeKMSPrefix) && strings.EqualFold(uri[:len(fakeKMSPrefix)], fakeKMSPrefix) {
		return fakeKMSPrefix + "…"
	}
	cut := false
	if i := strings.IndexAny(uri, "?#"); i >= 0 {
		uri, cut = uri[:i], true
	}
	scheme, rest, ok := strings.Cut(uri, "://")
	if !ok {
		scheme, rest = "", uri
	}
	authority, path, _ := strings.Cut(rest, "/")
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = "…@" + authority[i+1:]
	}
	out := authority
	if strings.Contains(rest, "/") {
		out += "/" + path
	}
	if ok {
		out = scheme + "://" + out
	}
	if cut {
		out += "…"
	}
	return out
}

// uriError is a KMS client's error, which may quote the key URI, with the
// URI as shownURI shows it.
type uriError struct {
	err error
	uri string
}

func (e uriError) Error() string { return strings.ReplaceAll(e.err.Error(), e.uri, shownURI(e.uri)) }
func (e uriError) Unwrap() error { return e.err }

// kekFileError wraps err, an error about the KEK file at path, in
// errKEKFile. This package's prefix is written once: err's is dropped.
func kekFileError(path string, err error) error {
	return fmt.Errorf("%w %s: %w", errKEKFile, path, bareError{err})
}

// bareError is err without this package's "keyset: " prefix in its message,
// for nesting one of this package's errors in another.
type bareError struct{ err error }

func (e bareError) Error() string { return strings.TrimPrefix(e.err.Error(), "keyset: ") }
func (e bareError) Unwrap() error { return e.err }
