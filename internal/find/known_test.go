package find

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/phone"
)

func newKnown(t testing.TB, values ...KnownValue) *Known {
	t.Helper()
	k, err := NewKnown(values, KnownOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var knownFixture = []KnownValue{
	{Name, "山田 太郎"}, {Name, "Taro Yamada"}, {Name, "ヤマダ タロウ"}, {Name, "レン"}, {Name, "Ken"},
	{Name, "José Müller"}, {Name, "さくら"}, {Name, "佐藤"},
	{Phone, "090-1234-5678"}, {Phone, "+1 415-555-2671"},
	{Email, "Taro.Yamada@Example.co.jp"},
	// Too short to look for: one kanji, two hiragana, five digits.
	{Name, "森"}, {Name, "あい"}, {Phone, "12345"},
}

func TestKnownFind(t *testing.T) {
	k := newKnown(t, knownFixture...)
	if k.Skipped() != 3 {
		t.Errorf("Skipped() = %d, want 3", k.Skipped())
	}
	for _, c := range []struct {
		text string
		want []found
	}{
		// Width, case and spacing.
		{"山田太郎さんへ", []found{{Name, "山田太郎"}}},
		{"山田　太郎様", []found{{Name, "山田　太郎"}}},
		{"Dear TARO  YAMADA,", []found{{Name, "TARO  YAMADA"}}},
		{"ＹＡＭＡＤＡ Taroではなく Ｔａｒｏ　Ｙａｍａｄａ", []found{{Name, "Ｔａｒｏ　Ｙａｍａｄａ"}}},
		{"ﾔﾏﾀﾞ ﾀﾛｳ様", []found{{Name, "ﾔﾏﾀﾞ ﾀﾛｳ"}}},
		{"ヤマダ・タロウ", []found{{Name, "ヤマダ・タロウ"}}},
		{"JOSE\u0301 MU\u0308LLER", []found{{Name, "JOSE\u0301 MU\u0308LLER"}}},
		{"山田\u200b太郎", []found{{Name, "山田\u200b太郎"}}},
		// Phones in any layout, emails in any case and width.
		{"電話は09012345678です", []found{{Phone, "09012345678"}}},
		{"０９０ １２３４ ５６７８まで", []found{{Phone, "０９０ １２３４ ５６７８"}}},
		{"(090)1234-5678", []found{{Phone, "090)1234-5678"}}},
		{"+81 90-1234-5678", []found{{Phone, "+81 90-1234-5678"}}},
		{"call (415) 555-2671", []found{{Phone, "415) 555-2671"}}},
		{"メールはtaro.yamada@example.co.jpまで", []found{{Email, "taro.yamada@example.co.jp"}}},
		{"ＴＡＲＯ．ＹＡＭＡＤＡ＠ＥＸＡＭＰＬＥ．ＣＯ．ＪＰ", []found{{Email, "ＴＡＲＯ．ＹＡＭＡＤＡ＠ＥＸＡＭＰＬＥ．ＣＯ．ＪＰ"}}},
		// Boundaries.
		{"Kenta and Ken-san", []found{{Name, "Ken"}}},
		{"ken@example.com", nil},
		{"マイレンジ、レンさん", []found{{Name, "レン"}}},
		{"090123456789", nil},
		{"1-090-1234-5678", nil},
		// A short one-word Japanese name needs a person's context.
		{"さくらんぼとさくら", nil},
		{"さくらんぼとさくらちゃん", []found{{Name, "さくら"}}},
		{"佐藤に行く、佐藤です、（佐藤）、佐藤より", []found{{Name, "佐藤"}, {Name, "佐藤"}, {Name, "佐藤"}}},
		{"レンジとレン、レンくん", []found{{Name, "レン"}}},
		{"森林", nil},
		{"あいさつ", nil},
		{"12345", nil},
		// A rune's fold is matched whole: ガ is not カ, é not e.
		{"ヤマダ タロヴ", nil},
		{"José Müllerx", nil},
	} {
		got, err := k.Find(c.text)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		var vals []found
		for _, g := range got {
			vals = append(vals, found{g.Entity, c.text[g.Start:g.End]})
		}
		if !slices.Equal(vals, c.want) {
			t.Errorf("%q: got %v, want %v", c.text, vals, c.want)
		}
	}
}

func TestKnownLongestWins(t *testing.T) {
	k := newKnown(t, KnownValue{Name, "山田太郎"}, KnownValue{Name, "太郎丸"}, KnownValue{Name, "山田"},
		KnownValue{Name, "田太郎丸"})
	got, err := k.Find("山田太郎丸")
	if err != nil {
		t.Fatal(err)
	}
	// 山田太郎 and 田太郎丸 are as long: the earlier wins; 丸 is left.
	if want := []Finding{{Name, 0, 12}}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestKnownWithFinders checks the merge: the finders' findings and the
// known values, the longest winning, a known value on a tie, and Entities
// filtering both.
func TestKnownWithFinders(t *testing.T) {
	k := newKnown(t, KnownValue{Name, "Taro"}, KnownValue{Name, "山田太郎"}, KnownValue{Name, "example"},
		KnownValue{Email, "hanako@example.com"}, KnownValue{Card, "4111 1111 1111 1111"})
	f := newFinder(t, Options{Known: k})
	text := "Taro: 山田太郎 taro@example.com 4111-1111-1111-1111 hanako@example.com 03-1234-5678"
	got, err := f.Find(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []found{{Name, "Taro"}, {Name, "山田太郎"}, {Email, "taro@example.com"}, {Card, "4111-1111-1111-1111"},
		{Email, "hanako@example.com"}, {Phone, "03-1234-5678"}}
	if vals := values(text, got); !slices.Equal(vals, want) {
		t.Errorf("got %v, want %v", vals, want)
	}
	f = newFinder(t, Options{Known: k, Entities: []Entity{Phone}})
	got, _ = f.Find(text)
	if vals := values(text, got); !slices.Equal(vals, []found{{Phone, "03-1234-5678"}}) {
		t.Errorf("Entities phone: got %v", vals)
	}
}

func values(text string, fs []Finding) []found {
	var vals []found
	for _, g := range fs {
		vals = append(vals, found{g.Entity, text[g.Start:g.End]})
	}
	return vals
}

func TestKnownErrors(t *testing.T) {
	const secret = "秘密の山田"
	for _, c := range []struct {
		v    KnownValue
		want error
	}{
		{KnownValue{Name, secret + "\xff"}, ErrInvalidUTF8},
		{KnownValue{0, secret}, ErrEntity},
		{KnownValue{Name + 1, secret}, ErrEntity},
		{KnownValue{Name, strings.Repeat(secret, 100)}, ErrTooLong},
		{KnownValue{Name, strings.Repeat("㍻", 300)}, ErrTooLong}, // 900 bytes that fold to 1,800
	} {
		_, err := NewKnown([]KnownValue{{Name, "山田太郎"}, c.v}, KnownOptions{})
		if !errors.Is(err, c.want) || !errors.Is(err, ErrKnownValue) || !strings.Contains(err.Error(), " 1: ") {
			t.Errorf("%v: got %v, want %v with the index", c.v, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "秘密") {
			t.Errorf("error %q shows the value", err)
		}
	}
	if _, err := NewKnown(nil, KnownOptions{Region: "ZZ"}); !errors.Is(err, ErrRegion) {
		t.Errorf("region ZZ: %v", err)
	}
	k := newKnown(t, KnownValue{Name, "山田太郎"})
	if _, err := k.Find("山田太郎\xff"); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("invalid UTF-8 text: %v", err)
	}
	if _, err := k.Find(strings.Repeat("a", MaxLen+1)); !errors.Is(err, ErrTooLong) {
		t.Errorf("long text: %v", err)
	}
	v := KnownValue{Name, secret}
	for _, s := range []string{v.String(), fmt.Sprintf("%v %+v %#v %s", v, v, v, []KnownValue{v})} {
		if strings.Contains(s, "秘密") {
			t.Errorf("formatted KnownValue %q shows the value", s)
		}
	}
}

// naiveMatches is appendMatches written the slow way: the text's matching
// form with each byte's rune, and every occurrence of every pattern in it
// found by strings.Index.
func naiveMatches(values []KnownValue, text string) []match {
	var form []byte
	var src []int    // per folded byte: the offset of its rune
	var first []bool // per folded byte: the first byte of its rune's fold
	var ends []int   // per folded byte: the end of its rune
	prevDigit := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !dropped(text, i, size, r, prevDigit) {
			n := len(form)
			form = appendFold(form, r)
			for j := n; j < len(form); j++ {
				src, first, ends = append(src, i), append(first, j == n), append(ends, i+size)
			}
			if len(form) > n {
				prevDigit = isDigitByte(form[len(form)-1])
			}
		}
		i += size
	}
	pr, _ := newPhoneRule("JP")
	var d phone.Digits
	entity, bare := map[string]Entity{}, map[string]bool{}
	for _, v := range values {
		for _, s := range knownForms(v, &pr, &d) {
			p, _ := matchingForm(nil, s)
			if !longEnough(s, v.Entity) {
				continue
			}
			b := v.Entity == Name && shortWord(s)
			if e, ok := entity[string(p)]; ok {
				entity[string(p)], bare[string(p)] = min(e, v.Entity), bare[string(p)] && b
			} else {
				entity[string(p)], bare[string(p)] = v.Entity, b
			}
		}
	}
	var ms []match
	for p, e := range entity {
		for at := 0; ; at++ {
			i := strings.Index(string(form[at:]), p)
			if i < 0 {
				break
			}
			at += i
			last := at + len(p) - 1
			if !first[at] || last+1 < len(form) && !first[last+1] {
				continue
			}
			m := match{start: src[at], end: ends[last], entity: e, known: true}
			if boundaryOK(text, m.start, m.end) && (!bare[p] || personContext(text, m.start, m.end)) {
				ms = append(ms, m)
			}
		}
	}
	return ms
}

func sortMatches(ms []match) {
	slices.SortFunc(ms, func(a, b match) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if a.end != b.end {
			return a.end - b.end
		}
		return int(a.entity) - int(b.entity)
	})
}

// TestKnownNaive checks the automaton against naiveMatches on random
// values and texts over a small alphabet, where patterns overlap, nest and
// share prefixes and suffixes.
func TestKnownNaive(t *testing.T) {
	pieces := []string{"a", "b", "A", "ａ", "B", " ", "　", "-", "0", "1", "０", "カ", "ガ", "ｶﾞ", "ﾞ", "山", "田", "・",
		"\u200b", "é", "e\u0301", "ß", "ss", "Σ", "σ", "ς", "㍻", "平成", "+", "@", "さ"}
	r := rand.New(rand.NewPCG(13, 7))
	gen := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	for round := range 300 {
		var values []KnownValue
		for range 1 + r.IntN(12) {
			values = append(values, KnownValue{Entity(1 + r.IntN(int(Name))), gen(1 + r.IntN(6))})
		}
		k, err := NewKnown(values, KnownOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			text := gen(r.IntN(40))
			got := k.appendMatches(nil, text)
			want := naiveMatches(values, text)
			sortMatches(got)
			sortMatches(want)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d: %q in %q:\nautomaton %v\nnaive     %v", round, values, text, got, want)
			}
		}
	}
}

// FuzzKnown checks Known.Find on any text: no panic, the typed error for
// invalid UTF-8, findings sorted, not overlapping, on rune boundaries,
// standing on their own, and each the matching form of a known value.
func FuzzKnown(f *testing.F) {
	for _, s := range []string{"山田太郎さん", "ＹＡＭＡＤＡ　ＴＡＲＯ", "09012345678", "+81 90 1234 5678", "taro.yamada@example.co.jp",
		"マイレンジ", "Kenta Ken", "\xff", "ヤマダ・タロウ", "ﾔﾏﾀﾞﾀﾛｳ"} {
		f.Add(s)
	}
	k := newKnown(f, knownFixture...)
	forms := map[string]bool{}
	pr, _ := newPhoneRule("JP")
	var d phone.Digits
	for _, v := range knownFixture {
		for _, s := range knownForms(v, &pr, &d) {
			if longEnough(s, v.Entity) {
				p, _ := matchingForm(nil, s)
				forms[string(p)] = true
			}
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := k.Find(text)
		if !utf8.ValidString(text) {
			if !errors.Is(err, ErrInvalidUTF8) {
				t.Fatalf("invalid UTF-8: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		end := 0
		for _, g := range got {
			if g.Start < end || g.End <= g.Start || !utf8.RuneStart(text[g.Start]) || g.End < len(text) && !utf8.RuneStart(text[g.End]) {
				t.Fatalf("findings %v out of order, overlapping or cutting a rune", got)
			}
			end = g.End
			if p, _ := matchingForm(nil, text[g.Start:g.End]); !forms[string(p)] {
				t.Fatalf("finding %v is no known value", g)
			}
			if !boundaryOK(text, g.Start, g.End) {
				t.Fatalf("finding %v does not stand on its own", g)
			}
		}
	})
}

func ExampleNewKnown() {
	k, err := NewKnown([]KnownValue{
		{Entity: Name, Value: "山田 太郎"},
		{Entity: Phone, Value: "090-1234-5678"},
	}, KnownOptions{})
	if err != nil {
		panic(err)
	}
	f, err := New(Options{Known: k})
	if err != nil {
		panic(err)
	}
	text := "山田　太郎さんの番号は０９０ １２３４ ５６７８、taro@example.comです"
	found, _ := f.Find(text)
	for _, x := range found {
		fmt.Println(x.Entity, text[x.Start:x.End])
	}
	// Output:
	// name 山田　太郎
	// phone ０９０ １２３４ ５６７８
	// email taro@example.com
}

// The fold tables give what the normalization tables give.
func TestFoldTables(t *testing.T) {
	for r := rune(0x2F00); r <= 0xFFFF; r++ {
		if got, want := string(appendFold(nil, r)), string(appendFoldSlow(nil, r)); got != want {
			t.Errorf("%U: fold %q, want %q", r, got, want)
		}
	}
	if got := string(appendFold(nil, 'ガ')); got != "カ\u3099" {
		t.Errorf("ガ folds to %q, want カ and U+3099", got)
	}
	if got := string(appendFold(nil, 'Ａ')); got != "a" {
		t.Errorf("Ａ folds to %q, want a", got)
	}
}

// AppendChecked's plain findings are those of a Finder without the known
// values, and its findings those of Append.
func TestAppendCheckedPlain(t *testing.T) {
	values := knownUsers(300)
	k, err := NewKnown(values, KnownOptions{})
	if err != nil {
		t.Fatal(err)
	}
	withKnown, plainFinder := newFinder(t, Options{Known: k}), newFinder(t, Options{})
	texts := append(slices.Clone(messages), values[0].Value+"さん、"+values[1].Value+"に電話して", "Write to "+values[2].Value+" or 090-1234-5678")
	for _, text := range texts {
		var plain []Finding
		fs, stopped, err := withKnown.AppendChecked(nil, &plain, text)
		if err != nil || len(stopped) > 0 {
			t.Fatal(text, stopped, err)
		}
		want, _ := withKnown.Find(text)
		wantPlain, _ := plainFinder.Find(text)
		if !slices.Equal(fs, want) || !slices.Equal(plain, wantPlain) {
			t.Errorf("%q: AppendChecked = %v, %v; want %v, %v", text, fs, plain, want, wantPlain)
		}
	}
}
