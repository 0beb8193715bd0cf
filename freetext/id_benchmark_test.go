package freetext_test

import (
	"testing"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

// BenchmarkProtectID protects chat messages of about 60 bytes (two of six
// with a user ID) with the rules, without an id rule and with one
// that finds IDs by a pattern and pseudonymizes them.
func BenchmarkProtectID(b *testing.B) {
	msgs := []string{
		"明日の3時に渋谷で待ち合わせしましょう、よろしく！",
		"友達追加してね ID: U10007919 よろしく",
		"電話は090-1234-5678です。夜なら出られます",
		"See you at 7pm tomorrow, order #4521 is ready",
		"my account is U10007919, call me after 6pm",
		"了解です。注文番号A-1234567、1,980円でした",
	}
	id := freetext.Rule{Transform: kind.Pseudonym, Field: kind.Field{Domain: "users.user_id", Pattern: `U[0-9]{8}`}}
	for name, rules := range map[string]map[kind.Kind]freetext.Rule{"without": lineRules(), "pattern": idRules(id)} {
		b.Run(name, func(b *testing.B) {
			p, err := freetext.New(keysettest.PRF(), keysettest.DeterministicAEAD(), freetext.Options{Rules: rules})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := p.Protect(msgs[i%len(msgs)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
