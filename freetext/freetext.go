package freetext

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/internal/find"
	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/internal/pattern"
	"github.com/piikit/piikit/internal/phone"
	"github.com/piikit/piikit/kind"
)

// MaxLen is the longest text accepted, in bytes (64 KiB: a chat message,
// a note or a log line; LINE caps a message at 10,000 characters, at most
// 40,000 bytes). Longer texts are refused with [ErrTooLong].
const MaxLen = 64 << 10

// Errors. They are the variables of package tokenize and mask of the same
// names (errors.Is(err, tokenize.ErrTooLong) holds), and none holds any
// part of the text.
var (
	// ErrInvalidValue: the text cannot be protected: it holds a control or
	// bidirectional-override character, it is nothing but a number, or a
	// value found in it cannot be replaced. The errors below wrap it.
	ErrInvalidValue = normalize.ErrInvalid
	// ErrInvalidUTF8: the text is not valid UTF-8.
	ErrInvalidUTF8 = normalize.ErrInvalidUTF8
	// ErrTooLong: the text is longer than [MaxLen] bytes.
	ErrTooLong = normalize.ErrTooLong
)

// Transforms of entities: those of package kind that apply to values
// found in text ([kind.Mask], [kind.Token], [kind.Pseudonym], and
// [kind.Surrogate] for names) and Redact.
const Redact kind.Transform = "redact"

// Rule says how an entity found in a text is replaced: a transform and the
// field its outputs are bound to, as for a column. A Rule with the Domain
// and Scope of a column (and its options) replaces a value with exactly
// the column's output for it.
type Rule struct {
	// Transform is kind.Mask (the default), kind.Token, kind.Pseudonym,
	// [Redact], or kind.Surrogate (names only: a realistic name of package
	// surrogate, the one a surrogate column of the same Domain and Scope
	// writes).
	Transform kind.Transform
	// Field is the entity's field: its Kind is the entity (set it or leave
	// it empty); Domain is required by keyed transforms. Field.Region is the
	// default region of phone numbers for masks and tokens of phones
	// (Options.Region if empty).
	Field kind.Field
}

// Entities are the kinds of values found in text, in the order findings
// of two of them that overlap are resolved (email first). IDs ([kind.ID])
// are found only when a rule asks for them: as known values, and by the
// rule's Field.Pattern if it has one.
var Entities = []kind.Kind{kind.Email, kind.Card, kind.MyNumber, kind.Phone, kind.ID, kind.Name}

// KnownValue is a personal value that is known (a name, phone, email or ID of
// a users table) and its entity: it is found in texts whatever its width,
// case, spacing or phone layout. Its String never shows Value.
type KnownValue struct {
	Entity kind.Kind
	Value  string
}

// String returns "entity value", without the value.
func (v KnownValue) String() string { return string(v.Entity) + " value" }

// GoString is String, so %#v does not print the value either.
func (v KnownValue) GoString() string { return v.String() }

// NameFinder finds person names in a text and appends them to dst as
// findings of entity [kind.Name], sorted and not overlapping; package
// freetext/names has the one to use (names.Append).
type NameFinder func(dst []Finding, text string) ([]Finding, error)

// Options configure a [Protector]. The zero value finds phones, emails,
// My Numbers and cards, and names given as Known, and masks each with the
// default rule (see [DefaultRule]).
type Options struct {
	// Rules are the rules of the entities, by entity. nil or empty means
	// every entity but [kind.ID] with its [DefaultRule] (an ID has no
	// shape of its own to find it by); otherwise only the entities named
	// are found.
	Rules map[kind.Kind]Rule
	// Scope is the scope of rules that set none.
	Scope string
	// Region is the default region of phone numbers written without a
	// country code (CLDR code); empty means "JP".
	Region string
	// Known are values to find as they are known (see package
	// documentation, "Known values").
	Known []KnownValue
	// Names finds names nobody listed, by morphology: set it to
	// names.Append (package freetext/names), which brings in the Japanese
	// dictionary. nil finds names only among Known.
	Names NameFinder
}

// DefaultRule is the rule of entity e when Options.Rules is empty: a mask
// in domain "text.<entity>" (text.phone, text.email, text.mynumber,
// text.card, text.name). IDs have none (the zero Rule): an empty
// Options.Rules finds no ID.
func DefaultRule(e kind.Kind) Rule {
	if e == kind.ID {
		return Rule{}
	}
	return Rule{Transform: kind.Mask, Field: kind.Field{Kind: e, Domain: "text." + string(e)}}
}

// Finding is a personal value found in a text: its entity, the byte
// offsets text[Start:End] of its characters, and the transform and domain
// of the rule that replaces it. It holds no part of the value: print and
// log it freely.
type Finding struct {
	Entity     kind.Kind
	Start, End int
	Transform  kind.Transform
	Domain     string
}

// String returns "entity[start:end]".
func (f Finding) String() string { return fmt.Sprintf("%s[%d:%d]", f.Entity, f.Start, f.End) }

// Protector finds the personal values in texts and replaces them. Make one
// with [New]; it is safe for concurrent use.
type Protector struct {
	finder *find.Finder
	// plain is finder without known values: what reversal reads, and so
	// what the read-back check of masks reads.
	plain *find.Finder
	names NameFinder
	rules [find.Name + 1]*replacer // by find.Entity; nil: not found
	// readBack reports whether some rule is a reversible mask (of a phone,
	// email, card or mynumber: the finders find it again in the output):
	// outputs are then checked to read back the same.
	readBack bool
	// region and zero are the phone finder's default region and whether
	// its numbers without a plus start with 0 (checkSpelled).
	region *phone.Meta
	zero   bool
	cc     []byte // the region's calling code, in digits
}

// New returns a Protector of opts. root is the root PRF keyset (masks,
// pseudonyms), tokens the deterministic-AEAD keyset (tokens); either may
// be nil if no rule needs it. A rule that cannot be built is an error
// wrapping [kind.ErrOption] or that of the constructor.
func New(root, tokens *tinkkeyset.Handle, opts Options) (*Protector, error) {
	p := &Protector{names: opts.Names}
	rules := opts.Rules
	if len(rules) == 0 {
		rules = make(map[kind.Kind]Rule, len(Entities))
		for _, e := range Entities {
			if r := DefaultRule(e); r.Transform != "" {
				rules[e] = r
			}
		}
	}
	var wanted []find.Entity
	for _, e := range Entities {
		r, ok := rules[e]
		if !ok {
			continue
		}
		fe := entityOf(e)
		rp, err := newReplacer(root, tokens, e, r, opts)
		if err != nil {
			return nil, err
		}
		p.rules[fe] = rp
		wanted = append(wanted, fe)
		p.readBack = p.readBack || rp.readsBack()
	}
	for e := range rules {
		if !slices.Contains(Entities, e) {
			return nil, fmt.Errorf("freetext: %w: %q is not an entity (want phone, email, mynumber, card, id or name)", kind.ErrOption, string(e))
		}
	}
	var known *find.Known
	if len(opts.Known) > 0 {
		vals := make([]find.KnownValue, 0, len(opts.Known))
		for _, v := range opts.Known {
			if fe := entityOf(v.Entity); fe != 0 && p.rules[fe] != nil {
				vals = append(vals, find.KnownValue{Entity: fe, Value: v.Value})
			} else if fe == 0 {
				return nil, fmt.Errorf("freetext: known value: %w: %q is not an entity", kind.ErrOption, string(v.Entity))
			}
		}
		var err error
		if known, err = find.NewKnown(vals, find.KnownOptions{Region: opts.Region}); err != nil {
			return nil, fmt.Errorf("freetext: %w", err)
		}
	}
	var ids *pattern.Pattern
	if r := p.rules[find.ID]; r != nil {
		ids = r.pattern
	}
	f, err := find.New(find.Options{Region: opts.Region, Entities: wanted, Known: known, IDPattern: ids})
	if err != nil {
		return nil, fmt.Errorf("freetext: %w: %w", kind.ErrOption, err)
	}
	p.finder, p.plain = f, f
	p.region, p.zero = f.PhoneRegion()
	p.cc = strconv.AppendInt(nil, int64(p.region.CC()), 10)
	if known != nil {
		if p.plain, err = find.New(find.Options{Region: opts.Region, Entities: wanted, IDPattern: ids}); err != nil {
			return nil, fmt.Errorf("freetext: %w: %w", kind.ErrOption, err)
		}
	}
	if p.rules[find.Name] == nil {
		p.names = nil
	}
	return p, nil
}

func entityOf(k kind.Kind) find.Entity {
	switch k {
	case kind.Email:
		return find.Email
	case kind.Card:
		return find.Card
	case kind.MyNumber:
		return find.MyNumber
	case kind.Phone:
		return find.Phone
	case kind.ID:
		return find.ID
	case kind.Name:
		return find.Name
	}
	return 0
}

var kinds = [...]kind.Kind{find.Email: kind.Email, find.Card: kind.Card, find.MyNumber: kind.MyNumber, find.Phone: kind.Phone, find.ID: kind.ID, find.Name: kind.Name}

// Find returns the personal values in text, sorted by offset and never
// overlapping, without replacing them. It refuses the texts that
// [Protector.Protect] refuses, with the same errors.
func (p *Protector) Find(text string) ([]Finding, error) {
	fs, err := p.find(text, nil)
	if err != nil {
		return nil, err
	}
	out := make([]Finding, len(fs))
	for i, f := range fs {
		r := p.rules[f.Entity]
		out[i] = Finding{Entity: kinds[f.Entity], Start: f.Start, End: f.End, Transform: r.rule.Transform, Domain: r.rule.Field.Domain}
	}
	return out, nil
}

// find checks text and returns its findings; if plain is not nil, it also
// sets *plain to the findings of p.plain (the finders without known values).
func (p *Protector) find(text string, plain *[]find.Finding) ([]find.Finding, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	fs, stopped, err := p.finder.AppendChecked(nil, plain, text)
	if err != nil {
		return nil, fmt.Errorf("freetext: %w", err)
	}
	if len(stopped) > 0 {
		return nil, fmt.Errorf("freetext: %w: a phone, card or My Number written straight next to a character that stops the finders (¥, #, _, =, 円, %% and the others of SPEC.md §9.1)", ErrInvalidValue)
	}
	if p.names != nil {
		if fs, err = p.addNames(fs, text); err != nil {
			return nil, err
		}
	}
	if err := checkBareNumber(text, fs); err != nil {
		return nil, err
	}
	if err := p.checkSpelled(text, fs); err != nil {
		return nil, err
	}
	if err := p.checkAtWords(text); err != nil {
		return nil, err
	}
	return fs, nil
}

// addNames merges the names of the morphology finder into fs: a name that
// overlaps a finding already there (a known value, an email) is dropped.
func (p *Protector) addNames(fs []find.Finding, text string) ([]find.Finding, error) {
	ns, err := p.names(nil, text)
	if err != nil {
		return nil, fmt.Errorf("freetext: %w", err)
	}
	if len(ns) == 0 {
		return fs, nil
	}
	out := make([]find.Finding, 0, len(fs)+len(ns))
	i := 0
	for _, n := range ns {
		if n.Entity != kind.Name || n.Start < 0 || n.End > len(text) || n.Start >= n.End {
			return nil, fmt.Errorf("freetext: %w: the name finder returned a finding that is not a name in the text", ErrInvalidValue)
		}
		for i < len(fs) && fs[i].End <= n.Start {
			out = append(out, fs[i])
			i++
		}
		if i < len(fs) && fs[i].Start < n.End {
			continue // overlaps fs[i]
		}
		if len(out) > 0 && out[len(out)-1].End > n.Start {
			continue // overlaps the name before
		}
		out = append(out, find.Finding{Entity: find.Name, Start: n.Start, End: n.End})
	}
	return append(out, fs[i:]...), nil
}

// checkText refuses texts that cannot be protected as they are: too long,
// not UTF-8, or with characters that hide or reorder what a reader sees
// (and so could hide a value from the finders): controls other than tab,
// line feed and carriage return, and format characters (bidirectional
// overrides and isolates, zero-width spaces, soft hyphens, the byte-order
// mark) other than the zero-width joiner of emoji sequences, which may not
// stand next to the characters of a number, an email or a Latin name.
func checkText(text string) error {
	if len(text) > MaxLen {
		return fmt.Errorf("freetext: %w (more than %d bytes)", ErrTooLong, MaxLen)
	}
	if !utf8.ValidString(text) {
		return fmt.Errorf("freetext: %w", ErrInvalidUTF8)
	}
	prev, at := rune(0), false // at: the text has an at sign (find.AtSigns)
	for i, r := range text {
		if r < utf8.RuneSelf && r >= 0x20 && r != 0x7F {
			at = at || r == '@'
			prev = r
			continue
		}
		switch {
		case r == '＠' || r == '﹫':
			at = true
		case noControlFrom < r && r < noControlTo:
			// Kana, kanji, full-width forms: no control or format
			// character, and no table to look them up in.
		case r == '\t' || r == '\n' || r == '\r':
		case r == '\u200D':
			if next, _ := utf8.DecodeRuneInString(text[i+len("\u200D"):]); noJoinerNext(prev) || noJoinerNext(next) {
				return badChar(r)
			}
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r):
			return badChar(r)
		}
		prev = r
	}
	if at {
		if err := checkBrokenEmail(text); err != nil {
			return err
		}
	}
	if err := checkEscapes(text); err != nil {
		return err
	}
	return checkHiddenNumber(text)
}

// checkEscapes refuses characters written as escapes, which the finders
// do not read: \uXXXX (JSON, JavaScript, Python's default for non-ASCII:
// a name in a logged JSON object), \xXX (a byte in C, Python's bytes), a
// UTF-8 lead byte and a continuation byte in octal, \3NN\2NN (C, git's
// quoted paths: a name in a file name; a lone \NNN is a Windows path's
// folder as often),
// a percent-encoded byte that is not ASCII or is a digit or the at sign
// (a name, a phone or an email in a URL: %E5%B1%B1, %30%39%30, %40), and
// any numeric character reference (&#64;, &#x5c71;: HTML).
func checkEscapes(text string) error {
	if !strings.ContainsAny(text, `\%&`) {
		return nil
	}
	for i := 0; i < len(text); i++ {
		rest := text[i:]
		var hidden bool
		switch text[i] {
		case '\\':
			hidden = len(rest) >= 6 && (rest[1] == 'u' || rest[1] == 'U') && isHex(rest[2:6]) ||
				len(rest) >= 4 && (rest[1] == 'x' || rest[1] == 'X') && isHex(rest[2:4]) ||
				len(rest) >= 8 && rest[1] == '3' && isOctal(rest[2:4]) && rest[4] == '\\' && rest[5] == '2' && isOctal(rest[6:8])
		case '%':
			if len(rest) >= 3 && isHex(rest[1:3]) {
				b, _ := strconv.ParseUint(rest[1:3], 16, 8)
				hidden = b >= 0x80 || '0' <= b && b <= '9' || b == '@'
			}
		case '&':
			hidden = len(rest) >= 3 && rest[1] == '#' &&
				('0' <= rest[2] && rest[2] <= '9' || (rest[2] == 'x' || rest[2] == 'X') && len(rest) >= 4 && isHex(rest[3:4])) ||
				hasFoldPrefix(rest, "&commat;")
		}
		if hidden {
			return fmt.Errorf("freetext: %w: a character written as an escape (\\u…, \\x…, \\3NN\\2NN, %%XX, &#…;, &commat;), which the finders do not read", ErrInvalidValue)
		}
	}
	return nil
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isOctal(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '7' })
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f' || 'A' <= s[i] && s[i] <= 'F') {
			return false
		}
	}
	return true
}

// checkBrokenEmail refuses an email written so that the finders would not
// read it as one, but a reader would: broken across lines or spaced out at
// its at sign ("taro@\nexample.com", "taro.yamada @ example.co.jp", any
// Unicode space), broken across lines inside its domain before its first
// dot ("taro@exa\nmple.co.jp"), or with an ideographic full stop in its
// domain ("taro@example。co.jp"). That is an at sign with a letter or digit
// before it (across the spaces) and, after it (across the spaces), a domain:
// in the run of letters, digits, hyphens and dots (ASCII or full-width)
// that follows, a dot of any width between a label and a letter. A mention
// "\n@taro" or "meet @ 3.50" has no domain and is not refused, nor is a
// line that ends with an address ("taro@example.com\nsee you.Bye").
func checkBrokenEmail(text string) error {
	for i, r := range text {
		if !strings.ContainsRune(find.AtSigns, r) {
			continue
		}
		left := strings.TrimRightFunc(text[:i], unicode.IsSpace)
		rest := text[i+utf8.RuneLen(r):]
		right := strings.TrimLeftFunc(rest, unicode.IsSpace)
		before, _ := utf8.DecodeLastRuneInString(left)
		if !unicode.IsLetter(before) && !unicode.IsDigit(before) {
			continue
		}
		spaced := len(left) < i || len(right) < len(rest)
		domain, ideographic := domainRun(right)
		broken := false
		if !domain {
			// A line break inside the run: the run before it has no
			// domain; with the next line's run joined, it does.
			run := right[:domainEnd(right)]
			if next, ok := strings.CutPrefix(right[len(run):], "\r"); ok || strings.HasPrefix(next, "\n") {
				next = strings.TrimLeft(strings.TrimPrefix(next, "\n"), " \t")
				next = next[:domainEnd(next)] // not the rest of the text: one copy per at sign would be quadratic
				if len(run) > 0 && len(next) > 0 {
					domain, ideographic = domainRun(run + next)
					broken = domain
				}
			}
		}
		// A local part in Japanese script, which the email finder does not
		// read: 山田太郎@example.co.jp would keep the name.
		japaneseLocal := unicode.In(before, unicode.Han, unicode.Hiragana, unicode.Katakana)
		if domain && (spaced || broken || ideographic || japaneseLocal) {
			return fmt.Errorf("freetext: %w: an email spaced out or broken across lines, with an ideographic full stop, or with a local part in Japanese script", ErrInvalidValue)
		}
	}
	return nil
}

// domainEnd returns where the run of domain characters (domainChar) that
// starts s ends.
func domainEnd(s string) int {
	if end := strings.IndexFunc(s, func(d rune) bool { return !domainChar(d) }); end >= 0 {
		return end
	}
	return len(s)
}

// domainRun reports whether the run of domain characters that starts s
// holds a domain — a dot of any width between a label and a letter — and
// whether one such dot is ideographic (。 ｡).
func domainRun(s string) (domain, ideographic bool) {
	s = s[:domainEnd(s)]
	for j, d := range s {
		if d != '.' && d != '．' && d != '。' && d != '｡' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[j+utf8.RuneLen(d):])
		if j > 0 && unicode.IsLetter(next) {
			domain = true
			ideographic = ideographic || d == '。' || d == '｡'
		}
	}
	return domain, ideographic
}

// maxHiddenGap is the most characters other than marks between two digits
// of one number for checkHiddenNumber, as the finders' gap (§"Free text").
const maxHiddenGap = 4

// checkHiddenNumber refuses a text with a number the finders cannot read
// but a reader can: at least minBareDigits digits (of any script) held
// together by spaces, marks and separators, one of which the finders do
// not read inside a number (a combining mark or variation selector, a
// line break or tab, a Unicode space other than U+0020, U+00A0 and
// U+3000, a middle dot or half-width long vowel mark), or a digit of a
// script other than ASCII and full-width. "090\u20091234\u20095678" or
// "0\u0301 9 0…" would otherwise be left as they are.
func checkHiddenNumber(text string) error {
	// odd: the run so far has such a character between two of its digits;
	// pending: the gap since its last digit has one. A run of 13 to 19
	// digits that is Luhn-valid and not in a layout the card finder reads
	// (one repeated card separator between groups, single) is refused too
	// (hiddenCard).
	digits, gap, odd, pending := 0, 0, false, false
	var sep, last rune // the run's first separator, -1 once it is not a card layout; the gap's last character
	var ds [19]byte
	for _, r := range text {
		switch {
		case digit(r):
			if r > '9' && (r < '０' || r > '９') {
				pending = true
			}
			switch {
			case gap == 0:
			case gap > 1 || pending || !cardSeparator(last) || sep != 0 && sep != last:
				sep = -1
			case sep == 0:
				sep = last
			}
			if d, ok := phone.Digit(r); ok && digits < len(ds) {
				ds[digits] = byte('0' + d)
			}
			digits, gap, odd, pending = digits+1, 0, odd || pending, false
			if odd && digits >= minBareDigits {
				return fmt.Errorf("freetext: %w: %d digits held together by characters that hide a number", ErrInvalidValue, digits)
			}
		case digits > 0 && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r)):
			pending = true // marks do not count in the gap
		case digits > 0 && gap < maxHiddenGap && (phone.Separator(r) || phone.Plus(r) || unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '・' || r == '･' || r == 'ｰ'):
			gap++
			if !phone.Separator(r) && !phone.Plus(r) {
				pending = true
			}
			last = r
		default:
			if err := hiddenCard(ds[:], digits, sep); err != nil {
				return err
			}
			digits, gap, odd, pending, sep = 0, 0, false, false, 0
		}
	}
	return hiddenCard(ds[:], digits, sep)
}

// hiddenCard refuses a run of digits ds[:n] that is a card number (13 to
// 19 digits, Luhn-valid) in a layout the card finder does not read
// (sep == -1).
func hiddenCard(ds []byte, n int, sep rune) error {
	if sep == -1 && n >= 13 && n <= len(ds) && checkdigit.Luhn(ds[:n]) {
		return fmt.Errorf("freetext: %w: %d digits of a card number in a layout the finders do not read", ErrInvalidValue, n)
	}
	return nil
}

// cardSeparator reports whether the card finder reads r between the groups
// of a card number (SPEC.md "Free text": space, -, U+3000, U+2010, －).
func cardSeparator(r rune) bool {
	return r == ' ' || r == '-' || r == '\u3000' || r == '\u2010' || r == '－'
}

// digit reports a decimal digit of any script (Nd), without the table
// look-up where the only ones are 0 to 9: below U+0660, and between
// noDigitFrom and noDigitTo (exclusive: U+1C5A to U+A61F, kana and kanji
// among them); a test checks it against package unicode's tables.
func digit(r rune) bool {
	switch {
	case '0' <= r && r <= '9', '０' <= r && r <= '９':
		return true
	case r < firstOtherDigit, noDigitFrom < r && r < noDigitTo:
		return false
	}
	return unicode.Is(unicode.Nd, r)
}

const firstOtherDigit, noDigitFrom, noDigitTo = '\u0660', '\u1C59', '\uA620'

// Between noControlFrom and noControlTo (exclusive: U+2070 to U+FEFE, the
// scripts of Japanese text) there is no control (Cc) or format (Cf)
// character; a test checks it against package unicode's tables.
const noControlFrom, noControlTo = '\u206F', '\uFEFF'

// domainChar reports a character of checkBrokenEmail's domain run.
func domainChar(d rune) bool {
	switch {
	case 'a' <= d && d <= 'z', 'A' <= d && d <= 'Z', '0' <= d && d <= '9', d == '-',
		'ａ' <= d && d <= 'ｚ', 'Ａ' <= d && d <= 'Ｚ', '０' <= d && d <= '９', d == '－',
		d == '.', d == '．', d == '。', d == '｡':
		return true
	}
	return false
}

// noJoinerNext reports a digit (ASCII or full-width), an at sign, an ASCII
// letter, '.', '_', '+' or '-': the characters of a number, an email
// address or a Latin name, which no zero-width joiner belongs next to
// (emoji and Indic sequences join non-ASCII characters).
func noJoinerNext(r rune) bool {
	return '0' <= r && r <= '9' || '０' <= r && r <= '９' || r == '@' || r == '＠' ||
		'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '.' || r == '_' || r == '+' || r == '-'
}

func badChar(r rune) error {
	return fmt.Errorf("freetext: %w: control or format character %U", ErrInvalidValue, r)
}

// minBareDigits is the fewest digits of a text that is nothing but a
// number for it to be refused: shorter numbers are no personal value of
// any entity.
const minBareDigits = 6

// checkBareNumber refuses a text that is nothing but digits (with spaces
// and separators), at least minBareDigits of them, that the finders did
// not find whole: a bare number in a text field is an ID in the wrong
// column, and without words around it the finders cannot tell what it is.
func checkBareNumber(text string, fs []find.Finding) error {
	digits := 0
	for _, r := range text {
		switch {
		case '0' <= r && r <= '9', '０' <= r && r <= '９':
			digits++
		case unicode.IsSpace(r), r == '-', r == '－', r == '.', r == '(', r == ')', r == '+', r == '/', r == 'ー':
		default:
			return nil
		}
	}
	if digits < minBareDigits {
		return nil
	}
	if len(fs) == 1 && onlySpaceOutside(text, fs[0]) {
		return nil
	}
	return fmt.Errorf("freetext: %w: the text is nothing but a number (%d digits) that is no value of an entity", ErrInvalidValue, digits)
}

func onlySpaceOutside(text string, f find.Finding) bool {
	isSpace := func(s string) bool {
		for _, r := range s {
			if !unicode.IsSpace(r) {
				return false
			}
		}
		return true
	}
	return isSpace(text[:f.Start]) && isSpace(text[f.End:])
}

// errNotReplaced is wrapped by the error of a value that was found but
// cannot be replaced: the whole text fails.
var errNotReplaced = errors.New("a value found cannot be replaced")
