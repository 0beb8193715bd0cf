package surrogate

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/internal/find"
	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/kind"
)

// Errors. A name that cannot be given a surrogate is an error wrapping
// [ErrInvalidValue] (the same variable as package mask's and tokenize's);
// no error holds the value.
var (
	// ErrInvalidValue: the value is not a name this package can replace.
	ErrInvalidValue = normalize.ErrInvalid
	errShape        = fmt.Errorf("surrogate: %w: not a name of one or two parts in one script each", ErrInvalidValue)
)

// MaxLen is the longest name accepted, in bytes.
const MaxLen = 256

// Surrogator replaces names with realistic ones, keyed and deterministic.
// Make one per field with [New]; it is safe for concurrent use and its
// String method shows no key.
type Surrogator struct {
	domain, scope string
	keyID         uint32
	macs          sync.Pool // *mac: HMAC-SHA256 under the derived key
}

// New returns a Surrogator for names of field f (f.Kind must be
// [kind.Name]; f.Domain and f.Scope as for masks), keyed by root, a Tink
// keyset of purpose keyset.PurposePRF: its key is K(id, "surrogate",
// domain, scope) of SPEC.md §2 under the primary key.
func New(root *tinkkeyset.Handle, f kind.Field) (*Surrogator, error) {
	if _, err := f.Check(kind.Surrogate); err != nil {
		return nil, err
	}
	if err := derive.CheckDomain(f.Domain); err != nil {
		return nil, fmt.Errorf("surrogate: %w", err)
	}
	if err := derive.CheckScope(f.Scope); err != nil {
		return nil, fmt.Errorf("surrogate: %w", err)
	}
	r, err := derive.New(root)
	if err != nil {
		return nil, fmt.Errorf("surrogate: %w", err)
	}
	key, err := r.Key(r.PrimaryID(), derive.PurposeSurrogate, f.Domain, f.Scope, 32)
	if err != nil {
		return nil, fmt.Errorf("surrogate: %w", err)
	}
	lists()
	s := &Surrogator{domain: f.Domain, scope: f.Scope, keyID: r.PrimaryID()}
	s.macs.New = func() any { return &mac{h: hmac.New(sha256.New, key)} }
	return s, nil
}

// KeyID is the ID of the root key the surrogates are made with.
func (s *Surrogator) KeyID() uint32 { return s.keyID }

// String describes s without any key material.
func (s *Surrogator) String() string {
	return fmt.Sprintf("surrogate.Surrogator{domain: %s, scope: %q, key: %d}", s.domain, s.scope, s.keyID)
}

// Name returns the surrogate of a full name, in its shape: the order of its
// parts (Japanese names surname first; Latin names given name first, or
// surname first before a comma), its separators, the script of each part
// and its case; an honorific (さん, 様, Mr., …) stays as written. Each part
// is replaced on its own, so 山田 gets the same surrogate surname in 山田
// 太郎 and in 山田さん.
func (s *Surrogator) Name(value string) (string, error) {
	n, err := parse(value)
	if err != nil {
		return "", err
	}
	return s.write(n, n), nil
}

// Tied returns the surrogate of the name source written in the shape of
// like, another form of the same name (its reading in kana, or in Latin
// letters): the reading of source's surrogate, in like's script, order and
// separators. It ties a reading column to its name column (SPEC.md §8).
// A Latin name has no kana reading: its tie to kana is an error.
func (s *Surrogator) Tied(source, like string) (string, error) {
	src, err := parse(source)
	if err != nil {
		return "", err
	}
	l, err := parse(like)
	if err != nil {
		return "", err
	}
	if src.parts[0].script == latin && l.parts[0].script != latin {
		// No list gives a Latin name's kana reading.
		return "", fmt.Errorf("surrogate: %w: a Latin name has no kana reading to tie", ErrInvalidValue)
	}
	if len(src.parts) != len(l.parts) {
		return "", fmt.Errorf("surrogate: %w: a name and its reading with different numbers of parts", ErrInvalidValue)
	}
	return s.write(src, l), nil
}

// Surname and Given return the surrogate of one bare surname or given name
// (林, 蓮, Smith), as [Surrogator.Name] writes that part in a full name.
func (s *Surrogator) Surname(bare string) (string, error) { return s.bare(bare, surname) }

// Given: see [Surrogator.Surname].
func (s *Surrogator) Given(bare string) (string, error) { return s.bare(bare, given) }

func (s *Surrogator) bare(v string, role role) (string, error) {
	if err := check(v); err != nil {
		return "", err
	}
	sc := scriptOf(v)
	if sc == 0 || strings.ContainsFunc(v, isSeparator) {
		return "", errShape
	}
	n := &name{parts: []part{{text: v, role: role, script: sc}}, seps: []string{""}}
	return s.write(n, n), nil
}

type role int

const (
	surname role = iota + 1
	given
)

// script of a part.
type script int

const (
	kanji    script = iota + 1 // contains a kanji (kana may follow: 奈々)
	hiragana                   // hiragana only
	katakana                   // katakana (full-width) only
	halfKana                   // half-width katakana only
	latin                      // Latin letters (with ' - .)
)

type part struct {
	text   string
	role   role
	script script
}

// name is a value taken apart: parts and what lies between them.
type name struct {
	prefix string   // a Latin honorific and its space
	parts  []part   // in the value's order
	seps   []string // seps[i] follows parts[i]; the last is the suffix (honorific)

	partsBuf [4]part
}

var latinHonorifics = []string{"Mr. ", "Mrs. ", "Ms. ", "Miss ", "Dr. ", "Prof. "}

func check(v string) error {
	switch {
	case v == "":
		return normalize.ErrEmpty
	case len(v) > MaxLen:
		return normalize.ErrTooLong
	case !utf8.ValidString(v):
		return normalize.ErrInvalidUTF8
	}
	return nil
}

func isSeparator(r rune) bool {
	return r == ' ' || r == '\u3000' || r == '・' || r == '･' || r == ','
}

// parse takes a name apart (see Name for the shapes it reads).
func parse(v string) (*name, error) {
	if err := check(v); err != nil {
		return nil, err
	}
	n := &name{}
	n.parts = n.partsBuf[:0]
	for _, h := range latinHonorifics {
		if strings.HasPrefix(v, h) {
			n.prefix, v = h, v[len(h):]
			break
		}
	}
	suffix := ""
	for _, h := range find.Honorifics {
		if strings.HasSuffix(v, h) && len(v) > len(h) {
			suffix, v = h, v[:len(v)-len(h)]
			break
		}
	}
	// Words and the separators after them.
	words, seps := make([]string, 0, 4), make([]string, 0, 4)
	for v != "" {
		i := strings.IndexFunc(v, isSeparator)
		if i == 0 {
			return nil, errShape
		}
		if i < 0 {
			words, seps = append(words, v), append(seps, "")
			break
		}
		j := i
		for j < len(v) {
			r, size := utf8.DecodeRuneInString(v[j:])
			if !isSeparator(r) {
				break
			}
			j += size
		}
		if j == len(v) {
			return nil, errShape
		}
		words, seps = append(words, v[:i]), append(seps, v[i:j])
		v = v[j:]
	}
	if len(words) == 0 {
		return nil, errShape
	}
	for _, w := range words {
		if scriptOf(w) == 0 && !splittable(w) {
			return nil, errShape
		}
	}
	if scriptOf(words[0]) == latin {
		// Given names first, the last word the surname; "Surname, Given"
		// puts the surname first.
		for i, w := range words {
			r := given
			if (strings.Contains(seps[0], ",") && i == 0) || (!strings.Contains(seps[0], ",") && i == len(words)-1 && len(words) > 1) {
				r = surname
			}
			if scriptOf(w) != latin {
				return nil, errShape
			}
			n.parts = append(n.parts, part{text: w, role: r, script: latin})
		}
		n.seps = seps
	} else {
		if len(words) > 2 {
			return nil, errShape
		}
		if len(words) == 1 {
			// 鈴木ひなた: split where the script changes; 山田太郎: after the
			// longest known surname; else one part, a given name.
			a, b := splitJapanese(words[0])
			if b != "" {
				words, seps = []string{a, b}, []string{"", ""}
			}
		}
		for i, w := range words {
			r := surname
			if i == 1 || (len(words) == 1 && !knownSurname(w)) {
				r = given
			}
			sc := scriptOf(w)
			if sc == 0 || sc == latin {
				return nil, errShape
			}
			n.parts = append(n.parts, part{text: w, role: r, script: sc})
		}
		n.seps = seps
	}
	n.seps[len(n.seps)-1] += suffix
	return n, nil
}

// scriptOf returns the script of a word, or 0 if it mixes scripts or has a
// character no name part has.
func scriptOf(w string) script {
	var sc script
	for _, r := range w {
		var c script
		switch {
		case isKanji(r) || r == '々' || r == 'ヶ':
			c = kanji
		case 'ぁ' <= r && r <= 'ゖ':
			c = hiragana
		case ('ァ' <= r && r <= 'ヺ') || r == 'ー':
			c = katakana
		case 'ｦ' <= r && r <= 'ﾟ':
			c = halfKana
		case unicode.In(r, unicode.Latin) || r == '\'' || r == '-' || r == '.' || r == '’':
			c = latin
		default:
			return 0
		}
		switch {
		case sc == 0:
			sc = c
		case sc == kanji && (c == hiragana || c == katakana):
			// 奈々, 八ヶ代: kana within a kanji name stays a kanji name…
			if c == hiragana && !strings.ContainsFunc(w, isKanji) {
				return 0
			}
		case c == kanji && sc == hiragana:
			return 0 // …but kana then kanji is two parts (splitJapanese)
		case c != sc:
			if !(sc == hiragana && c == katakana && r == 'ー') {
				return 0
			}
		}
	}
	return sc
}

// splittable reports whether a word of two scripts splits into a surname
// and a given name.
func splittable(w string) bool {
	_, b := splitJapanese(w)
	return b != ""
}

// splitJapanese splits one word into surname and given name: where kanji
// turn to kana (鈴木ひなた), after the longest surname of the list that
// leaves a kanji name (山田太郎), or before the longest given name of the
// list (清水一郎). b is "" when it does not split, as when a list has the
// word whole (中村 is no 中 and 村).
func splitJapanese(w string) (a, b string) {
	lists()
	if _, ok := jaSurnames.byName[w]; ok {
		return w, ""
	}
	if _, ok := jaGiven.byName[w]; ok {
		return w, ""
	}
	for i, r := range w {
		if i > 0 && !isKanji(r) && r != '々' {
			if scriptOf(w[:i]) == kanji && scriptOf(w[i:]) != 0 && scriptOf(w[i:]) != latin {
				return w[:i], w[i:]
			}
			break
		}
	}
	lists()
	best := 0
	for i := range w {
		if i > best && knownSurname(w[:i]) && scriptOf(w[i:]) == kanji {
			best = i
		}
	}
	if best > 0 {
		return w[:best], w[best:]
	}
	// Else before the longest given name of the list (清水一郎).
	for i := range w {
		if _, ok := jaGiven.byName[w[i:]]; ok && i > 0 && scriptOf(w[:i]) == kanji {
			return w[:i], w[i:]
		}
	}
	return w, ""
}

// knownSurname reports whether w is a surname of the list, as written or,
// in kana, as read (やまだ, ヤマダ: no reading of the list is both a surname's
// and a given name's).
func knownSurname(w string) bool {
	lists()
	if _, ok := jaSurnames.byName[w]; ok {
		return true
	}
	return scriptOf(w) != kanji && jaSurnames.readings[fold(w)]
}

// write makes the surrogate of each part of src, written as the matching
// part of like.
func (s *Surrogator) write(src, like *name) string {
	var b strings.Builder
	b.WriteString(like.prefix)
	for i, p := range like.parts {
		b.WriteString(s.part(src.parts[i], p))
		b.WriteString(like.seps[i])
	}
	return b.String()
}

// part returns the surrogate of part src, written in the script and case of
// like. The choice depends on src's role and folded text only.
func (s *Surrogator) part(src, like part) string {
	japanese := src.script != latin || like.script != latin
	var l *list
	switch {
	case japanese && src.role == surname && src.script == kanji:
		l = jaSurnamesKanji
	case japanese && src.role == surname:
		l = jaSurnames
	case japanese && src.script == kanji:
		l = jaGivenKanji
	case japanese:
		l = jaGiven
	case src.role == surname:
		l = latinSurnames
	default:
		l = latinGiven
	}
	folded := fold(src.text)
	var e *entry
	for i := range 8 {
		e = l.pick(s.draw(src.role, src.script == latin && like.script == latin, folded, i, l.total()))
		if e.folded != folded && e.reading != folded {
			break
		}
	}
	return render(e, like)
}

// draw is the keyed choice: the first 8 bytes of HMAC-SHA256(K, role ||
// latin || 0x00 || folded name || 0x00 || attempt), big-endian, mod total.
func (s *Surrogator) draw(r role, latinOnly bool, folded string, attempt int, total uint64) uint64 {
	m := s.macs.Get().(*mac)
	defer s.macs.Put(m)
	script := byte('j')
	if latinOnly {
		script = 'l'
	}
	m.buf = append(append(append(m.buf[:0], byte('0'+r), script, 0), folded...), 0, byte(attempt))
	m.h.Reset()
	m.h.Write(m.buf)
	m.buf = m.h.Sum(m.buf[:0])
	x := binary.BigEndian.Uint64(m.buf) % total
	clear(m.buf[:cap(m.buf)]) // no name lingers in the pool
	return x
}

// mac is an HMAC state and a buffer, reused through a pool.
type mac struct {
	h   hash.Hash
	buf []byte
}

// fold is the form a name part is chosen by: NFKC, width folded, lower case,
// katakana as hiragana, so that 山田 and ｽｽﾞｷ/スズキ/すずき choose alike.
// NFKC folds full-width letters and half-width kana (ｽﾞ → ズ) too; each step
// runs only when it may change something (NFKC's quick check, which unlike
// IsNormalString allocates nothing).
func fold(s string) string {
	if norm.NFKC.QuickSpanString(s) != len(s) {
		s = norm.NFKC.String(s)
	}
	if strings.ContainsFunc(s, unicode.IsUpper) {
		s = strings.ToLower(s)
	}
	if !strings.ContainsFunc(s, isKatakana) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isKatakana(r) {
			return r - 0x60
		}
		return r
	}, s)
}

func isKatakana(r rune) bool { return 'ァ' <= r && r <= 'ヶ' }

// render writes entry e in the script (and case) of like.
func render(e *entry, like part) string {
	switch like.script {
	case kanji:
		return e.written
	case hiragana:
		return e.reading
	case katakana:
		return katakanaOf(e.reading)
	case halfKana:
		// Half-width kana write voicing marks apart: ダ → ﾀﾞ.
		return width.Narrow.String(halfVoicing.Replace(norm.NFD.String(katakanaOf(e.reading))))
	}
	w := e.written
	if e.reading != "" {
		w = titleCase(romaji(e.reading))
	}
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, like.text)
	switch {
	case len(letters) > 1 && strings.ToUpper(letters) == letters:
		return strings.ToUpper(w)
	case strings.ToLower(letters) == letters:
		return strings.ToLower(w)
	}
	return w
}

// halfVoicing writes the combining voicing marks as half-width ones.
var halfVoicing = strings.NewReplacer("\u3099", "\uFF9E", "\u309A", "\uFF9F")

func katakanaOf(h string) string {
	return strings.Map(func(r rune) rune {
		if 'ぁ' <= r && r <= 'ゖ' {
			return r + 0x60
		}
		return r
	}, h)
}
