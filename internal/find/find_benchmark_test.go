package find

import (
	"slices"
	"testing"

	"github.com/piikit/piikit/internal/pattern"
	"github.com/piikit/piikit/records/synthetic"
)

// messages are chat messages of about 60 bytes, a third with a personal
// value, the rest with ordinary numbers or none.
var messages = []string{
	"明日の会議は15時からです。よろしくお願いします！",
	"電話は09012345678です。夜なら出られます",
	"メールはtaro.yamada@example.co.jpまでお願いします",
	"注文番号A-1234567の商品、1,980円で届きました",
	"See you at 10:30 tomorrow, room 4F. Thanks!",
	"Call me at +81 90-1234-5678 after 6pm please",
	"2021-03-17に発送、伝票番号1234-5678-9012です",
	"了解です〜 また連絡しますね😊",
	"カード4111 1111 1111 1111で払いました。",
	"〒100-0001 東京都千代田区千代田1-1 に送ってください",
	"マイナンバーは123456789018です、確認お願いします",
	"今日は3人で¥12,345でした。割り勘で4,115円ずつ",
}

func BenchmarkFind(b *testing.B) {
	benchmarkAppend(b, newFinder(b, Options{}), messages)
}

// BenchmarkFindChecked is BenchmarkFind through AppendChecked, as package
// freetext finds: the same plus the stop characters' check.
func BenchmarkFindChecked(b *testing.B) {
	f := newFinder(b, Options{})
	var dst []Finding
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		var err error
		if dst, _, err = f.AppendChecked(dst[:0], nil, messages[i%len(messages)]); err != nil {
			b.Fatal(err)
		}
	}
}

// benchmarkAppend runs f on msgs in turn.
func benchmarkAppend(b *testing.B, f *Finder, msgs []string) {
	var dst []Finding
	size := 0
	for _, m := range msgs {
		size += len(m)
	}
	b.SetBytes(int64(size / len(msgs)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		var err error
		dst, err = f.Append(dst[:0], msgs[i%len(msgs)])
		if err != nil {
			b.Fatal(err)
		}
	}
}

// knownUsers returns the names, phones and emails of n/3 made-up users
// (records/synthetic): n known values.
func knownUsers(n int) []KnownValue {
	g := synthetic.New(1)
	values := make([]KnownValue, 0, n)
	for len(values) < n {
		u := g.Next()
		values = append(values, KnownValue{Name, u.Name}, KnownValue{Phone, u.Phone}, KnownValue{Email, u.Email})
	}
	return values[:n]
}

// BenchmarkNewKnown builds the automaton of 100,000 known values.
func BenchmarkNewKnown(b *testing.B) {
	values := knownUsers(100_000)
	b.ReportAllocs()
	for b.Loop() {
		k, err := NewKnown(values, KnownOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(k.ac.states()), "states")
	}
}

// BenchmarkFindKnown is BenchmarkFind with 100,000 known values loaded, and
// a known name, phone and email in some of the messages.
func BenchmarkFindKnown(b *testing.B) {
	values := knownUsers(100_000)
	k, err := NewKnown(values, KnownOptions{})
	if err != nil {
		b.Fatal(err)
	}
	msgs := append(slices.Clone(messages),
		values[0].Value+"さん、明日の件よろしくお願いします",
		"電話は"+values[1].Value+"です。夜なら出られます",
		"Please write to "+values[2].Value+" today")
	benchmarkAppend(b, newFinder(b, Options{Known: k}), msgs)
}

// BenchmarkKnownScan is Known.Find alone, with 100,000 known values, on
// the messages of BenchmarkFind.
func BenchmarkKnownScan(b *testing.B) {
	k, err := NewKnown(knownUsers(100_000), KnownOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := k.Find(messages[i%len(messages)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindIDPattern is BenchmarkFind with the IDs of a pattern also
// looked for, over the same messages and two with an ID.
func BenchmarkFindIDPattern(b *testing.B) {
	p, err := pattern.Parse(`U[0-9]{8}`, "")
	if err != nil {
		b.Fatal(err)
	}
	msgs := append(slices.Clip(messages), "友達追加してね ID: U10007919 よろしく", "my account is U10007919, call me")
	b.Run("without", func(b *testing.B) { benchmarkAppend(b, newFinder(b, Options{}), msgs) })
	b.Run("pattern", func(b *testing.B) { benchmarkAppend(b, newFinder(b, Options{IDPattern: p}), msgs) })
}
