package keyset_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// Any input, as any format, purpose and kind of keyset, gives a keyset or a
// typed error: never a panic, never key material in the message.
func FuzzRead(f *testing.F) {
	kek := fixtureKEK(f)
	for _, fx := range fixtures {
		for _, format := range formats {
			f.Add(encrypt(f, fx.handle(), format, kek, fx.purpose))
			f.Add(cleartextBytes(f, fx.handle(), format))
		}
		f.Add(keysettest.CleartextJSON(fx.name))
	}
	f.Add([]byte(`{"encryptedKeyset":""}`))
	f.Add([]byte{})
	secrets := secrets(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range formats {
			for _, p := range []keyset.Purpose{keyset.PurposePRF, keyset.PurposeDeterministicAEAD, keyset.PurposeKEK} {
				h, err := keyset.Read(bytes.NewReader(data), format, kek, p)
				checkFuzzResult(t, secrets, h == nil, err, p, h != nil && keyset.Check(h, p) == nil)
				h, err = insecurecleartext.Read(bytes.NewReader(data), format, p)
				checkFuzzResult(t, secrets, h == nil, err, p, h != nil && keyset.Check(h, p) == nil)
			}
		}
	})
}

func checkFuzzResult(t *testing.T, secrets []string, nilHandle bool, err error, p keyset.Purpose, checked bool) {
	t.Helper()
	if err == nil {
		if nilHandle || !checked {
			t.Fatalf("no error, but no usable %s keyset", p)
		}
		return
	}
	if !nilHandle {
		t.Fatal("a keyset and an error")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "keyset: ") || strings.Contains(msg, "\n") {
		t.Fatalf("message %q", msg)
	}
	for _, s := range secrets {
		if strings.Contains(msg, s) {
			t.Fatalf("key material in %q", msg)
		}
	}
}
