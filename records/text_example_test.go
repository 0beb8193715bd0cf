package records_test

import (
	"fmt"
	"log"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
)

// A text field keeps a message and replaces the personal values inside
// it, each by its entity's rule: the phone gets the users' phone column's
// mask (same domain), so the message still joins with its user.
func ExampleTransformer_Map_text() {
	p, err := records.ParsePolicy([]byte(`version: 1
scope: acme
region: JP
fields:
  phone: {transform: mask, kind: phone, domain: line.phone}
  text:
    transform: text
    entities:
      phone:    {transform: mask,  domain: line.phone}
      email:    {transform: redact}
      mynumber: {transform: token, domain: line.my_number}
`))
	if err != nil {
		log.Fatal(err)
	}
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	t, err := records.New(p, keys)
	if err != nil {
		log.Fatal(err)
	}
	out, err := t.Map(map[string]any{
		"phone": "090-1234-5678",
		"text":  "電話は090-1234-5678、メールはtaro@example.jpまで。注文番号 1234-5678-9012",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out["phone"])
	fmt.Println(out["text"])
	// Output:
	// 090-7792-0761
	// 電話は090-7792-0761、メールは[EMAIL]まで。注文番号 1234-5678-9012
}
