package tokenize_test

import (
	"context"
	"errors"
	"testing"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/tokenize"
)

// FuzzTokenRoundTrip checks, for every kind, that a value is tokenized iff
// it normalizes (and passes the ID guard), that the pseudonym and token
// succeed or fail together, and that detokenizing gives the normalized value.
func FuzzTokenRoundTrip(f *testing.F) {
	for _, s := range []string{"Taro.Yamada@Example.COM", "090-1234-5678", "山田　太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "1234-5678-9012", "", "\xff", "a@b.co"} {
		f.Add(s)
	}
	type field struct {
		p *tokenize.Pseudonymizer
		t *tokenize.Tokenizer
		n *normalize.Normalizer
	}
	var fields []field
	for _, k := range []kind.Kind{kind.Name, kind.Phone, kind.Email, kind.ID} {
		fl := kind.Field{Kind: k, Domain: "fuzz." + string(k), Scope: "acme", InsecureAllowShortIDs: true}
		if k == kind.Phone {
			fl.Region = "JP"
		}
		p, err := tokenize.NewPseudonymizer(keysettest.PRF(), fl)
		if err != nil {
			f.Fatal(err)
		}
		t, err := tokenize.NewTokenizer(keysettest.DeterministicAEAD(), fl)
		if err != nil {
			f.Fatal(err)
		}
		nk, err := normalize.ParseKind(string(k))
		if err != nil {
			f.Fatal(err)
		}
		n, err := normalize.New(nk, normalize.Options{Region: fl.Region})
		if err != nil {
			f.Fatal(err)
		}
		fields = append(fields, field{p, t, n})
	}
	hook := func(context.Context, audit.Event) error { return nil }
	req := audit.Request{Reason: "fuzz"}
	f.Fuzz(func(t *testing.T, v string) {
		for _, fl := range fields {
			want, errN := fl.n.Normalize(v)
			ps, errP := fl.p.Pseudonym(v)
			tok, errT := fl.t.Token(v)
			if (errN == nil) != (errP == nil) || (errN == nil) != (errT == nil) {
				t.Fatalf("%s: normalize %v, pseudonym %v, token %v", fl.n.Kind(), errN, errP, errT)
			}
			if errN != nil {
				continue
			}
			if ps2, _ := fl.p.Pseudonym(want); ps2 != ps {
				t.Fatalf("%s: pseudonym of the normalized form differs", fl.n.Kind())
			}
			vals, err := fl.t.Detokenize(context.Background(), hook, req, tok)
			if err != nil || vals[0] != want {
				t.Fatalf("%s: round trip: %q, %v; want %q", fl.n.Kind(), vals, err, want)
			}
		}
	})
}

// FuzzDetokenize feeds arbitrary strings as tokens: never a panic, never a
// value, always ErrInvalidToken (a random string authenticates with
// probability 2^-128).
func FuzzDetokenize(f *testing.F) {
	tk, err := tokenize.NewTokenizer(keysettest.DeterministicAEAD(), kind.Field{Kind: kind.Email, Domain: "users.email", Prefix: "tok_"})
	if err != nil {
		f.Fatal(err)
	}
	good, err := tk.Token("taro.yamada@example.com")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{good, good[:len(good)-1], good + "a", "tok_", "", "tok_AAAA", good[4:]} {
		f.Add(s)
	}
	hook := func(context.Context, audit.Event) error { return nil }
	f.Fuzz(func(t *testing.T, s string) {
		vals, err := tk.Detokenize(context.Background(), hook, audit.Request{Reason: "fuzz"}, s)
		if s == good {
			if err != nil || vals[0] != "taro.yamada@example.com" {
				t.Fatalf("good token: %q %v", vals, err)
			}
			return
		}
		if !errors.Is(err, tokenize.ErrInvalidToken) || vals[0] != "" {
			t.Fatalf("%q: %q %v", s, vals, err)
		}
	})
}
