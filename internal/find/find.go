package find

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/internal/pattern"
	"github.com/piikit/piikit/internal/phone"
)

// Entity is the kind of personal value a finding is. Its zero value is not
// an entity.
type Entity uint8

// The entities the finders look for, in order of priority: when two
// findings overlap, the one of the higher priority (the smaller value) is
// kept and the other dropped.
const (
	Email    Entity = iota + 1 // an email address
	Card                       // a payment card number
	MyNumber                   // Japan's Individual Number (個人番号)
	Phone                      // a phone number
	// ID is a user ID, an account number: found as known values, and by
	// a pattern when [Options.IDPattern] is set.
	ID
	// Name is a person's name. [New] finds names only as known values
	// (Options.Known); package internal/find/names finds the others, so
	// that only callers that ask for them load its dictionary.
	Name
)

var entityNames = [...]string{Email: "email", Card: "card", MyNumber: "mynumber", Phone: "phone", ID: "id", Name: "name"}

// String returns the entity's name ("email", "card", "mynumber", "phone",
// "id", "name"), or "invalid".
func (e Entity) String() string {
	if e < Email || e > Name {
		return "invalid"
	}
	return entityNames[e]
}

// Finding is a personal value found in a text: its entity and the byte
// offsets text[Start:End] of its characters. A Finding holds no part of the
// value: print and log it freely.
type Finding struct {
	Entity     Entity
	Start, End int
}

// String returns "entity[start:end]".
func (f Finding) String() string {
	return f.Entity.String() + "[" + strconv.Itoa(f.Start) + ":" + strconv.Itoa(f.End) + "]"
}

// MaxLen is the longest text the finders read, in bytes. Finding is linear
// in the text; the limit bounds the memory of one call.
const MaxLen = 1 << 20

// Errors of [Finder.Find] and [New]. None contains any part of the text.
var (
	// ErrInvalidUTF8: the text is not valid UTF-8, so offsets and
	// characters are not well defined.
	ErrInvalidUTF8 = errors.New("find: text is not valid UTF-8")
	// ErrTooLong: the text is longer than MaxLen bytes.
	ErrTooLong = errors.New("find: text longer than the limit")
	// ErrRegion: the default phone region is not a region the phone
	// metadata knows.
	ErrRegion = errors.New("find: unknown phone region")
	// ErrEntity: an entity asked for is not one of the entities New
	// finds (names are found by package internal/find/names).
	ErrEntity = errors.New("find: unknown entity")
)

// Options configure a [Finder]. The zero value finds every entity, with
// phone numbers written without a country code read as Japanese.
type Options struct {
	// Region is the default region of phone numbers written without a
	// country code, a CLDR region code ("JP", "US"); empty means "JP".
	Region string
	// Entities lists the entities to find; nil or empty means all.
	Entities []Entity
	// Known, if not nil, holds values to find as they are known (see
	// [NewKnown]); its matches are merged with the finders' findings, the
	// longest winning (package documentation, "Known values").
	Known *Known
	// IDPattern, if not nil, is the pattern of IDs (SPEC.md §5 "Patterns",
	// parsed by package internal/pattern): with ID among the Entities,
	// every run of a text that matches it and stands alone is an ID (see
	// the package documentation). nil finds IDs only as known values.
	IDPattern *pattern.Pattern
}

// Finder finds personal values in texts. It is safe for concurrent use.
type Finder struct {
	want   [Name + 1]bool
	known  *Known
	phone  phoneRule
	emails *normalize.Normalizer
	ids    *idFinder // nil: no ID pattern
}

// New returns a Finder for opts.
func New(opts Options) (*Finder, error) {
	f := &Finder{known: opts.Known}
	if len(opts.Entities) == 0 {
		opts.Entities = []Entity{Email, Card, MyNumber, Phone, ID, Name}
	}
	for _, e := range opts.Entities {
		if e < Email || e > Name {
			return nil, ErrEntity
		}
		f.want[e] = true
	}
	pr, err := newPhoneRule(opts.Region)
	if err != nil {
		return nil, err
	}
	f.phone = pr
	if opts.IDPattern != nil && f.want[ID] {
		f.ids = newIDFinder(opts.IDPattern)
	}
	if f.emails, err = normalize.New(normalize.Email, normalize.Options{}); err != nil {
		return nil, fmt.Errorf("find: %w", err)
	}
	return f, nil
}

// Find returns the personal values in text, sorted by offset and never
// overlapping. See the package documentation for what is found.
func (f *Finder) Find(text string) ([]Finding, error) {
	return f.Append(nil, text)
}

// Append appends the findings of text to dst, as [Finder.Find] returns
// them. On error it returns dst unchanged.
func (f *Finder) Append(dst []Finding, text string) ([]Finding, error) {
	return f.appendFindings(dst, nil, nil, text)
}

// AppendChecked is [Finder.Append] for callers that refuse what they
// cannot protect. If plain is not nil, it also appends to *plain the
// findings of the finders alone, before the known values are merged in:
// what a Finder of the same options without Known finds, without a second
// pass. And it returns stopped, sorted by offset: the numbers of text that
// the finders skip only because a stop character stands straight before or
// after them (stopBefore, stopAfter), that they would otherwise find as a
// card, My Number or phone, and that no finding covers ("tel_090-1234-5678",
// "order #4111111111111111"). A caller that protects text refuses it when
// stopped is not empty; a scan counts them.
func (f *Finder) AppendChecked(dst []Finding, plain *[]Finding, text string) (_, stopped []Finding, err error) {
	dst, err = f.appendFindings(dst, plain, &stopped, text)
	return dst, stopped, err
}

// appendFindings appends the findings of text to dst, and, if plain is
// not nil, those of the finders alone to *plain; if stopped is not nil
// (and *stopped empty), it sets *stopped as AppendChecked returns it.
func (f *Finder) appendFindings(dst []Finding, plain *[]Finding, stopped *[]Finding, text string) ([]Finding, error) {
	if err := checkText(text); err != nil {
		return dst, err
	}
	start := len(dst)
	if f.want[Email] {
		dst = f.findEmails(dst, text)
	}
	if f.want[Card] || f.want[MyNumber] || f.want[Phone] {
		dst = f.findNumbers(dst, stopped, text)
	}
	if f.want[ID] {
		dst = f.ids.appendIDs(dst, text)
	}
	dst = resolve(dst, start)
	if plain != nil {
		*plain = append(*plain, dst[start:]...)
	}
	if f.known != nil {
		dst = f.known.mergeKnown(dst, start, text, &f.want)
	}
	if stopped != nil && len(*stopped) > 0 {
		*stopped = uncovered(*stopped, dst[start:])
	}
	return dst, nil
}

// uncovered returns, in place, those of cands that lie within none of fs
// (sorted, not overlapping), sorted and without overlaps as findings are
// (resolve); nil if there are none.
func uncovered(cands, fs []Finding) []Finding {
	out := cands[:0]
	for _, c := range cands {
		i, _ := slices.BinarySearchFunc(fs, c.Start, func(f Finding, s int) int { return cmp.Compare(f.End, s+1) })
		if i == len(fs) || fs[i].Start > c.Start || fs[i].End < c.End {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return resolve(out, 0)
}

// checkText returns the error of a text the finders do not read.
func checkText(text string) error {
	if len(text) > MaxLen {
		return ErrTooLong
	}
	if !utf8.ValidString(text) {
		return ErrInvalidUTF8
	}
	return nil
}

// resolve sorts dst[start:] by offset and drops every finding that overlaps
// one of a higher priority (of the same entity: the earlier one is kept).
// Each finder appends its findings in order of offset, so this is one merge
// per entity.
func resolve(dst []Finding, start int) []Finding {
	fs := dst[start:]
	if len(fs) < 2 {
		return dst
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Entity != b.Entity {
			return int(a.Entity) - int(b.Entity)
		}
		return a.Start - b.Start
	})
	var kept, merged []Finding
	for len(fs) > 0 {
		n := 1
		for n < len(fs) && fs[n].Entity == fs[0].Entity {
			n++
		}
		merged = merged[:0]
		k, last := 0, 0 // kept[k:] not yet merged; end of the last finding of this entity taken
		for _, c := range fs[:n] {
			for k < len(kept) && kept[k].End <= c.Start {
				merged = append(merged, kept[k])
				k++
			}
			prevEnd := 0
			if len(merged) > 0 {
				prevEnd = merged[len(merged)-1].End
			}
			if c.Start < max(prevEnd, last) || k < len(kept) && kept[k].Start < c.End {
				continue
			}
			merged = append(merged, c)
			last = c.End
		}
		merged = append(merged, kept[k:]...)
		kept, merged = merged, kept
		fs = fs[n:]
	}
	return append(dst[:start], kept...)
}

// Characters around a value. The finders read texts where Japanese runs
// straight into a number or an address, so a value's edges are decided by
// what is on each side rather than by spaces.

// wordRune reports whether r continues a word that a number or an address
// cannot be cut out of: a digit of any script, '_', or a letter other than
// Japanese (kanji, kana and the prolonged sound mark).
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '_'
	}
	if _, ok := phone.Digit(r); ok {
		return true
	}
	if japanese(r) {
		return false
	}
	return isLetterOrDigit(r)
}

// joiner reports whether r joins two numbers or words into one token
// (a date, an amount, a version, a code) when it stands between them.
func joiner(r rune) bool {
	switch r {
	case '-', '.', ',', '/', ':', '+', '\'', '－', '．', '，', '／', '：', '＋', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212':
		return true
	}
	return false
}

// joined reports whether the joiner j joins a number to the character r
// on its other side: any word character, except that a colon or a comma
// joins only digits (12:30, 1,980), not a label (card:4111…, …,exp).
func joined(j, r rune) bool {
	switch j {
	case ':', '：', ',', '，':
		_, digit := phone.Digit(r)
		return digit || unicode.IsDigit(r)
	}
	return wordRune(r)
}

// stopBefore reports the characters that, written straight before a
// number, make it something other than a phone, card or My Number: a
// currency sign, a postal mark, a number sign, an at sign, an underscore.
// Not an equals sign: phone=090-1234-5678 in a log line is a phone.
func stopBefore(r rune) bool {
	switch r {
	case '¥', '￥', '$', '＄', '€', '£', '#', '＃', '〒', '№', '@', '＠', '_':
		return true
	}
	return false
}

// stopAfter reports the characters that, written straight after a number,
// make it something other than a phone, card or My Number (an amount, a
// count): yen, percent, the large-number kanji, an at sign, an equals sign.
func stopAfter(r rune) bool {
	switch r {
	case '円', '%', '％', '@', '＠', '万', '億', '兆', '=', '＝':
		return true
	}
	return false
}

// leftOK reports whether a number may start at byte i of text. If stops
// is false, a stop character there is read as any other character around
// a number (the '_' of "tel_090…" too, not as a letter's).
func leftOK(text string, i int, stops bool) bool {
	if i == 0 {
		return true
	}
	r, n := utf8.DecodeLastRuneInString(text[:i])
	switch {
	case wordRune(r), stopBefore(r):
		return !stops && stopBefore(r)
	case joiner(r):
		p, _ := utf8.DecodeLastRuneInString(text[:i-n])
		return !joined(r, p)
	}
	return true
}

// rightOK reports whether a number may end at byte i of text; stops as
// for leftOK.
func rightOK(text string, i int, stops bool) bool {
	if i == len(text) {
		return true
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	switch {
	case wordRune(r), stopAfter(r):
		return !stops && stopAfter(r)
	case joiner(r):
		p, _ := utf8.DecodeRuneInString(text[i+n:])
		return !joined(r, p)
	}
	return true
}

// japanese reports kanji, kana (full- and half-width) and the prolonged
// sound marks, which the finders treat as text around a value, not as part
// of it.
func japanese(r rune) bool {
	switch {
	case 0x3040 <= r && r <= 0x30FF, // hiragana, katakana, ー
		0x3400 <= r && r <= 0x4DBF, 0x4E00 <= r && r <= 0x9FFF, 0xF900 <= r && r <= 0xFAFF, // kanji
		0xFF66 <= r && r <= 0xFF9F,   // half-width katakana, ｰ
		0x20000 <= r && r <= 0x3FFFF, // kanji of the supplementary planes
		r == '々' || r == '〆' || r == 'ヶ':
		return true
	}
	return false
}

func isLetterOrDigit(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
