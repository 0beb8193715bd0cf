package freetext

import (
	"testing"

	"github.com/piikit/piikit/internal/textcorpus"
)

// BenchmarkCheckText runs the checks every text goes through before the
// finders on the corpus's messages.
func BenchmarkCheckText(b *testing.B) {
	msgs := textcorpus.Generate(textcorpus.Seed, 1000)
	size := 0
	for _, m := range msgs {
		size += len(m.Text)
	}
	b.SetBytes(int64(size / len(msgs)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = checkText(msgs[i%len(msgs)].Text)
	}
}
