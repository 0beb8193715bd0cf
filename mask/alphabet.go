package mask

import (
	"slices"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"

	"github.com/piikit/piikit/internal/phone"
)

// A class is a set of characters that mask into each other: a character of
// the class becomes a numeral (its index in the class's alphabet), FF1 runs
// over the numerals, and each numeral becomes a character of the same class
// again, written in the form (case, width) of the character it replaces.
// SPEC.md §5 lists every alphabet and its order.
type class struct {
	code  byte // identifies the class in tweaks (SPEC.md §5, "Tweaks")
	radix int
	index func(r rune) (uint16, bool)
	char  func(n uint16, like rune) rune
	// alphabet, if not nil, is the alphabet of a class whose char is
	// alphabet[n] whatever like is (tableClass): form.write reads it
	// without calling char.
	alphabet []rune
}

// Latin letters, case- and width-folded: a–z are numerals 0–25. The numeral
// is written back in the case and width (ASCII or full-width) of the letter
// it replaces, so the case pattern and the width of every position are kept.
var latinClass = &class{
	code:  'a',
	radix: 26,
	index: latinIndex,
	char: func(n uint16, like rune) rune {
		switch {
		case 'A' <= like && like <= 'Z':
			return 'A' + rune(n)
		case 'ａ' <= like && like <= 'ｚ':
			return 'ａ' + rune(n)
		case 'Ａ' <= like && like <= 'Ｚ':
			return 'Ａ' + rune(n)
		}
		return 'a' + rune(n)
	},
}

func latinIndex(r rune) (uint16, bool) {
	switch {
	case 'a' <= r && r <= 'z':
		return uint16(r - 'a'), true
	case 'A' <= r && r <= 'Z':
		return uint16(r - 'A'), true
	case 'ａ' <= r && r <= 'ｚ':
		return uint16(r - 'ａ'), true
	case 'Ａ' <= r && r <= 'Ｚ':
		return uint16(r - 'Ａ'), true
	}
	return 0, false
}

// Decimal digits, ASCII or full-width (the width of each position is kept):
// the digits internal/phone reads.
var digitClass = &class{
	code:  '0',
	radix: 10,
	index: func(r rune) (uint16, bool) {
		d, ok := phone.Digit(r)
		return uint16(d), ok
	},
	char: func(n uint16, like rune) rune {
		if '０' <= like && like <= '９' {
			return '０' + rune(n)
		}
		return '0' + rune(n)
	},
}

// tableClass is a class over an explicit alphabet in Unicode code point order.
func tableClass(code byte, alphabet []rune) *class {
	return &class{
		code:  code,
		radix: len(alphabet),
		index: func(r rune) (uint16, bool) {
			i, ok := slices.BinarySearch(alphabet, r)
			return uint16(i), ok
		},
		char:     func(n uint16, _ rune) rune { return alphabet[n] },
		alphabet: alphabet,
	}
}

// runeRange returns the code points lo…hi, inclusive, minus those in except.
func runeRange(lo, hi rune, except ...rune) []rune {
	out := make([]rune, 0, hi-lo+1)
	for r := lo; r <= hi; r++ {
		if !slices.Contains(except, r) {
			out = append(out, r)
		}
	}
	return out
}

// Small kana: masking keeps a small kana small, so that masked readings keep
// the shape of real ones (しょう stays consonant + small ya/yu/yo + vowel).
var (
	smallHiragana         = []rune("ぁぃぅぇぉっゃゅょゎゕゖ")
	smallKatakana         = []rune("ァィゥェォッャュョヮヵヶ")
	smallHalfwidthKatakan = runeRange(0xFF67, 0xFF6F) // ｧｨｩｪｫｬｭｮｯ
)

// The kana classes (SPEC.md §5 lists them):
//
//	hiragana            U+3041–U+3096 without the 12 small kana   74
//	small hiragana      ぁぃぅぇぉっゃゅょゎゕゖ                     12
//	katakana            U+30A1–U+30FA without the 12 small kana   78
//	small katakana      ァィゥェォッャュョヮヵヶ                     12
//	half-width katakana U+FF66, U+FF71–U+FF9D                     46
//	small half-width    U+FF67–U+FF6F                              9
var (
	hiraganaClass      = tableClass('h', runeRange(0x3041, 0x3096, smallHiragana...))
	smallHiraganaClass = tableClass('i', sorted(smallHiragana))
	katakanaClass      = tableClass('k', runeRange(0x30A1, 0x30FA, smallKatakana...))
	smallKatakanaClass = tableClass('l', sorted(smallKatakana))
	halfKatakanaClass  = tableClass('n', append([]rune{0xFF66}, runeRange(0xFF71, 0xFF9D)...))
	smallHalfKatakana  = tableClass('o', smallHalfwidthKatakan)
	// Latin-1 letters with diacritics, upper and lower case apart (ß and ÿ,
	// which have no Latin-1 capital, are lower case).
	latin1UpperClass = tableClass('B', runeRange(0xC0, 0xDE, 0xD7))
	latin1LowerClass = tableClass('b', runeRange(0xDF, 0xFF, 0xF7))
)

func sorted(rs []rune) []rune {
	s := slices.Clone(rs)
	slices.Sort(s)
	return s
}

// Kanji come in two classes, built on first use:
//
//   - kanji: the 6,355 kanji of JIS X 0208 (levels 1 and 2, rows 16–84), in
//     Unicode code point order. These are the kanji every Japanese system can
//     store (Shift_JIS, EUC-JP, ISO-2022-JP), so a name written in them stays
//     storable after masking.
//   - other kanji: every other code point of the CJK Unified Ideographs
//     (U+4E00–U+9FFF), Extension A (U+3400–U+4DBF), Extension B
//     (U+20000–U+2A6DF) and the assigned CJK Compatibility Ideographs
//     (U+F900–U+FA6D, U+FA70–U+FAD9), in code point order: 64,421 characters,
//     all assigned since Unicode 14. Rarer characters (髙, 﨑, 𠮷) mask among
//     themselves, so a name keeps how hard it is to encode.
var (
	kanjiOnce       sync.Once
	kanjiClassV     *class
	otherKanjiClass *class
	// x0208 returns the kanji of JIS X 0208, in code point order, decoded
	// once.
	x0208 = sync.OnceValue(jisX0208Kanji)
)

func kanjiClasses() (*class, *class) {
	kanjiOnce.Do(func() {
		jis := x0208()
		kanjiClassV = tableClass('c', jis)
		var other []rune
		for _, rg := range [][2]rune{{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFA6D}, {0xFA70, 0xFAD9}, {0x20000, 0x2A6DF}} {
			for r := rg[0]; r <= rg[1]; r++ {
				if _, in := slices.BinarySearch(jis, r); !in {
					other = append(other, r)
				}
			}
		}
		otherKanjiClass = tableClass('d', other)
	})
	return kanjiClassV, otherKanjiClass
}

// jisX0208Kanji decodes rows 16–84 of JIS X 0208 (EUC-JP bytes 0xB0A1 to
// 0xF4A6) and returns the kanji in code point order. Rows 16–47 are level 1,
// rows 48–84 level 2; cells not assigned in JIS X 0208 (the end of rows 47
// and 84) decode to U+FFFD and are skipped.
func jisX0208Kanji() []rune {
	dec := japanese.EUCJP.NewDecoder()
	out := make([]rune, 0, 6355)
	var buf [8]byte
	for row := 16; row <= 84; row++ {
		for cell := 1; cell <= 94; cell++ {
			src := []byte{byte(0xA0 + row), byte(0xA0 + cell)}
			n, _, err := dec.Transform(buf[:], src, true)
			dec.Reset()
			if err != nil {
				continue
			}
			r, _ := utf8.DecodeRune(buf[:n])
			if r != utf8.RuneError {
				out = append(out, r)
			}
		}
	}
	slices.Sort(out)
	return out
}
