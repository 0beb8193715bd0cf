package records

import (
	"errors"
	"fmt"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

// ErrUnsupported: the transform is not available for this kind.
var ErrUnsupported = errors.New("records: transform not supported")

// library binds policy transforms to tokenize and mask.
type library struct {
	root, tokens *tinkkeyset.Handle
}

func newLibrary(root, tokens *tinkkeyset.Handle) (*library, error) {
	return &library{root: root, tokens: tokens}, nil
}

func (l *library) bind(s spec) (valueTransform, error) {
	return nil, fmt.Errorf("%w: %s of kind %s", ErrUnsupported, s.transform, s.kind)
}
