package freetext_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/kind"
)

// A phone, card or My Number written straight next to a stop character
// (¥ $ # @ _ before it, = @ 円 % after it: SPEC.md §9.1) is skipped by the
// finders; the text is refused rather than passed on with it in the clear.
// The phones are valid Japanese numbers (090 mobile range), the card is
// the Visa test number 4111 1111 1111 1111 (Luhn-valid), the My Number
// 123456789018 has the check digit of MIC Ordinance No. 85 Art. 5 (SPEC.md
// §5 "My Number").
func TestStopCharacterRefused(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{
		"tel 090-1234-5678=田中", "4111 1111 1111 1111=visa", "tel_090-1234-5678", "090-1234-5678@",
		"order #4111111111111111", "user_09012345678", "#+81 90-1234-5678", "＃０９０１２３４５６７８",
		"マイナンバー #123456789018", "カード4111111111111111円", "$4111-1111-1111-1111",
	} {
		out, err := p.Protect(text)
		require.ErrorIs(t, err, freetext.ErrInvalidValue, "%q came out as %q", text, out)
		require.Empty(t, out)
		_, err = p.Find(text)
		require.ErrorIs(t, err, freetext.ErrInvalidValue, text)
		requireNoDigits(t, text, err, 4)
	}
}

// Amounts, counts and codes next to stop characters that are no phone,
// card or My Number come out as they were; a phone after "=" is read and
// masked; a phone that is an email's local part is masked with the email.
func TestStopCharacterKept(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{
		"¥1,234,567", "100%", "3万円", "x=42", "#123", "a_1", "価格は￥12,800です", "〒100-0001 東京都",
		"order #12345678", "5000円@3個", "id_1234567890123", // 13 digits, not Luhn-valid
		"マイナンバー #123456789012", // check digit wrong
	} {
		out, err := p.Protect(text)
		require.NoError(t, err, text)
		require.Equal(t, text, out)
	}
	for _, text := range []string{"phone=090-1234-5678", "mail 09012345678@example.com ok"} {
		out, err := p.Protect(text)
		require.NoError(t, err, text)
		require.NotContains(t, digitsOf(out), "12345678", text)
	}
	// Without the phone rule, a phone is no finding, stop character or not.
	card := newProtector(t, freetext.Options{Rules: map[kind.Kind]freetext.Rule{kind.Card: freetext.DefaultRule(kind.Card)}})
	out, err := card.Protect("user_09012345678")
	require.NoError(t, err)
	require.Equal(t, "user_09012345678", out)
}

// requireNoDigits fails if err's message holds a run of n digits of
// text.
func requireNoDigits(t *testing.T, text string, err error, n int) {
	t.Helper()
	d := digitsOf(text)
	for i := 0; i+n <= len(d); i++ {
		if strings.Contains(digitsOf(err.Error()), d[i:i+n]) {
			t.Fatalf("error of %q holds its digits: %v", text, err)
		}
	}
}

// FuzzStopCharacter: a valid phone or card written straight next to a
// stop character, between any texts, is either refused, with an error
// that holds none of its digits, or comes out with it replaced.
func FuzzStopCharacter(f *testing.F) {
	numbers := []string{"090-1234-5678", "4111 1111 1111 1111", "09012345678", "4111111111111111", "+81 90-1234-5678"}
	stops := []string{"¥", "￥", "$", "＄", "€", "£", "#", "＃", "〒", "№", "@", "＠", "_", "円", "%", "％", "万", "億", "兆", "=", "＝"}
	for i := range numbers {
		for j := range stops {
			f.Add("tel", uint8(i), uint8(j), "田中")
		}
	}
	p := newProtector(f, freetext.Options{})
	f.Fuzz(func(t *testing.T, before string, number, stop uint8, after string) {
		v, s := numbers[int(number)%len(numbers)], stops[int(stop)%len(stops)]
		var text string
		if int(stop)%len(stops) < 13 { // a stopBefore character
			text = before + " " + s + v + " " + after
		} else {
			text = before + " " + v + s + " " + after
		}
		out, err := p.Protect(text)
		if err != nil {
			requireNoDigits(t, v, err, 7)
			return
		}
		d := digitsOf(v)
		if strings.Count(digitsOf(out), d) > strings.Count(digitsOf(before+" "+after), d) {
			t.Fatalf("%q came out as %q", text, out)
		}
	})
}
