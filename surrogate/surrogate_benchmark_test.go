package surrogate_test

import "testing"

func benchName(b *testing.B, name string) {
	s := newSurrogator(b, "users.name")
	if _, err := s.Name(name); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Name(name); err != nil {
			b.Fatal(err)
		}
	}
}

func benchTied(b *testing.B, source, like string) {
	s := newSurrogator(b, "users.name")
	if _, err := s.Tied(source, like); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Tied(source, like); err != nil {
			b.Fatal(err)
		}
	}
}

// The typical names of issue 18: each shape the surrogates keep.
func BenchmarkNameKanji(b *testing.B)       { benchName(b, "山田 太郎") }
func BenchmarkNameKanjiKana(b *testing.B)   { benchName(b, "鈴木 ひなた") }
func BenchmarkNameJoined(b *testing.B)      { benchName(b, "井上拓海") }
func BenchmarkNameKatakana(b *testing.B)    { benchName(b, "スズキ ヒナタ") }
func BenchmarkNameHalfKana(b *testing.B)    { benchName(b, "ﾔﾏﾀﾞ ﾀﾛｳ") }
func BenchmarkNameRomaji(b *testing.B)      { benchName(b, "Yamada Taro") }
func BenchmarkNameLatin(b *testing.B)       { benchName(b, "Emma Wilson") }
func BenchmarkNameLatinUmlaut(b *testing.B) { benchName(b, "Daniel Müller") }
func BenchmarkNameHonorific(b *testing.B)   { benchName(b, "山田さん") }
func BenchmarkTiedKana(b *testing.B)        { benchTied(b, "山田 太郎", "ヤマダ タロウ") }
func BenchmarkTiedRomaji(b *testing.B)      { benchTied(b, "山田 太郎", "Yamada Taro") }
