package find

import "testing"

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
	f := newFinder(b, Options{})
	var dst []Finding
	size := 0
	for _, m := range messages {
		size += len(m)
	}
	b.SetBytes(int64(size / len(messages)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		var err error
		dst, err = f.Append(dst[:0], messages[i%len(messages)])
		if err != nil {
			b.Fatal(err)
		}
	}
}
