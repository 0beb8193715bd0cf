package insecurecleartext_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// The one production use: the offline KEK file of a local-kek:// URI.
func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "piikit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	h, err := keyset.New("AES256_GCM")
	if err != nil {
		log.Fatal(err)
	}
	name := filepath.Join(dir, "kek.json")
	if err := insecurecleartext.WriteFile(name, h, keyset.JSON, keyset.PurposeKEK); err != nil {
		log.Fatal(err)
	}
	kek, err := keyset.KEKFromURI(keyset.LocalKEKPrefix + name)
	fmt.Println(kek != nil, err)
	// Output: true <nil>
}

func ExampleReadFile() {
	dir, err := os.MkdirTemp("", "piikit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "prf.json")
	if err := os.WriteFile(name, keysettest.CleartextJSON("prf.json"), 0o600); err != nil {
		log.Fatal(err)
	}

	h, err := insecurecleartext.ReadFile(name, keyset.JSON, keyset.PurposePRF)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.KeysetInfo().GetPrimaryKeyId())
	// Output: 742980444
}

func ExampleRead() {
	h, err := insecurecleartext.Read(bytes.NewReader(keysettest.CleartextJSON("daead.json")), keyset.JSON, keyset.PurposeDeterministicAEAD)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.KeysetInfo().GetPrimaryKeyId())

	// Every read checks the purpose.
	_, err = insecurecleartext.Read(bytes.NewReader(keysettest.CleartextJSON("daead.json")), keyset.JSON, keyset.PurposePRF)
	fmt.Println(errors.Is(err, keyset.ErrWrongKeyType))
	// Output:
	// 3588967696
	// true
}

func ExampleWrite() {
	var buf bytes.Buffer
	if err := insecurecleartext.Write(&buf, keysettest.KEK(), keyset.Binary, keyset.PurposeKEK); err != nil {
		log.Fatal(err)
	}
	h, err := insecurecleartext.Read(&buf, keyset.Binary, keyset.PurposeKEK)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.KeysetInfo().GetPrimaryKeyId())
	// Output: 424760324
}
