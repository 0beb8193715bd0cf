package display

import (
	"testing"

	"github.com/piikit/piikit/kind"
)

func BenchmarkDisplayEmail(b *testing.B) {
	d := newDisplay(b, kind.Field{Kind: kind.Email})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Mask("taro.yamada@example.com"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDisplayName(b *testing.B) {
	d := newDisplay(b, kind.Field{Kind: kind.Name})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Mask("山田 太郎"); err != nil {
			b.Fatal(err)
		}
	}
}
