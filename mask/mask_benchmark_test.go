package mask

import (
	"testing"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records/synthetic"
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

// BenchmarkMaskDemoColumns masks the values of the demo users table
// (records/synthetic: the table piikit demo --bench exports), column by
// column, cycling through 1,000 users: the mix of scripts, layouts and
// cycle walks an export meets, where the benchmarks above each take one
// value.
func BenchmarkMaskDemoColumns(b *testing.B) {
	g := synthetic.New(1)
	users := make([]synthetic.User, 1000)
	for i := range users {
		users[i] = g.Next()
	}
	columns := []struct {
		name  string
		kind  kind.Kind
		value func(u synthetic.User) string
	}{
		{"name", kind.Name, func(u synthetic.User) string { return u.Name }},
		{"name_kana", kind.Name, func(u synthetic.User) string { return u.NameKana }},
		{"email", kind.Email, func(u synthetic.User) string { return u.Email }},
		{"phone", kind.Phone, func(u synthetic.User) string { return u.Phone }},
	}
	for _, c := range columns {
		b.Run(c.name, func(b *testing.B) {
			var opts []opt
			if c.kind == kind.Phone {
				opts = append(opts, withRegion("JP")) // as the demo policy says
			}
			m, err := New(keysettest.PRF(), field(c.kind, "users."+c.name, "demo", opts...))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if _, err := m.Mask(c.value(users[n%len(users)])); err != nil {
					b.Fatal(err)
				}
				n++
			}
		})
	}
}

// demoNames are the names and readings of 1,000 users of the demo table.
func demoNames() []string {
	g := synthetic.New(1)
	var names []string
	for range 1000 {
		u := g.Next()
		names = append(names, u.Name, u.NameKana)
	}
	return names
}

// BenchmarkNameParse parses the demo table's names and writes them back
// (Check's work, and Mask's around FF1): the name path without the cipher.
func BenchmarkNameParse(b *testing.B) {
	m, err := New(keysettest.PRF(), field(kind.Name, "users.name", "demo"))
	if err != nil {
		b.Fatal(err)
	}
	names := demoNames()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		f := getForm()
		if err := m.parse(f, names[n%len(names)], false); err != nil {
			b.Fatal(err)
		}
		f.write()
		_ = f.text()
		putForm(f)
		n++
	}
}

// BenchmarkMixedRadix ranks and unranks the demo table's names (one step
// that changes nothing): mixedRadix's work outside FF1.
func BenchmarkMixedRadix(b *testing.B) {
	m, err := New(keysettest.PRF(), field(kind.Name, "users.name", "demo"))
	if err != nil {
		b.Fatal(err)
	}
	var forms []*form
	for _, v := range demoNames() {
		f := new(form)
		if m.parse(f, v, false) == nil && !f.short() && f.uniform() == 0 {
			forms = append(forms, f)
		}
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if err := mixedRadix(forms[n%len(forms)], func([]uint16) error { return nil }); err != nil {
			b.Fatal(err)
		}
		n++
	}
}
