package names_test

import (
	"runtime"
	"testing"

	"github.com/piikit/piikit/internal/find"
	"github.com/piikit/piikit/internal/find/names"
)

// messages are chat messages of about 60 bytes, a third with a name.
var messages = []string{
	"明日の会議は15時からです。よろしくお願いします！",
	"田中さん、電話は09012345678です。夜なら",
	"メールはtaro.yamada@example.co.jpまでお願いします",
	"注文番号A-1234567の商品、1,980円で届きました",
	"See you at 10:30 tomorrow, room 4F. Thanks!",
	"Hi Ken, call me at +81 90-1234-5678 after 6pm",
	"2021-03-17に発送、伝票番号1234-5678-9012です",
	"了解です〜 また連絡しますね😊 山田に行く予定",
	"佐藤陽翔です。折り返しお願いします。",
	"〒100-0001 東京都千代田区千代田1-1 に送って",
	"Dear Taro Yamada, your order ships today.",
	"今日は3人で¥12,345でした。割り勘で4,115円ずつ",
}

// latinMessages have no Japanese: only the finder of Latin names reads
// them.
var latinMessages = []string{
	"See you at 10:30 tomorrow, room 4F. Thanks!",
	"Hi Ken, call me at +81 90-1234-5678 after 6pm",
	"Dear Taro Yamada, your order ships today.",
	"Thanks, Sarah O'Brien and Mark White met YAMADA Taro in May",
}

func BenchmarkFind(b *testing.B) {
	names.Load()
	benchmarkAppend(b, messages)
}

func BenchmarkFindLatin(b *testing.B) { benchmarkAppend(b, latinMessages) }

func benchmarkAppend(b *testing.B, messages []string) {
	size := 0
	for _, m := range messages {
		size += len(m)
	}
	b.SetBytes(int64(size / len(messages)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var dst []find.Finding
		for i := 0; pb.Next(); i++ {
			var err error
			if dst, err = names.Append(dst[:0], messages[i%len(messages)]); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkLoad reports the heap the dictionary keeps once loaded
// (heap-MB). Run it alone (-bench Load): the dictionary is loaded once per
// process, so after another benchmark it measures nothing.
func BenchmarkLoad(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		names.Load()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
}
