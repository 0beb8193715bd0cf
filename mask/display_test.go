package mask

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/spectest"
)

func TestDisplayBriefExamples(t *testing.T) {
	for _, c := range []struct {
		kind     Kind
		in, want string
	}{
		{KindEmail, "taro@example.com", "t***@example.com"},
		{KindPhone, "090-1234-5678", "***-****-5678"},
		{KindName, "山田 太郎", "山* 太*"},
		{KindCard, "4111 1111 1111 1111", "4111 11** **** 1111"},
	} {
		got, err := Display(c.kind, c.in)
		require.NoError(t, err)
		require.Equal(t, c.want, got)
	}
}

// TestDisplayVectors checks the display vectors of SPEC.md §6
// (testdata/vectors/display.json).
func TestDisplayVectors(t *testing.T) {
	for _, v := range spectest.Load[spectest.Display](t).Vectors {
		var opts []DisplayOption
		if v.MaskChar != "" {
			r, size := utf8.DecodeRuneInString(v.MaskChar)
			require.Len(t, v.MaskChar, size, "one mask character")
			opts = append(opts, WithMaskChar(r))
		}
		if v.Reveal != nil {
			require.Len(t, v.Reveal, 2, "reveal is [first, last]")
			opts = append(opts, WithReveal(v.Reveal[0], v.Reveal[1]))
		}
		got, err := Display(Kind(v.Kind), v.Input, opts...)
		require.NoError(t, err, v.Input)
		require.Equal(t, v.Output, got, v.Input)
	}
}

func TestDisplayGraphemes(t *testing.T) {
	// A family emoji (ZWJ sequence), a flag (regional indicator pair), a
	// letter with a combining accent and a skin-tone modifier are one
	// character each: never split, each masked as one '*'.
	got, err := Display(KindGeneric, "a👨‍👩‍👧b🇯🇵ce\u0301👍🏽", WithReveal(1, 1))
	require.NoError(t, err)
	require.Equal(t, "a*****👍🏽", got)
	require.True(t, utf8.ValidString(got))

	got, err = Display(KindName, "Zoë Saldaña", WithMaskChar('•'))
	require.NoError(t, err)
	require.Equal(t, "Z•• S••••••", got)
	got, err = Display(KindName, "Ze\u0301 O'Brien-Smith")
	require.NoError(t, err)
	require.Equal(t, "Z* O******-S****", got)

	// A one-character word is not shown in full.
	got, err = Display(KindName, "山 太郎")
	require.NoError(t, err)
	require.Equal(t, "* 太*", got)
	got, err = Display(KindEmail, "j@example.com")
	require.NoError(t, err)
	require.Equal(t, "*@example.com", got)
}

func TestGraphemeBreaks(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"abc", []string{"a", "b", "c"}},
		{"\r\n\n", []string{"\r\n", "\n"}},
		{"e\u0301\u0302x", []string{"e\u0301\u0302", "x"}},
		{"🇯🇵🇺🇸🇫", []string{"🇯🇵", "🇺🇸", "🇫"}},
		{"👨‍👩‍👧‍👦!", []string{"👨‍👩‍👧‍👦", "!"}},
		{"👍🏽👍", []string{"👍🏽", "👍"}},
		{"a\u200db", []string{"a\u200d", "b"}},                       // ZWJ joins only pictographs (GB11)
		{"\u1100\u1161\u11a8가", []string{"\u1100\u1161\u11a8", "가"}}, // Hangul jamo L V T
		{"각\u11a8", []string{"각\u11a8"}},                             // LVT T
		{"\u0915\u093f", []string{"\u0915\u093f"}},                   // Devanagari ki: SpacingMark
		{"\u0600\u0661", []string{"\u0600\u0661"}},                   // Prepend
		{"か\u3099", []string{"か\u3099"}},                             // combining voiced mark
		{"\x01\u0301", []string{"\x01", "\u0301"}},                   // GB4
		// Found wrong in the segmenter uniseg replaced: regional indicators
		// after Extend or ZWJ start a new pair (GB12, GB13), and these Mc
		// characters are not SpacingMark (UAX #29, Table 2), so GB9a does
		// not join them.
		{"🇦\u0308🇦", []string{"🇦\u0308", "🇦"}},
		{"a🇦\u200d🇧🇨b", []string{"a", "🇦\u200d", "🇧🇨", "b"}},
		{"\u1000\u102b", []string{"\u1000", "\u102b"}},
		{"\u1000\u1038", []string{"\u1000", "\u1038"}},
		{"\u1a20\u1a61", []string{"\u1a20", "\u1a61"}},
	} {
		var got []string
		for s := c.in; s != ""; {
			n := firstGrapheme(s)
			got = append(got, s[:n])
			s = s[n:]
		}
		require.Equal(t, c.want, got, "%+q", c.in)
	}
}

func TestDisplayErrors(t *testing.T) {
	_, err := Display(KindEmail, "no-at-sign")
	require.ErrorIs(t, err, errNotEmail)
	_, err = Display(KindPhone, "call 090 1234 5678")
	require.ErrorIs(t, err, errNotPhone)
	require.NotContains(t, err.Error(), "5678")
	_, err = Display(KindName, "bad\xff")
	require.ErrorIs(t, err, ErrInvalidUTF8)
	_, err = Display("ssn", "x")
	require.ErrorIs(t, err, errKind)
	_, err = Display(KindName, strings.Repeat("a", MaxLen+1))
	require.ErrorIs(t, err, ErrTooLong)
}

// TestDisplayRefusesOtherKinds: a display mask validates its kind as the
// keyed masks and tokens do; text that is not of its kind is an error, never
// passed through (issue 14, item 3).
func TestDisplayRefusesOtherKinds(t *testing.T) {
	for _, c := range []struct {
		kind Kind
		in   string
		want error
	}{
		{KindEmail, "x@example.com (Hanako Suzuki, 090-1234-5678)", errNotEmail},
		{KindEmail, "Hanako Suzuki <x@example.com>", errNotEmail},
		{KindEmail, "x@localhost", errNotEmail},
		{KindEmail, "a@b@example.com", errNotEmail},
		{KindEmail, "@example.com", errNotEmail},
		{KindEmail, "x@exa mple.com", errNotEmail},
		{KindEmail, "x\x00@example.com", errNotEmail},
		{KindPhone, "090-1234-5678 Taro", errNotPhone},
		{KindPhone, "090-1234-5678 ext. 12", errNotPhone},
		{KindPhone, "+81 90 1234 5678 (Hanako)", errNotPhone},
		{KindPhone, "+999 1234 5678", errNotPhone},
		{KindPhone, "1", errNotPhone},
		{KindCard, "4111 1111 1111 1112", ErrCheckDigit},
		{KindCard, "4111 1111 1111 1111 Taro", errNotCard},
		{KindCard, "1234", errNotCard},
		{KindCard, "4111/1111/1111/1111", errNotCard},
		{KindMyNumber, "1234 5678 9012", ErrCheckDigit},
		{KindMyNumber, "1234 5678 9018 Taro", errNotMyNumber},
		{KindName, "Taro\x00Yamada", ErrUnsupportedChar},
		{KindName, "", ErrEmpty},
		{KindName, " \u3000", ErrEmpty},
		{KindGeneric, "ab\x07cd", ErrUnsupportedChar},
		{KindGeneric, "- -", ErrEmpty},
		{KindPattern, "AB\x1b12", ErrUnsupportedChar},
	} {
		got, err := Display(c.kind, c.in)
		require.ErrorIs(t, err, c.want, "%s %q", c.kind, c.in)
		require.ErrorIs(t, err, ErrInvalidValue, "%s %q", c.kind, c.in)
		require.Empty(t, got)
		if strings.TrimSpace(c.in) != "" {
			require.NotContains(t, err.Error(), c.in)
		}
	}
}

// TestDisplayAcceptsItsKind: what the keyed masks and tokens accept,
// Display accepts, including forms normalization folds.
func TestDisplayAcceptsItsKind(t *testing.T) {
	for _, c := range []struct {
		kind     Kind
		in, want string
	}{
		{KindEmail, "Taro..Yamada.@docomo.ne.jp", "T************@docomo.ne.jp"},
		{KindEmail, "ｔａｒｏ＠example.com", "ｔ***＠example.com"},
		{KindEmail, "hanako@例え.jp", "h*****@例え.jp"},
		{KindPhone, "+81 90-1234-5678", "+** **-****-5678"},
		{KindPhone, "０９０－１２３４－５６７８", "***－****－５６７８"},
		{KindPhone, "tel:+1-650-253-0000", "tel:+*-***-***-0000"},
		{KindCard, "４１１１－１１１１－１１１１－１１１１", "４１１１－１１**－****－１１１１"},
		{KindMyNumber, "123456789018", "************"},
		{KindGeneric, "user.name_1", "***********"},
	} {
		got, err := Display(c.kind, c.in)
		require.NoError(t, err, "%s %q", c.kind, c.in)
		require.Equal(t, c.want, got, "%s %q", c.kind, c.in)
	}
}

// TestDisplayGenericMasksAllButSeparators: every character of an ID other
// than a separator (white space, dash punctuation, U+2212, U+30FC) is masked,
// whatever its category (issue 14, item 9).
func TestDisplayGenericMasksAllButSeparators(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"①②③", "***"},
		{"¹²³", "***"},
		{"Ⅻ", "*"},
		{"٠١٢٣", "****"},
		{"a.b_c/d:e#f", "***********"},
		{"€¥$", "***"},
		{"AB\u200b12", "*****"},
		{"12 34\u300056–78ー90−12", "** **\u3000**–**ー**−**"},
		{"-\u0301x", "**"},
	} {
		for _, k := range []Kind{KindGeneric, KindPattern} {
			got, err := Display(k, c.in)
			require.NoError(t, err, c.in)
			require.Equal(t, c.want, got, c.in)
		}
	}
}

// TestDisplayMaskCharRefused: a mask character that could start a formula
// in a spreadsheet, or that is invisible, is refused (issue 14, item 19).
func TestDisplayMaskCharRefused(t *testing.T) {
	for _, r := range []rune{'=', '+', '-', '@', '|', '%', '\t', '\r', '\n', ' ', '\u3000',
		'＝', '＋', '－', '＠', '﹫', '﹢', '﹣', '﹦', '\u2212', '\u200b', '\u202e', '\u0301', 0, 0xD800, -1, 0x110000, '\uE000',
		// Characters that join their neighbours into one character (§6):
		// half-width voiced marks, emoji modifiers, regional indicators,
		// Hangul leading jamo, Prepend, spacing marks.
		'\uFF9E', '\uFF9F', '\U0001F3FD', '\U0001F1EF', '\u1100', '\u0600', '\u0903'} {
		for _, k := range kinds {
			err := CheckDisplay(k, WithMaskChar(r))
			require.ErrorIs(t, err, errUnsafeChar, "%U", r)
			require.ErrorIs(t, err, ErrOption, "%U", r)
			_, err = Display(k, "4111 1111 1111 1111", WithMaskChar(r))
			require.ErrorIs(t, err, errUnsafeChar, "%U", r)
		}
	}
	for _, r := range []rune{'*', '#', 'x', '•', '●', '＊', '×', '가', '👍'} {
		require.NoError(t, CheckDisplay(KindName, WithMaskChar(r)), "%U", r)
	}
	require.ErrorIs(t, CheckDisplay("nope"), errKind)
}
