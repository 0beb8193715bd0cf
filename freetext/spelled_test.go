package freetext_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/freetext"
)

// A phone, card or My Number that a reader reads but the finders do not —
// its digits in other numerals, spaced out one by one, or joined by
// characters the finders do not read inside a number — is refused, never
// passed on. 090-1234-5678 is in the 090 mobile range of Japan's numbering
// plan; 4111 1111 1111 1111 is the Visa test number (Luhn-valid);
// 123456789018 has the check digit of MIC Ordinance No. 85 Art. 5 (SPEC.md
// §5 "My Number").
func TestSpelledNumberRefused(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{
		// Kanji numerals, as digits or with 一 for a dash.
		"電話は〇九〇-一二三四-五六七八です", "電話は〇九〇一二三四五六七八です", "電話は090一1234一5678です",
		"電話は零九零一二三四五六七八", "電話は〇九〇 一二三四 五六七八",
		// Circled, parenthesized, superscript and subscript digits.
		"電話は⓪⑨⓪-①②③④-⑤⑥⑦⑧です", "電話は⁰⁹⁰-¹²³⁴-⁵⁶⁷⁸です", "電話は₀₉₀-₁₂₃₄-₅₆₇₈です",
		"電話は⓪⑨⓪⑴⑵⑶⑷⑸⑹⑺⑻", "card ④①①①①①①①①①①①①①①①",
		// Spaced out one by one (more groups than the phone finder reads).
		"電話は0 9 0 1 2 3 4 5 6 7 8です", "電話は0 9 0 - 1 2 3 4 - 5 6 7 8です",
		"card 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "card 4111 1111 1111 111 1",
		// Separators the finders do not read inside a number.
		"電話は090~1234~5678です", "電話は090～1234～5678です", "電話は090_1234_5678です",
		"電話は090*1234*5678です", "電話は090,1234,5678です", "電話は090、1234、5678です",
		"電話は090😀1234😀5678です", "電話は090★1234★5678",
		"card 4111_1111_1111_1111", "card 4111*1111*1111*1111", "card 4111,1111,1111,1111",
		"card 4111 ~ 1111 ~ 1111 ~ 1111",
		// A mark or variation selector after the last digit.
		"電話は090-1234-5678\ufe0fです", "電話は090-1234-5678\u0301です",
		// Two phones joined by a comma.
		"03-1234-5678,090-1234-5678",
		// Two phones joined by a slash; a card in two groups of 8.
		"tel: 090-1234-5678/090-9876-5432", "card 41111111 11111111",
		// The region's calling code without a plus (Japan: 81).
		"tel 0081-90-1234-5678", "tel 81-90-1234-5678", "tel (81) 90-1234-5678", "tel 81 90 1234 5678",
		// My Numbers with their context word.
		"マイナンバーは 1 2 3 4 5 6 7 8 9 0 1 8", "マイナンバーは一二三四五六七八九〇一八",
		"個人番号: 1234.5678.9018", "my number: 1234_5678_9018",
	} {
		out, err := p.Protect(text)
		require.ErrorIs(t, err, freetext.ErrInvalidValue, "%q came out as %q", text, out)
		require.Empty(t, out)
		_, err = p.Find(text)
		require.ErrorIs(t, err, freetext.ErrInvalidValue, text)
		requireNoDigits(t, text, err, 4)
	}
}

// Numbers in other numerals or layouts that are no phone, card or My
// Number pass as they are: dates, times, amounts, ranges, counts, order
// numbers, and 〇 as a placeholder.
func TestSpelledNumberKept(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{
		"二〇二四年十二月六日", "令和六年", "一二三四五六七八九", "第一、二、三、四、五、六条",
		"1000～2000円", "10:00~18:00", "¥1,234,567", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10",
		"電話番号: 〇〇〇-〇〇〇〇-〇〇〇〇", "①②③④⑤⑥", "x² + y²", "H₂O",
		"注文番号 1234-5678-9012", "ORDER-2024-0312-3456-78", "host 192.168.100.123 up",
		"2024/12/06 20:57:01.123456", "steps 1 2 3 4 5 6 7 8 9 done", "5,000円～10,000円",
		"電話は090-1234-5678です", "card 4111 1111 1111 1111", // found and replaced
		"date 2024/03/12 0312 ok", "Barcode 4999650749161 17 boxes", "lot 81 boxes of 90 each",
	} {
		_, err := p.Protect(text)
		require.NoError(t, err, text)
	}
}

// A separator percent-encoded or written as a named character reference
// between digits, and the at sign as &commat;, hide a value as the numeric
// escapes do.
func TestEscapedSeparatorRefused(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{
		"tel 090%2D1234%2D5678", "tel 090%201234%205678", "tel 090&nbsp;1234&nbsp;5678",
		"tel 090&hyphen;1234&hyphen;5678", "mail taro.yamada&commat;example.co.jp",
	} {
		out, err := p.Protect(text)
		require.ErrorIs(t, err, freetext.ErrInvalidValue, "%q came out as %q", text, out)
	}
	for _, text := range []string{"https://example.com/a%20b?q=1%2D2", "date=2024%2D01%2D15", "Tom &amp; Jerry", "5&nbsp;km"} {
		_, err := p.Protect(text)
		require.NoError(t, err, text)
	}
}

// FuzzSpelled: any text, with numerals, gaps and escapes of every kind, is
// refused or protected without a panic, and a phone spelled in kanji,
// circled digits or spaced out inside it never comes out whole.
func FuzzSpelled(f *testing.F) {
	for _, s := range []string{"〇九〇-一二三四-五六七八", "0 9 0 1 2 3 4 5 6 7 8", "090%2D1234&nbsp;5678", "⓪⑨⓪①②③④⑤⑥⑦⑧", "81-90-1234-5678", "٠٩٠١٢٣٤٥٦٧٨"} {
		f.Add("電話は", s, "です")
	}
	p := newProtector(f, freetext.Options{})
	f.Fuzz(func(t *testing.T, before, number, after string) {
		text := before + number + after
		out, err := p.Protect(text)
		if err != nil {
			require.Empty(t, out)
			return
		}
		for _, spelled := range []string{"〇九〇一二三四五六七八", "⓪⑨⓪①②③④⑤⑥⑦⑧"} {
			if strings.Contains(out, spelled) && !strings.Contains(before+after, spelled) {
				t.Fatalf("%q came out as %q", text, out)
			}
		}
	})
}
