package freetext_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/surrogate"
	"github.com/piikit/piikit/tokenize"
)

// lineRules is the policy: the rules of the LINE-like messages.
func lineRules() map[kind.Kind]freetext.Rule {
	return map[kind.Kind]freetext.Rule{
		kind.Phone:    {Transform: kind.Mask, Field: kind.Field{Domain: "line.phone"}},
		kind.Email:    {Transform: kind.Mask, Field: kind.Field{Domain: "line.email"}},
		kind.MyNumber: {Transform: kind.Token, Field: kind.Field{Domain: "line.my_number"}},
		kind.Card:     {Transform: kind.Mask, Field: kind.Field{Domain: "line.card"}},
		kind.Name:     {Transform: kind.Mask, Field: kind.Field{Domain: "line.name"}},
	}
}

func newProtector(t testing.TB, opts freetext.Options) *freetext.Protector {
	t.Helper()
	if opts.Rules == nil {
		opts.Rules = lineRules()
	}
	p, err := freetext.New(keysettest.PRF(), keysettest.DeterministicAEAD(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// An entity rule with a column's domain and scope replaces a value with
// exactly the column's output: the masker, tokenizer and pseudonymizer of
// the column are built here independently of freetext.
func TestSameOutputAsColumn(t *testing.T) {
	const phone, email, card, myNumber = "090-1234-5678", "taro.yamada@example.co.jp", "4111 1111 1111 1111", "123456789018"
	col := func(k kind.Kind, domain string) kind.Field {
		f := kind.Field{Kind: k, Domain: domain, Scope: "acme"}
		if k == kind.Phone {
			f.Region = "JP"
		}
		return f
	}
	maskOf := func(k kind.Kind, domain, v string) string {
		m, err := mask.New(keysettest.PRF(), col(k, domain))
		if err != nil {
			t.Fatal(err)
		}
		out, err := m.Mask(v)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	tok, err := tokenize.NewTokenizer(keysettest.DeterministicAEAD(), col(kind.MyNumber, "line.my_number"))
	if err != nil {
		t.Fatal(err)
	}
	myTok, err := tok.Token(myNumber)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := tokenize.NewPseudonymizer(keysettest.PRF(), col(kind.Card, "line.card"))
	if err != nil {
		t.Fatal(err)
	}
	cardPs, err := ps.Pseudonym(card)
	if err != nil {
		t.Fatal(err)
	}
	rules := lineRules()
	p := newProtector(t, freetext.Options{Rules: rules, Scope: "acme"})
	text := "電話は" + phone + "です。メールは" + email + "まで。マイナンバーは" + myNumber + "、カード " + card
	got, err := p.Protect(text)
	if err != nil {
		t.Fatal(err)
	}
	want := "電話は" + maskOf(kind.Phone, "line.phone", phone) + "です。メールは" + maskOf(kind.Email, "line.email", email) +
		"まで。マイナンバーはMYNUMBER(" + itoa(len(myTok)) + "):" + myTok + "、カード " + maskOf(kind.Card, "line.card", card)
	if got != want {
		t.Errorf("Protect:\n got %s\nwant %s", got, want)
	}

	rules[kind.Card] = freetext.Rule{Transform: kind.Pseudonym, Field: kind.Field{Domain: "line.card"}}
	p = newProtector(t, freetext.Options{Rules: rules, Scope: "acme"})
	got, err = p.Protect("card " + card + " ok")
	if err != nil {
		t.Fatal(err)
	}
	if want := "card CARD(" + itoa(len(cardPs)) + "):" + cardPs + " ok"; got != want {
		t.Errorf("pseudonym: got %s, want %s", got, want)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestKnownNames(t *testing.T) {
	p := newProtector(t, freetext.Options{Known: []freetext.KnownValue{
		{Entity: kind.Name, Value: "山田 太郎"},
		{Entity: kind.Name, Value: "Taro Yamada"},
		{Entity: kind.Phone, Value: "090-1234-5678"},
	}})
	for _, tc := range []struct{ text, name, rest string }{
		{"山田太郎さん、明日よろしく", "山田太郎", "さん、明日よろしく"},
		{"ＴＡＲＯ　ＹＡＭＡＤＡ様", "ＴＡＲＯ　ＹＡＭＡＤＡ", "様"},
	} {
		res, err := p.ProtectResult(tc.text)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(res.Text, tc.name) || !strings.HasSuffix(res.Text, tc.rest) || res.Replaced != 1 || res.Irreversible != 1 {
			t.Errorf("%q → %q (%d replaced, %d irreversibly)", tc.text, res.Text, res.Replaced, res.Irreversible)
		}
	}
}

func TestBadInput(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, tc := range []struct {
		name, text string
		want       error
	}{
		{"invalid UTF-8", "電話は090-1234-5678\xffです", freetext.ErrInvalidUTF8},
		{"too long", strings.Repeat("あ", freetext.MaxLen/3+1), freetext.ErrTooLong},
		{"control", "電話は090-1234-5678\x07です", freetext.ErrInvalidValue},
		{"escape", "\x1b[31m090-1234-5678", freetext.ErrInvalidValue},
		{"bidi override", "call \u202e8765-4321-090", freetext.ErrInvalidValue},
		{"bidi isolate", "call \u2066090-1234-5678\u2069", freetext.ErrInvalidValue},
		{"zero-width space in a phone", "090\u200b1234\u200b5678", freetext.ErrInvalidValue},
		{"zero-width joiner in a phone", "090\u200d1234-5678", freetext.ErrInvalidValue},
		{"soft hyphen", "090\u00ad1234\u00ad5678", freetext.ErrInvalidValue},
		{"nothing but a number", "123456789012", freetext.ErrInvalidValue},
		{"nothing but numbers", " 1234 5678 9012\n", freetext.ErrInvalidValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := p.Protect(tc.text)
			if !errors.Is(err, tc.want) || out != "" {
				t.Fatalf("Protect = %q, %v; want \"\", %v", out, err, tc.want)
			}
			if _, err := p.Find(tc.text); !errors.Is(err, tc.want) {
				t.Errorf("Find: %v, want %v", err, tc.want)
			}
			if strings.Contains(err.Error(), "090") || strings.Contains(err.Error(), "1234") {
				t.Errorf("error shows the text: %v", err)
			}
		})
	}
	// Ordinary texts with tabs, line breaks and emoji joined by ZWJ pass.
	for _, ok := range []string{"了解\tです\r\nまた明日", "👨\u200d👩\u200d👧 家族で", "3", "12345", "090-1234-5678"} {
		if _, err := p.Protect(ok); err != nil {
			t.Errorf("Protect(%q): %v", ok, err)
		}
	}
}

// A value found that its rule cannot replace fails the whole text.
func TestUnreplaceableFailsClosed(t *testing.T) {
	rules := lineRules()
	// A card mask that keeps more digits than a card has cannot mask one.
	rules[kind.Card] = freetext.Rule{Transform: kind.Mask, Field: kind.Field{Domain: "line.card", Keep: &kind.Span{First: 8, Last: 8}}}
	p := newProtector(t, freetext.Options{Rules: rules})
	out, err := p.Protect("カード 4111 1111 1111 1111 で")
	if err == nil || out != "" || !errors.Is(err, freetext.ErrInvalidValue) && !errors.Is(err, mask.ErrTooShort) {
		t.Fatalf("Protect = %q, %v; want an error", out, err)
	}
}

func TestRevealRoundTrip(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	root, _ := p.KeyIDs()
	text := "山田さんの電話は090-1234-5678、メールはtaro.yamada@example.co.jp、マイナンバー 1234 5678 9018、カード4111-1111-1111-1111です。注文番号 1234-5678-9012"
	prot, err := p.Protect(text)
	if err != nil {
		t.Fatal(err)
	}
	var events []audit.Event
	hook := func(_ context.Context, ev audit.Event) error { events = append(events, ev); return nil }
	req := audit.Request{Actor: "alice", Reason: "ticket 42"}
	got, n, err := p.Reveal(context.Background(), hook, req, root, prot)
	if err != nil {
		t.Fatal(err)
	}
	// The My Number token gives the normalized value (12 digits).
	want := strings.Replace(text, "1234 5678 9018", "123456789018", 1)
	// Names masked in text are not reversed.
	want = strings.Replace(want, "山田", prot[:strings.Index(prot, "さん")], 1)
	if got != want || n != 4 {
		t.Errorf("Reveal = %q (%d)\nwant     %q (4)", got, n, want)
	}
	if len(events) != 4 {
		t.Errorf("%d audit events, want one per entity: %+v", len(events), events)
	}
	// A failing hook reveals nothing.
	fail := func(context.Context, audit.Event) error { return errors.New("no") }
	if got, _, err := p.Reveal(context.Background(), fail, req, root, prot); err == nil || got != "" {
		t.Errorf("Reveal with a failing hook = %q, %v", got, err)
	}
}

// A known phone written in a layout the finders do not read is replaced,
// counted as irreversible (reversal would not find its mask again), and
// the text is not refused (without the known value it is).
func TestKnownPhoneOddLayout(t *testing.T) {
	p := newProtector(t, freetext.Options{Known: []freetext.KnownValue{{Entity: kind.Phone, Value: "090-1234-5678"}}})
	plain := newProtector(t, freetext.Options{})
	const text = "番号は0 9 0 1 2 3 4 5 6 7 8です"
	// The finders do not read it, and without the known value the text is
	// refused (spelled out: SPEC.md §9.2).
	if fs, err := plain.Find(text); !errors.Is(err, freetext.ErrInvalidValue) || len(fs) != 0 {
		t.Fatalf("the finders read the layout (%v, %v): pick another", fs, err)
	}
	res, err := p.ProtectResult(text)
	if err != nil {
		t.Fatal(err)
	}
	if res.Replaced != 1 || res.Irreversible != 1 || strings.Contains(res.Text, "2 3 4 5 6 7 8") {
		t.Errorf("%q → %q, %d replaced, %d irreversibly", text, res.Text, res.Replaced, res.Irreversible)
	}
}

// Names are reversible in text when their rule is a token: the marker
// finds them again.
func TestRevealNameTokens(t *testing.T) {
	p := newProtector(t, freetext.Options{
		Rules: map[kind.Kind]freetext.Rule{kind.Name: {Transform: kind.Token, Field: kind.Field{Domain: "line.name"}}},
		Known: []freetext.KnownValue{{Entity: kind.Name, Value: "山田太郎"}},
	})
	prot, err := p.Protect("山田太郎さん、NAME(3):abc はただの文字")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(prot, "NAME(") || strings.Contains(prot, "山田") {
		t.Fatalf("Protect = %q", prot)
	}
	hook := func(context.Context, audit.Event) error { return nil }
	got, n, err := p.Reveal(context.Background(), hook, audit.Request{Actor: "a", Reason: "r"}, 0, prot)
	if err != nil {
		t.Fatal(err)
	}
	// Text that only looks like a marker stays as it is.
	if want := "山田太郎さん、NAME(3):abc はただの文字"; got != want || n != 1 {
		t.Errorf("Reveal = %q, %d; want %q, 1", got, n, want)
	}
}

// A surrogate rule writes the surrogate a column of its domain writes
// (SPEC.md §8 vectors: in users.name, 山田 太郎 → 広岡 景子 and 山田さん →
// 広岡さん): 山田さん in a message gets the surname of 山田 太郎, honorifics
// kept. It is irreversible, and Reveal leaves it.
func TestSurrogateRule(t *testing.T) {
	p := newProtector(t, freetext.Options{
		Rules: map[kind.Kind]freetext.Rule{
			kind.Name: {Transform: kind.Surrogate, Field: kind.Field{Domain: "users.name"}},
		},
		Known: []freetext.KnownValue{{Entity: kind.Name, Value: "山田 太郎"}, {Entity: kind.Name, Value: "山田"}},
	})
	for _, tc := range []struct{ in, want string }{
		{"山田 太郎様、ご予約ありがとうございます", "広岡 景子様、ご予約ありがとうございます"},
		{"山田さん、明日の件よろしく", "広岡さん、明日の件よろしく"},
	} {
		res, err := p.ProtectResult(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if res.Text != tc.want || res.Replaced != 1 || res.Irreversible != 1 {
			t.Errorf("%q → %q (%d replaced, %d irreversibly), want %q (1, 1)", tc.in, res.Text, res.Replaced, res.Irreversible, tc.want)
		}
		hook := func(context.Context, audit.Event) error { return nil }
		back, n, err := p.Reveal(context.Background(), hook, audit.Request{Actor: "a", Reason: "r"}, keysettest.PRFKeyID, res.Text)
		if err != nil || back != res.Text || n != 0 {
			t.Errorf("Reveal(%q) = %q, %d, %v; want it unchanged", res.Text, back, n, err)
		}
	}
	if p.Reversible() {
		t.Error("a surrogate rule is reversible")
	}
	fs, err := p.Find("山田さん")
	if err != nil || len(fs) != 1 || fs[0].Transform != kind.Surrogate || fs[0].Domain != "users.name" {
		t.Errorf("Find = %v, %v; want one name with the surrogate rule", fs, err)
	}
}

// Surrogates replace names only, and need the root keyset.
func TestSurrogateRuleRefused(t *testing.T) {
	for name, tc := range map[string]struct {
		rule freetext.Rule
		e    kind.Kind
	}{
		"phone":     {freetext.Rule{Transform: kind.Surrogate, Field: kind.Field{Domain: "users.phone"}}, kind.Phone},
		"no domain": {freetext.Rule{Transform: kind.Surrogate}, kind.Name},
	} {
		_, err := freetext.New(keysettest.PRF(), nil, freetext.Options{Rules: map[kind.Kind]freetext.Rule{tc.e: tc.rule}})
		if !errors.Is(err, kind.ErrOption) {
			t.Errorf("%s: err = %v, want kind.ErrOption", name, err)
		}
	}
	_, err := freetext.New(nil, nil, freetext.Options{Rules: map[kind.Kind]freetext.Rule{kind.Name: {Transform: kind.Surrogate, Field: kind.Field{Domain: "users.name"}}}})
	if !errors.Is(err, kind.ErrOption) {
		t.Errorf("without root: err = %v, want kind.ErrOption", err)
	}
}

// Under a mask rule, a name too short for the mask gets the surrogate of
// the rule's domain: the one a surrogate column of that domain gives it.
func TestShortNameSurrogateDomain(t *testing.T) {
	p := newProtector(t, freetext.Options{
		Rules: map[kind.Kind]freetext.Rule{kind.Name: {Transform: kind.Mask, Field: kind.Field{Domain: "users.name"}}},
		Known: []freetext.KnownValue{{Entity: kind.Name, Value: "レン"}, {Entity: kind.Name, Value: "Ken"}},
	})
	s, err := surrogate.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	if err != nil {
		t.Fatal(err)
	}
	ren, _ := s.Given("レン") // one word not on the surname list: a given name
	ken, _ := s.Given("Ken")
	for in, want := range map[string]string{
		"レンさん、明日の件よろしく":   ren + "さん、明日の件よろしく",
		"Hi Ken, see you": "Hi " + ken + ", see you",
	} {
		res, err := p.ProtectResult(in)
		if err != nil || res.Text != want || res.Irreversible != 1 {
			t.Errorf("%q → %q (%d irreversibly), %v; want %q", in, res.Text, res.Irreversible, err, want)
		}
	}
}

// An email whose local part is not ASCII (山田太郎@example.co.jp): the
// finders read ASCII local parts only, and would leave the name in it.
func TestNonASCIILocalPartRefused(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{"mail 山田太郎@example.co.jp", "連絡先：やまだ＠example.jp まで", "mail müller@example.de"} {
		out, err := p.Protect(text)
		if !errors.Is(err, freetext.ErrInvalidValue) {
			t.Errorf("%q came out as %q (%v)", text, out, err)
		}
	}
	for _, text := range []string{"田中さん@会議室", "山田@home"} {
		if _, err := p.Protect(text); err != nil {
			t.Errorf("%q: %v", text, err)
		}
	}
}
