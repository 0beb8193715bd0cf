// Command keyset-kms encrypts a keyset under a KMS key through Tink's KMS
// client registry, as a service on Google Cloud, AWS or Vault does.
//
// The piikit library imports no cloud SDK (the piikit command, a module of
// its own, has Tink's GCP, AWS and Vault clients built in). A program that
// imports the library registers the Tink extension of its KMS once at
// start-up, for example on Google Cloud
// (github.com/tink-crypto/tink-go-gcpkms/v2/integration/gcpkms):
//
//	client, err := gcpkms.NewClient(ctx, "gcp-kms://")
//	registry.RegisterKMSClient(client)
//
// and likewise with tink-go-awskms/v3 (awskms.NewClientWithOptions,
// aws-kms://) or tink-go-hcvault/v2 (hcvault.NewClientWithAEADOptions, so
// that Vault is given the associated data; hcvault://). Then every key URI of that KMS works with
// keyset.KEKFromURI. So that this example runs anywhere, it registers
// Tink's fake KMS instead, whose URIs carry their own key.
//
//	go run ./examples/keyset-kms
package main

import (
	"bytes"
	"errors"
	"fmt"
	"log"

	"github.com/tink-crypto/tink-go/v2/core/registry"
	"github.com/tink-crypto/tink-go/v2/testing/fakekms"

	"github.com/piikit/piikit/keyset"
)

func main() {
	client, err := fakekms.NewClient("fake-kms://")
	check(err)
	registry.RegisterKMSClient(client)
	keyURI, err := fakekms.NewKeyURI() // in production: "gcp-kms://projects/…/cryptoKeys/piikit"
	check(err)

	kek, err := keyset.KEKFromURI(keyURI)
	check(err)
	root, err := keyset.New("HKDF_SHA256")
	check(err)
	var file bytes.Buffer
	check(keyset.Write(&file, root, keyset.Binary, kek, keyset.PurposePRF))
	fmt.Printf("encrypted PRF root: %d bytes, binary\n", file.Len())

	loaded, err := keyset.Read(bytes.NewReader(file.Bytes()), keyset.Binary, kek, keyset.PurposePRF)
	check(err)
	fmt.Println("loaded, same primary key:", loaded.KeysetInfo().GetPrimaryKeyId() == root.KeysetInfo().GetPrimaryKeyId())

	// A URI whose KMS has no registered client is a clear error.
	_, err = keyset.KEKFromURI("aws-kms://arn:aws:kms:eu-west-1:111122223333:key/piikit")
	fmt.Println("aws-kms:// without its client:", errors.Is(err, keyset.ErrNoKMSClient))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
