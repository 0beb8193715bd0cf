package surrogate

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// Every Japanese entry's reading can be written in every script a tied
// reading may take: hiragana as listed, katakana and half-width katakana
// that fold back to it, and romaji of letters only, with no kana left out
// (romaji skips what it does not know, so each kana must be one it knows).
func TestEveryReadingWrites(t *testing.T) {
	lists()
	for _, l := range []*list{jaSurnames, jaGiven} {
		for i := range l.entries {
			e := &l.entries[i]
			rs := []rune(e.reading)
			require.NotEmpty(t, rs, e.written)
			for j, r := range rs {
				_, plain := hepburn[r]
				_, small := youon[r]
				switch {
				case small:
					require.Positive(t, j, "%s %s: a small kana opens the reading", e.written, e.reading)
					require.True(t, strings.HasSuffix(hepburn[rs[j-1]], "i"), "%s %s: a small kana after %c", e.written, e.reading, rs[j-1])
				case r == 'っ':
					require.Less(t, j, len(rs)-1, "%s %s: っ ends the reading", e.written, e.reading)
					_, next := hepburn[rs[j+1]]
					require.True(t, next && !isVowelKana(rs[j+1]) && rs[j+1] != 'ん', "%s %s: っ before %c", e.written, e.reading, rs[j+1])
				default:
					require.True(t, plain, "%s %s: %c has no romaji", e.written, e.reading, r)
				}
			}
			for _, sc := range []script{hiragana, katakana, halfKana} {
				out := string(e.appendAs(nil, part{script: sc}))
				require.Equal(t, e.reading, fold(out), "%s in script %d", e.written, sc)
			}
			latin := string(e.appendAs(nil, part{script: latin, text: "Yamada"}))
			require.NotEmpty(t, latin, e.written)
			require.True(t, unicode.IsUpper([]rune(latin)[0]), latin)
			for _, r := range latin {
				require.True(t, r < 0x80 && unicode.IsLetter(r), "%s → %s", e.written, latin)
			}
			require.True(t, norm.NFC.IsNormalString(e.written), e.written)
		}
	}
}

// No reading is both a surname's and a given name's: a lone kana word is
// read as a surname by its reading (knownSurname).
func TestReadingsOneRole(t *testing.T) {
	lists()
	for r := range jaGiven.readings {
		require.False(t, jaSurnames.readings[r], r)
	}
}
