// Command fixture-in-a-unit-test shows how a service's own unit tests use
// piikit's committed fixture keysets (package keyset/keysettest) to assert
// golden values: see main_test.go. The program itself is the service code
// under test, run here with a fresh keyset as production would load one.
//
//	go run ./examples/fixture-in-a-unit-test
//	go test ./examples/fixture-in-a-unit-test
package main

import (
	"encoding/hex"
	"fmt"
	"log"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"

	"github.com/piikit/piikit/keyset"
)

// userRef gives each email address a stable, keyed reference for joins in
// analytics, without the address. It stands for any code that takes a
// keyset: in a real service, piikit's tokenize and mask packages.
type userRef struct {
	prf prf.Set
}

func newUserRef(root *tinkkeyset.Handle) (*userRef, error) {
	if err := keyset.Check(root, keyset.PurposePRF); err != nil {
		return nil, err
	}
	set, err := prf.NewPRFSet(root)
	if err != nil {
		return nil, err
	}
	return &userRef{prf: *set}, nil
}

// Ref returns the reference of an email address under the primary key.
func (u *userRef) Ref(email string) (string, error) {
	out, err := u.prf.ComputePrimaryPRF([]byte("example.users/v1/"+email), 16)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(out), nil
}

func main() {
	// In production the root comes from keyset.ReadFile under a KMS or an
	// offline KEK; a fresh one stands in for it here.
	root, err := keyset.New("HKDF_SHA256")
	if err != nil {
		log.Fatal(err)
	}
	refs, err := newUserRef(root)
	if err != nil {
		log.Fatal(err)
	}
	a, err := refs.Ref("hanako@example.jp")
	if err != nil {
		log.Fatal(err)
	}
	b, err := refs.Ref("hanako@example.jp")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("same address, same reference:", a == b)
	fmt.Println("reference length:", len(a), "hex digits")
}
