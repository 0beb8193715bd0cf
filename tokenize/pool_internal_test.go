package tokenize

import (
	"bytes"
	"testing"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
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

// TestPutResetsMAC: a pseudonym state goes back to the pool with its HMAC
// holding no message: its Sum is that of a fresh state, not of the value's
// tail left in the hash's block buffer.
func TestPutResetsMAC(t *testing.T) {
	p, err := NewPseudonymizer(keysettest.PRF(), kind.Field{Kind: kind.Email, Domain: "users.email"})
	if err != nil {
		t.Fatal(err)
	}
	fresh := p.macs.New().(*pseudonymState).mac.Sum(nil)
	st := p.macs.New().(*pseudonymState)
	st.mac.Write([]byte("taro.yamada@example.com"))
	used := st.mac.Sum(nil)
	p.put(st)
	if got := st.mac.Sum(nil); !bytes.Equal(got, fresh) || bytes.Equal(got, used) {
		t.Fatal("a pooled HMAC state still holds its message")
	}
}
