package normalize_test

import (
	"fmt"
	"log"

	"github.com/piikit/piikit/internal/normalize"
)

func ExampleNew() {
	n, err := normalize.New(normalize.Phone, normalize.Options{Region: "JP"})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range []string{"090-1234-5678", "+81 90 1234 5678", "０９０－１２３４－５６７８"} {
		s, err := n.Normalize(v)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(s)
	}
	// Output:
	// +819012345678
	// +819012345678
	// +819012345678
}

func ExampleNormalizer_Normalize() {
	n, err := normalize.New(normalize.Name, normalize.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range []string{"ﾔﾏﾀﾞ　ﾀﾛｳ", "  Taro   YAMADA ", ""} {
		s, err := n.Normalize(v)
		fmt.Printf("%q %v\n", s, err)
	}
	// Output:
	// "ヤマダ タロウ" <nil>
	// "taro yamada" <nil>
	// "" invalid value: empty
}

func ExampleNormalizer_Append() {
	n, err := normalize.New(normalize.Email, normalize.Options{})
	if err != nil {
		log.Fatal(err)
	}
	buf := []byte("email\x00")
	buf, err = n.Append(buf, "Taro.Yamada@Example.COM")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", buf)
	// Output:
	// "email\x00taro.yamada@example.com"
}

func ExampleParseKind() {
	k, err := normalize.ParseKind("id")
	fmt.Println(k, k.Valid(), err)
	_, err = normalize.ParseKind("ID")
	fmt.Println(err)
	// Output:
	// id true <nil>
	// unknown kind (want name, phone, email or id)
}

func ExampleNormalizer_Kind() {
	n, err := normalize.New(normalize.Phone, normalize.Options{Region: "jp"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n.Kind(), n.Region())
	// Output:
	// phone JP
}
