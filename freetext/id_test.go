package freetext_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/tokenize"
)

const userPattern = `U[0-9]{8}`

func idRules(r freetext.Rule) map[kind.Kind]freetext.Rule {
	rules := lineRules()
	rules[kind.ID] = r
	return rules
}

// The rules of IDs give exactly the outputs of the users table's user_id
// column of the same domain and scope, computed here with tokenize and
// mask directly.
func TestIDSameOutputAsColumn(t *testing.T) {
	col := kind.Field{Kind: kind.ID, Domain: "users.user_id", Scope: "acme"}
	ps, err := tokenize.NewPseudonymizer(keysettest.PRF(), col)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := tokenize.NewTokenizer(keysettest.DeterministicAEAD(), col)
	if err != nil {
		t.Fatal(err)
	}
	maskCol := col
	maskCol.Pattern = userPattern
	m, err := mask.New(keysettest.PRF(), maskCol)
	if err != nil {
		t.Fatal(err)
	}
	must := func(s string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	marked := func(e, s string) string { return e + "(" + strconv.Itoa(len(s)) + "):" + s }
	const id = "U10007919"
	idField := kind.Field{Domain: "users.user_id", Pattern: userPattern}
	for _, c := range []struct {
		transform kind.Transform
		text      string
		want      string
	}{
		{kind.Pseudonym, "友達追加してね ID: " + id + " です", "友達追加してね ID: " + marked("ID", must(ps.Pseudonym(id))) + " です"},
		// A full-width ID is the same ID (tokenize's normalization, NFKC).
		{kind.Pseudonym, "ＩＤ：Ｕ１０００７９１９", "ＩＤ：" + marked("ID", must(ps.Pseudonym(id)))},
		{kind.Token, "my account is " + id, "my account is " + marked("ID", must(tok.Token(id)))},
		{kind.Mask, "my account is " + id + ".", "my account is " + must(m.Mask(id)) + "."},
		// A full-width ID is masked in its NFKC form.
		{kind.Mask, "ＩＤ：Ｕ１０００７９１９", "ＩＤ：" + must(m.Mask(id))},
		{freetext.Redact, "my account is " + id, "my account is [ID]"},
	} {
		f := idField
		if c.transform == freetext.Redact {
			f = kind.Field{Pattern: userPattern}
		}
		p := newProtector(t, freetext.Options{Scope: "acme", Rules: idRules(freetext.Rule{Transform: c.transform, Field: f})})
		got, err := p.Protect(c.text)
		if err != nil || got != c.want {
			t.Errorf("%s: Protect(%q) = %q, %v; want %q", c.transform, c.text, got, err, c.want)
		}
	}
}

func TestIDKnownValues(t *testing.T) {
	col := kind.Field{Kind: kind.ID, Domain: "users.user_id"}
	ps, err := tokenize.NewPseudonymizer(keysettest.PRF(), col)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ps.Pseudonym("taro_0123")
	if err != nil {
		t.Fatal(err)
	}
	p := newProtector(t, freetext.Options{
		Rules: idRules(freetext.Rule{Transform: kind.Pseudonym, Field: kind.Field{Domain: "users.user_id"}}),
		Known: []freetext.KnownValue{{Entity: kind.ID, Value: "taro_0123"}, {Entity: kind.ID, Value: "ab12"}},
	})
	for text, out := range map[string]string{
		"友達追加してね ID: taro_0123":   "友達追加してね ID: ID(" + strconv.Itoa(len(want)) + "):" + want,
		"ID: taro_01234 and ab12": "ID: taro_01234 and ab12", // a longer word; too short to look for
	} {
		if got, err := p.Protect(text); err != nil || got != out {
			t.Errorf("Protect(%q) = %q, %v; want %q", text, got, err, out)
		}
	}
}

// Without entities, no ID is found: an ID has no shape of its own.
func TestIDNotByDefault(t *testing.T) {
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const text = "my account is U10007919"
	if got, err := p.Protect(text); err != nil || got != text {
		t.Errorf("Protect = %q, %v; want the text", got, err)
	}
}

func TestIDRuleErrors(t *testing.T) {
	for name, r := range map[string]freetext.Rule{
		"mask without pattern":   {Transform: kind.Mask, Field: kind.Field{Domain: "d"}},
		"invalid check digit":    {Transform: kind.Mask, Field: kind.Field{Domain: "d", Pattern: `[0-9]{12}`, CheckScheme: kind.CheckLuhn, CheckDigit: kind.CheckInvalid}},
		"scheme without pattern": {Transform: kind.Pseudonym, Field: kind.Field{Domain: "d", CheckScheme: kind.CheckLuhn}},
		"bad pattern":            {Transform: kind.Pseudonym, Field: kind.Field{Domain: "d", Pattern: `[0-9`}},
		"short pattern":          {Transform: kind.Pseudonym, Field: kind.Field{Domain: "d", Pattern: `U[0-9]{3}`}},
		"redact with domain":     {Transform: freetext.Redact, Field: kind.Field{Domain: "d", Pattern: userPattern}},
		"surrogate":              {Transform: kind.Surrogate, Field: kind.Field{Domain: "d", Pattern: userPattern}},
	} {
		_, err := freetext.New(keysettest.PRF(), keysettest.DeterministicAEAD(), freetext.Options{Rules: idRules(r)})
		if !errors.Is(err, kind.ErrOption) {
			t.Errorf("%s: New = %v, want ErrOption", name, err)
		}
	}
	// A short pattern is taken when the rule says so.
	_, err := freetext.New(keysettest.PRF(), nil, freetext.Options{Rules: map[kind.Kind]freetext.Rule{
		kind.ID: {Transform: kind.Pseudonym, Field: kind.Field{Domain: "d", Pattern: `U[0-9]{3}`, InsecureAllowShortIDs: true}}}})
	if err != nil {
		t.Errorf("New with insecure_allow_short_ids: %v", err)
	}
}

// A known ID that the mask's pattern does not take cannot be replaced: the
// text fails, nothing of it returned.
func TestIDFailsClosed(t *testing.T) {
	p := newProtector(t, freetext.Options{
		Rules: idRules(freetext.Rule{Transform: kind.Mask, Field: kind.Field{Domain: "users.user_id", Pattern: userPattern}}),
		Known: []freetext.KnownValue{{Entity: kind.ID, Value: "taro_0123"}},
	})
	out, err := p.Protect("ID: taro_0123")
	if err == nil || out != "" || !errors.Is(err, freetext.ErrInvalidValue) {
		t.Fatalf("Protect = %q, %v; want ErrInvalidValue", out, err)
	}
}

// Masked IDs (and the other entities with them) are found again and
// revealed; ID tokens are revealed from their markers; one audit event per
// entity.
func TestIDRevealRoundTrip(t *testing.T) {
	const text = "ID U10007919 の電話は090-1234-5678、口座 79927398713 です"
	for _, c := range []struct {
		rules  map[kind.Kind]freetext.Rule
		events int
	}{
		{idRules(freetext.Rule{Transform: kind.Mask, Field: kind.Field{Domain: "users.user_id", Pattern: userPattern}}), 2},
		{idRules(freetext.Rule{Transform: kind.Token, Field: kind.Field{Domain: "users.user_id", Pattern: userPattern}}), 2},
		// Two IDs by one pattern of digits with Luhn: the phone (a valid
		// number) stays a phone, the account number is an ID.
		{map[kind.Kind]freetext.Rule{
			kind.Phone: {Transform: kind.Mask, Field: kind.Field{Domain: "line.phone"}},
			kind.ID:    {Transform: kind.Mask, Field: kind.Field{Domain: "acct", Pattern: `[0-9]{11}`, CheckScheme: kind.CheckLuhn}},
		}, 2},
	} {
		p := newProtector(t, freetext.Options{Rules: c.rules})
		res, err := p.ProtectResult(text)
		if err != nil {
			t.Fatal(err)
		}
		if res.Replaced != 2 || res.Irreversible != 0 {
			t.Errorf("ProtectResult(%q) = %+v, want 2 values replaced, reversibly", text, res)
		}
		root, _ := p.KeyIDs()
		var events []audit.Event
		hook := func(_ context.Context, ev audit.Event) error { events = append(events, ev); return nil }
		got, n, err := p.Reveal(context.Background(), hook, audit.Request{Actor: "alice", Reason: "r"}, root, res.Text)
		if err != nil || got != text || n != 2 || len(events) != c.events {
			t.Errorf("Reveal(%q) = %q, %d, %v (%d events); want the text, 2, %d events", res.Text, got, n, err, len(events), c.events)
		}
		id := "U10007919"
		if c.rules[kind.ID].Field.Pattern != userPattern {
			id = "79927398713"
		}
		if strings.Contains(res.Text, id) {
			t.Errorf("Protect left an ID: %q", res.Text)
		}
	}
}
