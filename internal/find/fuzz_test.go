package find

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/records/synthetic"
)

// FuzzFind checks that Find never panics, refuses invalid UTF-8 with its
// typed error, returns findings sorted, not overlapping, on rune boundaries,
// and that each finding is a value of its kind by that kind's own rule:
// normalization for phones and emails, an independent Luhn and My Number
// check digit for cards and My Numbers. Phones, emails and cards are found
// again, whole, when they stand alone.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"電話は09012345678です", "+81 90 1234 5678", "(090)1234-5678", "０９０－１２３４－５６７８",
		"メールはtaro@example.co.jpまで", "ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＣＯＭ", "taro@例え.jp", "taro@example.日本です",
		"カード 4111 1111 1111 1111", "マイナンバーは123456789018です", "2021-03-17 1,980円 ¥12,345 〒100-0001",
		"0312345678@example.com", "TEL03-1234-5678", "+1 (415) 555-2671", "a@b@c.d", "\xff09012345678",
		"090 1234 5678 03 1234 5678 4111-1111-1111-1111",
	} {
		f.Add(s)
	}
	c := newChecker(f)
	f.Fuzz(func(t *testing.T, text string) { c.check(t, text) })
}

// TestGeneratedTexts runs FuzzFind's checks on texts made of the pieces
// finders look at, so that they run in every test, not only while fuzzing.
func TestGeneratedTexts(t *testing.T) {
	pieces := []string{"0", "1", "9", "4", "０", "-", "－", " ", "　", "(", ")", "+", "＋", "@", "＠", ".", "．",
		"a", "Z", "ー", "は", "例", "マイナンバー", "TEL", ":", ",", "/", "円", "¥", "ｍ", "é", "xn--", "\u0301", "#",
		"090", "1234", "5678", "4111", "1111", "\xff", "taro", "example", "jp", "\n"}
	c := newChecker(t)
	generate(13, pieces, 24, func(text string) { c.check(t, text) })
}

// generate calls check with 20,000 texts of up to most pieces each, drawn
// from pieces by a generator seeded with seed.
func generate(seed uint64, pieces []string, most int, check func(string)) {
	r := rand.New(rand.NewPCG(seed, seed))
	for range 20000 {
		var b []byte
		for range r.IntN(most) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		check(string(b))
	}
}

type checker struct {
	fd             *Finder
	phones, emails *normalize.Normalizer
}

func newChecker(t testing.TB) *checker {
	phones, err := normalize.New(normalize.Phone, normalize.Options{Region: "JP"})
	if err != nil {
		t.Fatal(err)
	}
	emails, err := normalize.New(normalize.Email, normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &checker{newFinder(t, Options{}), phones, emails}
}

func (c *checker) check(t *testing.T, text string) {
	t.Helper()
	fd, phones, emails := c.fd, c.phones, c.emails
	got, err := fd.Find(text)
	if !utf8.ValidString(text) {
		if !errors.Is(err, ErrInvalidUTF8) || got != nil {
			t.Fatalf("invalid UTF-8: %v, %v", got, err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	checked, stopped, err := fd.AppendChecked(nil, nil, text)
	if err != nil || !slices.Equal(checked, got) {
		t.Fatalf("AppendChecked = %v, %v; Find = %v", checked, err, got)
	}
	if len(stopped) > 0 && !strings.ContainsFunc(text, func(r rune) bool { return stopBefore(r) || stopAfter(r) }) {
		t.Fatal("stopped without a stop character")
	}
	end := 0
	for _, x := range got {
		if x.Start < end || x.End <= x.Start || x.End > len(text) {
			t.Fatalf("findings %v out of order or overlapping", got)
		}
		end = x.End
		if !utf8.RuneStart(text[x.Start]) || x.End < len(text) && !utf8.RuneStart(text[x.End]) {
			t.Fatalf("finding %v not on rune boundaries", x)
		}
		v := text[x.Start:x.End]
		switch x.Entity {
		case Phone:
			if _, err := phones.Normalize(v); err != nil {
				t.Fatalf("phone %v does not normalize: %v", x, err)
			}
		case Email:
			if _, err := emails.Normalize(v); err != nil {
				t.Fatalf("email %v does not normalize: %v", x, err)
			}
		case Card:
			if d := digitsOf(v); len(d) < 13 || len(d) > 19 || !independentLuhn(d) {
				t.Fatalf("card %v is not 13-19 digits passing Luhn", x)
			}
		case MyNumber:
			if d := digitsOf(v); len(d) != 12 || synthetic.MyNumberCheckDigit(d[:11]) != d[11] {
				t.Fatalf("my number %v has no valid check digit", x)
			}
			continue
		default:
			t.Fatalf("finding %v of no entity", x)
		}
		alone, err := fd.Find(v)
		if err != nil || len(alone) != 1 || alone[0] != (Finding{x.Entity, 0, len(v)}) {
			t.Fatalf("finding %v alone gives %v, %v", x, alone, err)
		}
	}
}

// digitsOf returns the ASCII and full-width digits of s as ASCII.
func digitsOf(s string) string {
	var b []byte
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9':
			b = append(b, byte(r))
		case '０' <= r && r <= '９':
			b = append(b, byte(r-'０'+'0'))
		}
	}
	return string(b)
}

// independentLuhn is the Luhn check written from the left, as a second
// opinion on luhn.
func independentLuhn(d string) bool {
	sum, double := 0, len(d)%2 == 0
	for _, c := range d {
		x := int(c - '0')
		if double {
			x = []int{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}[x]
		}
		sum += x
		double = !double
	}
	return sum%10 == 0
}
