package keyset_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// The whole life of a keyset with an offline KEK: make the KEK file, make a
// PRF root, write it encrypted, and load it back as a service would.
func Example() {
	dir, err := os.MkdirTemp("", "piikit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// Once, by an operator: the offline KEK, the one cleartext keyset.
	kekFile := filepath.Join(dir, "kek.json")
	kekHandle, err := keyset.New("AES256_GCM")
	if err != nil {
		log.Fatal(err)
	}
	if err := insecurecleartext.WriteFile(kekFile, kekHandle, keyset.JSON, keyset.PurposeKEK); err != nil {
		log.Fatal(err)
	}
	kek, err := keyset.KEKFromURI(keyset.LocalKEKPrefix + kekFile)
	if err != nil {
		log.Fatal(err)
	}
	root, err := keyset.New("HKDF_SHA256")
	if err != nil {
		log.Fatal(err)
	}
	if err := keyset.WriteFile(filepath.Join(dir, "prf.json"), root, keyset.JSON, kek, keyset.PurposePRF); err != nil {
		log.Fatal(err)
	}

	// At every start of the service.
	loaded, err := keyset.ReadFile(filepath.Join(dir, "prf.json"), keyset.JSON, kek, keyset.PurposePRF)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(loaded.KeysetInfo().GetPrimaryKeyId() == root.KeysetInfo().GetPrimaryKeyId())
	// Output: true
}

func ExampleNew() {
	h, err := keyset.New("HKDF_SHA256")
	if err != nil {
		log.Fatal(err)
	}
	k := keyset.List(h)[0]
	fmt.Println(k.TypeURL, k.Status, k.Primary)
	fmt.Println(keyset.Check(h, keyset.PurposePRF))
	// Output:
	// type.googleapis.com/google.crypto.tink.HkdfPrfKey ENABLED true
	// <nil>
}

func ExampleTemplates() {
	for _, name := range keyset.Templates() {
		p, _ := keyset.TemplatePurpose(name)
		fmt.Println(name, p)
	}
	// Output:
	// AES128_GCM kek
	// AES256_GCM kek
	// AES256_SIV daead
	// AES_CMAC_PRF prf
	// HKDF_SHA256 prf
	// HMAC_SHA256_PRF prf
	// HMAC_SHA512_PRF prf
}

func ExampleTemplatePurpose() {
	p, err := keyset.TemplatePurpose("AES256_SIV")
	fmt.Println(p, err)
	_, err = keyset.TemplatePurpose("AES256_CTR")
	fmt.Println(err != nil)
	// Output:
	// daead <nil>
	// true
}

func ExampleWrite() {
	kek, err := aead.New(keysettest.KEK()) // in production: keyset.KEKFromURI
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := keyset.Write(&buf, keysettest.DeterministicAEAD(), keyset.Binary, kek, keyset.PurposeDeterministicAEAD); err != nil {
		log.Fatal(err)
	}
	fmt.Println(keyset.DetectFormat(buf.Bytes()))

	// A keyset is checked for its purpose before it is written.
	err = keyset.Write(&buf, keysettest.DeterministicAEAD(), keyset.JSON, kek, keyset.PurposePRF)
	fmt.Println(errors.Is(err, keyset.ErrWrongKeyType))
	// Output:
	// binary
	// true
}

func ExampleRead() {
	kek, err := aead.New(keysettest.KEK()) // in production: keyset.KEKFromURI
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := keyset.Write(&buf, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF); err != nil {
		log.Fatal(err)
	}
	encrypted := buf.Bytes()

	h, err := keyset.Read(bytes.NewReader(encrypted), keyset.JSON, kek, keyset.PurposePRF)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.KeysetInfo().GetPrimaryKeyId())

	// The keyset is bound to its purpose.
	_, err = keyset.Read(bytes.NewReader(encrypted), keyset.JSON, kek, keyset.PurposeDeterministicAEAD)
	fmt.Println(err)
	// Output:
	// 742980444
	// keyset: keyset was encrypted for purpose "prf", not "daead"
}

func ExampleReadFile() {
	dir, err := os.MkdirTemp("", "piikit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	kek, err := aead.New(keysettest.KEK()) // in production: keyset.KEKFromURI
	if err != nil {
		log.Fatal(err)
	}
	name := filepath.Join(dir, "tokens.json")
	if err := keyset.WriteFile(name, keysettest.DeterministicAEADRotated(), keyset.JSON, kek, keyset.PurposeDeterministicAEAD); err != nil {
		log.Fatal(err)
	}

	h, err := keyset.ReadFile(name, keyset.JSON, kek, keyset.PurposeDeterministicAEAD)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(keyset.List(h)), "keys")
	// Output: 2 keys
}

func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "piikit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	kek, err := aead.New(keysettest.KEK()) // in production: keyset.KEKFromURI
	if err != nil {
		log.Fatal(err)
	}
	name := filepath.Join(dir, "prf.bin")
	if err := keyset.WriteFile(name, keysettest.PRF(), keyset.Binary, kek, keyset.PurposePRF); err != nil {
		log.Fatal(err)
	}
	fi, err := os.Stat(name)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(fi.Mode().Perm())
	// Output: -rw-------
}

func ExampleKEKFromURI() {
	// No KMS client is registered in this program: a service that uses
	// Google Cloud KMS registers tink-go-gcpkms's client at start-up.
	_, err := keyset.KEKFromURI("gcp-kms://projects/p/locations/global/keyRings/r/cryptoKeys/k")
	fmt.Println(errors.Is(err, keyset.ErrNoKMSClient))

	// The offline KEK: a file of its own, readable by its owner only.
	dir, err := os.MkdirTemp("", "piikit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	kekFile := filepath.Join(dir, "kek.json")
	if err := insecurecleartext.WriteFile(kekFile, keysettest.KEK(), keyset.JSON, keyset.PurposeKEK); err != nil {
		log.Fatal(err)
	}
	kek, err := keyset.KEKFromURI("local-kek://" + kekFile)
	fmt.Println(kek != nil, err)
	// Output:
	// true
	// true <nil>
}

func ExampleParseFormat() {
	f, err := keyset.ParseFormat("binary")
	fmt.Println(f, err)
	_, err = keyset.ParseFormat("yaml")
	fmt.Println(err)
	// Output:
	// binary <nil>
	// keyset: unknown format "yaml" (json or binary)
}

func ExampleDetectFormat() {
	fmt.Println(keyset.DetectFormat([]byte(`{"encryptedKeyset": "…"}`)))
	fmt.Println(keyset.DetectFormat([]byte{0x12, 0x80, 0x01}))
	// Output:
	// json
	// binary
}

func ExampleCheck() {
	fmt.Println(keyset.Check(keysettest.PRF(), keyset.PurposePRF))
	fmt.Println(keyset.Check(keysettest.PRF(), keyset.PurposeKEK))
	// Output:
	// <nil>
	// keyset: wrong key type for purpose "kek": key 742980444 is type.googleapis.com/google.crypto.tink.HkdfPrfKey (purpose "kek" takes keys of AES128_GCM, AES256_GCM)
}

func ExampleList() {
	for _, k := range keyset.List(keysettest.PRFRotated()) {
		fmt.Println(k.ID, k.Status, k.Primary, k.OutputPrefix)
	}
	// Output:
	// 742980444 ENABLED false RAW
	// 1085265126 ENABLED true RAW
}

// A rotation in two deployments: add a key, and once every reader has it,
// promote it.
func ExampleAdd() {
	h, id, err := keyset.Add(keysettest.PRF(), "HKDF_SHA256")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.KeysetInfo().GetPrimaryKeyId()) // not promoted yet
	// … write h, deploy it to every reader …
	h, err = keyset.Promote(h, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.KeysetInfo().GetPrimaryKeyId() == id)
	// Output:
	// 742980444
	// true
}

func ExamplePromote() {
	h, err := keyset.Promote(keysettest.PRFRotated(), keysettest.PRFKeyID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.KeysetInfo().GetPrimaryKeyId())
	_, err = keyset.Promote(h, 42)
	fmt.Println(err)
	// Output:
	// 742980444
	// keyset: no key with this ID: 42
}

func ExampleRotate() {
	h, id, err := keyset.Rotate(keysettest.DeterministicAEAD(), "AES256_SIV")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(keyset.List(h)), h.KeysetInfo().GetPrimaryKeyId() == id)
	// Output: 2 true
}

func ExampleDisable() {
	h, err := keyset.Disable(keysettest.PRFRotated(), keysettest.PRFKeyID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(keyset.List(h)[0].Status)
	_, err = keyset.Disable(h, keysettest.PRFRotatedPrimaryKeyID)
	fmt.Println(err)
	// Output:
	// DISABLED
	// keyset: not allowed on the primary key: key 1085265126 is the primary; promote another key first
}

func ExampleEnable() {
	h, err := keyset.Disable(keysettest.PRFRotated(), keysettest.PRFKeyID)
	if err != nil {
		log.Fatal(err)
	}
	h, err = keyset.Enable(h, keysettest.PRFKeyID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(keyset.List(h)[0].Status)
	// Output: ENABLED
}

func ExampleDelete() {
	h, err := keyset.Delete(keysettest.PRFRotated(), keysettest.PRFKeyID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(keyset.List(h)))
	_, err = keyset.Delete(h, keysettest.PRFRotatedPrimaryKeyID)
	fmt.Println(err)
	// Output:
	// 1
	// keyset: not allowed on the primary key: key 1085265126 is the primary; promote another key first
}

func ExamplePurposeError() {
	kek, err := aead.New(keysettest.KEK())
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := keyset.Write(&buf, keysettest.DeterministicAEAD(), keyset.JSON, kek, keyset.PurposeDeterministicAEAD); err != nil {
		log.Fatal(err)
	}
	_, err = keyset.Read(&buf, keyset.JSON, kek, keyset.PurposePRF)
	var pe *keyset.PurposeError
	if errors.As(err, &pe) {
		fmt.Println("written for", pe.Got)
	}
	// Output: written for daead
}

// Importing a keyset made by tinkey, which encrypts with empty associated
// data: read it in tinkey's form for the purpose it was made for, then
// write it in piikit's form, bound to that purpose.
func ExampleReadTinkeyForm() {
	kek, err := aead.New(keysettest.KEK()) // in production: keyset.KEKFromURI
	if err != nil {
		log.Fatal(err)
	}
	var fromTinkey bytes.Buffer // as tinkey writes it: Tink's Handle.Write
	if err := keysettest.PRF().Write(tinkkeyset.NewJSONWriter(&fromTinkey), kek); err != nil {
		log.Fatal(err)
	}

	_, err = keyset.Read(bytes.NewReader(fromTinkey.Bytes()), keyset.JSON, kek, keyset.PurposePRF)
	fmt.Println(err)

	h, err := keyset.ReadTinkeyForm(&fromTinkey, keyset.JSON, kek, keyset.PurposePRF)
	if err != nil {
		log.Fatal(err)
	}
	var bound bytes.Buffer
	if err := keyset.Write(&bound, h, keyset.JSON, kek, keyset.PurposePRF); err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.KeysetInfo().GetPrimaryKeyId())
	// Output:
	// keyset: keyset was encrypted with empty associated data (tinkey's form), not for purpose "prf"
	// 742980444
}

// Handing a keyset to tinkey: write it in tinkey's form, which Tink's own
// keyset.Read reads. The copy is no longer bound to its purpose.
func ExampleWriteTinkeyForm() {
	kek, err := aead.New(keysettest.KEK())
	if err != nil {
		log.Fatal(err)
	}
	var forTinkey bytes.Buffer
	if err := keyset.WriteTinkeyForm(&forTinkey, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF); err != nil {
		log.Fatal(err)
	}
	h, err := tinkkeyset.Read(tinkkeyset.NewJSONReader(&forTinkey), kek) // as tinkey reads it
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.KeysetInfo().GetPrimaryKeyId())
	// Output:
	// 742980444
}
