package names_test

import (
	"testing"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/internal/textcorpus"
	"github.com/piikit/piikit/keyset/keysettest"
)

// BenchmarkProtect protects the corpus's messages (60 to 200 bytes, each
// with personal values; "corpus") and ordinary chat messages of about 60
// bytes without any ("plain") with the rules, with and without
// morphology, and reports messages per second over all cores and the
// process's CPU time per message (cpu-µs/msg: on a shared machine wall time
// depends on the neighbours, CPU time much less).
func BenchmarkProtect(b *testing.B) {
	corpus := textcorpus.Generate(textcorpus.Seed, 1000)
	plain := []textcorpus.Message{
		{Text: "明日の3時に渋谷で待ち合わせしましょう、よろしく！"},
		{Text: "了解です。注文番号A-1234567、1,980円でした"},
		{Text: "See you at 7pm tomorrow, order #4521 is ready"},
		{Text: "昨日の会議の資料、2021-03-17版を送ります"},
	}
	for _, bc := range []struct {
		name  string
		msgs  []textcorpus.Message
		names freetext.NameFinder
	}{{"corpus/names", corpus, names.Append}, {"corpus/no-names", corpus, nil}, {"plain/names", plain, names.Append}, {"plain/no-names", plain, nil}} {
		msgs := bc.msgs
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
			cpu0 := processCPU()
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
			if cpu := processCPU() - cpu0; cpu > 0 {
				b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/msg")
			}
		})
	}
}
