package names_test

import (
	"fmt"
	"log"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

func ExampleAppend() {
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{
		Names: names.Append, // finds names nobody listed, by morphology
		Rules: map[kind.Kind]freetext.Rule{
			kind.Name: {Transform: kind.Mask, Field: kind.Field{Domain: "line.name"}},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, text := range []string{"林さん、明日の件よろしく", "山田に行く"} {
		out, err := p.Protect(text)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(out)
	}
	// Output:
	// 水島さん、明日の件よろしく
	// 山田に行く
}
