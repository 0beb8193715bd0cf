package phone_test

import (
	"testing"

	"github.com/piikit/piikit/internal/phone"
)

func benchParse(b *testing.B, v, region string) {
	def := phone.Region(region)
	var dst [32]byte
	d := new(phone.Digits)
	b.ReportAllocs()
	for b.Loop() {
		n, err := phone.Parse(v, def, d)
		if err != nil || !n.Possible() || !n.Stable() {
			b.Fatal("parse failed")
		}
		_ = n.AppendE164(dst[:0])
	}
}

func BenchmarkParseE164JapaneseMobileNational(b *testing.B) { benchParse(b, "090-1234-5678", "JP") }

func BenchmarkParseE164International(b *testing.B) { benchParse(b, "+81 90-1234-5678", "JP") }

func BenchmarkParseE164US(b *testing.B) { benchParse(b, "(650) 253-0000", "US") }
