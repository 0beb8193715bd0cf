package display_test

import (
	"fmt"
	"log"

	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask/display"
)

func ExampleMasker_Mask() {
	for _, c := range []struct {
		kind  kind.Kind
		value string
	}{
		{kind.Email, "taro@example.com"},
		{kind.Phone, "090-1234-5678"},
		{kind.Name, "山田 太郎"},
		{kind.Card, "4111 1111 1111 1111"},
	} {
		d, err := display.New(kind.Field{Kind: c.kind})
		if err != nil {
			log.Fatal(err)
		}
		out, _ := d.Mask(c.value)
		fmt.Println(out)
	}
	// Output:
	// t***@example.com
	// ***-****-5678
	// 山* 太*
	// 4111 11** **** 1111
}

func ExampleNew() {
	d, err := display.New(kind.Field{Kind: kind.MyNumber, Reveal: &kind.Span{First: 0, Last: 4}, MaskChar: '●'})
	if err != nil {
		log.Fatal(err)
	}
	out, _ := d.Mask("1234 5678 9018")
	fmt.Println(out)
	_, err = display.New(kind.Field{Kind: kind.Name, MaskChar: '='})
	fmt.Println(err)
	// Output:
	// ●●●● ●●●● 9018
	// kind: invalid option: character unsafe in masked output: mask character has a formula, white space, control, format or combining character
}
