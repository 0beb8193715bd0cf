package mask

import "fmt"

// nameKind masks personal names: every letter within its class, separators
// kept. SPEC.md §5 "Names". Format 2 (the default) draws from the characters
// names are written with (namechars.go); format 1, from every kana and
// the JIS X 0208 kanji (alphabet.go), is kept to unmask older masks.
type nameKind struct{ format int }

// nameKept are the characters a name keeps in place: spaces, hyphens,
// apostrophes, dots, commas, middle dots, the prolonged sound mark, kana and
// kanji iteration marks, and the voicing marks (combining and half-width).
func nameKept(r rune) bool {
	switch r {
	case ' ', '\u3000', '-', '\u2010', '\uFF0D', '\'', '\u2019', '.', '\uFF0E', ',', '\u00B7',
		'\u30FB', '\uFF65', '\u30FC', '\uFF70', '\u3005', '\u309D', '\u309E', '\u30FD', '\u30FE',
		'\u3099', '\u309A', '\uFF9E', '\uFF9F':
		return true
	}
	return false
}

// nameClass returns the class of a name character, or nil.
func nameClass(r rune) *class {
	switch {
	case r < 0x80:
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			return latinClass
		}
		if '0' <= r && r <= '9' {
			return digitClass
		}
		return nil
	case 0xC0 <= r && r <= 0xFF:
		if _, ok := latin1UpperClass.index(r); ok {
			return latin1UpperClass
		}
		if _, ok := latin1LowerClass.index(r); ok {
			return latin1LowerClass
		}
		return nil
	case 0x3041 <= r && r <= 0x3096:
		if _, ok := smallHiraganaClass.index(r); ok {
			return smallHiraganaClass
		}
		return hiraganaClass
	case 0x30A1 <= r && r <= 0x30FA:
		if _, ok := smallKatakanaClass.index(r); ok {
			return smallKatakanaClass
		}
		return katakanaClass
	case 0xFF66 <= r && r <= 0xFF9D:
		if 0xFF67 <= r && r <= 0xFF6F {
			return smallHalfKatakana
		}
		if r == 0xFF70 {
			return nil
		}
		return halfKatakanaClass
	case ('ａ' <= r && r <= 'ｚ') || ('Ａ' <= r && r <= 'Ｚ'):
		return latinClass
	case '０' <= r && r <= '９':
		return digitClass
	}
	k, other := kanjiClasses()
	if _, ok := k.index(r); ok {
		return k
	}
	if _, ok := other.index(r); ok {
		return other
	}
	return nil
}

// Bits of form.aux for names: vc (see minVowelLetters), and walk: a kana's
// class depends on a masked character before it (valid).
const (
	nameVC = 1 << iota
	nameWalk
)

func (k nameKind) parse(f *form, v string, _ bool) error {
	var t *nameTablesV2
	f.aux = 0
	// vc depends on the count of letters a–z, and only the classes of those
	// letters depend on vc: the count is taken at the first of them, so a
	// name without any (most Japanese names) costs no second pass.
	vc, counted := false, k.format == 1
	if k.format != 1 {
		t = nameTables()
	}
	prev, prevMasked := rune(0), false
	for _, r := range v {
		i := len(f.runes)
		f.runes = append(f.runes, r)
		var ch nameChar
		if t == nil {
			ch = nameCharOf(nameClass(r), false, r)
		} else {
			if !counted {
				if _, ok := latinIndex(r); ok {
					counted, vc = true, latinLetters(v) >= minVowelLetters
					if vc {
						f.aux |= nameVC
					}
				}
			}
			ch = t.char(prev, r, vc)
			if prevMasked && mayBecomeBar(prev) && (hiraganaV2.lo <= r && r <= katakanaV2.hi) {
				f.aux |= nameWalk
			}
		}
		prev, prevMasked = r, ch.c != nil
		if c := ch.c; c != nil {
			f.addNumeral(i, c, ch.n)
			f.tweakMasked(c)
			continue
		}
		if !ch.kept && !nameKept(r) {
			return unsupportedName(v)
		}
		f.tweakKept(r)
	}
	return nil
}

// mayBecomeBar reports whether r is in the half-width kana block, where
// masking can turn a kana into ｰ U+FF70 or ｰ into a kana (ｰ masks among
// the half-width kana). A kana's class depends on the character before it
// only through kanaScript.continues, which a masked character changes only
// where it becomes ｰ or stops being it: the other masked characters stay
// in their script, and ー, ・ and ･ are kept. A half-width kana continues a
// half-width word whatever it is, so only a hiragana or katakana after a
// masked half-width kana can change class (TestNameWalkFlagNeeded).
func mayBecomeBar(r rune) bool { return halfKatakanaV2.lo <= r && r <= halfKatakanaV2.hi }

func (nameKind) finish(*form, bool) {}

// A name's parse decodes every rune, and U+FFFD is neither masked nor kept.
func (nameKind) refusesInvalidUTF8() {}

// walkLimit is the bound of valid's cycle walk, the same for Mask and
// Unmask (it depends only on the number of masked characters), and the
// error past it: a name whose classes the key cannot keep is a value this
// mask cannot carry. Where a kana follows ｰ of the input, a step keeps ｰ
// (and so the kana's class) with probability 1/46: a name of up to 20
// masked characters walks up to 1,000 steps, so one with a single such ｰ
// is refused with probability (45/46)^1000 < 10⁻⁹; one with several
// (ｰア ｰイ) is mostly refused. Longer names walk fewer steps (at least 100),
// so that no name costs more than about 20,000 characters' worth of FF1.
func (nameKind) walkLimit(f *form) (int, error) {
	return min(1000, max(maxWalk, 20000/max(1, len(f.pos)))), errNameWalk
}

var errNameWalk = fmt.Errorf("%w: a kana after a half-width ｰ cannot keep its class in this key's mask", ErrUnsupportedChar)

// valid reports whether f's characters, as they now are, have the classes
// f was parsed with. In format 2 a kana's class depends on the character
// before it (kanaScript.continues), and that character can be ｰ U+FF70,
// which format 2 masks as a half-width kana: a mask could turn ｰ into
// another kana, or another kana into ｰ, and so move where a following
// hiragana or katakana word starts, and unmasking would then read other
// classes than masking did. Mask and Unmask walk the cycle until the
// classes hold, so a mask whose classes held already (every mask that
// unmasked correctly before) is unchanged. SPEC.md §5 "Names".
//
// Parse sets nameWalk only where a hiragana or katakana follows a masked
// half-width kana (mayBecomeBar), and only then are the classes read
// again. Format 1's classes depend on no neighbour.
func (k nameKind) valid(f *form) bool {
	if k.format == 1 || f.aux&nameWalk == 0 {
		return true
	}
	vc := f.aux&nameVC != 0
	t := nameTables()
	j := 0 // the next masked position
	prev := rune(0)
	for i, r := range f.runes {
		ch := t.char(prev, r, vc)
		prev = r
		masked := j < len(f.pos) && f.pos[j] == i
		if (ch.c != nil) != masked || (masked && ch.c != f.cls[j]) {
			return false
		}
		if masked {
			j++
		}
	}
	return true
}
