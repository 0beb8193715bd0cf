package mask

import (
	"fmt"
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

// TestDisplayVectors checks the display vectors of SPEC.md §6.
func TestDisplayVectors(t *testing.T) {
	for _, v := range spectest.Vectors(t, "display") {
		var opts []DisplayOption
		if v["mask char"] != "" {
			r, _ := utf8.DecodeRuneInString(v["mask char"])
			opts = append(opts, WithMaskChar(r))
		}
		if v["reveal"] != "" {
			var first, last int
			_, err := fmt.Sscanf(v["reveal"], "%d,%d", &first, &last)
			require.NoError(t, err)
			opts = append(opts, WithReveal(first, last))
		}
		got, err := Display(Kind(v["kind"]), v["input"], opts...)
		require.NoError(t, err, v["input"])
		require.Equal(t, v["output"], got, v["input"])
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
	require.ErrorIs(t, err, ErrNotEmail)
	_, err = Display(KindPhone, "call 090 1234 5678")
	require.ErrorIs(t, err, ErrNotPhone)
	require.NotContains(t, err.Error(), "5678")
	_, err = Display(KindName, "bad\xff")
	require.ErrorIs(t, err, ErrInvalidUTF8)
	_, err = Display("ssn", "x")
	require.ErrorIs(t, err, ErrKind)
	_, err = Display(KindName, strings.Repeat("a", MaxLen+1))
	require.ErrorIs(t, err, ErrTooLong)
}
