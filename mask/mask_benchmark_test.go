package mask

import (
	"testing"

	"github.com/piikit/piikit/keyset/keysettest"
)

func benchMask(b *testing.B, kind Kind, value string, opts ...Option) {
	m, err := New(keysettest.PRF(), kind, "bench.field", "", opts...)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := m.Mask(value); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Mask(value); err != nil {
			b.Fatal(err)
		}
	}
}

// A Japanese mobile number: scan, parse, mask, re-layout.
func BenchmarkMaskPhoneJapaneseMobile(b *testing.B) {
	benchMask(b, KindPhone, "090-1234-5678", WithRegion("JP"))
}

func BenchmarkMaskPhoneInternational(b *testing.B) {
	benchMask(b, KindPhone, "+81 90-1234-5678", WithRegion("JP"))
}

func BenchmarkMaskEmailASCII(b *testing.B) {
	benchMask(b, KindEmail, "taro.yamada@example.com")
}

func BenchmarkMaskEmailMixedLocal(b *testing.B) {
	benchMask(b, KindEmail, "taro.yamada1985@example.com")
}

func BenchmarkMaskNameLatin(b *testing.B) {
	benchMask(b, KindName, "John Smith")
}

func BenchmarkMaskNameKanji(b *testing.B) {
	benchMask(b, KindName, "山田 太郎")
}

func BenchmarkMaskNameMixed(b *testing.B) {
	benchMask(b, KindName, "山田 Taro")
}

func BenchmarkMaskCard(b *testing.B) {
	benchMask(b, KindCard, "4111 1111 1111 1111")
}

func BenchmarkMaskMyNumber(b *testing.B) {
	benchMask(b, KindMyNumber, "1234 5678 9018")
}

func BenchmarkUnmaskPhone(b *testing.B) {
	m, err := New(keysettest.PRF(), KindPhone, "bench.field", "", WithRegion("JP"))
	if err != nil {
		b.Fatal(err)
	}
	v, _ := m.Mask("090-1234-5678")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Unmask(b.Context(), okHook, testReq, m.KeyID(), v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDisplayEmail(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Display(KindEmail, "taro.yamada@example.com"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDisplayName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Display(KindName, "山田 太郎"); err != nil {
			b.Fatal(err)
		}
	}
}
