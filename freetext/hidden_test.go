package freetext_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/piikit/piikit/freetext"
)

// digitsOf keeps the ASCII and full-width digits of s, as ASCII.
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9':
			b.WriteRune(r)
		case '０' <= r && r <= '９':
			b.WriteRune(r - '０' + '0')
		}
	}
	return b.String()
}

// A phone written with odd characters inside it is either replaced or
// refused: its digits never come out whole.
func TestHiddenPhoneLayouts(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	const digits = "09012345678"
	for _, sep := range []string{
		"-", " ", "\u00A0", "\u2007", "\u202F", "\u3000", "\u2009", "\u200A", "\u2002",
		"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uFF0D", "\u30FC", "\uFF70",
		"\u200B", "\u2060", "\uFEFF", "\u00AD", "\u0301", "\u0332", "\u20DD", "\uFE0F",
		"\n", "\r\n", "\t", ".", "・", "／", "/",
	} {
		for _, layout := range []string{"090%s1234%s5678", "0%s9%s012345678"} {
			v := strings.ReplaceAll(layout, "%s", sep)
			for _, text := range []string{"電話は" + v + "です", "call me at " + v + " please", v} {
				out, err := p.Protect(text)
				if err != nil {
					continue
				}
				if strings.Contains(digitsOf(out), digits) {
					t.Errorf("separator %U: %q came out as %q", []rune(sep)[0], text, out)
				}
			}
		}
	}
}

// Full-width and half-width digits mixed in one phone.
func TestHiddenMixedWidth(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, v := range []string{"０90-1234-5678", "090-１２３４-5678", "０９０1234５６７８", "+８１ 90 1234 5678", "（090）1234-5678"} {
		text := "電話 " + v + " まで"
		out, err := p.Protect(text)
		if err != nil {
			continue
		}
		if strings.Contains(digitsOf(out), "12345678") {
			t.Errorf("%q came out as %q", text, out)
		}
	}
}

// An email split by combining or odd characters.
func TestHiddenEmailLayouts(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, v := range []string{
		"taro.yamada@example.co.jp", "taro.yamada＠example.co.jp", "ｔａｒｏ.yamada@example.co.jp",
		"taro.yamada\u0301@example.co.jp", "taro.yamada@exam\u0301ple.co.jp",
		"taro.yamada@example．co．jp",
	} {
		text := "mail: " + v + " thanks"
		out, err := p.Protect(text)
		if err != nil {
			continue
		}
		if strings.Contains(strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, out), "yamada") {
			t.Errorf("email %q came out as %q", v, out)
		}
	}
}

// Texts at the size limit.
func TestHiddenLimit(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	phone := " 090-1234-5678"
	for _, n := range []int{freetext.MaxLen - len(phone), freetext.MaxLen - len(phone) + 1, freetext.MaxLen - 4} {
		text := strings.Repeat("a", n) + phone
		out, err := p.Protect(text)
		if err != nil {
			if len(text) <= freetext.MaxLen {
				t.Errorf("len %d refused: %v", len(text), err)
			}
			if strings.Contains(err.Error(), "5678") {
				t.Errorf("error holds the value: %v", err)
			}
			continue
		}
		if strings.Contains(out, "1234-5678") {
			t.Errorf("len %d: phone left", len(text))
		}
	}
}

// Texts with digits near such characters that hold no hidden number are
// still protected.
func TestHiddenNumberNotOverreached(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{
		"注文番号 123456\nありがとう", "1\uFE0F\u20E3 最初の項目", "3・4月の予定", "12\t34", "価格は1,234,567円",
		"keycap 1\uFE0F\u20E3 and 2\uFE0F\u20E3",
	} {
		if _, err := p.Protect(text); err != nil {
			t.Errorf("%q refused: %v", text, err)
		}
	}
	for _, text := range []string{"0\uFE0F\u20E39\uFE0F\u20E30\uFE0F\u20E31\uFE0F\u20E32\uFE0F\u20E33", "tel \u0660\u0669\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668"} {
		if _, err := p.Protect(text); err == nil {
			t.Errorf("%q not refused", text)
		}
	}
}

// A card number in a layout the card finder does not read, and an email
// broken across lines at its at sign, are refused; the layouts it reads,
// and a mention after a line break, are not.
func TestHiddenCardAndEmail(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{
		"card 4111\u00A01111\u00A01111\u00A01111", "card 4111 1111-1111 1111", "card 4111  1111  1111  1111", "card 4111.1111.1111.1111",
		"mail taro.yamada@\nexample.com ok", "mail taro.yamada\r\n@example.com ok",
		"mail taro.yamada @ example.co.jp ok", "mail taro.yamada\u00A0@example.co.jp", "メールはtaro@example。co.jpまで",
		"mail taro@ example.com", "mail ta\u200Dro.yamada@example.com", "Dear Ta\u200Dro",
		// Broken across lines inside the domain, before its first dot: the
		// finder reads no address, and taro would stay.
		"mail taro@exa\nmple.co.jp ok", "mail taro@exa\r\n  mple.co.jp ok", "mail taro＠ｅｘａ\nｍｐｌｅ．ｃｏｍ",
		// The other at signs the finder reads: full-width ＠, small ﹫.
		"mail taro.yamada ＠ example.co.jp ok", "mail taro.yamada ﹫ example.co.jp ok", "メールはtaro﹫example。co.jpまで",
	} {
		if out, err := p.Protect(text); err == nil {
			t.Errorf("%q not refused: %q", text, out)
		}
	}
	for _, text := range []string{
		"card 4111 1111 1111 1111", "card 4111-1111-1111-1111 (Visa) ok", "hello\n@taro see you", "注文番号：245518364521　2023-11-02発送予定",
		"meet @ 3.50 ok", "家族👨\u200D👩\u200D👧です", "mail taro@example.com ok", "mail taro﹫example.com ok",
		"mail taro@example.com\nsee you.Bye", "mail taro@example.co\n.jp ok", "ping me@work\nThe end. Bye",
	} {
		out, err := p.Protect(text)
		if err != nil {
			t.Errorf("%q refused: %v", text, err)
		}
		if strings.Contains(out, "1111 1111") || strings.Contains(out, "1111-1111") {
			t.Errorf("%q: card left: %q", text, out)
		}
	}
}
