package surrogate_test

import "testing"

func benchName(b *testing.B, name string) {
	s := newSurrogator(b, "users.name")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Name(name); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNameKanji(b *testing.B)    { benchName(b, "山田 太郎") }
func BenchmarkNameKana(b *testing.B)     { benchName(b, "ヤマダ タロウ") }
func BenchmarkNameLatin(b *testing.B)    { benchName(b, "Emma Wilson") }
func BenchmarkNameJoined(b *testing.B)   { benchName(b, "山田太郎") }
func BenchmarkNameHalfKana(b *testing.B) { benchName(b, "ﾔﾏﾀﾞ ﾀﾛｳ") }
