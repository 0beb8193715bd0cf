package beam

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// A worker whose keyset could not be read reads it again when Beam
// retries: the failure is not kept for the life of the process.
func TestLoadRetriesAfterFailure(t *testing.T) {
	dir := t.TempDir()
	kekPath, prf := filepath.Join(dir, "kek.json"), filepath.Join(dir, "prf.json")
	require.NoError(t, insecurecleartext.WriteFile(kekPath, keysettest.KEK(), keyset.JSON, keyset.PurposeKEK))
	require.NoError(t, os.Chmod(kekPath, 0o600))
	cfg := Config{Keyset: prf, MasterKeyURI: keyset.LocalKEKPrefix + kekPath}

	_, err := cfg.load(context.Background())
	require.Error(t, err) // no keyset file yet

	kek, err := keyset.KEKFromURI(cfg.MasterKeyURI)
	require.NoError(t, err)
	require.NoError(t, keyset.WriteFile(prf, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF))
	l, err := cfg.load(context.Background())
	require.NoError(t, err)
	require.NotNil(t, l.keys)
	again, err := cfg.load(context.Background())
	require.NoError(t, err)
	require.Same(t, l, again) // read once
}
