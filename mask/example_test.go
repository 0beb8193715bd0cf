package mask_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
)

// Make one Masker per field, once, and call it for every value.
func Example() {
	root := keysettest.PRF() // in production: a keyset loaded through package keyset
	names, err := mask.New(root, kind.Field{Kind: kind.Name, Domain: "users.name"})
	if err != nil {
		log.Fatal(err)
	}
	masked, err := names.Mask("山田 太郎")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(masked)
	fmt.Println("key ID for the manifest:", names.KeyID())
	// Output:
	// 具遍 諒凛
	// key ID for the manifest: 742980444
}

func ExampleNew() {
	m, err := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Phone, Domain: "users.phone", Scope: "acme", Region: "JP"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m)
	// Output:
	// mask.Masker{kind: phone, domain: users.phone, scope: "acme", key: 742980444}
}

func ExampleMasker_Mask_name() {
	m, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	for _, name := range []string{"Yamada Taro", "やまだ たろう", "ヤマダ・タロウ", "山田 Taro", "Ｙａｍａｄａ"} {
		out, err := m.Mask(name)
		fmt.Println(out, err)
	}
	// Output:
	// Bifoze Gizi <nil>
	// ほぷや ずつよ <nil>
	// コモタ・ケゴレ <nil>
	// 賞舞 Ztdc <nil>
	// Ｈｌｂｘｇｋ <nil>
}

func ExampleMasker_Mask_phone() {
	m, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Phone, Domain: "users.phone", Region: "JP"})
	for _, phone := range []string{"090-1234-5678", "+81 90-1234-5678", "０３−１２３４−５６７８"} {
		out, err := m.Mask(phone)
		fmt.Println(out, err)
	}
	// Output:
	// 090-4040-4193 <nil>
	// +81 90-4040-4193 <nil>
	// ０３−７５６２−４２９４ <nil>
}

func ExampleMasker_Mask_email() {
	keep, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Email, Domain: "users.email"})
	out, _ := keep.Mask("Taro.Yamada+news@Example.co.jp")
	fmt.Println(out)
	all, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Email, Domain: "users.email", MaskDomain: true})
	out, _ = all.Mask("taro.yamada@mail.example.co.jp")
	fmt.Println(out)
	// Output:
	// Radk.Hznklt+fije@Example.co.jp
	// fwqs.zqotig@wtmd.mslksxp.co.jp
}

// AppendMask writes a mask into a buffer, the same bytes as Mask's string.
func ExampleMasker_AppendMask() {
	m, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Email, Domain: "users.email"})
	line := []byte("email=")
	line, irreversible, err := m.AppendMask(line, "Taro.Yamada+news@Example.co.jp")
	fmt.Println(string(line), irreversible, err)
	// Output:
	// email=Radk.Hznklt+fije@Example.co.jp false <nil>
}

func ExampleMasker_Mask_card() {
	valid, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Card, Domain: "users.card"})
	out, _ := valid.Mask("4111 1111 1111 1111")
	fmt.Println(out, "(Luhn-valid)")
	invalid, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Card, Domain: "users.card", CheckDigit: kind.CheckInvalid})
	out, _ = invalid.Mask("4111-1111-1111-1111")
	fmt.Println(out, "(Luhn-invalid)")
	// Output:
	// 4111 1251 1624 1111 (Luhn-valid)
	// 4111-1869-4763-1111 (Luhn-invalid)
}

func ExampleMasker_Mask_myNumber() {
	m, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.MyNumber, Domain: "users.mynumber"})
	out, _ := m.Mask("1234 5678 9018")
	fmt.Println(out)
	// Output:
	// 1235 4041 9064
}

func ExampleMasker_Mask_pattern() {
	m, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Pattern, Domain: "users.passport", Pattern: `[A-Z]{2}-[0-9]{7}`})
	out, _ := m.Mask("TK-1234567")
	fmt.Println(out)
	_, err := m.Mask("TK1234567")
	fmt.Println(err)
	// Output:
	// ED-9202295
	// mask: invalid value: does not match the pattern
}

func ExampleMasker_Mask_generic() {
	m, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Generic, Domain: "users.greek", Alphabet: "αβγδεζηθικλμνξοπρστυφχψω"})
	out, _ := m.Mask("αβγ-δεζ-ηθι")
	fmt.Println(out)
	// Output:
	// χμε-ψαξ-βρζ
}

// Values too short for FF1 fail unless the Masker allows an irreversible
// substitution, which MaskResult reports.
func ExampleMasker_MaskResult() {
	strict, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	_, err := strict.Mask("Taro")
	fmt.Println(errors.Is(err, mask.ErrTooShort))

	lenient, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name", AllowIrreversibleShort: true})
	r, _ := lenient.MaskResult("Taro")
	fmt.Println(r.Value, r.Irreversible)
	// Output:
	// true
	// Kavp true
}

func ExampleMasker_Unmask() {
	m, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Phone, Domain: "users.phone", Region: "JP"})
	hook := func(_ context.Context, e audit.Event) error {
		fmt.Printf("audit: %s %s %s by %s for %q, %d value(s)\n", e.Operation, e.Kind, e.Domain, e.Actor, e.Reason, e.Count)
		return nil
	}
	req := audit.Request{Actor: "alice", Reason: "SUP-4711 customer callback"}
	// The key ID comes from where the masked data was recorded.
	vals, err := m.Unmask(context.Background(), hook, req, 742980444, "090-4040-4193")
	fmt.Println(vals, err)
	// Output:
	// audit: unmask phone users.phone by alice for "SUP-4711 customer callback", 1 value(s)
	// [090-1234-5678] <nil>
}

func ExampleMasker_Check() {
	m, _ := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Card, Domain: "users.card", CheckDigit: kind.CheckInvalid})
	fmt.Println(m.Check("4111-1869-4763-1111"))
	fmt.Println(m.Check("4111 1111 1111 1111")) // Luhn-valid: not made by this Masker
	// Output:
	// <nil>
	// mask: invalid value: wrong check digit
}
