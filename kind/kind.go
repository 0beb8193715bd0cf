// Package kind describes what piikit protects: the kinds of personal values
// and the options of their transforms, in one table that package tokenize,
// package mask, package mask/display, package records (policies) and the
// piikit command all read. A kind, an option, its text form and its
// default are written here once.
//
// Most users fill in a [Field] and pass it to a constructor:
//
//	p, err := tokenize.NewPseudonymizer(root, kind.Field{Kind: kind.Email, Domain: "users.email"})
//	m, err := mask.New(root, kind.Field{Kind: kind.Phone, Domain: "users.phone", Region: "JP"})
//	d, err := display.New(kind.Field{Kind: kind.Card})
//
// A constructor refuses ([ErrOption]) a Field that sets an option its
// transform does not take for the kind: see [Options] for the table.
//
// What is a value of each kind — a phone number, an email address, a name,
// an ID — is decided once, by the normalization rule of SPEC.md §3, for
// tokens, masks and display masks alike.
package kind

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Kind says what a value is: how it is normalized (tokens), which format a
// mask keeps and what a display mask shows. SPEC.md §3 and §5 define each.
type Kind string

// The kinds.
const (
	// Name is a person's name in Latin letters and/or Japanese kanji, kana.
	Name Kind = "name"
	// Phone is a phone number, national (with a [Field.Region]) or
	// international; tokens normalize it to E.164.
	Phone Kind = "phone"
	// Email is an email address; masks keep its domain unless
	// [Field.MaskDomain].
	Email Kind = "email"
	// ID is an identifier: a user ID, an account number. It is masked as a
	// [Pattern] ([Field.Pattern] is required) and displayed as [Generic].
	ID Kind = "id"
	// Card is a payment card number (12–19 digits, Luhn). It is tokenized
	// as an [ID].
	Card Kind = "card"
	// MyNumber is Japan's Individual Number (12 digits, check digit). It is
	// tokenized as an [ID].
	MyNumber Kind = "mynumber"
	// Pattern is an ID of the fixed shape given by [Field.Pattern]. Masks
	// and display masks only.
	Pattern Kind = "pattern"
	// Generic is any text over the alphabet given by [Field.Alphabet].
	// Masks and display masks only.
	Generic Kind = "generic"
)

// Transform is what is done to a value of a kind. Package records adds the
// transforms of a record's fields that take no kind (redact, keep, drop and
// text), of this same type.
type Transform string

// The transforms of values.
const (
	Pseudonym Transform = "pseudonym" // an irreversible keyed token (package tokenize)
	Token     Transform = "token"     // a reversible deterministic token (package tokenize)
	Mask      Transform = "mask"      // a format-preserving mask (package mask)
	Display   Transform = "display"   // an unkeyed display mask (package mask/display)
	// Surrogate is a realistic name, keyed and irreversible (package
	// surrogate). Names only.
	Surrogate Transform = "surrogate"
)

// info is a kind's row of the table.
type info struct {
	kind Kind
	// as is the kind each transform works as: a card is tokenized as an
	// ID, an ID masked as a pattern. A transform missing from the map does
	// not take the kind.
	as map[Transform]Kind
}

var table = []info{
	{Name, map[Transform]Kind{Pseudonym: Name, Token: Name, Mask: Name, Display: Name, Surrogate: Name}},
	{Phone, all(Phone)},
	{Email, all(Email)},
	{ID, map[Transform]Kind{Pseudonym: ID, Token: ID, Mask: Pattern, Display: Generic}},
	{Card, map[Transform]Kind{Pseudonym: ID, Token: ID, Mask: Card, Display: Card}},
	{MyNumber, map[Transform]Kind{Pseudonym: ID, Token: ID, Mask: MyNumber, Display: MyNumber}},
	{Pattern, map[Transform]Kind{Mask: Pattern, Display: Generic}},
	{Generic, map[Transform]Kind{Mask: Generic, Display: Generic}},
}

func all(k Kind) map[Transform]Kind {
	return map[Transform]Kind{Pseudonym: k, Token: k, Mask: k, Display: k}
}

func lookup(k Kind) *info {
	for i := range table {
		if table[i].kind == k {
			return &table[i]
		}
	}
	return nil
}

// Errors; branch with errors.Is.
var (
	// ErrOption: an option of a Field is invalid or unsafe (a mask
	// character, alphabet or pattern class that would write a
	// formula-starting, invisible or combining character), or does not
	// apply to its kind and transform; or the kind is unknown (ErrUnknown).
	ErrOption = errors.New("kind: invalid option")
	// ErrUnknown: the kind is not one of the kinds. It wraps ErrOption.
	ErrUnknown = fmt.Errorf("%w: unknown kind", ErrOption)
)

// Parse returns the kind named s.
func Parse(s string) (Kind, error) {
	if lookup(Kind(s)) == nil {
		return "", fmt.Errorf("%w %q (want %s)", ErrUnknown, s, List(""))
	}
	return Kind(s), nil
}

// All returns the kinds, in the table's order.
func All() []Kind {
	ks := make([]Kind, len(table))
	for i, in := range table {
		ks[i] = in.kind
	}
	return ks
}

// List names the kinds that transform t takes (all kinds for ""), for
// messages: "name, phone, email or id".
func List(t Transform) string {
	var names []string
	for _, in := range table {
		if _, ok := in.as[t]; ok || t == "" {
			names = append(names, string(in.kind))
		}
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// As returns the kind that transform t works with for values of kind k (a
// card is tokenized as an ID, an ID masked as a pattern): [ErrUnknown] for
// an unknown kind, [ErrOption] if t does not take k.
func (k Kind) As(t Transform) (Kind, error) {
	in := lookup(k)
	if in == nil {
		return "", fmt.Errorf("%w %q", ErrUnknown, string(k))
	}
	as, ok := in.as[t]
	if !ok {
		return "", fmt.Errorf("%w: %s does not apply to kind %s (want %s)", ErrOption, t, k, List(t))
	}
	return as, nil
}

// Keyed reports whether t is a transform of values that needs a key, and
// so a domain: every one but Display.
func (t Transform) Keyed() bool { return t.valid() && t != Display }

var transforms = []Transform{Pseudonym, Token, Mask, Display, Surrogate}

func (t Transform) valid() bool { return slices.Contains(transforms, t) }
