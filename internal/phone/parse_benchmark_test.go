package phone_test

import (
	"testing"

	"github.com/piikit/piikit/internal/phone"
	"github.com/piikit/piikit/records/synthetic"
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

// BenchmarkMaskSteps does the phone mask's work on a number besides
// enciphering it, over the demo users table's numbers (records/synthetic):
// Scan, ParseDigits, Possible, KeptLen and the walked digit's Extensions.
func BenchmarkMaskSteps(b *testing.B) {
	g := synthetic.New(1)
	values := make([]string, 1000)
	for i := range values {
		values[i] = g.Next().Phone
	}
	jp := phone.Region("JP")
	d := new(phone.Digits)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		num, err := phone.Parse(values[n%len(values)], jp, d)
		if err != nil || !num.Possible() {
			b.Fatal("parse failed")
		}
		if k := num.Meta.KeptLen(num.National); k >= 2 {
			_ = num.Meta.Extensions(num.National[:k-1], len(num.National))
		}
		n++
	}
}
