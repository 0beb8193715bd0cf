package display

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/internal/spectest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
)

type opt func(*kind.Field)

func reveal(first, last int) opt {
	return func(f *kind.Field) { f.Reveal = &kind.Span{First: first, Last: last} }
}
func maskChar(r rune) opt { return func(f *kind.Field) { f.MaskChar = r } }

// newKind is New of kind k with opts.
func newKind(k kind.Kind, opts ...opt) (*Masker, error) {
	f := kind.Field{Kind: k}
	for _, o := range opts {
		o(&f)
	}
	return New(f)
}

func check(k kind.Kind, opts ...opt) error {
	_, err := newKind(k, opts...)
	return err
}

// show is the display mask of v of kind k with opts.
func show(k kind.Kind, v string, opts ...opt) (string, error) {
	d, err := newKind(k, opts...)
	if err != nil {
		return "", err
	}
	return d.Mask(v)
}

func newDisplay(tb testing.TB, f kind.Field) *Masker {
	tb.Helper()
	d, err := New(f)
	require.NoError(tb, err)
	return d
}

func TestDisplayBriefExamples(t *testing.T) {
	for _, c := range []struct {
		kind     kind.Kind
		in, want string
	}{
		{kind.Email, "taro@example.com", "t***@example.com"},
		{kind.Phone, "090-1234-5678", "***-****-5678"},
		{kind.Name, "山田 太郎", "山* 太*"},
		{kind.Card, "4111 1111 1111 1111", "4111 11** **** 1111"},
	} {
		got, err := show(c.kind, c.in)
		require.NoError(t, err)
		require.Equal(t, c.want, got)
	}
}

// TestDisplayVectors checks the display vectors of SPEC.md §6
// (testdata/vectors/display.json).
func TestDisplayVectors(t *testing.T) {
	for _, v := range spectest.Load[spectest.Display](t).Vectors {
		var opts []opt
		if v.MaskChar != "" {
			r, size := utf8.DecodeRuneInString(v.MaskChar)
			require.Len(t, v.MaskChar, size, "one mask character")
			opts = append(opts, maskChar(r))
		}
		if v.Reveal != nil {
			require.Len(t, v.Reveal, 2, "reveal is [first, last]")
			opts = append(opts, reveal(v.Reveal[0], v.Reveal[1]))
		}
		got, err := show(kind.Kind(v.Kind), v.Input, opts...)
		require.NoError(t, err, v.Input)
		require.Equal(t, v.Output, got, v.Input)
	}
}

func TestDisplayGraphemes(t *testing.T) {
	// A family emoji (ZWJ sequence), a flag (regional indicator pair), a
	// letter with a combining accent and a skin-tone modifier are one
	// character each: never split, each masked as one '*'.
	got, err := show(kind.Generic, "a👨‍👩‍👧b🇯🇵ce\u0301👍🏽", reveal(1, 1))
	require.NoError(t, err)
	require.Equal(t, "a*****👍🏽", got)
	require.True(t, utf8.ValidString(got))

	got, err = show(kind.Name, "Zoë Saldaña", maskChar('•'))
	require.NoError(t, err)
	require.Equal(t, "Z•• S••••••", got)
	got, err = show(kind.Name, "Ze\u0301 O'Brien-Smith")
	require.NoError(t, err)
	require.Equal(t, "Z* O******-S****", got)

	// A one-character word is not shown in full.
	got, err = show(kind.Name, "山 太郎")
	require.NoError(t, err)
	require.Equal(t, "* 太*", got)
	got, err = show(kind.Email, "j@example.com")
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
	_, err := show(kind.Email, "no-at-sign")
	require.ErrorIs(t, err, mask.ErrInvalidValue)
	require.ErrorContains(t, err, "not an email address")
	_, err = show(kind.Phone, "call 090 1234 5678")
	require.ErrorIs(t, err, mask.ErrInvalidValue)
	require.ErrorContains(t, err, "not a possible phone number")
	require.NotContains(t, err.Error(), "5678")
	_, err = show(kind.Name, "bad\xff")
	require.ErrorIs(t, err, mask.ErrInvalidUTF8)
	_, err = show("ssn", "x")
	require.ErrorIs(t, err, kind.ErrUnknown)
	_, err = show(kind.Name, strings.Repeat("a", mask.MaxLen+1))
	require.ErrorIs(t, err, mask.ErrTooLong)
}

// TestDisplayRefusesOtherKinds: a display mask validates its kind as the
// keyed masks and tokens do; text that is not of its kind is an error, never
// passed through (issue 14, item 3).
func TestDisplayRefusesOtherKinds(t *testing.T) {
	for _, c := range []struct {
		kind kind.Kind
		in   string
		want error
		says string // the detail of an ErrInvalidValue
	}{
		{kind.Email, "x@example.com (Hanako Suzuki, 090-1234-5678)", mask.ErrInvalidValue, "not an email address"},
		{kind.Email, "Hanako Suzuki <x@example.com>", mask.ErrInvalidValue, "not an email address"},
		{kind.Email, "x@localhost", mask.ErrInvalidValue, "not an email address"},
		{kind.Email, "a@b@example.com", mask.ErrInvalidValue, "not an email address"},
		{kind.Email, "@example.com", mask.ErrInvalidValue, "not an email address"},
		{kind.Email, "x@exa mple.com", mask.ErrInvalidValue, "not an email address"},
		{kind.Email, "x\x00@example.com", mask.ErrInvalidValue, "not an email address"},
		{kind.Phone, "090-1234-5678 Taro", mask.ErrInvalidValue, "not a possible phone number"},
		{kind.Phone, "090-1234-5678 ext. 12", mask.ErrInvalidValue, "not a possible phone number"},
		{kind.Phone, "+81 90 1234 5678 (Hanako)", mask.ErrInvalidValue, "not a possible phone number"},
		{kind.Phone, "+999 1234 5678", mask.ErrInvalidValue, "not a possible phone number"},
		{kind.Phone, "1", mask.ErrInvalidValue, "not a possible phone number"},
		{kind.Card, "4111 1111 1111 1112", mask.ErrCheckDigit, ""},
		{kind.Card, "4111 1111 1111 1111 Taro", mask.ErrInvalidValue, "not a card number"},
		{kind.Card, "1234", mask.ErrInvalidValue, "not a card number"},
		{kind.Card, "4111/1111/1111/1111", mask.ErrInvalidValue, "not a card number"},
		{kind.MyNumber, "1234 5678 9012", mask.ErrCheckDigit, ""},
		{kind.MyNumber, "1234 5678 9018 Taro", mask.ErrInvalidValue, "not a My Number"},
		{kind.Name, "Taro\x00Yamada", mask.ErrInvalidValue, "control character"},
		{kind.Name, "", mask.ErrEmpty, ""},
		{kind.Name, " \u3000", mask.ErrEmpty, ""},
		{kind.Generic, "ab\x07cd", mask.ErrInvalidValue, "control character"},
		{kind.Generic, "- -", mask.ErrEmpty, ""},
		{kind.Pattern, "AB\x1b12", mask.ErrInvalidValue, "control character"},
	} {
		got, err := show(c.kind, c.in)
		require.ErrorIs(t, err, c.want, "%s %q", c.kind, c.in)
		require.ErrorIs(t, err, mask.ErrInvalidValue, "%s %q", c.kind, c.in)
		require.ErrorContains(t, err, c.says, "%s %q", c.kind, c.in)
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
		kind     kind.Kind
		in, want string
	}{
		{kind.Email, "Taro..Yamada.@docomo.ne.jp", "T************@docomo.ne.jp"},
		{kind.Email, "ｔａｒｏ＠example.com", "ｔ***＠example.com"},
		{kind.Email, "hanako@例え.jp", "h*****@例え.jp"},
		{kind.Phone, "+81 90-1234-5678", "+** **-****-5678"},
		{kind.Phone, "０９０－１２３４－５６７８", "***－****－５６７８"},
		{kind.Phone, "tel:+1-650-253-0000", "tel:+*-***-***-0000"},
		{kind.Card, "４１１１－１１１１－１１１１－１１１１", "４１１１－１１**－****－１１１１"},
		{kind.MyNumber, "123456789018", "************"},
		{kind.Generic, "user.name_1", "***********"},
	} {
		got, err := show(c.kind, c.in)
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
		for _, k := range []kind.Kind{kind.Generic, kind.Pattern} {
			got, err := show(k, c.in)
			require.NoError(t, err, c.in)
			require.Equal(t, c.want, got, c.in)
		}
	}
}

// TestDisplayMaskCharRefused: a mask character that could start a formula
// in a spreadsheet, or that is invisible, is refused (issue 14, item 19).
func TestDisplayMaskCharRefused(t *testing.T) {
	for _, r := range []rune{'=', '+', '-', '@', '|', '%', '\t', '\r', '\n', ' ', '\u3000',
		'＝', '＋', '－', '＠', '﹫', '﹢', '﹣', '﹦', '\u2212', '\u200b', '\u202e', '\u0301', 0xD800, -1, 0x110000, '\uE000',
		// Characters that join their neighbours into one character (§6):
		// half-width voiced marks, emoji modifiers, regional indicators,
		// Hangul leading jamo, Prepend, spacing marks.
		'\uFF9E', '\uFF9F', '\U0001F3FD', '\U0001F1EF', '\u1100', '\u0600', '\u0903'} {
		for _, k := range kinds {
			err := check(k, maskChar(r))
			require.ErrorIs(t, err, safechar.ErrUnsafe, "%U", r)
			require.ErrorIs(t, err, kind.ErrOption, "%U", r)
			_, err = show(k, "4111 1111 1111 1111", maskChar(r))
			require.ErrorIs(t, err, safechar.ErrUnsafe, "%U", r)
		}
	}
	for _, r := range []rune{'*', '#', 'x', '•', '●', '＊', '×', '가', '👍'} {
		require.NoError(t, check(kind.Name, maskChar(r)), "%U", r)
	}
	require.ErrorIs(t, check("nope"), kind.ErrUnknown)
}
