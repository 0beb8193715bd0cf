// Command tokenize-rotation shows what a key rotation does to tokens:
// reversible tokens made before it still detokenize, new ones use the new
// key; pseudonyms change with the key, and their key tag shows which
// version made them, so two versions are never mixed in a join unnoticed.
//
//	go run ./examples/tokenize-rotation
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/tokenize"
)

func main() {
	field := kind.Field{Kind: kind.Email, Domain: "users.email", Scope: "acme"}
	const v = "Taro.Yamada@Example.COM"

	// Reversible tokens.
	tokens, err := keyset.New("AES256_SIV")
	check(err)
	before, err := tokenize.NewTokenizer(tokens, field)
	check(err)
	oldTok, err := before.Token(v)
	check(err)

	tokens, _, err = keyset.Rotate(tokens, "AES256_SIV")
	check(err)
	after, err := tokenize.NewTokenizer(tokens, field)
	check(err)
	newTok, err := after.Token(v)
	check(err)
	fmt.Println("new tokens use the new key:", before.KeyID() != after.KeyID(), oldTok != newTok)

	hook := func(_ context.Context, e audit.Event) error {
		fmt.Printf("audit: %d value(s), keys %v\n", e.Count, e.KeyIDs)
		return nil
	}
	vals, err := after.Detokenize(context.Background(), hook, audit.Request{Actor: "ops", Reason: "rotation check"}, oldTok, newTok)
	check(err)
	fmt.Println("both detokenize:", vals[0] == vals[1], vals[0])

	// Pseudonyms.
	root, err := keyset.New("HKDF_SHA256")
	check(err)
	p1, err := tokenize.NewPseudonymizer(root, field)
	check(err)
	root, _, err = keyset.Rotate(root, "HKDF_SHA256")
	check(err)
	p2, err := tokenize.NewPseudonymizer(root, field)
	check(err)
	a, err := p1.Pseudonym(v)
	check(err)
	b, err := p2.Pseudonym(v)
	check(err)
	fmt.Printf("key tags %x and %x: pseudonyms %s… and %s…\n", p1.KeyTag(), p2.KeyTag(), a[:3], b[:3])
	fmt.Println("record the key in the export manifest:", p2.KeyID())
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
