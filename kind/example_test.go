package kind_test

import (
	"fmt"

	"github.com/piikit/piikit/kind"
)

func ExampleParse() {
	k, err := kind.Parse("mynumber")
	fmt.Println(k, err)
	_, err = kind.Parse("ssn")
	fmt.Println(err)
	// Output:
	// mynumber <nil>
	// kind: invalid option: unknown kind "ssn" (want name, phone, email, id, card, mynumber, pattern or generic)
}

func ExampleKind_As() {
	for _, t := range []kind.Transform{kind.Pseudonym, kind.Mask, kind.Display} {
		as, err := kind.ID.As(t)
		fmt.Println(t, as, err)
	}
	// Output:
	// pseudonym id <nil>
	// mask pattern <nil>
	// display generic <nil>
}

func ExampleField_Set() {
	f := kind.Field{Kind: kind.Card, Domain: "users.card"}
	fmt.Println(f.Set(kind.Mask, "keep", "6,4"), *f.Keep)
	fmt.Println(f.Set(kind.Mask, "keep", "6, 4"))
	fmt.Println(f.Set(kind.Mask, "mask_domain", "true"))
	// Output:
	// <nil> {6 4}
	// kind: invalid option: want FIRST,LAST, two decimal numbers from 0 to 1024 separated by a comma, without sign, spaces or leading zeros (such as 6,4)
	// kind: invalid option: mask_domain does not apply to mask of kind card
}
