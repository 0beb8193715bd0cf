package keyset

import (
	"io"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// ReadTinkeyForm reads a keyset in tinkey's form: encrypted under kek with
// empty associated data, as tinkey and Tink's keyset.Handle.Write write
// keysets. Nothing in such a file says what it is for, so p is the caller's
// word, checked only against the key types ([Check]). A keyset in piikit's
// form fails with a [*PurposeError] whose Want is empty.
//
// Use it to import a keyset made by tinkey, then write it with [Write] to
// bind it to its purpose.
func ReadTinkeyForm(r io.Reader, f Format, kek tink.AEAD, p Purpose) (*tinkkeyset.Handle, error) {
	return readEncrypted(r, f, kek, p, true)
}

// WriteTinkeyForm checks h with [Check] for purpose p and writes it in
// tinkey's form: encrypted under kek with empty associated data, so that
// tinkey and Tink's keyset.Read read it. On error nothing is written.
//
// The result is not bound to p: [Read] refuses it (a [*PurposeError] whose
// Got is empty), and it could be loaded, by Tink or by [ReadTinkeyForm], as
// a keyset of any purpose whose key types it holds. Write it only for a tool
// that needs tinkey's form, and keep piikit's form as the one in use.
func WriteTinkeyForm(w io.Writer, h *tinkkeyset.Handle, f Format, kek tink.AEAD, p Purpose) error {
	return writeEncrypted(w, h, f, kek, p, bindingData(""))
}
