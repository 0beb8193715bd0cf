package mask_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/mask/display"
	"github.com/piikit/piikit/tokenize"
)

// A value error is one error whichever package produced it: a caller
// branches with mask's or tokenize's sentinel alike.
func TestValueErrorsSharedWithTokenize(t *testing.T) {
	require.True(t, mask.ErrInvalidValue == tokenize.ErrInvalidValue)
	require.True(t, mask.ErrEmpty == tokenize.ErrEmpty)
	require.True(t, mask.ErrTooLong == tokenize.ErrTooLong)
	require.True(t, mask.ErrInvalidUTF8 == tokenize.ErrInvalidUTF8)

	f := kind.Field{Kind: kind.Email, Domain: "users.email"}
	m, err := mask.New(keysettest.PRF(), f)
	require.NoError(t, err)
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), f)
	require.NoError(t, err)
	d, err := display.New(kind.Field{Kind: kind.Email})
	require.NoError(t, err)
	produce := map[string]func(string) (string, error){"mask": m.Mask, "pseudonym": p.Pseudonym, "display": d.Mask}
	for name, f := range produce {
		for in, want := range map[string]error{
			"": mask.ErrEmpty,
			strings.Repeat("a", 300) + "@example.com": tokenize.ErrTooLong,
			"\xff@example.com":                        mask.ErrInvalidUTF8,
			"not an email":                            tokenize.ErrInvalidValue,
		} {
			_, err := f(in)
			require.ErrorIs(t, err, want, "%s %.20q", name, in)
			require.True(t, errors.Is(err, mask.ErrInvalidValue), "%s: every value error wraps ErrInvalidValue", name)
		}
	}
}
