package mask

import (
	"fmt"
	"unicode/utf8"
)

// An Option configures a [Masker]. Options that do not apply to the kind are
// an error ([ErrOption]). The options are part of the mask's format: unmask
// with the options you masked with.
type Option func(*options)

// CheckDigit says what check digit a masked value carries.
type CheckDigit int

const (
	// CheckValid (the default): the masked value has a valid check digit, so
	// it passes the validators of its format.
	CheckValid CheckDigit = iota
	// CheckInvalid: the masked value has a wrong check digit, so it can never
	// be mistaken for (or charged as) a real number.
	CheckInvalid
)

// CheckScheme is a check-digit algorithm for [KindPattern].
type CheckScheme string

const (
	// CheckLuhn is the Luhn (mod 10) algorithm of ISO/IEC 7812-1.
	CheckLuhn CheckScheme = "luhn"
	// CheckMyNumber is the check digit of Japan's Individual Number (11
	// digits and a check digit).
	CheckMyNumber CheckScheme = "mynumber"
)

type options struct {
	region      string
	phoneKeep   int
	maskDomain  bool
	cardKeep    *[2]int
	check       CheckDigit
	checkSet    bool
	pattern     *string
	scheme      CheckScheme
	alphabet    *string
	allowShort  bool
	radices     []int
	err         error
	kindOptions []string
}

func (o *options) note(name string) { o.kindOptions = append(o.kindOptions, name) }

// WithRegion sets the region (ISO 3166-1 alpha-2, e.g. "JP") of phone
// numbers written without a country code. Without it, [KindPhone] accepts
// only international numbers (+81…).
func WithRegion(region string) Option {
	return func(o *options) { o.region = region; o.note("region") }
}

// WithPhoneKeep keeps n leading digits of the national number in clear. By
// default only the digits that tell the number's region and type are kept
// (for Japanese mobiles 90, as in 090): a smaller n keeps the default
// (SPEC.md §5).
func WithPhoneKeep(n int) Option {
	return func(o *options) {
		o.note("phone-keep")
		if n < 0 {
			o.err = fmt.Errorf("%w: phone keep %d < 0", ErrOption, n)
		}
		o.phoneKeep = n
	}
}

// WithMaskedDomain masks an email's domain too, label by label, keeping its
// public suffix (example.co.jp → xkbqpfv.co.jp). By default the domain is
// kept.
func WithMaskedDomain() Option {
	return func(o *options) { o.maskDomain = true; o.note("masked-domain") }
}

// WithCardKeep keeps the first and the last digits of a card number in clear
// (by default 6 and 4, fewer first digits when the rest would be too short:
// SPEC.md §5).
func WithCardKeep(first, last int) Option {
	return func(o *options) {
		o.note("card-keep")
		if first < 0 || last < 0 {
			o.err = fmt.Errorf("%w: card keep %d,%d", ErrOption, first, last)
		}
		o.cardKeep = &[2]int{first, last}
	}
}

// WithCheckDigit chooses whether masked card numbers, My Numbers and
// patterns with a check scheme carry a valid (default) or a wrong check digit.
func WithCheckDigit(c CheckDigit) Option {
	return func(o *options) {
		o.note("check-digit")
		if c != CheckValid && c != CheckInvalid {
			o.err = fmt.Errorf("%w: check digit mode %d", ErrOption, int(c))
		}
		o.check, o.checkSet = c, true
	}
}

// WithPattern sets the shape of [KindPattern] values: literal characters and
// character classes with a count, such as `[A-Z]{2}-[0-9]{7}` (SPEC.md §5).
// A class may not hold a character [ErrOption] refuses (write `-` or
// `+` as literals).
func WithPattern(pattern string) Option {
	return func(o *options) { o.pattern = &pattern; o.note("pattern") }
}

// WithCheckScheme gives [KindPattern] values a check digit: the last digit
// of the value is computed by scheme over all its digits.
func WithCheckScheme(scheme CheckScheme) Option {
	return func(o *options) {
		o.note("check-scheme")
		if scheme != CheckLuhn && scheme != CheckMyNumber {
			o.err = fmt.Errorf("%w: unknown check scheme %q", ErrOption, string(scheme))
		}
		o.scheme = scheme
	}
}

// WithAlphabet sets the alphabet of [KindGeneric]: its characters, in
// numeral order (at least 2, at most 65,536, no repeats, none that
// [ErrOption] refuses). Characters of a
// value outside the alphabet are kept in place.
func WithAlphabet(alphabet string) Option {
	return func(o *options) { o.alphabet = &alphabet; o.note("alphabet") }
}

// AllowIrreversibleShort lets Mask replace values too short for FF1 (fewer
// than 1,000,000 possible values to mask, such as a 4-letter name) with a
// keyed, irreversible substitution of the same format instead of failing
// with [ErrTooShort]. The substitution is deterministic and never the input
// itself, but it is not encryption: it cannot be unmasked, and with so few
// possible values it hides little from someone who can guess. Results made
// this way have [Result.Irreversible] set.
func AllowIrreversibleShort() Option {
	return func(o *options) { o.allowShort = true }
}

// allowed lists the options each kind accepts.
var allowed = map[Kind][]string{
	KindName:     {},
	KindPhone:    {"region", "phone-keep"},
	KindEmail:    {"masked-domain"},
	KindCard:     {"card-keep", "check-digit"},
	KindMyNumber: {"check-digit"},
	KindPattern:  {"pattern", "check-scheme", "check-digit"},
	KindGeneric:  {"alphabet"},
}

func (o *options) build(kind Kind) (kindImpl, error) {
	ok, known := allowed[kind]
	if !known {
		return nil, fmt.Errorf("%w %q", errKind, string(kind))
	}
	if o.err != nil {
		return nil, o.err
	}
	for _, n := range o.kindOptions {
		found := false
		for _, a := range ok {
			found = found || a == n
		}
		if !found {
			return nil, fmt.Errorf("%w: %s does not apply to kind %s", ErrOption, n, kind)
		}
	}
	switch kind {
	case KindName:
		o.radices = []int{26, 74, 78}
		return nameKind{}, nil
	case KindEmail:
		o.radices = []int{26, 2}
		return &emailKind{maskDomain: o.maskDomain}, nil
	case KindPhone:
		o.radices = []int{10}
		return newPhoneKind(o.region, o.phoneKeep)
	case KindCard:
		o.radices = []int{10}
		k := &cardKind{check: o.check, first: 6, last: 4, adapt: true}
		if o.cardKeep != nil {
			k.first, k.last, k.adapt = o.cardKeep[0], o.cardKeep[1], false
		}
		return k, nil
	case KindMyNumber:
		o.radices = []int{10}
		return &myNumberKind{check: o.check}, nil
	case KindPattern:
		if o.pattern == nil {
			return nil, fmt.Errorf("%w: kind pattern needs WithPattern", ErrOption)
		}
		if o.checkSet && o.scheme == "" {
			return nil, fmt.Errorf("%w: WithCheckDigit needs WithCheckScheme for patterns", ErrOption)
		}
		return newPatternKind(*o.pattern, o.scheme, o.check)
	case KindGeneric:
		if o.alphabet == nil {
			return nil, fmt.Errorf("%w: kind generic needs WithAlphabet", ErrOption)
		}
		return newGenericKind(*o.alphabet)
	}
	return nil, fmt.Errorf("%w %q", errKind, string(kind))
}

// alphabetRunes checks a caller's alphabet: valid UTF-8, 2 to 65,536
// distinct characters, each one a mask may write (outputSafe: any of them
// can become the first character of a masked value).
func alphabetRunes(a string) ([]rune, error) {
	if !utf8.ValidString(a) {
		return nil, fmt.Errorf("%w: alphabet is not valid UTF-8", ErrOption)
	}
	rs := []rune(a)
	if len(rs) < 2 || len(rs) > 65536 {
		return nil, fmt.Errorf("%w: alphabet has %d characters, need 2 to 65536", ErrOption, len(rs))
	}
	seen := make(map[rune]bool, len(rs))
	for _, r := range rs {
		if seen[r] {
			return nil, fmt.Errorf("%w: alphabet repeats a character", ErrOption)
		}
		seen[r] = true
	}
	if err := checkOutputChars("alphabet", rs); err != nil {
		return nil, err
	}
	return rs, nil
}
