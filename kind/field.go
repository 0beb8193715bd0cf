package kind

import (
	"fmt"
	"slices"
)

// Field describes one field of personal data and how to protect it: its
// kind, the domain and scope its outputs are bound to, and the options of
// its transform. Every constructor of piikit takes one (the standard
// library's options-struct style); the zero value of an option is its
// default. [Options] lists which options each kind and transform take.
type Field struct {
	// Kind of the values. Required.
	Kind Kind
	// Domain names the kind of value and where it lives ("users.email"):
	// 1 to 128 bytes of [A-Za-z0-9._:-]. Equal values give equal outputs
	// only within one domain; fields that must join share a domain on
	// purpose. Required by keyed transforms; display masks take none.
	Domain string
	// Scope names the recipient of the outputs ("acme"), so that exports
	// to two recipients cannot be linked: up to 128 bytes of
	// [A-Za-z0-9._:-], empty for none. Keyed transforms only.
	Scope string
	// Region is the default region of phone numbers written without a
	// country code, as a CLDR region code ("JP"). Keyed transforms of
	// [Phone] only; empty means every number must start with "+".
	Region string

	// Prefix is written before every token ("tok_"): up to 32 bytes of
	// [A-Za-z0-9._-], starting with a letter or digit. Not secret, not
	// authenticated. Pseudonyms and tokens.
	Prefix string
	// Size is the length of a pseudonym's PRF output in bytes, 12 to 32;
	// 0 means 16. Pseudonyms only.
	Size int
	// InsecureAllowShortIDs tokenizes ID values shorter than six
	// characters, whose deterministic tokens disclose them through their
	// frequencies. Pseudonyms and tokens; it changes nothing but for IDs,
	// cards and My Numbers.
	InsecureAllowShortIDs bool

	// Keep is what a mask keeps in clear: for [Phone], at least Keep.First
	// leading digits of the national number (Last must be 0; by default
	// the digits that tell the number's region and type); for [Card], the
	// first and last digits exactly (by default 6 and 4, fewer first
	// digits when the rest would be too short). nil keeps the default.
	Keep *Span
	// CheckDigit chooses whether masks of cards, My Numbers and patterns with a
	// CheckScheme carry a valid (the default) or a wrong check digit.
	CheckDigit CheckDigit
	// Pattern is the shape of [Pattern] and [ID] values, such as
	// `[A-Z]{2}-[0-9]{7}` (SPEC.md §5). Required to mask them. In the ID
	// rule of package freetext it also finds the IDs in a text, whatever
	// the rule's transform.
	Pattern string
	// CheckScheme gives pattern values a check digit, computed over all
	// their digits. Masks of patterns.
	CheckScheme CheckScheme
	// Alphabet is the alphabet of [Generic] values, in numeral order.
	// Required to mask them. Characters outside it are kept in place.
	Alphabet string
	// MaskDomain masks an email's domain too, label by label, keeping its
	// public suffix. Masks of emails.
	MaskDomain bool
	// NameFormat is the format of name masks: 0 or 2 (the default) draws
	// masked characters from those names are written with (jōyō and
	// jinmeiyō kanji, the kana of names, vowels for vowels); 1 is the
	// format of piikit before it (every kana, the JIS X 0208 kanji), to
	// unmask old masks or join with them. SPEC.md §5 "Names".
	NameFormat int
	// AllowIrreversibleShort lets a mask replace values too short for FF1
	// (fewer than 1,000,000 possible values) with a keyed, irreversible
	// substitution of the same format instead of failing. Masks.
	AllowIrreversibleShort bool

	// Reveal is how many characters a display mask shows at the start and
	// at the end (of each word of a name, of an email's local part, of the
	// digits of a number). nil keeps the kind's default ([DefaultReveal]).
	Reveal *Span
	// MaskChar replaces hidden characters in display masks; 0 means '*'.
	MaskChar rune
}

// Span is a count of characters or digits at the start and at the end of
// a value.
type Span struct{ First, Last int }

// CheckDigit says what check digit a masked value carries.
type CheckDigit int

const (
	// CheckValid (the default): masks carry a valid check digit, so they
	// pass the validators of their format.
	CheckValid CheckDigit = iota + 1
	// CheckInvalid: masks carry a wrong check digit, so they can never be
	// mistaken for (or charged as) a real number.
	CheckInvalid
)

// CheckScheme is a check-digit algorithm for patterns.
type CheckScheme string

const (
	// CheckLuhn is the Luhn (mod 10) algorithm of ISO/IEC 7812-1.
	CheckLuhn CheckScheme = "luhn"
	// CheckMyNumber is the check digit of Japan's Individual Number (11
	// digits and a check digit).
	CheckMyNumber CheckScheme = "mynumber"
)

// DefaultReveal is what a display mask of kind k shows by default: names
// the first character of each word, emails the first character of the
// local part, phones the last 4 digits, cards the first 6 and last 4.
func DefaultReveal(k Kind) Span {
	switch k {
	case Name, Email:
		return Span{1, 0}
	case Phone:
		return Span{0, 4}
	case Card:
		return Span{6, 4}
	}
	return Span{}
}

// Check reports whether f is a valid configuration of transform t: its kind
// is one t takes, and every option it sets applies to that kind and t and
// has a valid value. It returns the kind t works as ([Kind.As]). Domains and
// scopes are checked by the constructors, which derive keys from them.
func (f *Field) Check(t Transform) (Kind, error) {
	if !t.valid() {
		return "", fmt.Errorf("%w: unknown transform %q", ErrOption, string(t))
	}
	as, err := f.Kind.As(t)
	if err != nil {
		return "", err
	}
	switch {
	case t.Keyed() && f.Domain == "":
		return "", fmt.Errorf("%w: %s needs a domain", ErrOption, t)
	case !t.Keyed() && (f.Domain != "" || f.Scope != ""):
		return "", fmt.Errorf("%w: domain and scope do not apply to display masks", ErrOption)
	case f.Region != "" && (!t.Keyed() || f.Kind != Phone):
		return "", fmt.Errorf("%w: region does not apply to kind %s", ErrOption, f.Kind)
	}
	for i := range options {
		o := &options[i]
		if !o.isSet(f) || o.Applies(f.Kind, t) {
			continue
		}
		// Another row of the same field (keep of phones and of cards) may
		// apply.
		if slices.ContainsFunc(options, func(p Option) bool { return p.Name == o.Name && p.Applies(f.Kind, t) }) {
			continue
		}
		return "", fmt.Errorf("%w: %s does not apply to %s of kind %s", ErrOption, o.Name, t, f.Kind)
	}
	if err := f.checkValues(); err != nil {
		return "", err
	}
	return as, nil
}

func (f *Field) checkValues() error {
	switch {
	case f.Keep != nil && (f.Keep.First < 0 || f.Keep.Last < 0):
		return fmt.Errorf("%w: keep %d,%d", ErrOption, f.Keep.First, f.Keep.Last)
	case f.Keep != nil && f.Kind == Phone && f.Keep.Last != 0:
		return fmt.Errorf("%w: a phone keeps leading digits only (Keep.Last must be 0)", ErrOption)
	case f.Reveal != nil && (f.Reveal.First < 0 || f.Reveal.Last < 0):
		return fmt.Errorf("%w: reveal %d,%d", ErrOption, f.Reveal.First, f.Reveal.Last)
	case f.NameFormat != 0 && f.NameFormat != 1 && f.NameFormat != 2:
		return fmt.Errorf("%w: name format %d (want 1 or 2)", ErrOption, f.NameFormat)
	case f.CheckDigit != 0 && f.CheckDigit != CheckValid && f.CheckDigit != CheckInvalid:
		return fmt.Errorf("%w: check digit mode %d", ErrOption, int(f.CheckDigit))
	case f.CheckScheme != "" && f.CheckScheme != CheckLuhn && f.CheckScheme != CheckMyNumber:
		return fmt.Errorf("%w: unknown check scheme %q", ErrOption, string(f.CheckScheme))
	}
	return nil
}
