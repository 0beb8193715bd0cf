package normalize

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Unicode folds Cherokee small letters to the capitals (CaseFolding.txt:
// "AB70; C; 13A0", "13F8; C; 13F0"); x/text folds both ways
// (golang/go#46101), which made name normalization non-idempotent.
func TestCherokeeFoldsToCapitals(t *testing.T) {
	n, err := New(Name, Options{})
	require.NoError(t, err)
	for _, v := range []string{"\u13D6", "\uABA6", "\u13F8", "\u13F0"} {
		got, err := n.Normalize(v)
		require.NoError(t, err)
		again, err := n.Normalize(got)
		require.NoError(t, err)
		require.Equal(t, got, again, "idempotent for %U", []rune(v))
	}
	capital, _ := n.Normalize("\u13D6")
	small, _ := n.Normalize("\uABA6")
	require.Equal(t, "\u13D6", capital)
	require.Equal(t, capital, small)
	lastCapital, _ := n.Normalize("\u13F0")
	lastSmall, _ := n.Normalize("\u13F8")
	require.Equal(t, "\u13F0", lastSmall)
	require.Equal(t, lastCapital, lastSmall)
}
