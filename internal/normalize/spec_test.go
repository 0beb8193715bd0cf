package normalize_test

import (
	"encoding/json"
	"errors"
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

// TestSpecVectors pins the normalization vectors of SPEC.md §3.
func TestSpecVectors(t *testing.T) {
	for _, v := range spectest.Vectors(t, "normalize") {
		var in string
		require.NoError(t, json.Unmarshal([]byte(v["input (JSON)"]), &in), v["input (JSON)"])
		t.Run(v["kind"]+"/"+v["input (JSON)"], func(t *testing.T) {
			k, err := normalize.ParseKind(v["kind"])
			require.NoError(t, err)
			n, err := normalize.New(k, normalize.Options{Region: v["region"]})
			require.NoError(t, err)
			got, err := n.Normalize(in)
			if v["error"] != "" {
				want, ok := sentinels[v["error"]]
				require.True(t, ok, "unknown error name %q", v["error"])
				require.True(t, errors.Is(err, want), "got %v, want %s", err, v["error"])
				return
			}
			require.NoError(t, err)
			require.Equal(t, v["normalized"], got)
		})
	}
}
