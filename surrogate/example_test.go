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
	// 広岡 景子 <nil>
	// 広岡さん <nil>
	// サイトウ・ユキ <nil>
	// Tony Ford <nil>
}

func ExampleSurrogator_Tied() {
	s, _ := surrogate.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	name, _ := s.Name("山田 太郎")
	kana, _ := s.Tied("山田 太郎", "ヤマダ タロウ")
	romaji, _ := s.Tied("山田 太郎", "Yamada Taro")
	fmt.Println(name, "/", kana, "/", romaji)
	// Output: 広岡 景子 / ヒロオカ ケイコ / Hiroka Keiko
}

func ExampleSurrogator_Surname() {
	s, _ := surrogate.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	fmt.Println(s.Surname("林"))
	fmt.Println(s.Given("蓮"))
	// Output:
	// 菅原 <nil>
	// 莉奈 <nil>
}
