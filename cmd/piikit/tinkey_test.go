package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
)

// tinkeyWriteFile writes h to path as tinkey does: Tink's own Handle.Write,
// which encrypts with empty associated data.
func tinkeyWriteFile(t *testing.T, path string, h *tinkkeyset.Handle, kek tink.AEAD) {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, h.Write(tinkkeyset.NewJSONWriter(f), kek))
	require.NoError(t, f.Close())
}

// tinkeyReadFile reads path as tinkey does: Tink's own keyset.Read, empty
// associated data.
func tinkeyReadFile(t *testing.T, path string, kek tink.AEAD) (*tinkkeyset.Handle, error) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	return tinkkeyset.Read(tinkkeyset.NewJSONReader(f), kek)
}

func material(h *tinkkeyset.Handle) string {
	return insecurecleartextkeyset.KeysetMaterial(h).String()
}

// A keyset crosses between tinkey's form and piikit's only through keyset
// convert --from-tinkey and --to-tinkey, and the keys survive both ways.
func TestTinkeyInterop(t *testing.T) {
	kekURI, _ := keyFiles(t)
	kek, err := keyset.KEKFromURI(kekURI)
	require.NoError(t, err)
	dir := t.TempDir()
	fromTinkey := filepath.Join(dir, "tinkey.json")
	tinkeyWriteFile(t, fromTinkey, keysettest.DeterministicAEAD(), kek)
	want := material(keysettest.DeterministicAEAD())

	// piikit does not read tinkey's form as its own, and says how to import it.
	_, stderr, code := runPiikit(t, "", "keyset", "list", "--in", fromTinkey, "--master-key-uri", kekURI)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "keyset was encrypted with empty associated data (tinkey's form), not for purpose \"prf\"; import it with piikit keyset convert --from-tinkey")

	// Import: bound to the purpose given, which the file cannot say.
	_, stderr, code = runPiikit(t, "", "keyset", "convert", "--in", fromTinkey, "--from-tinkey", "--master-key-uri", kekURI)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "--from-tinkey needs --purpose")
	_, stderr, code = runPiikit(t, "", "keyset", "convert", "--in", fromTinkey, "--from-tinkey", "--purpose", "prf", "--master-key-uri", kekURI, "--out", filepath.Join(dir, "x.json"))
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "wrong key type for purpose \"prf\"")
	require.NoFileExists(t, filepath.Join(dir, "x.json"))

	bound := filepath.Join(dir, "bound.json")
	_, stderr, code = runPiikit(t, "", "keyset", "convert", "--in", fromTinkey, "--from-tinkey", "--purpose", "daead", "--master-key-uri", kekURI, "--out", bound)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "read "+fromTinkey+" in tinkey's form (empty associated data); wrote it bound to purpose daead\n", stderr)
	h, err := keyset.ReadFile(bound, keyset.JSON, kek, keyset.PurposeDeterministicAEAD)
	require.NoError(t, err)
	require.Equal(t, want, material(h))
	_, err = tinkeyReadFile(t, bound, kek)
	require.Error(t, err, "tinkey cannot read piikit's form")

	// Export: Tink's reader, as tinkey uses it, reads the result.
	toTinkey := filepath.Join(dir, "for-tinkey.json")
	_, stderr, code = runPiikit(t, "", "keyset", "convert", "--in", bound, "--to-tinkey", "--master-key-uri", kekURI, "--out", toTinkey)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "wrote the daead keyset in tinkey's form (empty associated data): it is no longer bound to its purpose, and piikit reads it only through keyset convert --from-tinkey\n", stderr)
	h, err = tinkeyReadFile(t, toTinkey, kek)
	require.NoError(t, err)
	require.Equal(t, want, material(h))
	fi, err := os.Stat(toTinkey)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	}

	// --from-tinkey on piikit's form is refused, with the way out.
	_, stderr, code = runPiikit(t, "", "keyset", "convert", "--in", bound, "--from-tinkey", "--purpose", "daead", "--master-key-uri", kekURI, "--out", filepath.Join(dir, "y.json"))
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `keyset was encrypted for purpose "daead" (piikit's form), not with empty associated data (tinkey's form); read it without --from-tinkey`)

	// The flags make sense only for encrypted keysets, one way at a time.
	for _, args := range [][]string{
		{"--from-tinkey", "--to-tinkey", "--purpose", "daead", "--master-key-uri", kekURI},
		{"--from-tinkey", "--purpose", "daead", "--insecure-cleartext-in", "--new-master-key-uri", kekURI},
		{"--to-tinkey", "--master-key-uri", kekURI, "--insecure-cleartext-out"},
	} {
		_, stderr, code = runPiikit(t, "", append([]string{"keyset", "convert", "--in", bound}, args...)...)
		require.Equal(t, 2, code, strings.Join(args, " "))
		require.Contains(t, stderr, "tinkey", stderr)
	}
}
