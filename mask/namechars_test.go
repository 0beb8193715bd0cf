package mask

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/japanese"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

// officialLists reads the Unihan extract independently of the package's
// parser: the jōyō kanji (kJoyoKanji 2010) and the jinmeiyō kanji
// (kJinmeiyoKanji), and the popular forms the jōyō field also lists.
func officialLists(t testing.TB) (joyo, jinmeiyo, popular map[rune]bool) {
	t.Helper()
	f, err := os.Open("unihan_name_kanji.txt")
	require.NoError(t, err)
	defer f.Close()
	joyo, jinmeiyo, popular = map[rune]bool{}, map[rune]bool{}, map[rune]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 3 || !strings.HasPrefix(fields[0], "U+") {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimPrefix(fields[0], "U+"), 16, 32)
		require.NoError(t, err)
		r := rune(n)
		switch {
		case fields[1] == "kJoyoKanji" && fields[2] == "2010":
			joyo[r] = true
		case fields[1] == "kJoyoKanji":
			popular[r] = true
		case fields[1] == "kJinmeiyoKanji":
			jinmeiyo[r] = true
		default:
			t.Fatalf("unexpected line %q", sc.Text())
		}
	}
	require.NoError(t, sc.Err())
	return joyo, jinmeiyo, popular
}

// inJISX0208 reports whether r is a kanji of JIS X 0208: EUC-JP writes it
// in two bytes of rows 16–84 (0xB0–0xF4). x/text's Shift_JIS would also
// take the IBM and NEC extensions (髙).
func inJISX0208(r rune) bool {
	b, err := japanese.EUCJP.NewEncoder().String(string(r))
	return err == nil && len(b) == 2 && 0xB0 <= b[0] && b[0] <= 0xF4
}

// TestOfficialNameKanjiCounts: the list holds what the Unicode 15.0
// Unihan database says: 2,136 jōyō kanji (the 2010 list) and 863 jinmeiyō
// kanji, and 4 popular forms of jōyō kanji (剥 叱 填 頬).
func TestOfficialNameKanjiCounts(t *testing.T) {
	joyo, jinmeiyo, popular := officialLists(t)
	require.Len(t, joyo, 2136)
	require.Len(t, jinmeiyo, 863)
	require.Len(t, popular, 4)
	for _, r := range "剥叱填頬" {
		require.True(t, popular[r], string(r))
	}
	for _, r := range "亜愛悪握圧扱" { // the first jōyō kanji in the list's order
		require.True(t, joyo[r], string(r))
	}
	for _, r := range "凜凛蓮翔" { // jinmeiyō kanji
		require.True(t, jinmeiyo[r], string(r))
	}
	for r := range jinmeiyo {
		require.False(t, joyo[r], "%c is on both lists", r)
	}

	names, jis, _ := kanjiClassesV2()
	var want int
	for _, m := range []map[rune]bool{joyo, jinmeiyo, popular} {
		for r := range m {
			if inJISX0208(r) {
				want++
			}
		}
	}
	require.Equal(t, want, names.radix, "the name kanji are the listed kanji of JIS X 0208")
	require.Equal(t, 6355-want, jis.radix)
	for n := range names.radix {
		r := names.char(uint16(n), 0)
		require.True(t, joyo[r] || jinmeiyo[r] || popular[r], "%c", r)
	}
}

// Kana no name is written with: the archaic kana (ゐ ゑ and their
// katakana, ヷ ヸ ヹ ヺ), を (a particle), ゔ, and the rare small kana.
const unnaturalKana = "ゐゑをゔゎゕゖヰヱヲヴヷヸヹヺヮヵヶｦ"

// genNaturalName makes a name from characters of names: kanji of the
// official lists in JIS X 0208, kana without unnaturalKana, Latin letters.
func genNaturalName(rng *rand.Rand, kanji []rune) string {
	hira := []rune("あいうえおかきくけこがぎぐげごさしすせそざじずぜぞたちつてとだでなにぬねのはひふへほばびぶべぼぱぴぷぺぽまみむめもやゆよらりるれろわん")
	kata := []rune("アイウエオカキクケコガギグゲゴサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン")
	word := func(alpha []rune, n int) string {
		var b strings.Builder
		for i := range n {
			r := alpha[rng.IntN(len(alpha))]
			for i == 0 && (r == 'ん' || r == 'ン') {
				r = alpha[rng.IntN(len(alpha))]
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	latin := func(n int) string {
		s := []rune(word([]rune("abcdefghijklmnopqrstuvwxyzäöüéèñ"), n))
		return strings.ToUpper(string(s[:1])) + string(s[1:])
	}
	switch rng.IntN(4) {
	case 0:
		return word(kanji, 2+rng.IntN(2)) + " " + word(kanji, 1+rng.IntN(2))
	case 1:
		return word(hira, 3+rng.IntN(3)) + "\u3000" + word(hira, 2+rng.IntN(3))
	case 2:
		return word(kata, 3+rng.IntN(3)) + "・" + word(kata, 2+rng.IntN(3))
	}
	return latin(4+rng.IntN(4)) + " " + latin(4+rng.IntN(4))
}

// TestNameFormat2Natural masks names written with name characters and
// checks each output character against the official lists and the rules of
// SPEC.md §5, not against the package's alphabets: kanji stay on the jōyō
// and jinmeiyō lists, no unnatural kana appears, no word starts with ん,
// vowels stay vowels, an umlaut stays an umlaut. Every mask unmasks.
func TestNameFormat2Natural(t *testing.T) {
	joyo, jinmeiyo, popular := officialLists(t)
	var kanji []rune
	for _, m := range []map[rune]bool{joyo, jinmeiyo, popular} {
		for r := range m {
			if inJISX0208(r) {
				kanji = append(kanji, r)
			}
		}
	}
	m, err := New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(18, 2))
	vowel := func(r rune) bool { return strings.ContainsRune("aeiouAEIOU", r) }
	for range 2000 {
		in := genNaturalName(rng, kanji)
		out, err := m.Mask(in)
		if err == ErrTooShort {
			continue
		}
		require.NoError(t, err, in)
		rin, rout := []rune(in), []rune(out)
		require.Len(t, rout, len(rin))
		for i, r := range rout {
			c := rin[i]
			switch {
			case c >= 0x4E00 && c <= 0x9FFF:
				require.True(t, joyo[r] || jinmeiyo[r] || popular[r], "%s → %s: %c not a name kanji", in, out, r)
			case c >= 0x3041 && c <= 0x30FA:
				require.NotContains(t, unnaturalKana, string(r), "%s → %s", in, out)
				if i == 0 || rin[i-1] == ' ' || rin[i-1] == '\u3000' || rin[i-1] == '・' {
					require.NotContains(t, "んン", string(r), "%s → %s: a word starts with n", in, out)
				}
				require.Equal(t, c < 0x30A0, r < 0x30A0, "%s → %s: script changed", in, out)
			case strings.ContainsRune("äöüÄÖÜ", c):
				require.Contains(t, "äöüÄÖÜ", string(r), "%s → %s", in, out)
			case strings.ContainsRune("éèÉÈ", c):
				require.Contains(t, "áéíóúýàèìòùÁÉÍÓÚÝÀÈÌÒÙ", string(r), "%s → %s", in, out)
			case c == 'ñ' || c == 'Ñ':
				require.Equal(t, c, r)
			case c < 0x80 && c != ' ':
				// Names of 9 letters a–z or more keep vowels and consonants
				// (SPEC.md §5: shorter ones mask among all 26, as format 1).
				if asciiLetters(in) >= 9 {
					require.Equal(t, vowel(c), vowel(r), "%s → %s: vowel for consonant", in, out)
				}
				require.True(t, unicode.IsLetter(r), "%s → %s", in, out)
				require.Equal(t, c < 'a', r < 'a', "%s → %s: case changed", in, out)
			default:
				require.Equal(t, c, r, "%s → %s: separator changed", in, out)
			}
		}
		back, err := m.Unmask(context.Background(), okHook, testReq, m.KeyID(), out)
		require.NoError(t, err)
		require.Equal(t, in, back[0])
	}
}

func asciiLetters(s string) int {
	n := 0
	for _, r := range s {
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			n++
		}
	}
	return n
}

// TestNameFormat2Rare: characters outside the name alphabets still mask
// reversibly, among characters as rare as themselves: an archaic kana to
// an archaic kana, a kanji outside the lists to one outside them; を, ゔ
// and a word-initial ん stay in place.
func TestNameFormat2Rare(t *testing.T) {
	joyo, jinmeiyo, popular := officialLists(t)
	m, err := New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	require.NoError(t, err)
	for _, in := range []string{"ゐゑこ をとめ", "ヰヱヷヸヹ・ヴァン", "鷗外 森林太郎", "𠮷野 髙橋", "んじゃめな たろう", "Ÿvonne Øster"} {
		out, err := m.Mask(in)
		require.NoError(t, err, in)
		rin, rout := []rune(in), []rune(out)
		for i, c := range rin {
			r := rout[i]
			switch {
			case strings.ContainsRune("をゔヴ", c), c == 'ん' && i == 0, c == ' ', c == '・':
				require.Equal(t, c, r, "%s → %s", in, out)
			case strings.ContainsRune("ゐゑ", c):
				require.Contains(t, "ゐゑ", string(r))
			case strings.ContainsRune("ヰヱヷヸヹヺ", c):
				require.Contains(t, "ヰヱヷヸヹヺ", string(r))
			case c >= 0x4E00 && !(joyo[c] || jinmeiyo[c] || popular[c]):
				require.False(t, joyo[r] || jinmeiyo[r] || popular[r], "%s → %s: %c → %c", in, out, c, r)
				require.Equal(t, inJISX0208(c), inJISX0208(r), "%s → %s", in, out)
			}
		}
		back, err := m.Unmask(context.Background(), okHook, testReq, m.KeyID(), out)
		require.NoError(t, err)
		require.Equal(t, in, back[0])
		require.True(t, utf8.ValidString(out))
	}
}

// TestNameFormat1Still: format 1 still masks as it did (its SPEC vectors
// are in TestSpecVectors) and its masks do not unmask under format 2.
func TestNameFormat1Still(t *testing.T) {
	v1, err := New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name", NameFormat: 1})
	require.NoError(t, err)
	v2, err := New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name", NameFormat: 2})
	require.NoError(t, err)
	def, err := New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	require.NoError(t, err)
	for _, in := range []string{"山田 太郎", "Yamada Taro", "やまだ たろう"} {
		a, err := v1.Mask(in)
		require.NoError(t, err)
		b, err := v2.Mask(in)
		require.NoError(t, err)
		c, err := def.Mask(in)
		require.NoError(t, err)
		require.Equal(t, b, c, "format 2 is the default")
		require.NotEqual(t, a, b)
		back, err := v1.Unmask(context.Background(), okHook, testReq, v1.KeyID(), a)
		require.NoError(t, err)
		require.Equal(t, in, back[0])
	}
	_, err = New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name", NameFormat: 3})
	require.ErrorIs(t, err, kind.ErrOption)
	_, err = New(keysettest.PRF(), kind.Field{Kind: kind.Email, Domain: "users.email", NameFormat: 1})
	require.ErrorIs(t, err, kind.ErrOption)
}

// nameCharV2 reads tables made from nameClassV2: check that they agree
// for every character below U+3100 and of the half-width block, after
// characters of each script, a separator and nothing, and for every CJK
// Unified Ideograph (whose class no previous character changes).
func TestNameCharV2Tables(t *testing.T) {
	check := func(prev, r rune, vc bool) {
		c, kept := nameClassV2(prev, r, vc)
		want := nameChar{c: c, kept: kept}
		if c != nil {
			want.n, _ = c.index(r)
		}
		if got := nameCharV2(prev, r, vc); got != want {
			t.Fatalf("nameCharV2(%U, %U, %v) = %+v, nameClassV2 gives %+v", prev, r, vc, got, want)
		}
	}
	for _, vc := range []bool{false, true} {
		for _, prev := range []rune{0, 'a', 'é', 'あ', 'ア', 'ｱ', 'ー', 'ｰ', '・', '･', ' ', '山'} {
			for _, block := range [][2]rune{{0, 0x30FF}, {0xFF00, 0xFFEF}} {
				for r := block[0]; r <= block[1]; r++ {
					check(prev, r, vc)
				}
			}
		}
	}
	for r := rune(cjkLo); r <= cjkHi; r++ {
		check('山', r, false)
	}
}

// vc changes the class of the letters a–z alone (parse counts them at the
// first such letter): every other character of the BMP and the kanji
// planes has the same class, kept or not, either way.
func TestVCOnlyLatinLetters(t *testing.T) {
	for r := rune(0); r <= 0x2FFFF; r++ {
		if _, ok := latinIndex(r); ok || (0xD800 <= r && r <= 0xDFFF) || (0x10000 <= r && r < 0x20000) {
			continue
		}
		for _, prev := range []rune{0, 'ー'} {
			c0, k0 := nameClassV2(prev, r, false)
			c1, k1 := nameClassV2(prev, r, true)
			if c0 != c1 || k0 != k1 {
				t.Fatalf("%U: class %v/%v by vc", r, c0, c1)
			}
		}
	}
}
