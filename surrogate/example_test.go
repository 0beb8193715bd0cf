package surrogate_test

import (
	"fmt"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/surrogate"
)

func Example() {
	// Tests use fixture keys; use your own root keyset.
	s, err := surrogate.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"山田 太郎", "山田さん", "スズキ・ヒナタ", "Emma Wilson"} {
		out, err := s.Name(name)
		fmt.Println(out, err)
	}
	// Output:
	// 西田 秀幸 <nil>
	// 西田さん <nil>
	// イトウ・ツヨシ <nil>
	// Tony Ford <nil>
}

func ExampleSurrogator_Tied() {
	s, _ := surrogate.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	name, _ := s.Name("山田 太郎")
	kana, _ := s.Tied("山田 太郎", "ヤマダ タロウ")
	romaji, _ := s.Tied("山田 太郎", "Yamada Taro")
	fmt.Println(name, "/", kana, "/", romaji)
	// Output: 西田 秀幸 / ニシダ ヒデユキ / Nishida Hideyuki
}

func ExampleSurrogator_Surname() {
	s, _ := surrogate.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	fmt.Println(s.Surname("林"))
	fmt.Println(s.Given("蓮"))
	// Output:
	// 木村 <nil>
	// 俊樹 <nil>
}
