package kind

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An Option is one row of the table of options: how a policy (SPEC.md §7)
// and the piikit command write it, which kinds and transforms take it, and
// its one parser from text (SPEC.md §5, "Options as text").
type Option struct {
	// Name is the option's name in policies ("keep").
	Name string
	// Flag is the piikit command's flag ("phone-keep").
	Flag string
	// BoolFlag, if not empty, is the value that Flag stands for: the flag
	// takes no value ("true", "irreversible").
	BoolFlag string
	// Usage is the flag's help text.
	Usage string

	kinds      []Kind // nil: every kind the transforms take
	transforms []Transform
	isSet      func(f *Field) bool // whether f's member of the option is set
	parse      func(f *Field, v string) error
}

// options is the table. Rows of one Name set the same Field member and
// differ by kind.
var options = []Option{
	{Name: "prefix", Flag: "prefix", Usage: "a `prefix` written before every token, e.g. tok_",
		transforms: []Transform{Pseudonym, Token}, isSet: func(f *Field) bool { return f.Prefix != "" },
		parse: func(f *Field, v string) error { f.Prefix = v; return nil }},
	{Name: "size", Flag: "size", Usage: "pseudonym size in `bytes`, 12 to 32 (default 16)",
		transforms: []Transform{Pseudonym}, isSet: func(f *Field) bool { return f.Size != 0 },
		parse: func(f *Field, v string) (err error) { f.Size, err = parseCount(v); return err }},
	{Name: "insecure_allow_short_ids", Flag: "insecure-allow-short-ids", BoolFlag: "true",
		Usage:      "tokenize ID values shorter than 6 characters: INSECURE, their tokens disclose them by frequency",
		transforms: []Transform{Pseudonym, Token}, isSet: func(f *Field) bool { return f.InsecureAllowShortIDs }, // no effect but on IDs
		parse: func(f *Field, v string) (err error) { f.InsecureAllowShortIDs, err = parseBool(v); return err }},

	{Name: "keep", Flag: "phone-keep", Usage: "phone: keep at least `n` leading digits of the national number",
		transforms: []Transform{Mask}, kinds: []Kind{Phone}, isSet: func(f *Field) bool { return f.Keep != nil },
		parse: func(f *Field, v string) error {
			n, err := parseCount(v)
			f.Keep = &Span{First: n}
			return err
		}},
	{Name: "keep", Flag: "card-keep", Usage: "card: keep the `first,last` digits exactly (default 6,4, fewer first digits when needed)",
		transforms: []Transform{Mask}, kinds: []Kind{Card}, isSet: func(f *Field) bool { return f.Keep != nil },
		parse: func(f *Field, v string) error {
			s, err := parseSpan(v)
			f.Keep = &s
			return err
		}},
	{Name: "check", Flag: "check-digit", Usage: "card, mynumber, pattern: masks carry a `valid` (default) or invalid check digit",
		transforms: []Transform{Mask}, kinds: []Kind{Card, MyNumber, Pattern, ID}, isSet: func(f *Field) bool { return f.CheckDigit != 0 },
		parse: func(f *Field, v string) error {
			switch v {
			case "valid":
				f.CheckDigit = CheckValid
			case "invalid":
				f.CheckDigit = CheckInvalid
			default:
				return fmt.Errorf("%w: want check digit valid or invalid", ErrOption)
			}
			return nil
		}},
	{Name: "pattern", Flag: "pattern", Usage: "pattern: the shape of the values, e.g. '[A-Z]{2}-[0-9]{7}'",
		transforms: []Transform{Mask}, kinds: []Kind{Pattern, ID}, isSet: func(f *Field) bool { return f.Pattern != "" },
		parse: func(f *Field, v string) error { f.Pattern = v; return nil }},
	{Name: "check_scheme", Flag: "check-scheme", Usage: "pattern: the check digit `scheme`, luhn or mynumber",
		transforms: []Transform{Mask}, kinds: []Kind{Pattern, ID}, isSet: func(f *Field) bool { return f.CheckScheme != "" },
		parse: func(f *Field, v string) error { f.CheckScheme = CheckScheme(v); return f.checkValues() }},
	{Name: "alphabet", Flag: "alphabet", Usage: "generic: the `characters` to mask, in order; others are kept",
		transforms: []Transform{Mask}, kinds: []Kind{Generic}, isSet: func(f *Field) bool { return f.Alphabet != "" },
		parse: func(f *Field, v string) error { f.Alphabet = v; return nil }},
	{Name: "mask_domain", Flag: "masked-domain", BoolFlag: "true", Usage: "email: mask the domain too, keeping its public suffix",
		transforms: []Transform{Mask}, kinds: []Kind{Email}, isSet: func(f *Field) bool { return f.MaskDomain },
		parse: func(f *Field, v string) (err error) { f.MaskDomain, err = parseBool(v); return err }},
	{Name: "format", Flag: "name-format", Usage: "name: the mask format `version`, 2 (default: the characters names are written with) or 1 (before v2)",
		transforms: []Transform{Mask}, kinds: []Kind{Name}, isSet: func(f *Field) bool { return f.NameFormat != 0 },
		parse: func(f *Field, v string) (err error) {
			if f.NameFormat, err = parseCount(v); err != nil {
				return err
			}
			return f.checkValues()
		}},
	{Name: "short", Flag: "allow-irreversible-short", BoolFlag: "irreversible",
		Usage:      "replace values too short to mask reversibly by an irreversible substitution instead of failing",
		transforms: []Transform{Mask}, isSet: func(f *Field) bool { return f.AllowIrreversibleShort },
		parse: func(f *Field, v string) error {
			if v != "irreversible" {
				return fmt.Errorf(`%w: want "irreversible"`, ErrOption)
			}
			f.AllowIrreversibleShort = true
			return nil
		}},

	{Name: "reveal", Flag: "reveal", Usage: "display: how many characters to show `first,last` (default per kind)",
		transforms: []Transform{Display}, isSet: func(f *Field) bool { return f.Reveal != nil },
		parse: func(f *Field, v string) error {
			s, err := parseSpan(v)
			f.Reveal = &s
			return err
		}},
	{Name: "mask_char", Flag: "mask-char", Usage: "display: the `character` that replaces hidden ones (default *)",
		transforms: []Transform{Display}, isSet: func(f *Field) bool { return f.MaskChar != 0 },
		parse: func(f *Field, v string) error {
			r, n := utf8.DecodeRuneInString(v)
			if n != len(v) || n == 0 || (r == utf8.RuneError && n == 1) {
				return fmt.Errorf("%w: want one character", ErrOption)
			}
			f.MaskChar = r
			return nil
		}},
}

// Options returns the table of options, in a fixed order.
func Options() []Option { return append([]Option(nil), options...) }

// Applies reports whether o is an option of transform t for kind k.
func (o Option) Applies(k Kind, t Transform) bool {
	return slices.Contains(o.transforms, t) && takes(k, t) && (o.kinds == nil || slices.Contains(o.kinds, k))
}

// Set parses the text form v of o into f, by the one parser of o. A
// refused v leaves f as it was.
func (o Option) Set(f *Field, v string) error {
	g := *f // the parsers may write their member before they refuse v
	if err := o.parse(&g, v); err != nil {
		return err
	}
	*f = g
	return nil
}

// Set sets the option named name (as policies write it) of transform t to
// the text form v, for f's kind: [ErrOption] if no such option applies.
func (f *Field) Set(t Transform, name, v string) error {
	for _, o := range options {
		if o.Name == name && o.Applies(f.Kind, t) {
			return o.Set(f, v)
		}
	}
	return fmt.Errorf("%w: %s does not apply to %s of kind %s", ErrOption, name, t, f.Kind)
}

// maxCount is the largest count of characters or digits an option takes.
const maxCount = 1024

// parseCount parses a count of characters or digits: a decimal number from
// 0 to [maxCount], in ASCII digits only, with no sign, space or leading
// zero.
func parseCount(s string) (int, error) {
	n, ok := count(s)
	if !ok {
		return 0, fmt.Errorf("%w: want a count, a decimal number from 0 to %d without sign, spaces or leading zeros", ErrOption, maxCount)
	}
	return n, nil
}

// parseSpan parses "FIRST,LAST": two counts (see parseCount) separated
// by one comma, nothing else ("6,4"; not "6, 4", "+6,4" or "6,").
func parseSpan(s string) (Span, error) {
	a, b, comma := strings.Cut(s, ",")
	first, okA := count(a)
	last, okB := count(b)
	if !comma || !okA || !okB {
		return Span{}, fmt.Errorf("%w: want FIRST,LAST, two decimal numbers from 0 to %d separated by a comma, without sign, spaces or leading zeros (such as 6,4)", ErrOption, maxCount)
	}
	return Span{first, last}, nil
}

// count parses a decimal count from 0 to maxCount: "0", or digits without
// a leading zero (so at most as many as maxCount has, and no overflow).
func count(s string) (int, bool) {
	if s == "" || len(s) > len(strconv.Itoa(maxCount)) || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, n <= maxCount
}

// parseBool reads the boolean options: true or false, in those spellings
// only (a policy's YAML reads no other as a boolean).
func parseBool(v string) (bool, error) {
	if v != "true" && v != "false" {
		return false, fmt.Errorf("%w: want true or false", ErrOption)
	}
	return v == "true", nil
}

// takes reports whether transform t takes values of kind k.
func takes(k Kind, t Transform) bool {
	_, err := k.As(t)
	return err == nil
}
