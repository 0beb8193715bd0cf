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
	var pb [4]part
	var sb [4]string
	n, err := parse(value, pb[:0], sb[:0])
	if err != nil {
		return "", err
	}
	return s.write(&n, &n), nil
}

// Tied returns the surrogate of the name source written in the shape of
// like, another form of the same name (its reading in kana, or in Latin
// letters): the reading of source's surrogate, in like's script, order and
// separators. It ties a reading column to its name column (SPEC.md §8).
// A Latin name has no kana reading: its tie to kana is an error.
func (s *Surrogator) Tied(source, like string) (string, error) {
	var pb, lpb [4]part
	var sb, lsb [4]string
	src, err := parse(source, pb[:0], sb[:0])
	if err != nil {
		return "", err
	}
	l, err := parse(like, lpb[:0], lsb[:0])
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
	return s.write(&src, &l), nil
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
	pb, sb := [1]part{{text: v, role: role, script: sc}}, [1]string{}
	n := name{parts: pb[:], seps: sb[:]}
	return s.write(&n, &n), nil
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
	seps   []string // seps[i] follows parts[i]
	suffix string   // a Japanese honorific, after the last separator
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

// parse takes a name apart (see Name for the shapes it reads), appending
// its parts and separators to parts and seps: buffers of the caller, so that
// a name is taken apart without allocating.
func parse(v string, parts []part, seps []string) (name, error) {
	var n name
	if err := check(v); err != nil {
		return n, err
	}
	for _, h := range latinHonorifics {
		if strings.HasPrefix(v, h) {
			n.prefix, v = h, v[len(h):]
			break
		}
	}
	for _, h := range find.Honorifics {
		if strings.HasSuffix(v, h) && len(v) > len(h) {
			n.suffix, v = h, v[:len(v)-len(h)]
			break
		}
	}
	// Words, their scripts and the separators after them.
	var wordsBuf [4]string
	var scriptsBuf [4]script
	words, scripts := wordsBuf[:0], scriptsBuf[:0]
	for v != "" {
		i := strings.IndexFunc(v, isSeparator)
		if i == 0 {
			return n, errShape
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
			return n, errShape
		}
		words, seps = append(words, v[:i]), append(seps, v[i:j])
		v = v[j:]
	}
	if len(words) == 0 {
		return n, errShape
	}
	for _, w := range words {
		sc := scriptOf(w)
		if sc == 0 && !splittable(w) {
			return n, errShape
		}
		scripts = append(scripts, sc)
	}
	if scripts[0] == latin {
		// Given names first, the last word the surname; "Surname, Given"
		// puts the surname first.
		comma := strings.Contains(seps[0], ",")
		for i, w := range words {
			r := given
			if (comma && i == 0) || (!comma && i == len(words)-1 && len(words) > 1) {
				r = surname
			}
			if scripts[i] != latin {
				return n, errShape
			}
			parts = append(parts, part{text: w, role: r, script: latin})
		}
		n.parts, n.seps = parts, seps
		return n, nil
	}
	if len(words) > 2 {
		return n, errShape
	}
	if len(words) == 1 {
		// 鈴木ひなた: split where the script changes; 山田太郎: after the
		// longest known surname; else one part, a given name.
		a, b := splitJapanese(words[0])
		if b != "" {
			words, seps = append(words[:0], a, b), append(seps[:0], "", "")
			scripts = append(scripts[:0], scriptOf(a), scriptOf(b))
		}
	}
	for i, w := range words {
		r := surname
		if i == 1 || (len(words) == 1 && !knownSurname(w)) {
			r = given
		}
		sc := scripts[i]
		if sc == 0 || sc == latin {
			return n, errShape
		}
		parts = append(parts, part{text: w, role: r, script: sc})
	}
	n.parts, n.seps = parts, seps
	return n, nil
}

// scriptOf returns the script of a word, or 0 if it mixes scripts or has a
// character no name part has.
func scriptOf(w string) script {
	var sc script
	for _, r := range w {
		var c script
		switch {
		case r < utf8.RuneSelf:
			// Latin letters are A–Z and a–z in ASCII.
			if !(('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || r == '\'' || r == '-' || r == '.') {
				return 0
			}
			c = latin
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
	if scriptOf(w) == kanji {
		return false
	}
	var buf [64]byte
	return jaSurnames.readings[string(appendFold(buf[:0], w))]
}

// write makes the surrogate of each part of src, written as the matching
// part of like.
func (s *Surrogator) write(src, like *name) string {
	m := s.macs.Get().(*mac)
	defer s.macs.Put(m)
	var buf [128]byte
	out := append(buf[:0], like.prefix...)
	for i, p := range like.parts {
		out = s.appendPart(out, m, src.parts[i], p)
		out = append(out, like.seps[i]...)
	}
	out = append(out, like.suffix...)
	m.clear()
	return string(out)
}

// appendPart appends the surrogate of part src, written in the script and
// case of like. The choice depends on src's role and folded text only.
func (s *Surrogator) appendPart(dst []byte, m *mac, src, like part) []byte {
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
	// The message of draw: role || script || 0x00 || folded name || 0x00 ||
	// attempt.
	script := byte('j')
	if src.script == latin && like.script == latin {
		script = 'l'
	}
	m.msg = appendFold(append(m.msg[:0], byte('0'+src.role), script, 0), src.text)
	m.msg = append(m.msg, 0, 0)
	folded := m.msg[3 : len(m.msg)-2]
	total := l.total()
	var e *entry
	for i := range 8 {
		m.msg[len(m.msg)-1] = byte(i)
		e = l.pick(m.draw(total))
		if e.folded != string(folded) && e.reading != string(folded) {
			break
		}
	}
	return e.appendAs(dst, like)
}

// mac is an HMAC state and its buffers, reused through a pool.
type mac struct {
	h   hash.Hash
	msg []byte
	sum [sha256.Size]byte
}

// draw is the keyed choice: the first 8 bytes of HMAC-SHA256(K, m.msg),
// big-endian, mod total. It leaves h reset, holding no message.
func (m *mac) draw(total uint64) uint64 {
	m.h.Write(m.msg)
	x := binary.BigEndian.Uint64(m.h.Sum(m.sum[:0])) % total
	m.h.Reset()
	return x
}

// clear wipes the buffers before m goes back to the pool: no name lingers.
func (m *mac) clear() {
	clear(m.msg[:cap(m.msg)])
	clear(m.sum[:])
}

// fold is the form a name part is chosen by: NFKC, width folded, lower case,
// katakana as hiragana, so that 山田 and ｽｽﾞｷ/スズキ/すずき choose alike.
// NFKC folds full-width letters and half-width kana (ｽﾞ → ズ) too.
func fold(s string) string { return string(appendFold(nil, s)) }

// appendFold appends fold(s) to dst. Most names have only characters that
// NFKC keeps (plainRune) or half-width kana, whose NFKC a table gives; any
// other runs NFKC, and the case folds only when s has an upper-case letter
// (as strings.ToLower would, rune by rune).
func appendFold(dst []byte, s string) []byte {
	start := len(dst)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r < 0xDF && isLatin1Upper(r):
			r += 'a' - 'A' // only upper-case letters change case
		case plainRune(r):
		case halfLo <= r && r <= halfHi:
			// A voicing mark composes with the kana before it: ｶﾞ is ガ.
			t := halfKanaNFKC()
			next, m := utf8.DecodeRuneInString(s[i:])
			if next == 'ﾞ' || next == 'ﾟ' {
				r = t.voiced[r-halfLo][next-'ﾞ']
				i += m
				if next, _ = utf8.DecodeRuneInString(s[i:]); next == 'ﾞ' || next == 'ﾟ' {
					r = 0
				}
			} else {
				r = t.alone[r-halfLo]
			}
			if r == 0 {
				return foldNFKC(dst[:start], s)
			}
		default:
			return foldNFKC(dst[:start], s)
		}
		if isKatakana(r) {
			r -= 0x60
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// foldNFKC appends fold(s) to dst, running NFKC.
func foldNFKC(dst []byte, s string) []byte {
	s = norm.NFKC.String(s)
	lower := strings.ContainsFunc(s, unicode.IsUpper)
	for _, r := range s {
		if lower {
			r = unicode.ToLower(r)
		}
		if isKatakana(r) {
			r -= 0x60
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// plainRune reports whether r is ASCII, a letter of Latin-1 (U+00C0–U+00FF
// but × and ÷), hiragana (U+3041–U+3096), katakana (U+30A1–U+30FA, ー) or a
// CJK Unified Ideograph (U+4E00–U+9FFF): NFKC keeps each and composes none
// with another, and only those isLatin1Upper takes change case
// (TestPlainRune).
func plainRune(r rune) bool {
	return r < utf8.RuneSelf || (0xC0 <= r && r <= 0xFF && r != 0xD7 && r != 0xF7) ||
		(0x3041 <= r && r <= 0x3096) || (0x30A1 <= r && r <= 0x30FA) || r == 'ー' || (0x4E00 <= r && r <= 0x9FFF)
}

// The half-width forms of katakana and their punctuation.
const halfLo, halfHi = '\uFF61', '\uFF9F'

// halfKanaNFKC is NFKC of a half-width kana alone and followed by ﾞ or ﾟ,
// taken from package norm once: 0 where it is not one character (a mark
// alone, a kana that takes no mark).
var halfKanaNFKC = sync.OnceValue(func() *halfKanaTable {
	one := func(s string) rune {
		s = norm.NFKC.String(s)
		if r, n := utf8.DecodeRuneInString(s); n == len(s) {
			return r
		}
		return 0
	}
	t := new(halfKanaTable)
	for r := halfLo; r <= halfHi; r++ {
		if r != 'ﾞ' && r != 'ﾟ' {
			t.alone[r-halfLo] = one(string(r))
			t.voiced[r-halfLo] = [2]rune{one(string(r) + "ﾞ"), one(string(r) + "ﾟ")}
		}
	}
	return t
})

type halfKanaTable struct {
	alone  [halfHi - halfLo + 1]rune
	voiced [halfHi - halfLo + 1][2]rune
}

// isLatin1Upper reports whether r is an upper-case letter of ASCII or
// Latin-1 (A–Z, À–Þ but ×): its lower case is r + 0x20.
func isLatin1Upper(r rune) bool {
	return ('A' <= r && r <= 'Z') || (0xC0 <= r && r <= 0xDE && r != 0xD7)
}

func isKatakana(r rune) bool { return 'ァ' <= r && r <= 'ヶ' }

// forms are the ways an entry is written, made once when its list loads:
// in katakana, in half-width katakana, and in Latin letters (title, upper
// and lower case; Japanese names in Hepburn romaji).
type forms struct {
	katakana, half            string
	latin, upperLat, lowerLat string
}

func formsOf(e *entry) forms {
	f := forms{latin: e.written}
	if e.reading != "" {
		f.katakana = katakanaOf(e.reading)
		// Half-width kana write voicing marks apart: ダ → ﾀﾞ.
		f.half = halfWidth(f.katakana)
		f.latin = titleCase(romaji(e.reading))
	}
	f.upperLat, f.lowerLat = strings.ToUpper(f.latin), strings.ToLower(f.latin)
	return f
}

// appendAs appends entry e written in the script (and case) of like: a
// Latin part all in capitals (two letters or more) gives capitals, one in
// lower case gives lower case, any other the name's own case.
func (e *entry) appendAs(dst []byte, like part) []byte {
	switch like.script {
	case kanji:
		return append(dst, e.written...)
	case hiragana:
		return append(dst, e.reading...)
	case katakana:
		return append(dst, e.katakana...)
	case halfKana:
		return append(dst, e.half...)
	}
	n, upper, lower := 0, true, true // bytes of letters; all fixed by ToUpper, ToLower
	for _, r := range like.text {
		if unicode.IsLetter(r) {
			n += utf8.RuneLen(r)
			upper = upper && unicode.ToUpper(r) == r
			lower = lower && unicode.ToLower(r) == r
		}
	}
	switch {
	case n > 1 && upper:
		return append(dst, e.upperLat...)
	case lower:
		return append(dst, e.lowerLat...)
	}
	return append(dst, e.latin...)
}

// halfVoicing writes the combining voicing marks as half-width ones.
var halfVoicing = strings.NewReplacer("\u3099", "\uFF9E", "\u309A", "\uFF9F")

// halfWidth writes katakana k in half-width forms, voicing marks apart
// (ダ → ﾀﾞ): NFD, the marks as half-width ones, then width.Narrow. Each
// katakana decomposes on its own, so a table of the katakana block made
// that way serves (TestHalfWidth); any other character takes the long way.
func halfWidth(k string) string {
	t := halfKatakana()
	var b strings.Builder
	for _, r := range k {
		if r < 0x30A0 || r > 0x30FF {
			return width.Narrow.String(halfVoicing.Replace(norm.NFD.String(k)))
		}
		b.WriteString(t[r-0x30A0])
	}
	return b.String()
}

var halfKatakana = sync.OnceValue(func() (t [0x60]string) {
	for r := rune(0x30A0); r <= 0x30FF; r++ {
		t[r-0x30A0] = width.Narrow.String(halfVoicing.Replace(norm.NFD.String(string(r))))
	}
	return t
})

func katakanaOf(h string) string {
	return strings.Map(func(r rune) rune {
		if 'ぁ' <= r && r <= 'ゖ' {
			return r + 0x60
		}
		return r
	}, h)
}
