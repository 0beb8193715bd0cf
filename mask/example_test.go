package mask_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/mask"
)

// Make one Masker per field, once, and call it for every value.
func Example() {
	root := keysettest.PRF() // in production: a keyset loaded through package keyset
	names, err := mask.New(root, mask.KindName, "users.name", "")
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
	// 韭坿 図萃
	// key ID for the manifest: 742980444
}

func ExampleNew() {
	m, err := mask.New(keysettest.PRF(), mask.KindPhone, "users.phone", "acme", mask.WithRegion("JP"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m)
	// Output:
	// mask.Masker{kind: phone, domain: users.phone, scope: "acme", key: 742980444}
}

func ExampleMasker_Mask_name() {
	m, _ := mask.New(keysettest.PRF(), mask.KindName, "users.name", "")
	for _, name := range []string{"Yamada Taro", "やまだ たろう", "ヤマダ・タロウ", "山田 Taro", "Ｙａｍａｄａ"} {
		out, err := m.Mask(name)
		fmt.Println(out, err)
	}
	// Output:
	// Txhrcu Saar <nil>
	// んずど はゑう <nil>
	// ミリガ・ダゲナ <nil>
	// 舖簷 Ergo <nil>
	// Ｈｌｂｘｇｋ <nil>
}

func ExampleMasker_Mask_phone() {
	m, _ := mask.New(keysettest.PRF(), mask.KindPhone, "users.phone", "", mask.WithRegion("JP"))
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
	keep, _ := mask.New(keysettest.PRF(), mask.KindEmail, "users.email", "")
	out, _ := keep.Mask("Taro.Yamada+news@Example.co.jp")
	fmt.Println(out)
	all, _ := mask.New(keysettest.PRF(), mask.KindEmail, "users.email", "", mask.WithMaskedDomain())
	out, _ = all.Mask("taro.yamada@mail.example.co.jp")
	fmt.Println(out)
	// Output:
	// Radk.Hznklt+fije@Example.co.jp
	// fwqs.zqotig@wtmd.mslksxp.co.jp
}

func ExampleMasker_Mask_card() {
	valid, _ := mask.New(keysettest.PRF(), mask.KindCard, "users.card", "")
	out, _ := valid.Mask("4111 1111 1111 1111")
	fmt.Println(out, "(Luhn-valid)")
	invalid, _ := mask.New(keysettest.PRF(), mask.KindCard, "users.card", "", mask.WithCheckDigit(mask.CheckInvalid))
	out, _ = invalid.Mask("4111-1111-1111-1111")
	fmt.Println(out, "(Luhn-invalid)")
	// Output:
	// 4111 1251 1624 1111 (Luhn-valid)
	// 4111-1869-4763-1111 (Luhn-invalid)
}

func ExampleMasker_Mask_myNumber() {
	m, _ := mask.New(keysettest.PRF(), mask.KindMyNumber, "users.mynumber", "")
	out, _ := m.Mask("1234 5678 9018")
	fmt.Println(out)
	// Output:
	// 1235 4041 9064
}

func ExampleMasker_Mask_pattern() {
	m, _ := mask.New(keysettest.PRF(), mask.KindPattern, "users.passport", "", mask.WithPattern(`[A-Z]{2}-[0-9]{7}`))
	out, _ := m.Mask("TK-1234567")
	fmt.Println(out)
	_, err := m.Mask("TK1234567")
	fmt.Println(err)
	// Output:
	// ED-9202295
	// mask: invalid value: does not match the pattern
}

func ExampleMasker_Mask_generic() {
	m, _ := mask.New(keysettest.PRF(), mask.KindGeneric, "users.greek", "", mask.WithAlphabet("αβγδεζηθικλμνξοπρστυφχψω"))
	out, _ := m.Mask("αβγ-δεζ-ηθι")
	fmt.Println(out)
	// Output:
	// χμε-ψαξ-βρζ
}

// Values too short for FF1 fail unless the Masker allows an irreversible
// substitution, which MaskResult reports.
func ExampleMasker_MaskResult() {
	strict, _ := mask.New(keysettest.PRF(), mask.KindName, "users.name", "")
	_, err := strict.Mask("Taro")
	fmt.Println(errors.Is(err, mask.ErrTooShort))

	lenient, _ := mask.New(keysettest.PRF(), mask.KindName, "users.name", "", mask.AllowIrreversibleShort())
	r, _ := lenient.MaskResult("Taro")
	fmt.Println(r.Value, r.Irreversible)
	// Output:
	// true
	// Kavp true
}

func ExampleMasker_Unmask() {
	m, _ := mask.New(keysettest.PRF(), mask.KindPhone, "users.phone", "", mask.WithRegion("JP"))
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
	m, _ := mask.New(keysettest.PRF(), mask.KindCard, "users.card", "", mask.WithCheckDigit(mask.CheckInvalid))
	fmt.Println(m.Check("4111-1869-4763-1111"))
	fmt.Println(m.Check("4111 1111 1111 1111")) // Luhn-valid: not made by this Masker
	// Output:
	// <nil>
	// mask: invalid value: wrong check digit
}

func ExampleDisplay() {
	for _, c := range []struct {
		kind  mask.Kind
		value string
	}{
		{mask.KindEmail, "taro@example.com"},
		{mask.KindPhone, "090-1234-5678"},
		{mask.KindName, "山田 太郎"},
		{mask.KindCard, "4111 1111 1111 1111"},
	} {
		out, _ := mask.Display(c.kind, c.value)
		fmt.Println(out)
	}
	out, _ := mask.Display(mask.KindMyNumber, "1234 5678 9018", mask.WithReveal(0, 4), mask.WithMaskChar('●'))
	fmt.Println(out)
	// Output:
	// t***@example.com
	// ***-****-5678
	// 山* 太*
	// 4111 11** **** 1111
	// ●●●● ●●●● 9018
}

func ExampleParseKind() {
	k, err := mask.ParseKind("mynumber")
	fmt.Println(k, err)
	_, err = mask.ParseKind("ssn")
	fmt.Println(err)
	// Output:
	// mynumber <nil>
	// mask: invalid option: unknown kind "ssn"
}
