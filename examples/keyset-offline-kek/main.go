// Command keyset-offline-kek creates keysets encrypted under an offline
// key-encryption key, loads them back as a service would at start-up, and
// rotates one: the whole life of piikit's keys with no cloud at all.
//
// It works in a temporary directory and needs no setup:
//
//	go run ./examples/keyset-offline-kek
package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
)

func main() {
	dir, err := os.MkdirTemp("", "piikit-keysets")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// 1. The operator makes the offline KEK once. It is the one keyset kept
	// in cleartext, so it is written with mode 0600 and kept apart from the
	// keysets it protects (another disk, a secrets mount).
	kekPath := filepath.Join(dir, "kek.json")
	kekKeyset, err := keyset.New("AES256_GCM")
	check(err)
	check(insecurecleartext.WriteFile(kekPath, kekKeyset, keyset.JSON, keyset.PurposeKEK))
	kekURI := keyset.LocalKEKPrefix + kekPath

	// 2. The operator makes the root of pseudonyms and format-preserving
	// masks, and the keyset of reversible tokens, both encrypted under it.
	kek, err := keyset.KEKFromURI(kekURI)
	check(err)
	root, err := keyset.New("HKDF_SHA256")
	check(err)
	check(keyset.WriteFile(filepath.Join(dir, "prf.json"), root, keyset.JSON, kek, keyset.PurposePRF))
	tokens, err := keyset.New("AES256_SIV")
	check(err)
	check(keyset.WriteFile(filepath.Join(dir, "tokens.json"), tokens, keyset.JSON, kek, keyset.PurposeDeterministicAEAD))

	// 3. A service loads them at start-up. Each load checks the purpose: the
	// token keyset does not load as a PRF root.
	kek, err = keyset.KEKFromURI(kekURI)
	check(err)
	loadedRoot, err := keyset.ReadFile(filepath.Join(dir, "prf.json"), keyset.JSON, kek, keyset.PurposePRF)
	check(err)
	_, err = keyset.ReadFile(filepath.Join(dir, "tokens.json"), keyset.JSON, kek, keyset.PurposePRF)
	fmt.Println("tokens.json as a PRF root:", err != nil)

	// 4. Rotation: a new primary key; the old one stays enabled so that
	// outputs made with it still read back.
	rotated, newID, err := keyset.Rotate(loadedRoot, "HKDF_SHA256")
	check(err)
	check(keyset.WriteFile(filepath.Join(dir, "prf.json"), rotated, keyset.JSON, kek, keyset.PurposePRF))

	final, err := keyset.ReadFile(filepath.Join(dir, "prf.json"), keyset.JSON, kek, keyset.PurposePRF)
	check(err)
	fmt.Println("prf.json after rotation:")
	for _, k := range keyset.List(final) {
		role := "old key, still reads"
		if k.Primary {
			role = "primary, makes new outputs"
		}
		fmt.Printf("  key %d %s %s (%s)\n", k.ID, k.Status, k.TypeURL, role)
	}
	fmt.Println("new primary is the rotated key:", final.KeysetInfo().GetPrimaryKeyId() == newID)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
