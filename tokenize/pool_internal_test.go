package tokenize

import (
	"bytes"
	"testing"
)

// TestKeepPooled: a pooled buffer is cleared up to its capacity (a refused
// value may have been written past its length), and only a small one is
// kept.
func TestKeepPooled(t *testing.T) {
	b := append(make([]byte, 0, 64), "taro.yamada@example.com"...)[:0]
	if !keepPooled(&b) {
		t.Fatal("a 64-byte buffer is not kept")
	}
	if full := b[:cap(b)]; !bytes.Equal(full, make([]byte, cap(b))) {
		t.Fatalf("buffer not cleared: %q", full)
	}
	big := make([]byte, 10, maxPooled+1)
	big[:cap(big)][maxPooled] = 'x'
	if keepPooled(&big) {
		t.Fatal("a buffer over maxPooled is kept")
	}
	if big[:cap(big)][maxPooled] != 0 {
		t.Fatal("a dropped buffer is not cleared")
	}
}
