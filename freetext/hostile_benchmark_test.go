package freetext_test

import (
	"strings"
	"testing"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

// BenchmarkProtectHostile protects texts of MaxLen bytes made to slow the
// checks down (many at signs before line breaks, at words, spaced digits,
// near-IDs), with every entity but names and IDs found by a pattern: the
// checks must stay linear in the text (a check once copied the rest of the
// text per at sign: 0.9 s and 580 MB for "a@b\n" repeated).
func BenchmarkProtectHostile(b *testing.B) {
	rules := idRules(freetext.Rule{Transform: kind.Pseudonym, Field: kind.Field{Domain: "users.user_id", Pattern: `U[0-9]{8}`}})
	delete(rules, kind.Name)
	p, err := freetext.New(keysettest.PRF(), keysettest.DeterministicAEAD(), freetext.Options{Rules: rules})
	if err != nil {
		b.Fatal(err)
	}
	n := freetext.MaxLen
	for _, t := range []struct{ name, text string }{
		{"broken", strings.Repeat("a@b\n", n/4)},
		{"atwords", strings.Repeat("[at]", n/4)},
		{"atwords-spaced", strings.Repeat("a [at] ", n/7)},
		{"dotwords", strings.Repeat("a@b[.]co ", n/9)},
		{"emails-dotwords", strings.Repeat("a@b.co ", n/14) + strings.Repeat("x [.] ", n/12)},
		{"digits-spaced", strings.Repeat("0 ", n/2)},
		{"kanji-spaced", strings.Repeat("〇 ", n/4)},
		{"ids", strings.Repeat("U1000791", n/8)},
	} {
		b.Run(t.name, func(b *testing.B) {
			b.SetBytes(int64(len(t.text)))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = p.Protect(t.text)
			}
		})
	}
}
