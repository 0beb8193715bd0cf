package surrogate

import "strings"

// Hepburn romanization of a hiragana reading, as names are written in
// Latin letters in passports and email addresses: no macrons, a long o or u
// written once (さとう → sato, ゆうこ → yuko, おおた → ota), ん as n, っ
// doubling the next consonant (ch → tch).
var hepburn = map[rune]string{
	'あ': "a", 'い': "i", 'う': "u", 'え': "e", 'お': "o",
	'か': "ka", 'き': "ki", 'く': "ku", 'け': "ke", 'こ': "ko",
	'が': "ga", 'ぎ': "gi", 'ぐ': "gu", 'げ': "ge", 'ご': "go",
	'さ': "sa", 'し': "shi", 'す': "su", 'せ': "se", 'そ': "so",
	'ざ': "za", 'じ': "ji", 'ず': "zu", 'ぜ': "ze", 'ぞ': "zo",
	'た': "ta", 'ち': "chi", 'つ': "tsu", 'て': "te", 'と': "to",
	'だ': "da", 'ぢ': "ji", 'づ': "zu", 'で': "de", 'ど': "do",
	'な': "na", 'に': "ni", 'ぬ': "nu", 'ね': "ne", 'の': "no",
	'は': "ha", 'ひ': "hi", 'ふ': "fu", 'へ': "he", 'ほ': "ho",
	'ば': "ba", 'び': "bi", 'ぶ': "bu", 'べ': "be", 'ぼ': "bo",
	'ぱ': "pa", 'ぴ': "pi", 'ぷ': "pu", 'ぺ': "pe", 'ぽ': "po",
	'ま': "ma", 'み': "mi", 'む': "mu", 'め': "me", 'も': "mo",
	'や': "ya", 'ゆ': "yu", 'よ': "yo",
	'ら': "ra", 'り': "ri", 'る': "ru", 'れ': "re", 'ろ': "ro",
	'わ': "wa", 'を': "o", 'ん': "n",
}

// small ya, yu, yo after an i-row kana: き+ゃ → kya, し+ゃ → sha.
var youon = map[rune]string{'ゃ': "a", 'ゅ': "u", 'ょ': "o"}

func isVowelKana(r rune) bool { return strings.ContainsRune("あいうえお", r) }

// romaji returns the Hepburn spelling of a hiragana reading, lower case.
func romaji(reading string) string {
	rs := []rune(reading)
	var b strings.Builder
	double := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == 'っ' {
			double = true
			continue
		}
		syl, ok := hepburn[r]
		if !ok {
			continue // a character no list holds; the lists are checked by tests
		}
		if i+1 < len(rs) {
			if v, ok := youon[rs[i+1]]; ok {
				switch {
				case strings.HasSuffix(syl, "hi") && len(syl) == 3, syl == "chi", syl == "ji":
					syl = syl[:len(syl)-1] + v // shi → sha, chi → cha, ji → ja
				default:
					syl = syl[:len(syl)-1] + "y" + v // ki → kya
				}
				i++
			}
		}
		// A long o or u is written once: おう, おお, うう, unless the
		// vowel begins a syllable of its own (いのうえ).
		if (r == 'う' || r == 'お') && b.Len() > 0 && !double {
			prev := b.String()[b.Len()-1]
			next := i+1 < len(rs) && isVowelKana(rs[i+1])
			if (prev == 'o' || (prev == 'u' && r == 'う')) && !next {
				continue
			}
		}
		if double {
			if strings.HasPrefix(syl, "ch") {
				b.WriteByte('t')
			} else {
				b.WriteByte(syl[0])
			}
			double = false
		}
		b.WriteString(syl)
	}
	return b.String()
}
