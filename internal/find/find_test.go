package find

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/piikit/piikit/records/synthetic"
)

// found is one expected finding: its entity and the text it covers.
type found struct {
	e Entity
	v string
}

func newFinder(t testing.TB, opts Options) *Finder {
	t.Helper()
	f, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// myNumber returns the 11 digits first11 with their check digit (computed
// by records/synthetic, an implementation of its own), the groups of four
// joined by sep.
func myNumber(first11, sep string) string {
	d := first11 + string(synthetic.MyNumberCheckDigit(first11))
	if sep == "" {
		return d
	}
	return d[:4] + sep + d[4:8] + sep + d[8:]
}

// wrongCheck returns a My Number with its check digit off by one.
func wrongCheck(first11 string) string {
	c := synthetic.MyNumberCheckDigit(first11)
	return first11 + string('0'+(c-'0'+1)%10)
}

// fullWidth writes the ASCII digits and hyphens of s in full width.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case '0' <= r && r <= '9':
			return r - '0' + '０'
		case r == '-':
			return '－'
		}
		return r
	}, s)
}

func check(t *testing.T, f *Finder, text string, want []found) {
	t.Helper()
	got, err := f.Find(text)
	if err != nil {
		t.Fatalf("Find(%q): %v", text, err)
	}
	var g []found
	for _, x := range got {
		g = append(g, found{x.Entity, text[x.Start:x.End]})
	}
	if len(g) != len(want) {
		t.Fatalf("Find(%q) = %v, want %v", text, g, want)
	}
	for i := range g {
		if g[i] != want[i] {
			t.Fatalf("Find(%q) = %v, want %v", text, g, want)
		}
	}
}

func TestPhones(t *testing.T) {
	f := newFinder(t, Options{})
	for _, c := range []struct{ text, phone string }{
		{"090-1234-5678", "090-1234-5678"},
		{"09012345678", "09012345678"},
		{"+81 90 1234 5678", "+81 90 1234 5678"},
		{"+81-90-1234-5678", "+81-90-1234-5678"},
		{"+819012345678", "+819012345678"},
		{"+81 (0)90-1234-5678", "+81 (0)90-1234-5678"},
		{"(090)1234-5678", "(090)1234-5678"},
		{"(03) 1234-5678", "(03) 1234-5678"},
		{"03(1234)5678", "03(1234)5678"},
		{"０９０－１２３４－５６７８", "０９０－１２３４－５６７８"},
		{"０９０１２３４５６７８", "０９０１２３４５６７８"},
		{"（０９０）１２３４－５６７８", "（０９０）１２３４－５６７８"},
		{"090ー1234ー5678", "090ー1234ー5678"},
		{"090 1234 5678", "090 1234 5678"},
		{"090.1234.5678", "090.1234.5678"},
		{"03-1234-5678", "03-1234-5678"},
		{"06-6123-4567", "06-6123-4567"},
		{"0120-123-456", "0120-123-456"},
		{"050-1234-5678", "050-1234-5678"},
		{"電話は09012345678です", "09012345678"},
		{"09012345678に電話して", "09012345678"},
		{"携帯：090-1234-5678、よろしく", "090-1234-5678"},
		{"TEL:03-1234-5678", "03-1234-5678"},
		{"Tel.090-1234-5678", "090-1234-5678"},
		{"TEL03-1234-5678", "03-1234-5678"},
		{"番号(090-1234-5678)です", "090-1234-5678"},
		{"call +1 415-555-2671 now", "+1 415-555-2671"},
		{"call +1 (415) 555-2671", "+1 (415) 555-2671"},
		{"London +44 20 7946 0958.", "+44 20 7946 0958"},
		{"Paris +33 1 23 45 67 89", "+33 1 23 45 67 89"},
		{"＋８１　９０　１２３４　５６７８", "＋８１　９０　１２３４　５６７８"},
		{"3人 090-1234-5678", "090-1234-5678"},
		{"2021-03-17 03-1234-5678", "03-1234-5678"},
	} {
		t.Run(c.text, func(t *testing.T) { check(t, f, c.text, []found{{Phone, c.phone}}) })
	}
	t.Run("two", func(t *testing.T) {
		check(t, f, "携帯090-1234-5678 自宅 03-1234-5678", []found{{Phone, "090-1234-5678"}, {Phone, "03-1234-5678"}})
		check(t, f, "090 1234 5678 03 1234 5678", []found{{Phone, "090 1234 5678"}, {Phone, "03 1234 5678"}})
	})
}

func TestRegion(t *testing.T) {
	us := newFinder(t, Options{Region: "us"})
	check(t, us, "call (415) 555-2671", []found{{Phone, "(415) 555-2671"}})
	check(t, us, "090-1234-5678", nil)
	check(t, us, "+81 90 1234 5678", []found{{Phone, "+81 90 1234 5678"}})
	if _, err := New(Options{Region: "XX"}); !errors.Is(err, ErrRegion) {
		t.Errorf("New(XX) = %v, want ErrRegion", err)
	}
	if _, err := New(Options{Entities: []Entity{0}}); !errors.Is(err, ErrEntity) {
		t.Errorf("New(entity 0) = %v, want ErrEntity", err)
	}
}

// TestOrdinaryNumbers lists numbers that are not personal values: none is
// found.
func TestOrdinaryNumbers(t *testing.T) {
	f := newFinder(t, Options{})
	for _, text := range []string{
		"2021-03-17", "2021/03/17", "2021.03.17", "3月17日", "令和3年3月17日", "1,980円", "¥12,345", "￥12,345", "$1,234.56",
		"12,345,678円", "A-1234567", "注文番号A-1234567", "1234-5678-9012", "伝票番号 1234-5678-9012",
		"〒100-0001", "〒１００－０００１", "12:30", "12:30:45", "10時30分", "2021年", "3個", "50%", "09012345678円",
		"version 1.2.3", "192.168.0.1", "0.5", "x09012345678", "ID09012345678", "09012345678abc",
		"090-1234-5678-1", "1090-1234-5678", "09012345678901", "１２３０９０１２３４５６７８", "#09012345678",
		"20210317", "1234567", "9012345678", "0000000000", "090-0000-0000",
		"注文番号 " + myNumber("12345678901", ""), "order " + myNumber("98765432109", "-"),
		"マイナンバー " + wrongCheck("12345678901"), "1234567890128", "4111 1111 1111 1112",
		"4111-1111 1111-1111", "@taro", "taro@", "taro@localhost", "a@b", "me@1,980", "taro@-example.com",
		"3 1/2", "1-2-3", "第1234567890号", "電話番号は未定です", "",
	} {
		t.Run(text, func(t *testing.T) { check(t, f, text, nil) })
	}
}

func TestEmails(t *testing.T) {
	f := newFinder(t, Options{})
	for _, c := range []struct{ text, email string }{
		{"taro@example.com", "taro@example.com"},
		{"Taro.Yamada+tag@Example.CO.JP", "Taro.Yamada+tag@Example.CO.JP"},
		{"メールはtaro@example.co.jpまで", "taro@example.co.jp"},
		{"taro@example.jpへ送って", "taro@example.jp"},
		{"ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＣＯＭ", "ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＣＯＭ"},
		{"連絡先taro＠example.comです", "taro＠example.com"},
		{"taro﹫example.com", "taro﹫example.com"},
		{"宛先はtaro@例え.jpです", "taro@例え.jp"},
		{"taro@ドメイン名例.jpまで", "taro@ドメイン名例.jp"},
		{"taro@例え.テスト です", "taro@例え.テスト"},
		{"taro@example.日本です", "taro@example.日本です"},
		{"taro@例え.コムです", "taro@例え.コム"},
		{"taro@例え.未知です", "taro@例え.未知です"},
		{"taro@例え.jp.次は", "taro@例え.jp"},
		{"taro@example.com.次は", "taro@example.com"},
		{"a@xn--r8jz45g.jp", "a@xn--r8jz45g.jp"},
		{"<taro@example.com>", "taro@example.com"},
		{"(taro@example.com)", "taro@example.com"},
		{"'taro@example.com'", "taro@example.com"},
		{"mailto:taro@example.com", "taro@example.com"},
		{"write to taro@example.com.", "taro@example.com"},
		{"taro@example.com。", "taro@example.com"},
		{"taro@docomo.ne.jp、", "taro@docomo.ne.jp"},
		{"TARO@EXAMPLE.COM", "TARO@EXAMPLE.COM"},
		{"josé@example.com", "josé@example.com"},
		{"09012345678@docomo.ne.jp", "09012345678@docomo.ne.jp"},
		{"taro@example.com-", "taro@example.com"},
	} {
		t.Run(c.text, func(t *testing.T) { check(t, f, c.text, []found{{Email, c.email}}) })
	}
	t.Run("two", func(t *testing.T) {
		check(t, f, "a@example.com,b@example.org", []found{{Email, "a@example.com"}, {Email, "b@example.org"}})
	})
}

func TestCards(t *testing.T) {
	f := newFinder(t, Options{})
	for _, c := range []struct{ text, card string }{
		{"4111 1111 1111 1111", "4111 1111 1111 1111"},
		{"4111-1111-1111-1111", "4111-1111-1111-1111"},
		{"4111111111111111", "4111111111111111"},
		{"カード番号は5555555555554444です", "5555555555554444"},
		{"Amex 3782 822463 10005", "3782 822463 10005"},
		{"JCB 3530-1113-3330-0000.", "3530-1113-3330-0000"},
		{"Diners 3056 930902 5904", "3056 930902 5904"},
		{"4222222222222", "4222222222222"},
		{"６０１１　１１１１　１１１１　１１１７", "６０１１　１１１１　１１１１　１１１７"},
		{fullWidth("3782-822463-10005"), fullWidth("3782-822463-10005")},
		{"4111 1111 1111 1111 2025", "4111 1111 1111 1111"},
		{"card:4111111111111111,exp", "4111111111111111"},
	} {
		t.Run(c.text, func(t *testing.T) { check(t, f, c.text, []found{{Card, c.card}}) })
	}
}

func TestMyNumbers(t *testing.T) {
	f := newFinder(t, Options{})
	for _, c := range []struct{ text, mn string }{
		{"マイナンバーは" + myNumber("12345678901", "") + "です", myNumber("12345678901", "")},
		{"個人番号：" + myNumber("98765432109", " "), myNumber("98765432109", " ")},
		{"My Number: " + myNumber("11122233344", "-"), myNumber("11122233344", "-")},
		{"MY NUMBER " + myNumber("11122233344", ""), myNumber("11122233344", "")},
		{myNumber("55566677788", "") + "（マイナンバー）", myNumber("55566677788", "")},
		{"マイナンバーカードの番号\n" + myNumber("24680135791", " "), myNumber("24680135791", " ")},
		{"ﾏｲﾅﾝﾊﾞｰ " + fullWidth(myNumber("10293847561", "-")), fullWidth(myNumber("10293847561", "-"))},
		{"ｍｙ　ｎｕｍｂｅｒ " + myNumber("12345678901", "　"), myNumber("12345678901", "　")},
	} {
		t.Run(c.text, func(t *testing.T) { check(t, f, c.text, []found{{MyNumber, c.mn}}) })
	}
	far := "マイナンバーのことで、先週お問い合わせいただいた件ですが、注文番号は" + myNumber("12345678901", "")
	check(t, f, far, nil)
}

func TestOverlaps(t *testing.T) {
	f := newFinder(t, Options{})
	check(t, f, "0312345678@example.com", []found{{Email, "0312345678@example.com"}})
	phones := newFinder(t, Options{Entities: []Entity{Phone}})
	check(t, phones, "taro@example.com 090-1234-5678", []found{{Phone, "090-1234-5678"}})
	check(t, phones, "4111 1111 1111 1111", nil)
}

func TestErrors(t *testing.T) {
	f := newFinder(t, Options{})
	dst := []Finding{{Phone, 1, 2}}
	out, err := f.Append(dst, "090-1234-5678 \xff")
	if !errors.Is(err, ErrInvalidUTF8) || len(out) != 1 {
		t.Errorf("invalid UTF-8: %v, %v", out, err)
	}
	if _, err := f.Find(strings.Repeat("a", MaxLen+1)); !errors.Is(err, ErrTooLong) {
		t.Errorf("long text: %v", err)
	}
	if strings.Contains(err.Error(), "090") {
		t.Errorf("error quotes the text: %v", err)
	}
	if s := (Finding{Phone, 3, 16}).String(); s != "phone[3:16]" {
		t.Errorf("String = %q", s)
	}
	if s := Entity(9).String(); s != "invalid" {
		t.Errorf("String = %q", s)
	}
}

func TestResolve(t *testing.T) {
	in := []Finding{
		{Phone, 0, 10}, {Email, 5, 20}, {Card, 20, 30}, {Phone, 25, 40}, {MyNumber, 30, 42},
		{Phone, 50, 60}, {Card, 45, 55}, {Phone, 60, 70}, {Email, 70, 80},
	}
	got := resolve(append([]Finding{{Phone, 100, 101}}, in...), 1)
	want := []Finding{{Phone, 100, 101}, {Email, 5, 20}, {Card, 20, 30}, {MyNumber, 30, 42}, {Card, 45, 55}, {Phone, 60, 70}, {Email, 70, 80}}
	if !slices.Equal(got, want) {
		t.Errorf("resolve = %v, want %v", got, want)
	}
}

// A known IDN top-level domain ends an address glued to Japanese text.
func TestEmailIDNTopLevelDomain(t *testing.T) {
	f, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"アドレスtaro@例え.テストであってますか":     "taro@例え.テスト",
		"taro＠例え.コムです":               "taro＠例え.コム",
		"宛先hanako@mail.例え.みんなにPDF送付": "hanako@mail.例え.みんな",
		"taro@例え.未知です":               "taro@例え.未知です", // unknown: the whole run, protected
	} {
		got, err := f.Find(text)
		if err != nil || len(got) != 1 || text[got[0].Start:got[0].End] != want {
			t.Errorf("Find(%q) = %v, %v; want %q", text, got, err, want)
		}
	}
}

// TestStopped: AppendChecked reports a phone, card or My Number skipped
// only because a stop character stands next to it, and only that: not an
// amount or a count, not a number skipped for another reason, not one an
// email covers, not an entity the Finder does not look for.
func TestStopped(t *testing.T) {
	f := newFinder(t, Options{})
	mn := myNumber("12345678901", "")
	for _, text := range []string{
		"tel 090-1234-5678=田中", "4111 1111 1111 1111=visa", "tel_090-1234-5678", "090-1234-5678@",
		"order #4111111111111111", "user_09012345678", "09012345678円", "#09012345678", "#+81 90 1234 5678",
		"＃（090）1234-5678", "マイナンバー #" + mn, "マイナンバー " + mn + "％", "¥" + fullWidth("090-1234-5678"),
	} {
		fs, stopped, err := f.AppendChecked(nil, nil, text)
		if err != nil || len(stopped) == 0 {
			t.Errorf("%q: AppendChecked = %v, %v, %v; want stopped", text, fs, stopped, err)
		}
	}
	for _, text := range []string{
		"¥1,234,567", "100%", "3万円", "x=42", "#123", "a_1", "phone=090-1234-5678", "1,980円", "〒100-0001",
		"x09012345678", "09012345678abc", "mail 09012345678@example.com", "order #" + mn, "#1234567890128",
		"#4111 1111 1111 1112", "id_20210317", "¥12,345 と 090-1234-5678",
	} {
		fs, stopped, err := f.AppendChecked(nil, nil, text)
		if err != nil || len(stopped) > 0 {
			t.Errorf("%q: AppendChecked = %v, %v, %v; want not stopped", text, fs, stopped, err)
		}
	}
	cards := newFinder(t, Options{Entities: []Entity{Card}})
	if _, stopped, _ := cards.AppendChecked(nil, nil, "user_09012345678"); len(stopped) > 0 {
		t.Error("a Finder of cards reports a phone")
	}
	// Findings already in dst are not those of the text.
	dst := []Finding{{Entity: Phone, Start: 0, End: 30}}
	if _, stopped, _ := f.AppendChecked(dst, nil, "user_09012345678"); len(stopped) == 0 {
		t.Error("a finding of dst covers the text's number")
	}
}

// TestStoppedSpans: AppendChecked returns each stopped number with its
// entity and where it stands, as a scan counts them.
func TestStoppedSpans(t *testing.T) {
	f := newFinder(t, Options{})
	for _, tc := range []struct {
		text, number string
		entity       Entity
	}{
		{"tel_090-1234-5678", "090-1234-5678", Phone},
		{"order #4111111111111111 ok", "4111111111111111", Card},
		{"a 090-1234-5678=田中 b", "090-1234-5678", Phone},
	} {
		_, stopped, err := f.AppendChecked(nil, nil, tc.text)
		start := strings.Index(tc.text, tc.number)
		want := []Finding{{Entity: tc.entity, Start: start, End: start + len(tc.number)}}
		if err != nil || !slices.Equal(stopped, want) {
			t.Errorf("%q: stopped = %v, %v; want %v", tc.text, stopped, err, want)
		}
	}
}
