package names_test

import (
	"testing"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/internal/textcorpus"
	"github.com/piikit/piikit/keyset/keysettest"
)

// BenchmarkProtect protects the corpus's messages (60 to 200 bytes, each
// with personal values) with the rules, with and without
// morphology, and reports messages per second over all cores.
func BenchmarkProtect(b *testing.B) {
	msgs := textcorpus.Generate(textcorpus.Seed, 1000)
	for _, bc := range []struct {
		name  string
		names freetext.NameFinder
	}{{"names", names.Append}, {"no-names", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			p, err := freetext.New(keysettest.PRF(), keysettest.DeterministicAEAD(), freetext.Options{Rules: lineRules(), Names: bc.names})
			if err != nil {
				b.Fatal(err)
			}
			names.Load()
			size := 0
			for _, m := range msgs {
				size += len(m.Text)
			}
			b.SetBytes(int64(size / len(msgs)))
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					if _, err := p.Protect(msgs[i%len(msgs)].Text); err != nil {
						b.Error(err)
						return
					}
					i++
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}
