package find

import (
	"slices"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/internal/pattern"
	"github.com/piikit/piikit/kind"
)

// idFinder finds the IDs of one pattern (SPEC.md §9.1, "id"): every run of
// the text that matches the pattern character for character (a
// full-width form of an ASCII character matching as that character), that
// stands alone, and whose check digit is valid when the pattern has a
// scheme.
type idFinder struct {
	p *pattern.Pattern
	// classes has the ASCII characters of the pattern's classes, for
	// idWord; other characters are looked up in wide, the distinct classes
	// with characters beyond ASCII (a class repeated by a count is one).
	classes [2]uint64
	wide    []*pattern.Item
}

func newIDFinder(p *pattern.Pattern) *idFinder {
	f := &idFinder{p: p}
	for i := range p.Items {
		it := &p.Items[i]
		for _, r := range it.Set {
			if r < utf8.RuneSelf {
				f.classes[r>>6] |= 1 << (r & 63)
			}
		}
		// Set is sorted: its last character is beyond ASCII if one is.
		if n := len(it.Set); n > 0 && it.Set[n-1] >= utf8.RuneSelf &&
			!slices.ContainsFunc(f.wide, func(w *pattern.Item) bool { return &w.Set[0] == &it.Set[0] }) {
			f.wide = append(f.wide, it)
		}
	}
	return f
}

// asciiOfWide returns the ASCII character of a full-width form (Ａ → A, ０ →
// 0), else r.
func asciiOfWide(r rune) rune {
	if 0xFF01 <= r && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// has reports whether item it takes r, as written or width-folded.
func has(it *pattern.Item, r rune) bool {
	return it.Has(r) || r >= utf8.RuneSelf && it.Has(asciiOfWide(r))
}

// idWord reports whether r continues a word an ID cannot be cut out of: a
// character the number and known-value rules read as part of a word
// (wordRune: a digit, '_', a non-Japanese letter), or a character of one
// of the pattern's classes.
func (f *idFinder) idWord(r rune) bool {
	if wordRune(r) {
		return true
	}
	if r = asciiOfWide(r); r < utf8.RuneSelf {
		return f.classes[r>>6]&(1<<(r&63)) != 0
	}
	return slices.ContainsFunc(f.wide, func(it *pattern.Item) bool { return it.Has(r) })
}

// edgeOK reports whether c, the character next to an ID (0 at an end
// of the text), leaves it standing alone: c is no idWord, nor, after the
// ID, an at sign (the ID would be an email's local part). Joiners (- . /)
// do not join an ID to the next word as they join numbers: a pattern
// gives an ID its shape, and "U10007919/U10007920" is two IDs.
func (f *idFinder) edgeOK(c rune, after bool) bool {
	switch {
	case c == 0:
		return true
	case f.idWord(c), after && (c == '@' || c == '＠' || c == '﹫'):
		return false
	}
	return true
}

// appendIDs appends the IDs of text to dst, in order of offset; none if f
// is nil (no pattern). It reads
// each character once as a possible start, and at most len(p.Items) more
// from a start that stands alone: at most 257 reads per character.
func (f *idFinder) appendIDs(dst []Finding, text string) []Finding {
	if f == nil {
		return dst
	}
	items := f.p.Items
	var before rune // the character before i (0: none)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if has(&items[0], r) && f.edgeOK(before, false) {
			if end, ok := f.matchAt(text, i); ok {
				dst = append(dst, Finding{Entity: ID, Start: i, End: end})
				before, _ = utf8.DecodeLastRuneInString(text[:end])
				i = end
				continue
			}
		}
		before = r
		i += size
	}
	return dst
}

// runeAt returns the character at text[i:], 0 at the end.
func runeAt(text string, i int) rune {
	if i >= len(text) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return r
}

// matchAt reports whether an ID starts at text[i:] and where it ends.
func (f *idFinder) matchAt(text string, i int) (int, bool) {
	var digits [pattern.MaxLen]byte
	nd := 0
	j := i
	for k := range f.p.Items {
		if j >= len(text) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		it := &f.p.Items[k]
		if !has(it, r) {
			return 0, false
		}
		if nd < len(f.p.Digits) && f.p.Digits[nd] == k {
			digits[nd] = byte(asciiOfWide(r))
			nd++
		}
		j += size
	}
	if !f.edgeOK(runeAt(text, j), true) {
		return 0, false
	}
	switch f.p.Scheme {
	case kind.CheckLuhn:
		return j, checkdigit.Luhn(digits[:nd])
	case kind.CheckMyNumber:
		return j, checkdigit.MyNumberASCII(digits[:11]) == int(digits[11]-'0')
	}
	return j, true
}
