// Package cleartext lets package keyset/insecurecleartext reach the cleartext
// keyset functions of package keyset without exporting them from keyset, the
// way tink-go's insecurecleartextkeyset reaches keyset internals. Package
// keyset sets the functions in its init.
package cleartext

import tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

var (
	// Decode parses and checks a cleartext keyset for a purpose.
	Decode func(data []byte, binary bool, purpose string) (*tinkkeyset.Handle, error)
	// Encode checks a keyset for a purpose and encodes it in cleartext.
	Encode func(h *tinkkeyset.Handle, binary bool, purpose string) ([]byte, error)
	// ReadFile reads a keyset file, refusing one that is too large.
	ReadFile func(name string) ([]byte, error)
	// WriteFile replaces a file atomically with mode 0600.
	WriteFile func(name string, data []byte) error
)
