package freetext_test

import (
	"fmt"
	"log"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

// In production the root keyset comes from the keyset package, encrypted
// under a KMS key; the examples use the public fixture keyset.

func ExampleProtector_Protect() {
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{
		Rules: map[kind.Kind]freetext.Rule{
			kind.Phone: {Transform: kind.Mask, Field: kind.Field{Domain: "line.phone"}},
			kind.Email: {Transform: kind.Mask, Field: kind.Field{Domain: "line.email"}},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	out, err := p.Protect("電話は090-1234-5678、メールはtaro.yamada@example.co.jpまで。注文番号 1234-5678-9012")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out)
	// Output:
	// 電話は090-4408-6752、メールはjfoa.bcbfeg@example.co.jpまで。注文番号 1234-5678-9012
}

func ExampleProtector_Find() {
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{
		Known: []freetext.KnownValue{{Entity: kind.Name, Value: "山田 太郎"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fs, err := p.Find("山田太郎さん、09012345678に電話ください")
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range fs {
		fmt.Println(f, f.Transform, f.Domain)
	}
	// Output:
	// name[0:12] mask text.name
	// phone[21:32] mask text.phone
}
