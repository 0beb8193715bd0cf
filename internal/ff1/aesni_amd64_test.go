//go:build gc && !purego

package ff1

import (
	"crypto/fips140"
	"testing"
)

// TestCipherUsesAESNI makes sure that, where AES-NI is available, the tests
// of this package exercise it: a Cipher that silently fell back to
// crypto/aes would leave aesni_amd64.s untested by every vector.
func TestCipherUsesAESNI(t *testing.T) {
	c, err := NewCipher(make([]byte, 16), 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := haveAESNI && !fips140.Enabled(); (c.ni != nil) != want {
		t.Fatalf("Cipher uses AES-NI: %v, want %v", c.ni != nil, want)
	}
}
