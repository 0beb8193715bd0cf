package mask

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Name masks, format 2 (the default; SPEC.md §5 "Names"): the alphabets
// hold the characters names are written with, so that a mask reads as a
// name. Each class still maps onto itself, so masks stay reversible; a
// character outside the name alphabets masks among characters as rare as
// itself.

// casedClass is a class of letters given in lower case. Their upper-case
// forms (and, for a–z, full-width forms) fold to them; a numeral is written
// back in the case and width of the letter it replaces. Only the forms
// listed are read: a compatibility character that folds to a letter (the
// Kelvin sign to k) is not one of them.
func casedClass(code byte, lower string) *class {
	alphabet := []rune(lower)
	var idx [256]int16 // Latin-1 (and ASCII) lower case → numeral + 1
	for i, r := range alphabet {
		idx[r] = int16(i + 1)
	}
	return &class{
		code:  code,
		radix: len(alphabet),
		index: func(r rune) (uint16, bool) {
			switch {
			case 'ａ' <= r && r <= 'ｚ':
				r = r - 'ａ' + 'a'
			case 'Ａ' <= r && r <= 'Ｚ':
				r = r - 'Ａ' + 'a'
			case r == 'Ÿ':
				r = 'ÿ'
			case r > 0xFF || r == 'µ' || r == '×' || r == '÷':
				return 0, false
			}
			lr := unicode.ToLower(r)
			if lr > 0xFF || idx[lr] == 0 {
				return 0, false
			}
			return uint16(idx[lr] - 1), true
		},
		char: func(n uint16, like rune) rune {
			c := alphabet[n]
			switch {
			case 'ａ' <= like && like <= 'ｚ':
				return c - 'a' + 'ａ'
			case 'Ａ' <= like && like <= 'Ｚ':
				return c - 'a' + 'Ａ'
			case unicode.IsUpper(like):
				return unicode.ToUpper(c)
			}
			return c
		},
	}
}

// Latin letters: vowels mask to vowels and consonants to consonants, so a
// mask keeps the rhythm of a name; letters with diacritics mask within the
// group of the languages that write them (an umlaut stays an umlaut).
var latinV2 = []*class{
	casedClass('v', "aeiou"),
	casedClass('w', "bcdfghjklmnpqrstvwxyz"),
	casedClass('U', "äöü"),    // German
	casedClass('A', "áéíóúý"), // acute: Spanish, Czech, Hungarian, Icelandic
	casedClass('G', "àèìòù"),  // grave: French, Italian
	casedClass('C', "âêîôû"),  // circumflex: French, Portuguese
	casedClass('N', "ñ"),      // Spanish
	casedClass('T', "ãõ"),     // Portuguese
	casedClass('O', "åæø"),    // Nordic
	casedClass('E', "ëïÿ"),    // diaeresis: French, Dutch
	casedClass('D', "ç"),      // cedilla
	casedClass('F', "ß"),      // German sharp s
	casedClass('I', "ðþ"),     // Icelandic
}

// minVowelLetters is the fewest letters a–z (any case or width) a name
// needs for its letters to mask vowels to vowels and consonants to
// consonants: 5^9 ≥ 1,000,000, so even a name of nine vowels is long enough
// for FF1. A name with fewer masks its letters among all 26, as format 1
// did, so a short name is no more often too short than before. The count
// is the same in a mask as in its input.
const minVowelLetters = 9

// latinLetters counts the letters a–z of v, any case or width.
func latinLetters(v string) int {
	n := 0
	for _, r := range v {
		if _, ok := latinIndex(r); ok {
			n++
		}
	}
	return n
}

// latinClassV2 returns the class of a Latin letter, or nil; vc says that
// letters a–z mask as vowels and consonants.
func latinClassV2(r rune, vc bool) *class {
	if !vc {
		if _, ok := latinClass.index(r); ok {
			return latinClass
		}
	}
	for _, c := range latinV2 {
		if _, ok := c.index(r); ok {
			return c
		}
	}
	return nil
}

// kanaScript is one script of kana (hiragana, katakana, half-width
// katakana) split into the classes of format 2.
type kanaScript struct {
	lo, hi rune // the script's block, for telling where a word starts
	// main: the kana of names; initial: main without the syllabic n, for
	// the first kana of a word; small, rare and smallRare: the small kana
	// of names, the rare kana and the rare small kana, each a class of its
	// own.
	main, initial, small, rare, smallRare *class
	// kept are kana that stay in place: used in no name (を, ゔ), or the
	// syllabic n where no word starts with it.
	kept []rune
	n    rune
	// chars is class as a table, by whether a word starts at the kana.
	chars [2][]nameChar
}

func newKanaScript(lo, hi rune, all []rune, small, rare, smallRare, kept string, n rune, codes string) *kanaScript {
	drop := []rune(small + rare + smallRare + kept)
	var main []rune
	for _, r := range all {
		if !slices.Contains(drop, r) {
			main = append(main, r)
		}
	}
	s := &kanaScript{lo: lo, hi: hi, kept: []rune(kept), n: n,
		main:    tableClass(codes[0], main),
		initial: tableClass(codes[1], slices.DeleteFunc(slices.Clone(main), func(r rune) bool { return r == n })),
		small:   tableClass(codes[2], sorted([]rune(small))),
	}
	if rare != "" {
		s.rare = tableClass(codes[3], sorted([]rune(rare)))
	}
	if smallRare != "" {
		s.smallRare = tableClass(codes[4], sorted([]rune(smallRare)))
	}
	// The table of class, made from it: chars[0] where a word starts
	// (after no kana), chars[1] within a word (after ー).
	for i, prev := range []rune{0, 'ー'} {
		s.chars[i] = make([]nameChar, hi-lo+1)
		for r := lo; r <= hi; r++ {
			c, kept := s.class(prev, r)
			s.chars[i][r-lo] = nameCharOf(c, kept, r)
		}
	}
	return s
}

// The kana of format 2 (SPEC.md §5 lists them).
var (
	hiraganaV2 = newKanaScript(0x3041, 0x309F, runeRange(0x3041, 0x3096),
		"ぁぃぅぇぉっゃゅょ", "ゐゑ", "ゎゕゖ", "をゔ", 'ん', "pqsrt")
	katakanaV2 = newKanaScript(0x30A1, 0x30FF, runeRange(0x30A1, 0x30FA),
		"ァィゥェォッャュョ", "ヰヱヷヸヹヺ", "ヮヵヶ", "ヲヴ", 'ン', "PQSRT")
	halfKatakanaV2 = newKanaScript(0xFF66, 0xFF9F, runeRange(0xFF66, 0xFF9D),
		"ｧｨｩｪｫｬｭｮｯ", "", "", "ｦ", 'ﾝ', "xyz")
	kanaV2 = []*kanaScript{hiraganaV2, katakanaV2, halfKatakanaV2}
)

// continues reports whether a kana of s after prev is inside a word: prev
// is of the same script (but not the middle dot ・ that separates names),
// or a prolonged sound mark. Masks keep every character's script, so a
// position starts a word in a mask as in its input.
func (s *kanaScript) continues(prev rune) bool {
	switch prev {
	case '・', '･':
		return false
	case 'ー', 'ｰ':
		return true
	}
	return s.lo <= prev && prev <= s.hi
}

// class returns the class of kana r (of s) after prev, or nil with kept
// true for a kana that stays, or nil, false if r is not of s.
func (s *kanaScript) class(prev, r rune) (c *class, kept bool) {
	initial := !s.continues(prev)
	if r == s.n && initial {
		return nil, true // no word starts with ん
	}
	if slices.Contains(s.kept, r) {
		return nil, true
	}
	for _, c := range []*class{s.small, s.rare, s.smallRare} {
		if c == nil {
			continue
		}
		if _, ok := c.index(r); ok {
			return c, false
		}
	}
	if initial {
		if _, ok := s.initial.index(r); ok {
			return s.initial, false
		}
		return nil, false
	}
	if _, ok := s.main.index(r); ok {
		return s.main, false
	}
	return nil, false
}

// unihanNameKanji holds the kJoyoKanji and kJinmeiyoKanji lines of the
// Unicode 15.0 Unihan database (Unihan_OtherMappings.txt): the jōyō kanji
// (常用漢字表, 2010) and the jinmeiyō kanji (人名用漢字, 戸籍法施行規則
// 別表第二), the kanji Japanese names are written with.
//
//go:embed unihan_name_kanji.txt
var unihanNameKanji string

// officialNameKanji returns the characters of the list: every code point
// with a kJoyoKanji or kJinmeiyoKanji value, in code point order.
func officialNameKanji() []rune {
	var out []rune
	for line := range strings.Lines(unihanNameKanji) {
		cp, _, ok := strings.Cut(line, "\t")
		if !ok || !strings.HasPrefix(cp, "U+") {
			continue
		}
		n, err := strconv.ParseUint(cp[2:], 16, 32)
		if err != nil {
			panic("mask: malformed unihan_name_kanji.txt") // embedded data, checked by tests
		}
		out = append(out, rune(n))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Kanji of format 2, three classes built on first use:
//
//   - name kanji: the jōyō and jinmeiyō kanji that are in JIS X 0208, in
//     code point order (so a mask stays storable in Shift_JIS where the
//     name was);
//   - other JIS kanji: the other kanji of JIS X 0208;
//   - other kanji: as in format 1.
var (
	kanjiV2Once                           sync.Once
	nameKanjiV2, jisKanjiV2, otherKanjiV2 *class
)

func kanjiClassesV2() (name, jis, other *class) {
	kanjiV2Once.Do(func() {
		official := officialNameKanji()
		var names, rest []rune
		for _, r := range x0208() {
			if _, ok := slices.BinarySearch(official, r); ok {
				names = append(names, r)
			} else {
				rest = append(rest, r)
			}
		}
		nameKanjiV2, jisKanjiV2 = tableClass('e', names), tableClass('f', rest)
		_, o := kanjiClasses()
		otherKanjiV2 = &class{code: 'g', radix: o.radix, index: o.index, char: o.char, alphabet: o.alphabet}
	})
	return nameKanjiV2, jisKanjiV2, otherKanjiV2
}

// nameClassV2 returns the class of a name character r that follows prev
// (0 at the start), or nil; kept reports a kana that stays in place; vc
// says that letters a–z mask as vowels and consonants (minVowelLetters).
func nameClassV2(prev, r rune, vc bool) (c *class, kept bool) {
	switch {
	case r < 0x80 || ('ａ' <= r && r <= 'ｚ') || ('Ａ' <= r && r <= 'Ｚ') || (0xC0 <= r && r <= 0xFF) || r == 'Ÿ':
		if '0' <= r && r <= '9' {
			return digitClass, false
		}
		return latinClassV2(r, vc), false
	case '０' <= r && r <= '９':
		return digitClass, false
	}
	for _, s := range kanaV2 {
		if s.lo <= r && r <= s.hi {
			return s.class(prev, r)
		}
	}
	for _, c := range kanjiListV2() {
		if _, ok := c.index(r); ok {
			return c, false
		}
	}
	return nil, false
}

// nameChar is a name character's class and numeral (c nil: not masked),
// and whether a character that is not masked stays in place.
type nameChar struct {
	c    *class
	n    uint16
	kept bool
}

func nameCharOf(c *class, kept bool, r rune) nameChar {
	ch := nameChar{c: c, kept: kept}
	if c != nil {
		ch.n, _ = c.index(r)
	}
	return ch
}

// nameTablesV2 are nameClassV2 with the numeral, as tables, for the
// characters of most names.
type nameTablesV2 struct {
	// latin1 is nameClassV2 for U+0000–U+00FF, by vc (which alone it
	// depends on there).
	latin1 [2][256]nameChar
	// cjk is nameClassV2 for the CJK Unified Ideographs block: for each
	// kanji, (i+1)<<16 | numeral, with i its class in kanji, or 0 for none.
	// (A search of the classes' alphabets takes longer.)
	cjk   []uint32
	kanji [3]*class
}

// nameTables makes the tables from nameClassV2 on first use (it loads the
// kanji classes). A parse reads it once, not once for each character.
var nameTables = sync.OnceValue(func() *nameTablesV2 {
	t := &nameTablesV2{kanji: kanjiListV2(), cjk: make([]uint32, cjkHi-cjkLo+1)}
	for i, vc := range []bool{false, true} {
		for r := range rune(256) {
			c, kept := nameClassV2(0, r, vc)
			t.latin1[i][r] = nameCharOf(c, kept, r)
		}
	}
	for r := rune(cjkLo); r <= cjkHi; r++ {
		c, _ := nameClassV2(0, r, false)
		if i := slices.Index(t.kanji[:], c); i >= 0 {
			n, _ := c.index(r)
			t.cjk[r-cjkLo] = uint32(i+1)<<16 | uint32(n)
		}
	}
	return t
})

// nameCharV2 is nameClassV2 with the numeral, read from tables for the
// Latin-1 letters, the kana and the CJK block.
func nameCharV2(prev, r rune, vc bool) nameChar { return nameTables().char(prev, r, vc) }

func (t *nameTablesV2) char(prev, r rune, vc bool) nameChar {
	if r <= 0xFF {
		if vc {
			return t.latin1[1][r]
		}
		return t.latin1[0][r]
	}
	if cjkLo <= r && r <= cjkHi {
		e := t.cjk[r-cjkLo]
		if e == 0 {
			return nameChar{}
		}
		return nameChar{c: t.kanji[e>>16-1], n: uint16(e)}
	}
	for _, s := range kanaV2 {
		if s.lo <= r && r <= s.hi {
			if s.continues(prev) {
				return s.chars[1][r-s.lo]
			}
			return s.chars[0][r-s.lo]
		}
	}
	c, kept := nameClassV2(prev, r, vc)
	return nameCharOf(c, kept, r)
}

// The CJK Unified Ideographs block, where most kanji of names are.
const cjkLo, cjkHi = 0x4E00, 0x9FFF

func kanjiListV2() [3]*class {
	a, b, c := kanjiClassesV2()
	return [3]*class{a, b, c}
}
