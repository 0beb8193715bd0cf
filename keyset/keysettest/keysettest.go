// Package keysettest gives committed, publicly known fixture keysets for unit
// tests, so that tests can assert stable golden outputs.
//
// FOR TESTS ONLY. Every key in this package is published in piikit's
// repository: anything protected with these keysets is protected from nobody.
// An import of keysettest outside a _test.go file (the `piikit demo` command
// is the one deliberate exception) is a bug a code review should catch.
//
// Use the keyset that matches the purpose under test:
//
//	root := keysettest.PRF()               // pseudonyms and format-preserving masks
//	tokens := keysettest.DeterministicAEAD() // reversible tokens
//
// The *Rotated variants hold the key of the plain fixture plus a newer primary
// key, for tests of key rotation: values made with the plain fixture must
// still be read with the rotated one.
//
// For tests of code that reads encrypted keyset files, encrypt a fixture
// under the fixture KEK, which SPEC.md §1 uses for its vectors too:
//
//	kek, err := aead.New(keysettest.KEK())
//	err = keyset.WriteFile(path, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF)
//
// or write the KEK as an offline KEK file for a local-kek:// URI with
// insecurecleartext.WriteFile(path, keysettest.KEK(), keyset.JSON,
// keyset.PurposeKEK).
//
// The handles are fresh on every call; they are immutable and safe for
// concurrent use.
package keysettest

import (
	"bytes"
	"embed"
	"fmt"

	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

//go:embed testdata/*.json
var files embed.FS

// Key IDs of the fixtures, for tests that assert which key made an output.
const (
	PRFKeyID                      uint32 = 742980444
	PRFRotatedPrimaryKeyID        uint32 = 1085265126
	DeterministicAEADKeyID        uint32 = 3588967696
	DeterministicAEADRotatedKeyID uint32 = 2354265861
	KEKKeyID                      uint32 = 424760324
)

// PRF returns a one-key HKDF-SHA256 PRF keyset (purpose keyset.PurposePRF).
func PRF() *tinkkeyset.Handle { return load("prf.json") }

// PRFRotated returns the key of [PRF] plus a newer primary HKDF-SHA256 key.
func PRFRotated() *tinkkeyset.Handle { return load("prf_rotated.json") }

// DeterministicAEAD returns a one-key AES256-SIV keyset (purpose
// keyset.PurposeDeterministicAEAD).
func DeterministicAEAD() *tinkkeyset.Handle { return load("daead.json") }

// DeterministicAEADRotated returns the key of [DeterministicAEAD] plus a newer
// primary AES256-SIV key.
func DeterministicAEADRotated() *tinkkeyset.Handle { return load("daead_rotated.json") }

// KEK returns a one-key AES256-GCM keyset (purpose keyset.PurposeKEK), for
// tests that encrypt keysets under an offline key-encryption key.
func KEK() *tinkkeyset.Handle { return load("kek.json") }

// CleartextJSON returns the committed cleartext JSON of a fixture by file
// name ("prf.json", "prf_rotated.json", "daead.json", "daead_rotated.json",
// "kek.json"), for tests of code that reads keyset files.
func CleartextJSON(name string) []byte {
	b, err := files.ReadFile("testdata/" + name)
	if err != nil {
		panic(fmt.Sprintf("keysettest: no fixture %q", name))
	}
	return b
}

func load(name string) *tinkkeyset.Handle {
	h, err := insecurecleartextkeyset.Read(tinkkeyset.NewJSONReader(bytes.NewReader(CleartextJSON(name))))
	if err != nil {
		// The fixtures are embedded and fixed: failing here is a broken build.
		panic(fmt.Sprintf("keysettest: fixture %q does not load: %v", name, err))
	}
	return h
}
