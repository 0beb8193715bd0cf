package names

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
	"golang.org/x/text/unicode/norm"

	"github.com/piikit/piikit/internal/find"
)

// Find returns the person names in text as findings of entity
// [find.Name], sorted by offset and never overlapping. Texts that are not
// valid UTF-8 are refused with [find.ErrInvalidUTF8], texts longer than
// [find.MaxLen] with [find.ErrTooLong]. The first call that reads Japanese
// text loads the dictionary (see [Load]). Find is safe for concurrent use.
func Find(text string) ([]find.Finding, error) {
	return Append(nil, text)
}

// Append appends the names in text to dst, as [Find] returns them. On
// error it returns dst unchanged.
func Append(dst []find.Finding, text string) ([]find.Finding, error) {
	if len(text) > find.MaxLen {
		return dst, find.ErrTooLong
	}
	if !utf8.ValidString(text) {
		return dst, find.ErrInvalidUTF8
	}
	start := len(dst)
	if hasJapanese(text) {
		dst = findJapanese(dst, text)
	}
	dst = findLatin(dst, text)
	fs := dst[start:]
	slices.SortFunc(fs, func(a, b find.Finding) int { return a.Start - b.Start })
	// Drop overlaps (none are expected: the two finders read different
	// scripts), keeping the earlier finding.
	out, last := start, -1
	for _, f := range fs {
		if f.Start < last {
			continue
		}
		dst[out], last = f, f.End
		out++
	}
	return dst[:out], nil
}

// Load loads the morphological dictionary now rather than on the first
// Japanese text: a service calls it at start-up so that no request pays
// for it. It is loaded once per process and kept.
func Load() { analyzer() }

var dictionary struct {
	once sync.Once
	t    *tokenizer.Tokenizer
}

// analyzer returns the tokenizer over the IPA dictionary without its
// readings and base forms (DictShrink): the finder reads parts of speech
// only, and the smaller dictionary keeps less memory resident.
func analyzer() *tokenizer.Tokenizer {
	dictionary.once.Do(func() {
		t, err := tokenizer.New(ipa.DictShrink(), tokenizer.OmitBosEos())
		if err != nil {
			// Only a nil dictionary fails, and the embedded one is not nil.
			panic("names: " + err.Error())
		}
		dictionary.t = t
	})
	return dictionary.t
}

func hasJapanese(text string) bool {
	for _, r := range text {
		if kanji(r) || kana(r) {
			return true
		}
	}
	return false
}

// Scripts.

func kanji(r rune) bool {
	return 0x4E00 <= r && r <= 0x9FFF || 0x3400 <= r && r <= 0x4DBF || 0xF900 <= r && r <= 0xFAFF ||
		0x20000 <= r && r <= 0x3FFFF || r == '々' || r == '〆' || r == 'ヶ'
}

func hiragana(r rune) bool { return 0x3041 <= r && r <= 0x309F }

// katakana includes the prolonged sound mark and the middle dot that
// joins the parts of a foreign name (ジョン・スミス).
func katakana(r rune) bool {
	return 0x30A1 <= r && r <= 0x30FA || r == 'ー' || r == '・' || 0xFF66 <= r && r <= 0xFF9F
}

func kana(r rune) bool { return hiragana(r) || katakana(r) }

// space reports the one-character separators between a family name and a
// given name: a space or an ideographic space.
func space(r rune) bool { return r == ' ' || r == '\u3000' }

// fold lowers s and drops its diacritics (Müller → muller) for lookups in
// the word lists.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
