package find

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/piikit/piikit/internal/phone"
)

// KnownValue is a personal value an export already knows (a name, phone,
// email or ID of its users table) and its entity. Its String never shows Value.
type KnownValue struct {
	Entity Entity
	Value  string
}

// String returns "entity value", without the value.
func (v KnownValue) String() string { return v.Entity.String() + " value" }

// GoString is String, so %#v does not print the value either.
func (v KnownValue) GoString() string { return v.String() }

// KnownOptions configure [NewKnown].
type KnownOptions struct {
	// Region is the default region of known phone numbers written without
	// a country code, as in [Options]; empty means "JP".
	Region string
}

// Minimum lengths of a known value, in characters that count (not spaces,
// separators or marks): shorter values match ordinary words (森 in 森林,
// あい in あいさつ) or numbers, and are skipped.
const (
	minKnownRunes    = 2 // kanji, katakana, Latin letters
	minKnownHiragana = 3 // values written in hiragana only
	minKnownDigits   = 6 // values of digits (and +) only
	// minKnownID is the fewest characters of a known ID, whatever they
	// are: the fewest tokenize takes from an ID without an insecure
	// option (SPEC.md §3), below which IDs (taro1, 1234) match words and
	// numbers of ordinary text.
	minKnownID = 6
	// maxKnownBytes bounds a value's matching form, and so the window a
	// scan keeps.
	maxKnownBytes = 1024
)

// ErrKnownValue is wrapped, with the value's index and the reason, by the
// errors of [NewKnown]: a value that is not valid UTF-8, too long, or of
// no entity.
var ErrKnownValue = errors.New("find: bad known value")

// Known finds given values in texts. Build it once with [NewKnown] and pass
// it in [Options]; it is safe for concurrent use.
type Known struct {
	ac       *automaton
	entity   []Entity // per pattern
	size     []int32  // per pattern: bytes of its matching form
	bare     []bool   // per pattern: a short one-word name, found only in a person's context (personContext)
	patterns int
	skipped  int
}

// Patterns returns how many distinct matching forms k looks for (a phone
// gives up to three: international, national, and as written).
func (k *Known) Patterns() int { return k.patterns }

// Skipped returns how many values were too short to look for.
func (k *Known) Skipped() int { return k.skipped }

// NewKnown returns a Known that finds values in texts, in their matching
// form (see the package documentation): whatever their width, case,
// spacing or phone layout. A value too short to be told from ordinary text
// is skipped ([Known.Skipped]); a value that is not valid UTF-8, longer
// than 1,024 bytes once folded, or of no entity is an error wrapping
// [ErrKnownValue] (and [ErrInvalidUTF8], [ErrTooLong] or [ErrEntity]) that
// gives its index, never the value. When two values have the same matching
// form the entity first in the priority order is kept.
func NewKnown(values []KnownValue, opts KnownOptions) (*Known, error) {
	pr, err := newPhoneRule(opts.Region)
	if err != nil {
		return nil, err
	}
	b := newACBuilder()
	k := &Known{}
	var form []byte
	var d phone.Digits
	for i, v := range values {
		if err := checkKnown(v); err != nil {
			return nil, fmt.Errorf("%w %d: %w", ErrKnownValue, i, err)
		}
		forms := 0
		for _, s := range knownForms(v, &pr, &d) {
			var long bool
			if form, long = matchingForm(form[:0], s); long {
				return nil, fmt.Errorf("%w %d: %w", ErrKnownValue, i, ErrTooLong)
			}
			if !longEnough(s, v.Entity) {
				continue
			}
			forms++
			id := int32(len(k.entity))
			bare := v.Entity == Name && shortWord(s)
			if old := b.add(form, id); old >= 0 {
				k.entity[old] = min(k.entity[old], v.Entity)
				k.bare[old] = k.bare[old] && bare
				continue
			}
			k.entity = append(k.entity, v.Entity)
			k.size = append(k.size, int32(len(form)))
			k.bare = append(k.bare, bare)
		}
		if forms == 0 {
			k.skipped++
		}
	}
	k.patterns = len(k.entity)
	k.ac = b.compile()
	return k, nil
}

func checkKnown(v KnownValue) error {
	switch {
	case v.Entity < Email || v.Entity > Name:
		return ErrEntity
	case !utf8.ValidString(v.Value):
		return ErrInvalidUTF8
	case len(v.Value) > maxKnownBytes:
		return ErrTooLong
	}
	return nil
}

// knownForms returns the ways v is written: v itself, and for a phone
// number that parses with the default region its international form
// (+819012345678) and its national form (09012345678; for regions whose
// national prefix is not 0, also the national number alone: 4155552671).
func knownForms(v KnownValue, pr *phoneRule, d *phone.Digits) []string {
	forms := []string{v.Value}
	if v.Entity != Phone {
		return forms
	}
	num, err := phone.Parse(v.Value, pr.meta, d)
	if err != nil || !num.Possible() {
		return forms
	}
	nsn := string(num.National)
	forms = append(forms, string(num.AppendE164(nil)))
	ndd := phonenumbers.GetNddPrefixForRegion(phonenumbers.GetRegionCodeForCountryCode(num.CC()), true)
	forms = append(forms, ndd+nsn)
	if ndd != "0" {
		forms = append(forms, nsn)
	}
	return forms
}

// longEnough reports whether the value s of entity e has enough
// characters that count (not dropped, not marks) to be looked for.
func longEnough(s string, e Entity) bool {
	n, hiragana, digits := countChars(s)
	switch {
	case e == ID:
		return n >= minKnownID
	case digits == n:
		return n >= minKnownDigits
	case hiragana == n:
		return n >= minKnownHiragana
	}
	return n >= minKnownRunes
}

// countChars counts the characters of s that count, and of them the
// hiragana and the digits (with plus signs).
func countChars(s string) (n, hiragana, digits int) {
	prevDigit := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !dropped(s, i, size, r, prevDigit) && !unicode.Is(unicode.Mn, r) {
			n++
			_, digit := phone.Digit(r)
			switch {
			case digit || phone.Plus(r):
				digits++
			case 0x3041 <= r && r <= 0x309F:
				hiragana++
			}
			prevDigit = digit
		}
		i += size
	}
	return n, hiragana, digits
}

// shortWord reports whether the name s is one Japanese word short enough to
// be also a place or a common word (山田 in 山田に行く, あかり in 部屋のあかり):
// at most 2 characters, or 3 if all hiragana, with no space or middle dot.
func shortWord(s string) bool {
	n, hiragana := 0, true
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '·', r == '・', r == '･':
			return false
		case !japanese(r):
			return false
		}
		n++
		hiragana = hiragana && 0x3041 <= r && r <= 0x309F
	}
	return n <= 2 || hiragana && n <= 3
}

// Honorifics are the words written straight after a Japanese name that are
// not part of it: the finders read them as a person's cue, package
// surrogate keeps them as written. No one is a prefix or a suffix of
// another, so their order does not matter.
var Honorifics = []string{"さん", "さま", "様", "くん", "君", "ちゃん", "先生", "氏", "殿"}

// personWords are what, written straight after a name, make it a person's:
// honorifics, です (予約名は山田です) and より (a letter's signature).
var personWords = append(slices.Clip(Honorifics), "です", "より")

// personContext reports whether text[start:end] reads as a person's name: a
// person word follows it, or it stands alone in brackets, as a name after a
// phone number does (090-1234-5678（山田）).
func personContext(text string, start, end int) bool {
	for _, w := range personWords {
		if strings.HasPrefix(text[end:], w) {
			return true
		}
	}
	before, _ := utf8.DecodeLastRuneInString(text[:start])
	after, _ := utf8.DecodeRuneInString(text[end:])
	return (before == '(' || before == '（') && (after == ')' || after == '）')
}

// matchingForm appends to dst the matching form of s, the rune by rune
// fold that [Known] compares (see appendFold and dropped). It reports
// whether the form is longer than maxKnownBytes.
func matchingForm(dst []byte, s string) ([]byte, bool) {
	prevDigit := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !dropped(s, i, size, r, prevDigit) {
			n := len(dst)
			dst = appendFold(dst, r)
			if len(dst) > n {
				prevDigit = isDigitByte(dst[len(dst)-1])
			}
		}
		i += size
	}
	return dst, len(dst) > maxKnownBytes
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// dropped reports whether the rune r at s[i:i+size] is left out of the
// matching form: white space, format characters (Cf: zero-width spaces,
// joiners, bidi marks), variation selectors, middle dots (・ ･ ·), and
// phone separators ([phone.Separator]) next to a digit (prevDigit: the
// last character kept was a digit).
func dropped(s string, i, size int, r rune, prevDigit bool) bool {
	if r < utf8.RuneSelf {
		switch {
		case r == ' ', '\t' <= r && r <= '\r':
			return true
		case r == '+', 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return false
		}
	} else if 0x3041 <= r && r <= 0x30FA || 0x4E00 <= r && r <= 0x9FFF {
		return false // kana and kanji, for speed
	} else if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) ||
		r == '·' || r == '・' || r == '･' {
		return true
	}
	if !phone.Separator(r) {
		return false
	}
	if prevDigit {
		return true
	}
	next, _ := utf8.DecodeRuneInString(s[i+size:])
	_, digit := phone.Digit(next)
	return digit
}

// appendFold appends the fold of r: its compatibility decomposition
// (NFKD: full-width Latin letters and digits become ASCII, half-width
// katakana full-width, ガ becomes カ and U+3099), then Unicode's full case
// folding. Folding each rune on its own, rather than the text as a whole,
// keeps a map from each folded byte back to the rune it came from; NFKD is
// closed under concatenation (up to the order of stacked combining marks),
// so two strings fold the same when their NFKC forms agree.
func appendFold(dst []byte, r rune) []byte {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	case 0x4E00 <= r && r <= 0x9FFF, 0x3400 <= r && r <= 0x4DBF: // kanji: no decomposition, no case
		return utf8.AppendRune(dst, r)
	case 0x3000 <= r && r <= 0x30FF:
		return append(dst, kanaFold[r-0x3000]...)
	case 0xFF00 <= r && r <= 0xFFEF:
		return append(dst, widthFold[r-0xFF00]...)
	}
	return appendFoldSlow(dst, r)
}

// kanaFold and widthFold hold appendFold's result for the runes of
// Japanese text outside kanji (CJK punctuation and kana, U+3000 to U+30FF;
// full- and half-width forms, U+FF00 to U+FFEF), computed once by
// appendFoldSlow, so that their folds need no look-up in the
// normalization tables.
var (
	kanaFold  = foldRange(0x3000, 0x30FF)
	widthFold = foldRange(0xFF00, 0xFFEF)
)

func foldRange(from, to rune) []string {
	t := make([]string, to-from+1)
	for i := range t {
		t[i] = string(appendFoldSlow(nil, from+rune(i)))
	}
	return t
}

// appendFoldSlow is appendFold, by the normalization tables.
func appendFoldSlow(dst []byte, r rune) []byte {
	var b [utf8.UTFMax]byte
	d := b[:utf8.EncodeRune(b[:], r)]
	if dec := norm.NFKD.Properties(d).Decomposition(); dec != nil {
		d = dec
	}
	for len(d) > 0 {
		c, n := utf8.DecodeRune(d)
		switch {
		case c < utf8.RuneSelf:
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, byte(c))
		case unicode.SimpleFold(c) == c: // no case
			dst = append(dst, d[:n]...)
		default:
			// Only letters with case outside ASCII (Greek, Cyrillic…) come
			// here; their folds are computed once each.
			dst = append(dst, foldRune(c)...)
		}
		d = d[n:]
	}
	return dst
}

// A match of a known value: text[start:end], its entity, and whether it
// came from known values (else from the finders).
type match struct {
	start, end int
	entity     Entity
	known      bool
}

// knownWindow is the window of folded bytes a scan remembers: a power of
// two above maxKnownBytes.
const knownWindow = 2048

// windows holds scan windows: a scan only reads entries it wrote, so they
// need no clearing, and a pool saves clearing 8 KiB per text.
var windows = sync.Pool{New: func() any { return new([knownWindow]uint32) }}

// appendMatches appends to ms the matches of k's values in text (valid
// UTF-8) that stand on their own (see boundaryOK), overlapping or not.
func (k *Known) appendMatches(ms []match, text string) []match {
	a := k.ac
	// For the last knownWindow folded bytes: the offset of the rune each
	// came from, times two, plus one for the first byte of a rune's fold.
	window := windows.Get().(*[knownWindow]uint32)
	defer windows.Put(window)
	fold := make([]byte, 0, 32)
	s := int32(0)
	pos := 0 // folded bytes so far
	prevDigit := false
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if dropped(text, i, size, r, prevDigit) {
			i += size
			continue
		}
		if r < utf8.RuneSelf || 0x4E00 <= r && r <= 0x9FFF {
			fold = append(fold[:0], text[i:i+size]...) // ASCII (lowered below) and kanji fold to themselves
			if 'A' <= r && r <= 'Z' {
				fold[0] += 'a' - 'A'
			}
		} else {
			fold = appendFold(fold[:0], r)
		}
		for j, c := range fold {
			window[pos%knownWindow] = uint32(i)<<1 | b2u(j == 0)
			pos++
			s = a.step(s, c)
			if j != len(fold)-1 { // a match must end with a rune's fold
				continue
			}
			for t := s; t >= 0; t = a.dict[t] {
				p := a.out[t]
				if p < 0 {
					continue
				}
				first := window[(pos-int(k.size[p]))%knownWindow]
				if first&1 == 0 { // starts inside a rune's fold
					continue
				}
				m := match{start: int(first >> 1), end: i + size, entity: k.entity[p], known: true}
				if boundaryOK(text, m.start, m.end) && (!k.bare[p] || personContext(text, m.start, m.end)) {
					ms = append(ms, m)
				}
			}
		}
		if len(fold) > 0 {
			prevDigit = isDigitByte(fold[len(fold)-1])
		}
		i += size
	}
	return ms
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// boundaryOK reports whether text[start:end] stands on its own. At each
// end, by the character there:
//   - a digit or a plus: the number rule of the finders (leftOK, rightOK):
//     no digit, letter or joined token next to it;
//   - another non-Japanese letter: no digit, letter, '_' or at sign next to
//     it ("Ken" is not found in "Kenta" nor in "ken@example.com"; "Ken-san"
//     is found);
//   - katakana: no katakana next to it (マイ is not found in マイナンバー);
//   - kanji, hiragana, anything else: no condition (Japanese is written
//     without spaces: 山田太郎さん, 電話は09012345678です).
func boundaryOK(text string, start, end int) bool {
	first, _ := utf8.DecodeRuneInString(text[start:])
	last, _ := utf8.DecodeLastRuneInString(text[:end])
	return edgeOK(text, first, start, true) && edgeOK(text, last, end, false)
}

func edgeOK(text string, r rune, at int, left bool) bool {
	if _, digit := phone.Digit(r); digit || phone.Plus(r) {
		if left {
			return leftOK(text, at, true)
		}
		return rightOK(text, at, true)
	}
	var other rune
	switch {
	case left && at == 0, !left && at == len(text):
		return true
	case left:
		other, _ = utf8.DecodeLastRuneInString(text[:at])
	default:
		other, _ = utf8.DecodeRuneInString(text[at:])
	}
	switch {
	case katakana(r):
		return !katakana(other)
	case japanese(r):
		return true
	case wordRune(r):
		return !wordRune(other) && other != '@' && other != '＠'
	}
	return true
}

// katakana reports katakana (full- and half-width) and the prolonged sound
// marks, not the middle dot.
func katakana(r rune) bool {
	return 0x30A1 <= r && r <= 0x30FA || 0x30FC <= r && r <= 0x30FF || 0xFF66 <= r && r <= 0xFF9F
}

// resolveMatches keeps, of overlapping matches, the longest; of two as
// long the earlier, then one of a known value, then the entity first in the
// priority order. It returns the matches kept sorted by offset, in ms's
// memory.
func resolveMatches(ms []match) []match {
	if len(ms) < 2 {
		return ms
	}
	slices.SortFunc(ms, func(a, b match) int {
		switch {
		case a.end-a.start != b.end-b.start:
			return (b.end - b.start) - (a.end - a.start)
		case a.start != b.start:
			return a.start - b.start
		case a.known != b.known:
			if a.known {
				return -1
			}
			return 1
		}
		return int(a.entity) - int(b.entity)
	})
	// kept is sorted by start. Matches come longest first, so one that
	// overlaps a kept match (at least as long) covers its first or its
	// last byte.
	kept := ms[:0:0]
	covered := func(p int) bool {
		i, _ := slices.BinarySearchFunc(kept, p, func(m match, p int) int { return m.start - p })
		if i < len(kept) && kept[i].start == p {
			return true
		}
		return i > 0 && kept[i-1].end > p
	}
	for _, m := range ms {
		if covered(m.start) || covered(m.end-1) {
			continue
		}
		i, _ := slices.BinarySearchFunc(kept, m.start, func(k match, p int) int { return k.start - p })
		kept = slices.Insert(kept, i, m)
	}
	return append(ms[:0], kept...)
}

// Find returns the known values in text, sorted by offset and never
// overlapping: the longest match wins (see [Options] to combine them with
// the finders'). Errors are those of [Finder.Find].
func (k *Known) Find(text string) ([]Finding, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	ms := resolveMatches(k.appendMatches(nil, text))
	fs := make([]Finding, len(ms))
	for i, m := range ms {
		fs[i] = Finding{Entity: m.entity, Start: m.start, End: m.end}
	}
	return fs, nil
}

// mergeKnown replaces dst[start:], the finders' findings in text, with
// them and the known values of text, resolved as resolveMatches does.
func (k *Known) mergeKnown(dst []Finding, start int, text string, want *[Name + 1]bool) []Finding {
	var buf [8]match
	km := k.appendMatches(buf[:0], text)
	km = slices.DeleteFunc(km, func(m match) bool { return !want[m.entity] })
	if len(km) == 0 {
		return dst // no known value: the findings as they were
	}
	ms := make([]match, 0, len(dst)-start+len(km))
	for _, f := range dst[start:] {
		ms = append(ms, match{start: f.Start, end: f.End, entity: f.Entity})
	}
	ms = resolveMatches(append(ms, km...))
	dst = dst[:start]
	for _, m := range ms {
		dst = append(dst, Finding{Entity: m.entity, Start: m.start, End: m.end})
	}
	return dst
}

// folded caches foldRune's results: rune → string.
var folded sync.Map

// foldRune is the NFKD form of the Unicode full case folding of c (a
// Caser is stateful, so one is made per new rune, never per text).
func foldRune(c rune) string {
	if f, ok := folded.Load(c); ok {
		return f.(string)
	}
	f := norm.NFKD.String(cases.Fold().String(string(c)))
	folded.Store(c, f)
	return f
}
