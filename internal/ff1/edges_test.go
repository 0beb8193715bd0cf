package ff1

import (
	"errors"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestTweakTooLong checks the tweak limit without allocating 4 GiB: Encrypt
// reads only the length of a tweak over the limit, so a slice header that
// claims more bytes than exist is never dereferenced.
func TestTweakTooLong(t *testing.T) {
	if err := checkTweakLen(MaxTweakLen); err != nil {
		t.Errorf("checkTweakLen(MaxTweakLen) = %v", err)
	}
	if err := checkTweakLen(MaxTweakLen + 1); !errors.Is(err, ErrTweakTooLong) {
		t.Errorf("checkTweakLen(MaxTweakLen+1) = %v, want ErrTweakTooLong", err)
	}
	if strconv.IntSize == 32 {
		t.Skip("a tweak cannot exceed the limit on 32-bit platforms")
	}
	if raceEnabled {
		t.Skip("checkptr, on with -race, rejects the oversized slice header")
	}
	c, err := NewCipher(make([]byte, 16), 10)
	if err != nil {
		t.Fatal(err)
	}
	var b byte
	limit := uint64(MaxTweakLen) // a variable, so that 32-bit builds compile
	huge := unsafe.Slice(&b, limit+1)
	x := make([]uint16, 10)
	if _, err := c.Encrypt(nil, x, huge); !errors.Is(err, ErrTweakTooLong) {
		t.Errorf("Encrypt error = %v, want ErrTweakTooLong", err)
	}
	if _, err := c.Decrypt(nil, x, huge); !errors.Is(err, ErrTweakTooLong) {
		t.Errorf("Decrypt error = %v, want ErrTweakTooLong", err)
	}
}

// TestNumeralConversion checks the fast path's conversions between numerals
// and 128-bit numbers against math/big at the edges: all-zero and all-max
// numerals, and values around 2^32 and 2^64 and the powers of the radix
// where a value is split for the digit extraction.
func TestNumeralConversion(t *testing.T) {
	for _, radix := range []int{2, 3, 7, 10, 16, 36, 62, 255, 256, 1000, 65521, 65535, 65536} {
		c, err := NewCipher(make([]byte, 16), radix)
		if err != nil {
			t.Fatal(err)
		}
		r := big.NewInt(int64(radix))
		// Where num128 and str128 split a value in two: radix^f, f the
		// longest length whose values fit in 64 bits.
		split := new(big.Int).Exp(r, big.NewInt(int64(max(c.fast64MaxV, 0))), nil)
		// And where str128 splits it for digitsFrac: radix^fracLen.
		fracSplit := new(big.Int).Exp(r, big.NewInt(int64(c.fracLen)), nil)
		rng := rng2(mrand.New(mrand.NewPCG(uint64(radix), 19)))
		for v := 1; v <= c.fastMaxV; v++ {
			limit := new(big.Int).Exp(r, big.NewInt(int64(v)), nil)
			values := []*big.Int{new(big.Int).Rand(rng, limit), new(big.Int).Rand(rng, limit)}
			for _, e := range []int64{0, 1, -1} {
				for _, base := range []*big.Int{big.NewInt(0), new(big.Int).Lsh(big.NewInt(1), 32), new(big.Int).Lsh(big.NewInt(1), 64), limit, split, new(big.Int).Mul(split, big.NewInt(7)), fracSplit, new(big.Int).Mul(fracSplit, big.NewInt(7))} {
					x := new(big.Int).Add(base, big.NewInt(e))
					if x.Sign() >= 0 && x.Cmp(limit) < 0 {
						values = append(values, x)
					}
				}
			}
			for _, x := range values {
				want := make([]uint16, v)
				refStr(want, x, r)
				got := make([]uint16, v)
				c.str128(got, toU128(x))
				if !slices.Equal(got, want) {
					t.Fatalf("radix %d v %d: str128(%v) = %v, want %v", radix, v, x, got, want)
				}
				if back := toBig(c.num128(want)); back.Cmp(x) != 0 {
					t.Fatalf("radix %d v %d: num128 = %v, want %v", radix, v, back, x)
				}
			}
		}
	}
}

// TestFastPathLimit checks where the fast path stops: radix^v − 1 must fit in
// 128 bits, and the next length must not.
func TestFastPathLimit(t *testing.T) {
	two128 := new(big.Int).Lsh(big.NewInt(1), 128)
	for _, radix := range []int{2, 3, 10, 36, 62, 256, 65535, 65536} {
		c, err := NewCipher(make([]byte, 16), radix)
		if err != nil {
			t.Fatal(err)
		}
		r := big.NewInt(int64(radix))
		fits := func(v int) bool {
			p := new(big.Int).Exp(r, big.NewInt(int64(v)), nil)
			return p.Sub(p, big.NewInt(1)).Cmp(two128) < 0
		}
		if !fits(c.fastMaxV) || fits(c.fastMaxV+1) {
			t.Errorf("radix %d: fast path up to v = %d", radix, c.fastMaxV)
		}
		for v := 1; v <= c.fastMaxV; v++ {
			p := new(big.Int).Exp(r, big.NewInt(int64(v)), nil)
			if want := (p.Sub(p, big.NewInt(1)).BitLen() + 7) / 8; c.halfBytes(v) != want {
				t.Errorf("radix %d v %d: b = %d, want %d", radix, v, c.halfBytes(v), want)
			}
		}
	}
}

// TestPCacheKeys reuses one Cipher for many lengths and tweaks, revisiting
// them at once and after they have evicted one another, and checks every
// result against the reference, which caches nothing: a cache keyed too
// loosely (on the length alone, or on the tweak's length but not its bytes)
// gives wrong ciphertexts here.
func TestPCacheKeys(t *testing.T) {
	for _, radix := range []int{10, 64, 1000} {
		c, err := NewCipher([]byte("0123456789abcdef"), radix)
		if err != nil {
			t.Fatal(err)
		}
		for pass := range 2 {
			for n := c.minLen; n < c.minLen+40; n++ {
				for _, tl := range []int{0, 1, 8, 9, 16, 17, 31, 32, 33, 48, 300} {
					// Tweaks of one length with two contents, in turn.
					for _, variant := range []int{0, 1, 0, 1} {
						tweak := make([]byte, tl)
						for i := range tweak {
							tweak[i] = byte(i + variant)
						}
						x := make([]uint16, n)
						for i := range x {
							x[i] = uint16((i*31 + pass) % radix)
						}
						got, err := c.Encrypt(nil, x, tweak)
						if err != nil {
							t.Fatal(err)
						}
						want := make([]uint16, n)
						c.reference(want, x, tweak, true)
						if !slices.Equal(got, want) {
							t.Fatalf("radix %d n %d tweak length %d variant %d (pass %d): differs from reference", radix, n, tl, variant, pass)
						}
					}
				}
			}
		}
	}
}

// TestNoKeyInOutput prints a Cipher with every common verb and checks that
// neither the key nor its hex form appears.
func TestNoKeyInOutput(t *testing.T) {
	key := []byte("SECRETKEYBYTES!!")
	c, err := NewCipher(key, 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Encrypt(nil, make([]uint16, 40), make([]byte, 40)); err != nil { // fill the caches
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
		out := fmt.Sprintf(verb, c)
		if strings.Contains(out, "SECRET") || strings.Contains(out, fmt.Sprintf("%x", key)) || out != "ff1.Cipher(radix 10)" {
			t.Errorf("Sprintf(%q, c) = %q", verb, out)
		}
	}
}

// TestStr64 compares str64 with plain division for every radix (those that
// are powers of two take its bit-field path), every length whose values fit
// in 64 bits, and the values 0, 1, radix^k − 1 and radix^k and a random multiple
// of radix^k minus one for each k up to the length, radix^len − 1 and a
// random one.
func TestStr64(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(21, 22))
	key := make([]byte, 16)
	step := 1
	if testing.Short() || raceEnabled {
		step = 97
	}
	radixes := []int{2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536}
	for radix := 3; radix < 65536; radix += step {
		radixes = append(radixes, radix)
	}
	for _, radix := range radixes {
		c, err := NewCipher(key, radix)
		if err != nil {
			t.Fatal(err)
		}
		// pow returns radix^k mod 2^64.
		pow := func(k int) uint64 {
			if md := c.mods[k]; md.pow2 {
				return md.mask.lo + 1
			}
			return c.mods[k].m.lo
		}
		got := make([]uint16, 64)
		want := make([]uint16, 64)
		for n := 1; n <= c.fast64MaxV; n++ {
			// radix^n, 0 if it is 2^64 (top − 1 is then right, by wrapping).
			top := pow(n)
			r := rng.Uint64()
			if top != 0 {
				r %= top
			}
			xs := []uint64{0, 1, top - 1, r}
			for k := 1; k < n; k++ {
				p := pow(k)
				// Also a random multiple of radix^k minus one: its last k
				// numerals are all radix − 1, digitsFrac's hardest case.
				xs = append(xs, p-1, p, (1+rng.Uint64N((top-1)/p))*p-1)
			}
			for _, x := range xs {
				c.str64(got[:n], x)
				for i, y := n-1, x; i >= 0; i-- {
					want[i] = uint16(y % uint64(radix))
					y /= uint64(radix)
				}
				if !slices.Equal(got[:n], want[:n]) {
					t.Fatalf("radix %d n %d: str64(%d) = %v, want %v", radix, n, x, got[:n], want[:n])
				}
			}
		}
	}
}
