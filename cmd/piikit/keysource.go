package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"

	"github.com/piikit/piikit/internal/fileio"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
)

// keysetSource is how every command that uses keys loads a keyset: the flags
// --<name> FILE, --master-key-uri URI and --insecure-cleartext-keyset, and
// a load that checks the keyset for its purpose. The file's format (JSON or
// binary) is detected from its content.
//
// A command that takes one keyset:
//
//	var root keysetSource
//	root.addFlags(fs, "keyset")
//	…parse flags…
//	h, err := root.load(ctx, keyset.PurposePRF)
//
// A command that takes two keysets (export: a PRF root and a token keyset)
// registers --master-key-uri and --insecure-cleartext-keyset once, with the
// first, and shares them with the second:
//
//	var root, tokens keysetSource
//	root.addFlags(fs, "keyset")
//	tokens.addFlagsSharing(fs, "token-keyset", &root)
//	…
//	rh, err := root.load(ctx, keyset.PurposePRF)
//	th, err := tokens.load(ctx, keyset.PurposeDeterministicAEAD)
//
// Both keysets are then encrypted under the same KEK (or both cleartext),
// and the KEK is opened once. Errors from load are usage errors (exit 2) for
// missing or conflicting flags and one-line errors (exit 1) otherwise.
type keysetSource struct {
	name string // the flag name, "keyset" for most commands
	path string
	kek  *kekFlags
}

// kekFlags are the flags that say how keysets are protected, shared by the
// keysets of one command.
type kekFlags struct {
	uri, credential   string
	insecureCleartext bool

	once sync.Once
	aead tink.AEAD
	err  error
}

// credentialUsage is the help of --credential.
const credentialUsage = "the credentials `file` of the KMS of --master-key-uri (GCP: a service account key; AWS: CSV or INI credentials; Vault: a token); default: the KMS's default chain"

// addFlags registers --<name>, --master-key-uri, --credential and
// --insecure-cleartext-keyset on fs.
func (s *keysetSource) addFlags(fs *flag.FlagSet, name string) {
	s.name = name
	s.kek = new(kekFlags)
	fs.StringVar(&s.path, name, "", "the `file` of the keyset, Tink JSON or binary, encrypted under --master-key-uri")
	s.kek.addFlags(fs)
}

// addFlagsSharing registers --<name> on fs; the keyset shares
// --master-key-uri and --insecure-cleartext-keyset with first, whose
// addFlags must have been called.
func (s *keysetSource) addFlagsSharing(fs *flag.FlagSet, name string, first *keysetSource) {
	s.name = name
	s.kek = first.kek
	fs.StringVar(&s.path, name, "", "the `file` of the keyset, Tink JSON or binary, encrypted under --master-key-uri")
}

func (k *kekFlags) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&k.uri, "master-key-uri", "", "the key-encryption key of the keyset: local-kek://PATH for an offline KEK file, or a KMS key `URI`: gcp-kms://, aws-kms://, hcvault://")
	fs.StringVar(&k.credential, "credential", "", credentialUsage)
	fs.BoolVar(&k.insecureCleartext, "insecure-cleartext-keyset", false, "read an unencrypted keyset, without --master-key-uri: INSECURE, for tests and fixtures only")
}

// files adds the keyset file and the KEK file, if local, to the files the
// run reads.
func (s *keysetSource) files(r *runFiles) {
	r.input("--"+s.name, s.path)
	r.kek("--master-key-uri", s.kek.uri)
}

// check reports missing or conflicting KEK flags, as a usage error.
func (k *kekFlags) check() error {
	return kekFlagsOK(k.uri, k.insecureCleartext, "--master-key-uri", "--insecure-cleartext-keyset")
}

// get opens the key-encryption key once.
func (k *kekFlags) get(ctx context.Context) (tink.AEAD, error) {
	k.once.Do(func() { k.aead, k.err = openKEK(ctx, k.uri, k.credential) })
	return k.aead, k.err
}

// load reads the keyset and checks it for purpose p.
func (s *keysetSource) load(ctx context.Context, p keyset.Purpose) (*tinkkeyset.Handle, error) {
	if s.path == "" {
		return nil, usagef("--%s is required", s.name)
	}
	if err := s.kek.check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := readKeysetFile(s.path)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", s.name, err)
	}
	f := keyset.DetectFormat(data)
	var h *tinkkeyset.Handle
	if s.kek.insecureCleartext {
		h, err = insecurecleartext.Read(bytes.NewReader(data), f, p)
	} else {
		var kek tink.AEAD
		if kek, err = s.kek.get(ctx); err != nil {
			return nil, withHint(err, "")
		}
		h, err = keyset.Read(bytes.NewReader(data), f, kek, p)
	}
	if err != nil {
		return nil, fmt.Errorf("--%s %s: %w", s.name, s.path, withHint(err, "--insecure-cleartext-keyset"))
	}
	return h, nil
}

// withHint adds to err what to do about it on the command line.
func withHint(err error, cleartextFlag string) error {
	switch {
	case errors.Is(err, keyset.ErrCleartext):
		return fmt.Errorf("%w; read it with %s (INSECURE), or encrypt it with piikit keyset convert --insecure-cleartext-in", err, cleartextFlag)
	case errors.Is(err, keyset.ErrEncrypted):
		return fmt.Errorf("%w; give its --master-key-uri instead of %s", err, cleartextFlag)
	case errors.Is(err, keyset.ErrNoKMSClient):
		return fmt.Errorf("%w; piikit opens local-kek://, gcp-kms://, aws-kms:// and hcvault:// key URIs", err)
	}
	var pe *keyset.PurposeError
	switch {
	case !errors.As(err, &pe):
	case pe.Got == "":
		return fmt.Errorf("%w; import it with piikit keyset convert --from-tinkey --purpose %s", err, pe.Want)
	case pe.Want == "":
		return fmt.Errorf("%w; read it without --from-tinkey", err)
	}
	return err
}

// readKeysetFile reads a keyset file, refusing anything larger than a keyset
// could be before reading it.
func readKeysetFile(path string) ([]byte, error) {
	data, err := fileio.ReadFile(path, fileio.MaxKeysetSize)
	if errors.Is(err, fileio.ErrTooLarge) {
		return nil, fmt.Errorf("%s: %w: larger than %d MiB", path, keyset.ErrMalformed, fileio.MaxKeysetSize>>20)
	}
	return data, err
}
