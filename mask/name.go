package mask

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

func (k nameKind) parse(f *form, v string, _ bool) error {
	prev := rune(0)
	vc := k.format != 1 && latinLetters(v) >= minVowelLetters
	for _, r := range v {
		i := len(f.runes)
		f.runes = append(f.runes, r)
		var ch nameChar
		if k.format == 1 {
			ch = nameCharOf(nameClass(r), false, r)
		} else {
			ch = nameCharV2(prev, r, vc)
		}
		prev = r
		if c := ch.c; c != nil {
			f.addNumeral(i, c, ch.n)
			f.tweakMasked(c)
			continue
		}
		kept := ch.kept
		if !kept && !nameKept(r) {
			return unsupportedName(v)
		}
		f.tweakKept(r)
	}
	return nil
}

func (nameKind) finish(*form, bool) {}
