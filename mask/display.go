package mask

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/normalize"
)

// A DisplayOption configures [Display].
type DisplayOption func(*displayOptions)

type displayOptions struct {
	maskChar    rune
	first, last int
	set         bool
}

// WithMaskChar sets the character that replaces hidden characters ('*' by
// default). It must be a visible character that cannot start a spreadsheet
// formula: [Display] and [CheckDisplay] refuse `=`, `+`, `-`, `@`, `|`,
// `%`, their full-width forms, white space, control, format and combining
// characters with [ErrOption].
func WithMaskChar(r rune) DisplayOption {
	return func(o *displayOptions) { o.maskChar = r }
}

// WithReveal sets how many characters Display shows at the start and at the
// end (of each word of a name, of an email's local part, of the digits of a
// number), overriding the kind's default.
func WithReveal(first, last int) DisplayOption {
	return func(o *displayOptions) { o.first, o.last, o.set = max(first, 0), max(last, 0), true }
}

// displayDefaults are the characters shown by default, per kind:
// names show the first character of each word, emails the first character
// of the local part, phones the last 4 digits, cards the first 6 and last 4
// digits, everything else nothing.
var displayDefaults = map[Kind][2]int{
	KindName:     {1, 0},
	KindEmail:    {1, 0},
	KindPhone:    {0, 4},
	KindCard:     {6, 4},
	KindMyNumber: {0, 0},
	KindPattern:  {0, 0},
	KindGeneric:  {0, 0},
}

// CheckDisplay reports whether [Display] accepts kind and opts (else an
// error wrapping [ErrOption]), so that a caller can refuse a configuration before the
// first value.
func CheckDisplay(kind Kind, opts ...DisplayOption) error {
	_, err := displayConfig(kind, opts)
	return err
}

func displayConfig(kind Kind, opts []DisplayOption) (displayOptions, error) {
	def, ok := displayDefaults[kind]
	if !ok {
		return displayOptions{}, errKind
	}
	o := displayOptions{maskChar: '*', first: def[0], last: def[1]}
	for _, opt := range opts {
		opt(&o)
	}
	if err := checkOutputChars("mask character", []rune{o.maskChar}); err != nil {
		return displayOptions{}, err
	}
	return o, nil
}

// Display returns a display mask of value for screens, logs and support
// tools: `t***@example.com`, `***-****-5678`, `山* 太*`, `4111 11** **** 1111`.
// It needs no key and cannot be reversed. Characters are user-perceived
// characters (extended grapheme clusters, UAX #29): an emoji or a letter
// with combining marks is masked as one and never split. Separators stay;
// each hidden character becomes one mask character. A part that would be
// shown in full (a one-character word) is masked entirely.
//
// The value must be of its kind by the rule the keyed masks and tokens use
// (SPEC.md §3, §5): a name or ID as normalization accepts it, an email
// address as normalization accepts it, a card or My Number with a valid
// check digit, a phone number as [KindPhone] reads it. Anything else is an
// error wrapping [ErrInvalidValue]: a display mask never passes through text that
// is not of its kind.
func Display(kind Kind, value string, opts ...DisplayOption) (string, error) {
	o, err := displayConfig(kind, opts)
	if err != nil {
		return "", err
	}
	if tooLong(value) {
		return "", ErrTooLong
	}
	if !utf8.ValidString(value) {
		return "", ErrInvalidUTF8
	}
	var b strings.Builder
	b.Grow(len(value))
	switch kind {
	case KindName:
		if err := validate(normalize.Name, value); err != nil {
			return "", err
		}
		displaySegments(&b, value, o, func(g string) bool { return !separatorGrapheme(g, nameSeparator) })
	case KindEmail:
		at, err := emailAt(value)
		if err != nil {
			return "", err
		}
		displayWhole(&b, value[:at], o, func(string) bool { return true })
		b.WriteString(value[at:])
	case KindPhone, KindCard, KindMyNumber:
		if err := displayDigitsCheck(kind, value); err != nil {
			return "", err
		}
		displayWhole(&b, value, o, func(g string) bool { _, d := digitClass.index(firstRune(g)); return d })
	default:
		if err := validate(normalize.ID, value); err != nil {
			return "", err
		}
		displayWhole(&b, value, o, func(g string) bool { return !separatorGrapheme(g, normalize.IDSeparator) })
	}
	return b.String(), nil
}

// displayDigitsCheck checks a phone number, card number or My Number with
// the parser of its keyed mask: a card or My Number must have a valid check
// digit; a phone number must be written as [KindPhone] reads it and, when
// international (with a plus), parse to a possible number (Display has no
// default region to read a national number with).
func displayDigitsCheck(kind Kind, value string) error {
	f := getForm()
	defer putForm(f)
	switch kind {
	case KindCard:
		err := (&cardKind{first: 6, last: 4, adapt: true}).parse(f, value, false)
		if errors.Is(err, ErrTooShort) {
			return nil // too few digits to encipher, still a card number
		}
		return err
	case KindMyNumber:
		return (&myNumberKind{}).parse(f, value, false)
	}
	k := &phoneKind{}
	plus, err := k.scan(f, value, &f.ph)
	if err != nil || !plus {
		return err
	}
	return k.parseDigits(&f.ph, plus)
}

// validators are the normalizers whose rules decide what a name, an email
// and an ID are, for every consumer (SPEC.md §3).
var validators = func() (v [normalize.ID + 1]*normalize.Normalizer) {
	for _, k := range []normalize.Kind{normalize.Name, normalize.Email, normalize.ID} {
		v[k], _ = normalize.New(k, normalize.Options{})
	}
	return v
}()

// validate checks v with the normalization rule of kind k, mapping its
// errors to this package's.
func validate(k normalize.Kind, v string) error {
	var buf [256]byte
	_, err := validators[k].AppendAnyLength(buf[:0], v)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, normalize.ErrTooLong):
		return ErrTooLong
	case errors.Is(err, normalize.ErrInvalidUTF8):
		return ErrInvalidUTF8
	case errors.Is(err, normalize.ErrEmpty):
		return ErrEmpty
	case k == normalize.Email:
		return errNotEmail
	}
	return ErrUnsupportedChar
}

// emailAt validates an email address with the normalization rule and
// returns the index of its "@" as written (an "@" or a compatibility form
// of it: ＠ ﹫).
func emailAt(v string) (int, error) {
	if err := validate(normalize.Email, v); err != nil {
		return 0, err
	}
	// Normalization found exactly one '@' after NFKC: the one rune of v
	// that NFKC maps to '@'.
	return strings.IndexFunc(v, func(r rune) bool { return r == '@' || r == '＠' || r == '﹫' }), nil
}

func firstRune(g string) rune { r, _ := utf8.DecodeRuneInString(g); return r }

// separatorGrapheme reports whether the grapheme g is one separator
// character: a separator with a combining mark or other characters attached
// is masked as any other character.
func separatorGrapheme(g string, sep func(rune) bool) bool {
	r, n := utf8.DecodeRuneInString(g)
	return n == len(g) && sep(r)
}

// nameSeparator: the characters that separate the words of a name.
func nameSeparator(r rune) bool {
	switch r {
	case ' ', '\u3000', '-', '\u2010', '\uFF0D', '\u30FB', '\uFF65', '\u00B7', ',', '.', '\uFF0E':
		return true
	}
	return false
}

// countMaskable counts the maskable graphemes of s.
func countMaskable(s string, maskable func(string) bool) int {
	total := 0
	for s != "" {
		n := firstGrapheme(s)
		if maskable(s[:n]) {
			total++
		}
		s = s[n:]
	}
	return total
}

// displayWhole masks the maskable graphemes of s as one part, showing the
// first and last ones the options reveal; other graphemes are kept.
func displayWhole(b *strings.Builder, s string, o displayOptions, maskable func(string) bool) {
	total := countMaskable(s, maskable)
	first, last := o.first, o.last
	if first+last >= total {
		first, last = 0, 0
	}
	k := 0
	for s != "" {
		n := firstGrapheme(s)
		g := s[:n]
		s = s[n:]
		switch {
		case !maskable(g):
			b.WriteString(g)
			continue
		case k < first || k >= total-last:
			b.WriteString(g)
		default:
			b.WriteRune(o.maskChar)
		}
		k++
	}
}

// displaySegments applies the reveal counts to each run of maskable
// graphemes (each word of a name); the graphemes between runs are kept.
func displaySegments(b *strings.Builder, s string, o displayOptions, maskable func(string) bool) {
	all := func(string) bool { return true }
	for s != "" {
		n := firstGrapheme(s)
		if !maskable(s[:n]) {
			b.WriteString(s[:n])
			s = s[n:]
			continue
		}
		end := n
		for end < len(s) {
			m := firstGrapheme(s[end:])
			if !maskable(s[end : end+m]) {
				break
			}
			end += m
		}
		displayWhole(b, s[:end], o, all)
		s = s[end:]
	}
}
