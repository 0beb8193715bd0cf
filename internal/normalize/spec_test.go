package normalize_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/internal/spectest"
)

var sentinels = map[string]error{
	"ErrEmpty":       normalize.ErrEmpty,
	"ErrTooLong":     normalize.ErrTooLong,
	"ErrInvalidUTF8": normalize.ErrInvalidUTF8,
	"ErrInvalid":     normalize.ErrInvalid,
}

// TestSpecVectors pins the normalization vectors of SPEC.md §3
// (testdata/vectors/normalize.json). An error is named in the file as SPEC.md
// names it; sentinels maps the name to the error it stands for.
func TestSpecVectors(t *testing.T) {
	for i, v := range spectest.Load[spectest.Normalize](t).Vectors {
		t.Run(fmt.Sprintf("%d/%s", i, v.Kind), func(t *testing.T) {
			k, err := normalize.ParseKind(v.Kind)
			require.NoError(t, err)
			n, err := normalize.New(k, normalize.Options{Region: v.Region})
			require.NoError(t, err)
			got, err := n.Normalize(v.Input)
			if v.Error != "" {
				want, ok := sentinels[v.Error]
				require.True(t, ok, "unknown error name %q", v.Error)
				require.True(t, errors.Is(err, want), "got %v, want %s", err, v.Error)
				return
			}
			require.NoError(t, err)
			require.Equal(t, v.Normalized, got)
		})
	}
}
