package mask

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

// A mask keeps the character count, not the byte count: masking ASCII
// digits over an alphabet that also holds Greek letters can make the value
// longer in bytes. Whatever Mask returns, Unmask must take back.
func TestMaxLenCountsCharacters(t *testing.T) {
	m, err := New(keysettest.PRF(), field(kind.Generic, "maxlen.test", "", withAlphabet("αβγδεζηθικλμνξοπρστυφχψω0123456789")))
	require.NoError(t, err)

	in := strings.Repeat("0", MaxLen)
	out, err := m.Mask(in)
	require.NoError(t, err)
	require.Greater(t, len(out), MaxLen, "the mask holds 2-byte letters")
	require.NoError(t, m.Check(out))
	back, err := m.Unmask(context.Background(), okHook, testReq, m.KeyID(), out)
	require.NoError(t, err)
	require.Equal(t, in, back[0])

	_, err = m.Mask(in + "0")
	require.ErrorIs(t, err, ErrTooLong)
	_, err = m.Mask(strings.Repeat("α", MaxLen+1))
	require.ErrorIs(t, err, ErrTooLong)
}
