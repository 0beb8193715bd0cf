// Command mask-crm-testdata shows masking customer records for a CRM test
// environment that validates its fields: phone numbers must be possible
// numbers, emails valid addresses, card numbers must fail the Luhn check (so
// no test record can ever be charged), names must stay in their scripts.
// One Masker per field, built once; support staff see display masks; an
// audited Unmask turns one record back.
//
// It makes a throwaway keyset in memory and needs no setup:
//
//	go run ./examples/mask-crm-testdata
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/mask/display"
)

type customer struct{ Name, Phone, Email, Card string }

func main() {
	// In production: keyset.ReadFile(…, kek, keyset.PurposePRF) at start-up.
	root, err := keyset.New("HKDF_SHA256")
	check(err)

	const scope = "crm-staging"
	name, err := mask.New(root, kind.Field{Kind: kind.Name, Domain: "customers.name", Scope: scope, AllowIrreversibleShort: true})
	check(err)
	phone, err := mask.New(root, kind.Field{Kind: kind.Phone, Domain: "customers.phone", Scope: scope, Region: "JP"})
	check(err)
	email, err := mask.New(root, kind.Field{Kind: kind.Email, Domain: "customers.email", Scope: scope})
	check(err)
	card, err := mask.New(root, kind.Field{Kind: kind.Card, Domain: "customers.card", Scope: scope, CheckDigit: kind.CheckInvalid})
	check(err)

	customers := []customer{
		{"山田 太郎", "090-1234-5678", "taro.yamada@example.com", "4111 1111 1111 1111"},
		{"ﾔﾏﾀﾞ ﾊﾅｺ", "+81 3-1234-5678", "Hanako.Yamada+shop@example.co.jp", "5555-5555-5555-4444"},
		{"Jo", "０９０－８７６５－４３２１", "jo@example.com", "378282246310005"},
	}
	var masked []customer
	for _, c := range customers {
		var m customer
		var errs []error
		var r mask.Result
		r, err = name.MaskResult(c.Name)
		m.Name = r.Value
		if r.Irreversible {
			m.Name += " (irreversible: too short)"
		}
		errs = append(errs, err)
		m.Phone, err = phone.Mask(c.Phone)
		errs = append(errs, err)
		m.Email, err = email.Mask(c.Email)
		errs = append(errs, err)
		m.Card, err = card.Mask(c.Card)
		errs = append(errs, err)
		if err := errors.Join(errs...); err != nil {
			// The error never holds the value: safe to log.
			fmt.Println("record not exported:", err)
			continue
		}
		masked = append(masked, m)
		fmt.Printf("%s | %s | %s | %s\n", m.Name, m.Phone, m.Email, m.Card)
	}
	// The manifest of the export records the key that made the masks.
	fmt.Println("masked with root key", name.KeyID())

	// Support tools show display masks: no key involved.
	show := func(k kind.Kind, v string) string {
		d, err := display.New(kind.Field{Kind: k})
		check(err)
		out, _ := d.Mask(v)
		return out
	}
	for _, c := range customers[:2] {
		n, p := show(kind.Name, c.Name), show(kind.Phone, c.Phone)
		e, k := show(kind.Email, c.Email), show(kind.Card, c.Card)
		fmt.Printf("support view: %s | %s | %s | %s\n", n, p, e, k)
	}

	// Re-identification is an audited act with a reason.
	hook := func(_ context.Context, e audit.Event) error {
		log.Printf("audit: %s of %d %s value(s) in %s by %s: %s", e.Operation, e.Count, e.Kind, e.Domain, e.Actor, e.Reason)
		return nil
	}
	if len(masked) == 0 {
		log.Fatal("no record could be masked")
	}
	req := audit.Request{Actor: "support-lead", Reason: "CRM-88: test record reported by a real customer"}
	back, err := phone.Unmask(context.Background(), hook, req, phone.KeyID(), masked[0].Phone)
	check(err)
	fmt.Println("unmasked phone:", back[0])
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
