package normalize_test

import (
	"testing"

	"github.com/piikit/piikit/internal/normalize"
)

func benchPhone(b *testing.B, region, v string) {
	n, err := normalize.New(normalize.Phone, normalize.Options{Region: region})
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.Append(dst[:0], v); err != nil {
			b.Fatal(err)
		}
	}
}

// Digits, separators and a plus.
func BenchmarkPhoneJapaneseMobile(b *testing.B) { benchPhone(b, "JP", "090-1234-5678") }

func BenchmarkPhoneInternational(b *testing.B) { benchPhone(b, "JP", "+81 90-1234-5678") }

func BenchmarkPhoneFullWidth(b *testing.B) {
	benchPhone(b, "JP", "０９０－１２３４－５６７８")
}

func BenchmarkPhoneUS(b *testing.B) { benchPhone(b, "US", "(650) 253-0000") }

// A tel: URI.
func BenchmarkPhoneTelURI(b *testing.B) { benchPhone(b, "US", "tel:+1-650-253-0000") }
