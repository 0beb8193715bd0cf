// Package display makes display masks of personal values for screens, logs
// and support tools: `t***@example.com`, `***-****-5678`, `山* 太*`,
// `4111 11** **** 1111`. A display mask needs no key and cannot be
// reversed; it only hides part of a value from a casual look. For masks
// that keep a value's format and can be reversed with the key, use package
// mask; for tokens, package tokenize.
//
// Make one [Masker] per field with [New] and call [Masker.Mask] per value:
//
//	cards, err := display.New(kind.Field{Kind: kind.Card})
//	…
//	shown, err := cards.Mask("4111 1111 1111 1111") // "4111 11** **** 1111"
//
// Display masks are specified in SPEC.md §6.
package display

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/internal/phone"
	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
)

// Masker makes display masks of one kind. It is safe for concurrent use.
type Masker struct {
	kind        kind.Kind // the kind the field is displayed as
	maskChar    rune
	first, last int
}

// New returns a Masker for the values of f: its Kind, and the display
// options Reveal (the characters shown at the start and the end, by
// default [kind.DefaultReveal]) and MaskChar ('*' by default). The mask
// character must be a visible character that cannot start a spreadsheet
// formula: `=`, `+`, `-`, `@`, `|`, `%`, their full-width forms, white
// space, control, format and combining characters are refused with
// [kind.ErrOption]. Any other option of f, a domain or a scope is an
// error ([kind.ErrOption]): display masks use no key.
func New(f kind.Field) (*Masker, error) {
	as, err := f.Check(kind.Display)
	if err != nil {
		return nil, err
	}
	reveal := kind.DefaultReveal(f.Kind)
	if f.Reveal != nil {
		reveal = *f.Reveal
	}
	m := &Masker{kind: as, maskChar: f.MaskChar, first: reveal.First, last: reveal.Last}
	if m.maskChar == 0 {
		m.maskChar = '*'
	}
	if err := safechar.Check("mask character", []rune{m.maskChar}); err != nil {
		return nil, err
	}
	return m, nil
}

// String describes m.
func (m *Masker) String() string {
	return fmt.Sprintf("display.Masker{kind: %s, reveal: %d,%d}", m.kind, m.first, m.last)
}

// Mask returns the display mask of value. Characters are user-perceived
// characters (extended grapheme clusters, UAX #29): an emoji or a letter
// with combining marks is masked as one and never split. Separators stay;
// each hidden character becomes one mask character. A part that would be
// shown in full (a one-character word) is masked entirely.
//
// The value must be of its kind by the rule the keyed masks and tokens use
// ([mask.Valid], SPEC.md §3, §5). Anything else is an error wrapping
// [mask.ErrInvalidValue]: a display mask never passes through text that is not
// of its kind.
func (m *Masker) Mask(value string) (string, error) {
	if err := mask.Valid(m.kind, value); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(value))
	switch m.kind {
	case kind.Name:
		m.segments(&b, value, func(g string) bool { return !separatorGrapheme(g, nameSeparator) })
	case kind.Email:
		// Valid found exactly one '@' after NFKC: the one rune of value
		// that NFKC maps to '@'.
		at := strings.IndexFunc(value, func(r rune) bool { return r == '@' || r == '＠' || r == '﹫' })
		m.whole(&b, value[:at], func(string) bool { return true })
		b.WriteString(value[at:])
	case kind.Phone, kind.Card, kind.MyNumber:
		m.whole(&b, value, func(g string) bool { _, d := phone.Digit(firstRune(g)); return d })
	default:
		m.whole(&b, value, func(g string) bool { return !separatorGrapheme(g, normalize.IDSeparator) })
	}
	return b.String(), nil
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

// whole masks the maskable graphemes of s as one part, showing the first
// and last ones m reveals; other graphemes are kept.
func (m *Masker) whole(b *strings.Builder, s string, maskable func(string) bool) {
	total := countMaskable(s, maskable)
	first, last := m.first, m.last
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
			b.WriteRune(m.maskChar)
		}
		k++
	}
}

// segments applies the reveal counts to each run of maskable graphemes
// (each word of a name); the graphemes between runs are kept.
func (m *Masker) segments(b *strings.Builder, s string, maskable func(string) bool) {
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
		m.whole(b, s[:end], all)
		s = s[end:]
	}
}
