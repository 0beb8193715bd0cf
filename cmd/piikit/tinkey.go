package main

import (
	"bytes"
	"fmt"
	"io"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"

	"github.com/piikit/piikit/internal/fileio"
	"github.com/piikit/piikit/keyset"
)

// Tink interop: piikit binds every encrypted keyset to its purpose with
// associated data; tinkey uses empty associated data. keyset convert
// --from-tinkey and --to-tinkey cross between the two, each said on stderr.

// checkTinkey checks the --from-tinkey and --to-tinkey flags of convert.
func (o *keysetOptions) checkTinkey() error {
	switch {
	case o.fromTinkey && o.toTinkey:
		return usagef("--from-tinkey and --to-tinkey cannot be used together")
	case o.fromTinkey && o.insecureIn, o.toTinkey && o.insecureOut:
		return usagef("--from-tinkey and --to-tinkey are for encrypted keysets; tinkey's cleartext keysets are read and written with --insecure-cleartext-in and --insecure-cleartext-out")
	case o.fromTinkey && o.purpose == "":
		return usagef("--from-tinkey needs --purpose (prf, daead or kek): a keyset in tinkey's form does not say what it is for")
	}
	return nil
}

// noteTinkey says on stderr which crossing a convert made, if any.
func (o *keysetOptions) noteTinkey(stderr io.Writer) {
	switch {
	case o.fromTinkey:
		fmt.Fprintf(stderr, "read %s in tinkey's form (empty associated data); wrote it bound to purpose %s\n", o.in, o.purpose)
	case o.toTinkey:
		fmt.Fprintf(stderr, "wrote the %s keyset in tinkey's form (empty associated data): it is no longer bound to its purpose, and piikit reads it only through keyset convert --from-tinkey\n", o.purpose)
	}
}

// writeTinkeyForm writes h in tinkey's form to the file out, replaced
// atomically with mode 0600, or to stdout if out is "".
func writeTinkeyForm(out string, stdout io.Writer, h *tinkkeyset.Handle, f keyset.Format, kek tink.AEAD, p keyset.Purpose) error {
	if out == "" {
		return keyset.WriteTinkeyForm(stdout, h, f, kek, p)
	}
	var buf bytes.Buffer
	if err := keyset.WriteTinkeyForm(&buf, h, f, kek, p); err != nil {
		return err
	}
	return fileio.WriteFile(out, modePrivate, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}
