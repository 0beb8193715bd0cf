package surrogate

import (
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// isKanji takes two shortcuts: check them against the Unicode tables for
// every code point.
func TestIsKanji(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := isKanji(r), unicode.Is(unicode.Han, r); got != want {
			t.Fatalf("isKanji(%U) = %v, unicode.Han says %v", r, got, want)
		}
	}
}

// plainRune says that NFKC keeps a string of its characters: each alone,
// and every pair of those that are not kanji (a kanji composes with
// nothing); appendFold lower-cases them with isLatin1Upper. Check that
// against packages norm and unicode.
func TestPlainRune(t *testing.T) {
	var set, kana []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if plainRune(r) {
			set = append(set, r)
			if !isKanji(r) {
				kana = append(kana, r)
			}
		}
	}
	if len(set) != 0x80+0x40-2+(0x3096-0x3041+1)+(0x30FA-0x30A1+1)+1+(0x9FFF-0x4E00+1) {
		t.Fatalf("plainRune takes %d characters", len(set))
	}
	for _, r := range set {
		if s := string(r) + "a" + string(r); !norm.NFKC.IsNormalString(s) {
			t.Fatalf("NFKC changes %+q", s)
		}
		if isLatin1Upper(r) != unicode.IsUpper(r) || (unicode.IsUpper(r) && unicode.ToLower(r) != r+0x20) ||
			(!unicode.IsUpper(r) && unicode.ToLower(r) != r) {
			t.Fatalf("isLatin1Upper(%U) = %v", r, isLatin1Upper(r))
		}
	}
	for _, a := range kana {
		for _, b := range kana {
			if s := string(a) + string(b); !norm.NFKC.IsNormalString(s) {
				t.Fatalf("NFKC changes %+q", s)
			}
		}
	}
}

// appendFold's tables give what NFKC gives: compare it with foldNFKC on
// every string of one or two characters of half-width kana, voicing marks
// (half- and full-width) and some others, and a third after marks and kana.
func TestAppendFoldHalfWidth(t *testing.T) {
	var cs []rune
	for r := halfLo; r <= halfHi; r++ {
		cs = append(cs, r)
	}
	cs = append(cs, 'カ', 'か', 'ウ', 'A', 'a', 'É', '山', '\u3099', '\u309A', '゛', 'ｶ', 'Ａ', 'ー')
	check := func(s string) {
		if got, want := string(appendFold(nil, s)), string(foldNFKC(nil, s)); got != want {
			t.Fatalf("appendFold(%+q) = %+q, NFKC gives %+q", s, got, want)
		}
	}
	marks := []rune{'ﾞ', 'ﾟ', '\u3099', 'ｶ', 'ﾊ', 'ｳ', 'ｰ'} // after a kana, the third character
	for _, a := range cs {
		check(string(a))
		for _, b := range cs {
			check(string(a) + string(b))
		}
		for _, b := range marks {
			for _, c := range marks {
				check(string(a) + string(b) + string(c))
			}
		}
	}
}

// halfWidth reads a table made rune by rune: compare it with the whole
// string's NFD, marks and width.Narrow on every pair of katakana.
func TestHalfWidth(t *testing.T) {
	for a := rune(0x30A0); a <= 0x30FF; a++ {
		for _, b := range []rune{0x30A0, 'カ', 'ガ', 'ー', 'ヴ', 'ヷ', 'パ', 'ャ', 'ッ', a} {
			k := string(a) + string(b)
			if got, want := halfWidth(k), width.Narrow.String(halfVoicing.Replace(norm.NFD.String(k))); got != want {
				t.Fatalf("halfWidth(%+q) = %+q, want %+q", k, got, want)
			}
		}
	}
	lists()
	for _, l := range []*list{jaSurnames, jaGiven} {
		for _, e := range l.entries {
			if got, want := halfWidth(e.katakana), width.Narrow.String(halfVoicing.Replace(norm.NFD.String(e.katakana))); got != want {
				t.Fatalf("halfWidth(%+q) = %+q, want %+q", e.katakana, got, want)
			}
		}
	}
}
