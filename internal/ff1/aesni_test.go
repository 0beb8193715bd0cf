package ff1

import (
	"crypto/aes"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"testing"
)

// TestAESKeyFIPS197 checks the AES-NI block function against the example
// vectors of FIPS 197, Appendix C (C.1 AES-128, C.2 AES-192, C.3 AES-256).
func TestAESKeyFIPS197(t *testing.T) {
	k := newAESKey(make([]byte, 16))
	if k == nil {
		t.Skip("no AES-NI here (other processor, purego build or FIPS 140-3 mode): FF1 uses crypto/aes")
	}
	for _, tc := range []struct{ key, want string }{
		{"000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a"},
		{"000102030405060708090a0b0c0d0e0f1011121314151617", "dda97ca4864cdfe06eaf70a0ec0d7191"},
		{"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089"},
	} {
		key, _ := hex.DecodeString(tc.key)
		pt, _ := hex.DecodeString("00112233445566778899aabbccddeeff")
		rh, rl := newAESKey(key).encryptWords(binary.BigEndian.Uint64(pt), binary.BigEndian.Uint64(pt[8:]))
		var got [16]byte
		binary.BigEndian.PutUint64(got[:], rh)
		binary.BigEndian.PutUint64(got[8:], rl)
		if hex.EncodeToString(got[:]) != tc.want {
			t.Errorf("AES-%d: got %x, want %s", 8*len(key), got, tc.want)
		}
	}
}

// TestAESKeyMatchesCryptoAES compares the AES-NI block function with
// crypto/aes over random keys of each size and random blocks.
func TestAESKeyMatchesCryptoAES(t *testing.T) {
	if newAESKey(make([]byte, 16)) == nil {
		t.Skip("no AES-NI here (other processor, purego build or FIPS 140-3 mode): FF1 uses crypto/aes")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{16, 24, 32} {
		for range 200 {
			key := make([]byte, size)
			for i := range key {
				key[i] = byte(rng.Uint32())
			}
			ref, err := aes.NewCipher(key)
			if err != nil {
				t.Fatal(err)
			}
			k := newAESKey(key)
			for range 20 {
				var in, want [16]byte
				hi, lo := rng.Uint64(), rng.Uint64()
				binary.BigEndian.PutUint64(in[:], hi)
				binary.BigEndian.PutUint64(in[8:], lo)
				ref.Encrypt(want[:], in[:])
				rh, rl := k.encryptWords(hi, lo)
				if rh != binary.BigEndian.Uint64(want[:]) || rl != binary.BigEndian.Uint64(want[8:]) {
					t.Fatalf("AES-%d: block differs from crypto/aes", 8*size)
				}
			}
		}
	}
}
