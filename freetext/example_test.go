package freetext_test

import (
	"context"
	"fmt"
	"log"

	"github.com/piikit/piikit/audit"
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

func ExampleProtector_Reveal() {
	p, err := freetext.New(keysettest.PRF(), keysettest.DeterministicAEAD(), freetext.Options{
		Rules: map[kind.Kind]freetext.Rule{
			kind.Phone:    {Transform: kind.Mask, Field: kind.Field{Domain: "line.phone"}},
			kind.MyNumber: {Transform: kind.Token, Field: kind.Field{Domain: "line.my_number"}},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	protected, err := p.Protect("電話は090-1234-5678、マイナンバーは1234-5678-9018です")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(protected)

	// Later, a holder of the keys, for a stated reason, with an audit hook.
	hook := func(_ context.Context, ev audit.Event) error {
		fmt.Println("audit:", ev.Operation, ev.Domain, ev.Count)
		return nil
	}
	root, _ := p.KeyIDs() // recorded with the protected texts
	text, n, err := p.Reveal(context.Background(), hook, audit.Request{Actor: "alice", Reason: "TICKET-42"}, root, protected)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text, n)
	// Output:
	// 電話は090-4408-6752、マイナンバーはMYNUMBER(53):ahk6wtiqvq4spgdkw7qy3qiant7motextqqixek3n6jwxbxriza64です
	// audit: detokenize line.my_number 1
	// audit: unmask line.phone 1
	// 電話は090-1234-5678、マイナンバーは123456789018です 2
}

// A surrogate rule gives a name in a message the surrogate the users
// table's surrogate column of the same domain gives it (SPEC.md §8: 山田 太郎
// → 広岡 景子 in users.name): 山田さん gets the surname 広岡, さん kept.
func ExampleRule_surrogate() {
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{
		Rules: map[kind.Kind]freetext.Rule{
			kind.Name: {Transform: kind.Surrogate, Field: kind.Field{Domain: "users.name"}},
		},
		// Names nobody listed need freetext/names.
		Known: []freetext.KnownValue{{Entity: kind.Name, Value: "山田"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	out, err := p.Protect("山田さん、明日の件よろしく")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out)
	// Output: 広岡さん、明日の件よろしく
}

// An ID in a message gets the pseudonym its users table's user_id column
// gets (same domain and scope), so the message still joins with the user:
// the rule's pattern finds the IDs, and known values the others.
func ExampleProtector_Protect_iDs() {
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{
		Rules: map[kind.Kind]freetext.Rule{
			kind.ID: {Transform: kind.Pseudonym, Field: kind.Field{Domain: "users.user_id", Pattern: `U[0-9]{8}`, Prefix: "u_"}},
		},
		Known: []freetext.KnownValue{{Entity: kind.ID, Value: "taro_0123"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	out, err := p.Protect("友達追加してね ID: taro_0123 (old account U10007919)")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out)
	// Output:
	// 友達追加してね ID: ID(31):u_freluo2i4ugbpmspfufda7mndi55a (old account ID(31):u_freovpiqq63m5xqxfyyv2tqreppzc)
}
