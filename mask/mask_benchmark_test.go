package mask

import (
	"testing"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

func benchMask(b *testing.B, k kind.Kind, value string, opts ...opt) {
	m, err := New(keysettest.PRF(), field(k, "bench.field", "", opts...))
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
	benchMask(b, kind.Phone, "090-1234-5678", withRegion("JP"))
}

func BenchmarkMaskPhoneInternational(b *testing.B) {
	benchMask(b, kind.Phone, "+81 90-1234-5678", withRegion("JP"))
}

func BenchmarkMaskEmailASCII(b *testing.B) {
	benchMask(b, kind.Email, "taro.yamada@example.com")
}

func BenchmarkMaskEmailMixedLocal(b *testing.B) {
	benchMask(b, kind.Email, "taro.yamada1985@example.com")
}

func BenchmarkMaskNameLatin(b *testing.B) {
	benchMask(b, kind.Name, "John Smith")
}

func BenchmarkMaskNameKanji(b *testing.B) {
	benchMask(b, kind.Name, "山田 太郎")
}

func BenchmarkMaskNameMixed(b *testing.B) {
	benchMask(b, kind.Name, "山田 Taro")
}

func BenchmarkMaskNameKana(b *testing.B) {
	benchMask(b, kind.Name, "スズキ ヒナタ")
}

// The typical names of issue 18.
func BenchmarkMaskNameKanjiKana(b *testing.B) { benchMask(b, kind.Name, "鈴木 ひなた") }
func BenchmarkMaskNameJoined(b *testing.B)    { benchMask(b, kind.Name, "井上拓海") }
func BenchmarkMaskNameRomaji(b *testing.B)    { benchMask(b, kind.Name, "Yamada Taro") }
func BenchmarkMaskNameUmlaut(b *testing.B)    { benchMask(b, kind.Name, "Daniel Müller") }

func BenchmarkMaskNameFormat1Kanji(b *testing.B) {
	benchMask(b, kind.Name, "山田 太郎", func(f *kind.Field) { f.NameFormat = 1 })
}

func BenchmarkMaskCard(b *testing.B) {
	benchMask(b, kind.Card, "4111 1111 1111 1111")
}

func BenchmarkMaskMyNumber(b *testing.B) {
	benchMask(b, kind.MyNumber, "1234 5678 9018")
}

func BenchmarkUnmaskPhone(b *testing.B) {
	m, err := New(keysettest.PRF(), field(kind.Phone, "bench.field", "", withRegion("JP")))
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

// A half-width ｰ before a katakana word: Mask walks the cycle until the
// word starts where it did (nameKind.valid), 46 steps on average.
func BenchmarkMaskNameHalfWidthBar(b *testing.B) { benchMask(b, kind.Name, "ｶｰスズキタロウ") }
