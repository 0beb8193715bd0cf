package mask

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/phone"
)

// A DisplayOption configures [Display].
type DisplayOption func(*displayOptions)

type displayOptions struct {
	maskChar    rune
	first, last int
	set         bool
}

// WithMaskChar sets the character that replaces hidden characters ('*' by
// default).
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

// Display returns a display mask of value for screens, logs and support
// tools: `t***@example.com`, `***-****-5678`, `山* 太*`, `4111 11** **** 1111`.
// It needs no key and cannot be reversed. Characters are user-perceived
// characters (extended grapheme clusters, UAX #29): an emoji or a letter
// with combining marks is masked as one and never split. Separators stay;
// each hidden character becomes one mask character. A part that would be
// shown in full (a one-character word) is masked entirely.
func Display(kind Kind, value string, opts ...DisplayOption) (string, error) {
	def, ok := displayDefaults[kind]
	if !ok {
		return "", ErrKind
	}
	o := displayOptions{maskChar: '*', first: def[0], last: def[1]}
	for _, opt := range opts {
		opt(&o)
	}
	if tooLong(value) {
		return "", ErrTooLong
	}
	if !utf8.ValidString(value) {
		return "", ErrInvalidUTF8
	}
	if !utf8.ValidRune(o.maskChar) {
		return "", ErrOption
	}
	var b strings.Builder
	b.Grow(len(value))
	switch kind {
	case KindName:
		displaySegments(&b, value, o, func(g string) bool { return !nameSeparator(g) })
	case KindEmail:
		at := strings.LastIndexByte(value, '@')
		if at <= 0 {
			return "", ErrNotEmail
		}
		displayWhole(&b, value[:at], o, func(string) bool { return true })
		b.WriteString(value[at:])
	case KindPhone, KindCard, KindMyNumber:
		for _, r := range value {
			if _, d := digitClass.index(r); !d && !phone.Separator(r) && !idSeparator(r) && !phone.Plus(r) {
				return "", notKind(kind)
			}
		}
		displayWhole(&b, value, o, func(g string) bool { _, d := digitClass.index(firstRune(g)); return d })
	default:
		displayWhole(&b, value, o, func(g string) bool {
			r := firstRune(g)
			return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.So, r)
		})
	}
	return b.String(), nil
}

func notKind(k Kind) error {
	switch k {
	case KindPhone:
		return ErrNotPhone
	case KindCard:
		return ErrNotCard
	}
	return ErrNotMyNumber
}

func firstRune(g string) rune { r, _ := utf8.DecodeRuneInString(g); return r }

// nameSeparator: the graphemes that separate the words of a name.
func nameSeparator(g string) bool {
	switch firstRune(g) {
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
