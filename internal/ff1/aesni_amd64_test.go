//go:build gc && !purego

package ff1

import (
	"crypto/fips140"
	mrand "math/rand/v2"
	"slices"
	"testing"
	"unsafe"
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

// TestRounds128 checks the assembly rounds of aesni_amd64.s (rounds128),
// which transform takes through fastNI for the lengths roundsInAssembly
// reports: both through crypt and fastNI directly, against the literal
// reference and against the same key with crypto/aes and the Go loop. Every
// key size, random radixes, every such length up to the fast path's limit,
// random numerals and the extremes, all zeros and all radix − 1 (where A
// and B start at 0 and at m − 1).
func TestRounds128(t *testing.T) {
	if !haveAESNI || fips140.Enabled() {
		t.Skip("no AES-NI")
	}
	rng := mrand.New(mrand.NewPCG(31, 32))
	radixes := []int{10, 36, 62, 255, 1000, 65535}
	for range 40 {
		if r := 3 + rng.IntN(65533); r&(r-1) != 0 {
			radixes = append(radixes, r)
		}
	}
	if testing.Short() || raceEnabled {
		radixes = radixes[:10]
	}
	cases := 0
	for _, radix := range radixes {
		for _, keySize := range []int{16, 24, 32} {
			key := make([]byte, keySize)
			for i := range key {
				key[i] = byte(rng.Uint32())
			}
			c, err := NewCipher(key, radix)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := NewCipher(key, radix)
			if err != nil {
				t.Fatal(err)
			}
			plain.ni = nil
			for n := 2; n <= 2*c.fastMaxV; n++ {
				if v := n - n/2; v <= c.fast64MaxV || !c.fastHalf(v) || !c.roundsInAssembly(n) {
					continue
				}
				cases++
				zeros := make([]uint16, n)
				tops := make([]uint16, n)
				for i := range tops {
					tops[i] = uint16(radix - 1)
				}
				for _, x := range [][]uint16{zeros, tops, randomNumerals(rng, radix, n)} {
					tweak := randomTweak(rng)
					for _, encrypt := range []bool{true, false} {
						want := checkReference(t, c, plain, x, tweak, encrypt)
						// fastNI itself, whatever transform chooses.
						got := make([]uint16, n)
						c.fastNI(got, x, tweak, encrypt)
						if !slices.Equal(got, want) {
							t.Fatalf("AES-%d radix %d n %d encrypt %v: fastNI %v, reference %v", 8*keySize, radix, n, encrypt, got, want)
						}
					}
				}
			}
		}
	}
	if cases == 0 {
		t.Fatal("no length takes fastNI")
	}
}

// The reductions of rounds128, run alone: aesni_amd64.s builds them from
// the same macros.
func init() {
	reduce128Impls = append(reduce128Impls, reduce128Impl{"assembly",
		func(md *barrett128, a u128, rh, rl uint64) u128 {
			h, l := addReduce128Asm(md, a.hi, a.lo, rh, rl)
			return u128{h, l}
		},
		func(md *barrett128, b u128, rh, rl uint64) u128 {
			h, l := subReduce128Asm(md, b.hi, b.lo, rh, rl)
			return u128{h, l}
		},
	})
}

// TestBarrett128Layout pins the offsets at which aesni_amd64.s reads a
// barrett128: μ at 0, then m, 2m and 3m at 8, 24 and 40, each high word
// first.
func TestBarrett128Layout(t *testing.T) {
	var b barrett128
	for _, f := range []struct {
		name      string
		got, want uintptr
	}{
		{"mu", unsafe.Offsetof(b.mu), 0},
		{"m", unsafe.Offsetof(b.m), 8},
		{"m2", unsafe.Offsetof(b.m2), 24},
		{"m3", unsafe.Offsetof(b.m3), 40},
		{"u128.hi", unsafe.Offsetof(b.m.hi), 0},
		{"u128.lo", unsafe.Offsetof(b.m.lo), 8},
	} {
		if f.got != f.want {
			t.Errorf("offset of %s = %d, want %d", f.name, f.got, f.want)
		}
	}
}
