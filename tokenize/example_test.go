package tokenize_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/tokenize"
)

// In production the keysets come from the keyset package, encrypted under a
// KMS key; the examples use the public fixture keysets of keysettest.

func ExampleNewPseudonymizer() {
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), kind.Field{
		Kind:   kind.Email,
		Domain: "users.email",
		Scope:  "acme", // the recipient of the export
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range []string{"Taro.Yamada@Example.COM", "taro.yamada@example.com"} {
		tok, err := p.Pseudonym(v)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(tok)
	}
	// Output:
	// freb5lsx5emcpekokcy2bhqoayfii
	// freb5lsx5emcpekokcy2bhqoayfii
}

func ExamplePseudonymizer_Pseudonym() {
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), kind.Field{
		Kind:   kind.Phone,
		Domain: "users.phone",
		Scope:  "acme",
		Region: "JP", // for numbers written without +81
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range []string{"090-1234-5678", "+81 90 1234 5678", "０９０－１２３４－５６７８", "not a phone"} {
		tok, err := p.Pseudonym(v)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(tok)
	}
	// Output:
	// frebrn6zokboei4brjom3r2i6koau
	// frebrn6zokboei4brjom3r2i6koau
	// frebrn6zokboei4brjom3r2i6koau
	// error: invalid value (phone: not a phone number)
}

func ExamplePseudonymizer_AppendPseudonym() {
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), kind.Field{
		Kind:   kind.Name,
		Domain: "users.name",
		Scope:  "acme",
		Prefix: "name_",
	})
	if err != nil {
		log.Fatal(err)
	}
	// Reuse one buffer for a column of values: no allocation per value.
	buf := make([]byte, 0, 64)
	for _, v := range []string{"山田　太郎", "ﾔﾏﾀﾞ ﾀﾛｳ"} {
		buf, err = p.AppendPseudonym(buf[:0], v)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s\n", buf)
	}
	// Output:
	// name_freclrpgsabkv3smbr7iosy3dysze
	// name_fref3oviipdiilrduly5guhxtlkpu
}

func ExamplePseudonymizer_KeyID() {
	p, err := tokenize.NewPseudonymizer(keysettest.PRFRotated(), kind.Field{Kind: kind.Email, Domain: "users.email"})
	if err != nil {
		log.Fatal(err)
	}
	// Record the key of new pseudonyms in the export's manifest.
	fmt.Println(p.KeyID(), p.KeyTag())
	// Output:
	// 1085265126 [64 175]
}

func ExampleField_insecureAllowShortIDs() {
	f := kind.Field{Kind: kind.ID, Domain: "users.pin"}
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), f)
	if err != nil {
		log.Fatal(err)
	}
	_, err = p.Pseudonym("1234")
	fmt.Println(errors.Is(err, tokenize.ErrLowEntropy))

	// A field that knowingly has few values must say so.
	f.InsecureAllowShortIDs = true
	p, err = tokenize.NewPseudonymizer(keysettest.PRF(), f)
	if err != nil {
		log.Fatal(err)
	}
	_, err = p.Pseudonym("1234")
	fmt.Println(err)
	// Output:
	// true
	// <nil>
}

func ExampleNewTokenizer() {
	t, err := tokenize.NewTokenizer(keysettest.DeterministicAEAD(), kind.Field{
		Kind:   kind.Email,
		Domain: "users.email",
		Scope:  "acme",
		Prefix: "tok_",
	})
	if err != nil {
		log.Fatal(err)
	}
	tok, err := t.Token("Taro.Yamada@Example.COM")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok)
	fmt.Println(t.KeyID())
	// Output:
	// tok_ahk6wtiqkaqkb62kkxt753wnwjn4xheyjgkyr6cjyfxdk7oyttyrtsmktzbtsaxx4v6mh7q
	// 3588967696
}

func ExampleTokenizer_Token() {
	t, err := tokenize.NewTokenizer(keysettest.DeterministicAEAD(), kind.Field{Kind: kind.ID, Domain: "users.id", Scope: "acme"})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range []string{"1234-5678-9012", "１２３４　５６７８　９０１２"} {
		tok, err := t.Token(v)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(tok)
	}
	// Output:
	// ahk6wtiqabl5mqonj47adoopoob3grlal4xn26pv6n47xf4lzvqow
	// ahk6wtiqabl5mqonj47adoopoob3grlal4xn26pv6n47xf4lzvqow
}

func ExampleTokenizer_AppendToken() {
	t, err := tokenize.NewTokenizer(keysettest.DeterministicAEAD(), kind.Field{Kind: kind.Phone, Domain: "users.phone", Scope: "acme", Region: "JP"})
	if err != nil {
		log.Fatal(err)
	}
	line := []byte("phone=")
	line, err = t.AppendToken(line, "090-1234-5678")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s\n", line)
	// Output:
	// phone=ahk6wtiqxvqu4p5ullw2ftovckvclgj352ilgkicm4dvqoam7m4lywy
}

func ExampleTokenizer_Detokenize() {
	t, err := tokenize.NewTokenizer(keysettest.DeterministicAEADRotated(), kind.Field{Kind: kind.Phone, Domain: "users.phone", Scope: "acme", Region: "JP"})
	if err != nil {
		log.Fatal(err)
	}
	// The caller's audit trail: here, print each event.
	hook := func(_ context.Context, e audit.Event) error {
		fmt.Printf("audit: %s by %s for %q: %d %s value(s) of %s/%s, keys %v\n",
			e.Operation, e.Actor, e.Reason, e.Count, e.Kind, e.Domain, e.Scope, e.KeyIDs)
		return nil
	}
	req := audit.Request{Actor: "support@example.com", Reason: "ticket SUP-4711"}
	// A token made before the rotation, and a broken one.
	values, err := t.Detokenize(context.Background(), hook, req,
		"ahk6wtiqxvqu4p5ullw2ftovckvclgj352ilgkicm4dvqoam7m4lywy",
		"ahk6wtiqxvqu4p5ullw2ftovckvclgj352ilgkicm4dvqoam7m4lywa")
	fmt.Printf("%q\n", values)
	fmt.Println(err)
	// Output:
	// audit: detokenize by support@example.com for "ticket SUP-4711": 1 phone value(s) of users.phone/acme, keys [3588967696]
	// ["+819012345678" ""]
	// tokenize: invalid token: 1 of 2 tokens (first at index 1)
}

func ExampleTokenizer_KeyID() {
	t, err := tokenize.NewTokenizer(keysettest.DeterministicAEADRotated(), kind.Field{Kind: kind.Email, Domain: "users.email"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.KeyID())
	// Output:
	// 2354265861
}

func ExamplePseudonymizer_KeyTag() {
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), kind.Field{Kind: kind.Email, Domain: "users.email", Scope: "acme"})
	if err != nil {
		log.Fatal(err)
	}
	tok, err := p.Pseudonym("taro.yamada@example.com")
	if err != nil {
		log.Fatal(err)
	}
	// Every pseudonym of one key starts with the base32 of its tag.
	fmt.Printf("%x %s\n", p.KeyTag(), tok[:3])
	// Output:
	// 2c48 fre
}

func ExamplePseudonymizer_Field() {
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), kind.Field{Kind: kind.Phone, Domain: "users.phone", Region: "JP"})
	if err != nil {
		log.Fatal(err)
	}
	f := p.Field()
	fmt.Println(f.Kind, f.Domain, f.Region)
	fmt.Println(p) // never the key
	// Output:
	// phone users.phone JP
	// tokenize.Pseudonymizer{phone, domain "users.phone", scope "", key 742980444}
}

func ExampleTokenizer_Field() {
	t, err := tokenize.NewTokenizer(keysettest.DeterministicAEAD(), kind.Field{Kind: kind.Email, Domain: "users.email", Scope: "acme"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Field().Scope)
	fmt.Println(t) // never the key
	// Output:
	// acme
	// tokenize.Tokenizer{email, domain "users.email", scope "acme", key 3588967696}
}
