package ff1

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	oldrand "math/rand"
	mrand "math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// randomRadixes mixes the edges (2, powers of two, 65535, 65536) with random
// radixes.
func randomRadix(rng *mrand.Rand) int {
	switch rng.IntN(4) {
	case 0:
		return []int{2, 3, 10, 16, 26, 36, 62, 64, 85, 255, 256, 1000, 65535, 65536}[rng.IntN(14)]
	case 1:
		return 1 << (1 + rng.IntN(16))
	case 2:
		return 2 + rng.IntN(100)
	default:
		return 2 + rng.IntN(65535)
	}
}

func randomNumerals(rng *mrand.Rand, radix, n int) []uint16 {
	x := make([]uint16, n)
	for i := range x {
		x[i] = uint16(rng.IntN(radix))
	}
	return x
}

func randomKey(rng *mrand.Rand) []byte {
	key := make([]byte, []int{16, 24, 32}[rng.IntN(3)])
	for i := range key {
		key[i] = byte(rng.Uint32())
	}
	return key
}

func randomTweak(rng *mrand.Rand) []byte {
	tw := make([]byte, []int{0, 0, 1, 7, 8, 11, 15, 16, 17, 31, 32, 33, 100}[rng.IntN(13)])
	for i := range tw {
		tw[i] = byte(rng.Uint32())
	}
	return tw
}

// randomLength favours the lengths around the fast path's limit for radix.
func randomLength(rng *mrand.Rand, c *Cipher, maxLen int) int {
	lo := c.minLen
	switch rng.IntN(3) {
	case 0:
		n := 2*c.fastMaxV - 2 + rng.IntN(5) // both sides of the 128-bit limit
		return min(max(n, lo), maxLen)
	case 1:
		return lo + rng.IntN(min(40, maxLen-lo+1))
	default:
		return lo + rng.IntN(maxLen-lo+1)
	}
}

// randomIterations is how many random cases a randomised test runs.
func randomIterations() int {
	if testing.Short() || raceEnabled {
		return 300
	}
	return 3000
}

func randomCipher(t *testing.T, rng *mrand.Rand) *Cipher {
	t.Helper()
	c, err := NewCipher(randomKey(rng), randomRadix(rng))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundTripProperties(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(1, 2))
	for range randomIterations() {
		c := randomCipher(t, rng)
		radix := c.radix
		n := randomLength(rng, c, 300)
		x := randomNumerals(rng, radix, n)
		tweak := randomTweak(rng)
		ct, err := c.Encrypt(nil, x, tweak)
		if err != nil {
			t.Fatalf("radix %d n %d: %v", radix, n, err)
		}
		if len(ct) != n {
			t.Fatalf("radix %d n %d: ciphertext length %d", radix, n, len(ct))
		}
		for _, e := range ct {
			if int(e) >= radix {
				t.Fatalf("radix %d n %d: numeral %d out of range", radix, n, e)
			}
		}
		pt, err := c.Decrypt(nil, ct, tweak)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pt, x) {
			t.Fatalf("radix %d n %d tweak %d bytes: round trip failed", radix, n, len(tweak))
		}
	}
}

// TestDifferential checks the fast and general paths against the literal
// reference, and against each other where both apply.
func TestDifferential(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(3, 4))
	for range randomIterations() {
		key := randomKey(rng)
		c, err := NewCipher(key, randomRadix(rng))
		if err != nil {
			t.Fatal(err)
		}
		radix := c.radix
		n := randomLength(rng, c, 2*c.fastMaxV+8)
		x := randomNumerals(rng, radix, n)
		tweak := randomTweak(rng)
		for _, encrypt := range []bool{true, false} {
			want := checkReference(t, c, x, tweak, encrypt)
			if c.fastHalf(n - n/2) {
				// The 128-bit path also on inputs the 64-bit path takes.
				f := make([]uint16, n)
				c.fast(f, x, tweak, encrypt)
				if !slices.Equal(f, want) {
					t.Fatalf("radix %d n %d encrypt %v: 128-bit path %v, reference %v", radix, n, encrypt, f, want)
				}
			}
			gen := make([]uint16, n)
			c.general(gen, x, tweak, encrypt)
			if !slices.Equal(gen, want) {
				t.Fatalf("radix %d n %d encrypt %v: general path %v, reference %v", radix, n, encrypt, gen, want)
			}
		}
	}
}

// TestBarrett128Rounds checks, against the literal reference, every length
// whose rounds all reduce by Barrett's method from 128 bits (d = 16 bytes of
// S and both moduli above 2^64, as for radix 62 × 32): every key size,
// random radixes, random numerals and the extremes, all zeros and all
// radix − 1 (where A and B start at 0 and at m − 1).
func TestBarrett128Rounds(t *testing.T) {
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
			for n := 2; n <= 2*c.fastMaxV; n++ {
				u, v := n/2, n-n/2
				if v <= c.fast64MaxV || sLen(c.halfBytes(v)) != 16 || c.mods[u].b128.mu == 0 || c.mods[v].b128.mu == 0 {
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
						checkReference(t, c, x, tweak, encrypt)
					}
				}
			}
		}
	}
	if cases == 0 {
		t.Fatal("no length reduces by Barrett from 128 bits in every round")
	}
}

// TestFast64Pow2 checks fast64 for power-of-two radixes, whose halves it
// takes up to 64 bits (masks instead of reductions, numerals as bit fields),
// against the literal reference: every radix 2^k, every length up to two
// past where the longer half leaves 64 bits, all-zero, all-(radix − 1) and
// random numerals, both directions, tweaks of every CBC-MAC alignment.
func TestFast64Pow2(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(33, 34))
	for k := 1; k <= 16; k++ {
		radix := 1 << k
		c, err := NewCipher(randomKey(rng), radix)
		if err != nil {
			t.Fatal(err)
		}
		if want := 64 / k; c.fast64MaxV != want {
			t.Fatalf("radix %d: fast64 takes halves of up to %d numerals, want %d", radix, c.fast64MaxV, want)
		}
		for n := c.minLen; n <= 2*c.fast64MaxV+2; n++ {
			tops := make([]uint16, n)
			for i := range tops {
				tops[i] = uint16(radix - 1)
			}
			for _, x := range [][]uint16{make([]uint16, n), tops, randomNumerals(rng, radix, n)} {
				tweak := randomTweak(rng)
				for _, encrypt := range []bool{true, false} {
					checkReference(t, c, x, tweak, encrypt)
				}
			}
		}
	}
}

// checkReference compares c with the literal reference on x, and returns
// the reference's result.
func checkReference(t *testing.T, c *Cipher, x []uint16, tweak []byte, encrypt bool) []uint16 {
	t.Helper()
	want := make([]uint16, len(x))
	c.reference(want, x, tweak, encrypt)
	got, err := c.crypt(nil, x, tweak, encrypt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("radix %d n %d tweak %d bytes encrypt %v: got %v, reference %v", c.radix, len(x), len(tweak), encrypt, got, want)
	}
	return want
}

// TestLongest runs the longest inputs, radix 65536 included, against the
// reference.
func TestLongest(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(5, 6))
	for _, radix := range []int{2, 10, 65535, 65536} {
		c, err := NewCipher(randomKey(rng), radix)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{MaxLen - 1, MaxLen} {
			x := randomNumerals(rng, radix, n)
			tweak := randomTweak(rng)
			ct, err := c.Encrypt(nil, x, tweak)
			if err != nil {
				t.Fatal(err)
			}
			want := make([]uint16, n)
			c.reference(want, x, tweak, true)
			if !slices.Equal(ct, want) {
				t.Fatalf("radix %d n %d: differs from reference", radix, n)
			}
			pt, err := c.Decrypt(ct[:0], ct, tweak) // in place
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(pt, x) {
				t.Fatalf("radix %d n %d: round trip failed", radix, n)
			}
		}
	}
}

func TestInPlace(t *testing.T) {
	c, err := NewCipher(make([]byte, 32), 10)
	if err != nil {
		t.Fatal(err)
	}
	x := []uint16{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	want, err := c.Encrypt(nil, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	buf := slices.Clone(x)
	got, err := c.Encrypt(buf, buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) || &got[0] != &buf[0] {
		t.Fatalf("in-place Encrypt = %v (same array %v), want %v", got, &got[0] == &buf[0], want)
	}
}

// TestReduce checks 160-bit reductions modulo every kind of modulus against
// math/big, at the edges (y near multiples of the modulus, moduli near 2^64
// and 2^128) and at random.
func TestReduce(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(7, 8))
	two128 := new(big.Int).Lsh(big.NewInt(1), 128)
	var moduli []*big.Int
	for _, e := range []string{"2", "3", "10", "ffffffff", "ffffffffffffffff", "10000000000000001",
		"fffffffffffffffffffffffffffffff", "ffffffffffffffffffffffffffffffff", "80000000000000000000000000000000",
		"8000000000000000ffffffffffffffff", "7fffffffffffffffffffffffffffffff"} {
		m, _ := new(big.Int).SetString(e, 16)
		moduli = append(moduli, m)
	}
	for _, radix := range []int64{3, 10, 36, 62, 65535} {
		for p := big.NewInt(radix); p.Cmp(two128) < 0; p = new(big.Int).Mul(p, big.NewInt(radix)) {
			moduli = append(moduli, p)
		}
	}
	for range 200 {
		m, _ := rand.Int(rand.Reader, two128)
		moduli = append(moduli, m.Add(m, big.NewInt(2)).Rsh(m, uint(rng.IntN(127))).Add(m, big.NewInt(2)))
	}
	limit := new(big.Int).Lsh(big.NewInt(1), 160)
	for _, m := range moduli {
		if m.Cmp(two128) >= 0 {
			continue
		}
		md := newModulus(toU128(m))
		ys := []*big.Int{big.NewInt(0), new(big.Int).Sub(limit, big.NewInt(1)), new(big.Int).Sub(m, big.NewInt(1)), new(big.Int).Set(m)}
		for range 30 {
			y, _ := rand.Int(rand.Reader, limit)
			ys = append(ys, y)
			q := new(big.Int).Div(y, m) // multiples of m and their neighbours
			k := new(big.Int).Mul(q, m)
			ys = append(ys, k, new(big.Int).Add(k, big.NewInt(1)), new(big.Int).Sub(k, big.NewInt(1)).Abs(new(big.Int).Sub(k, big.NewInt(1))))
		}
		for _, y := range ys {
			var w [20]byte
			y.FillBytes(w[:])
			y2 := uint64(w[0])<<24 | uint64(w[1])<<16 | uint64(w[2])<<8 | uint64(w[3])
			y1 := new(big.Int).SetBytes(w[4:12]).Uint64()
			y0 := new(big.Int).SetBytes(w[12:]).Uint64()
			got := md.reduce(y2, y1, y0)
			want := new(big.Int).Mod(y, m)
			if toBig(got).Cmp(want) != 0 {
				t.Fatalf("%x mod %x = %x, want %x", y, m, toBig(got), want)
			}

			a, _ := rand.Int(rand.Reader, m)
			sum := new(big.Int).Add(a, want)
			if g := toBig(md.addMod(toU128(a), got)); g.Cmp(sum.Mod(sum, m)) != 0 {
				t.Fatalf("addMod: %x, want %x", g, sum)
			}
			diff := new(big.Int).Sub(a, want)
			if g := toBig(md.subMod(toU128(a), got)); g.Cmp(diff.Mod(diff, m)) != 0 {
				t.Fatalf("subMod: %x, want %x", g, diff)
			}
		}
	}
}

// TestReduce32 checks addReduce32 and subReduce32 (one-word Barrett
// reduction fused with the round's addition or subtraction) against plain
// modular arithmetic for every radix power below 2^32 of radixes that are not powers
// of two (the moduli fast64 gives them), and random moduli, at the edges of y
// (0, multiples of m and their neighbours, 2^64 − 1) and of a (0, m − 1) and
// at random.
func TestReduce32(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(13, 14))
	var moduli []uint64
	for _, radix := range []uint64{3, 5, 6, 7, 10, 26, 36, 62, 85, 255, 1000, 65535} {
		for p := radix; p < 1<<32; p *= radix {
			moduli = append(moduli, p)
		}
	}
	for range 300 {
		if m := 3 + rng.Uint64N(1<<32-3); m&(m-1) != 0 {
			moduli = append(moduli, m)
		}
	}
	moduli = append(moduli, 3, 5, 6, 100000, 999999, 1e9, 1<<31+1, 1<<32-3, 1<<32-1)
	for _, m := range moduli {
		md := newModulus(u128{0, m})
		ys := []uint64{0, 1, m - 1, m, m + 1, 2*m - 1, 1<<64 - 1, 1<<64 - 1 - (1<<64-1)%m, 1<<64 - 2 - (1<<64-1)%m}
		for range 20 {
			y := rng.Uint64()
			ys = append(ys, y, y-y%m, y-y%m-1, y-y%m+m-1)
		}
		as := []uint64{0, 1, m - 1, m / 2, rng.Uint64N(m), rng.Uint64N(m)}
		for _, y := range ys {
			r := y % m
			for _, a := range as {
				if got, want := md.addReduce32(a, y), (a+r)%m; got != want {
					t.Fatalf("addReduce32(%d, %d) mod %d = %d, want %d", a, y, m, got, want)
				}
				if got, want := md.subReduce32(a, y), (a+m-r)%m; got != want {
					t.Fatalf("subReduce32(%d, %d) mod %d = %d, want %d", a, y, m, got, want)
				}
			}
		}
	}
}

// TestReduce96 checks addReduce96 and subReduce96 against math/big for
// radix powers between 2^32 and 2^64 of radixes that are not powers of two,
// random moduli and the extremes (including either side of 2^61, where the
// Barrett estimate gives way to a division), with y = ⌊R/2^32⌋ at 0, 2^96 − 1, around
// multiples of m and at random, and a at 0, m − 1 and at random.
func TestReduce96(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(15, 16))
	var moduli []uint64
	for _, radix := range []uint64{3, 5, 10, 36, 62, 1000, 65535} {
		p := radix
		for p <= 1<<32 {
			p *= radix
		}
		for ; p != 0; p *= radix {
			moduli = append(moduli, p)
			if hi, _ := bits.Mul64(p, radix); hi != 0 {
				break
			}
		}
	}
	for range 300 {
		if m := rng.Uint64() >> rng.IntN(31); m > 1<<32 && m&(m-1) != 0 {
			moduli = append(moduli, m)
		}
	}
	moduli = append(moduli, 1<<32+1, 1<<33-1, 1<<61-1, 1<<61+1, 1<<63-1, 1<<63+1, 1<<64-1)
	two96 := new(big.Int).Lsh(big.NewInt(1), 96)
	for _, m := range moduli {
		md := newModulus(u128{0, m})
		bm := new(big.Int).SetUint64(m)
		ys := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(two96, big.NewInt(1)), new(big.Int).Set(bm)}
		for range 20 {
			y := new(big.Int).Rand(rng2(rng), two96)
			k := new(big.Int).Sub(y, new(big.Int).Mod(y, bm)) // a multiple of m
			ys = append(ys, y, k, new(big.Int).Add(k, bm).Sub(new(big.Int).Add(k, bm), big.NewInt(1)))
			if k.Sign() > 0 {
				ys = append(ys, new(big.Int).Sub(k, big.NewInt(1)))
			}
		}
		as := []uint64{0, 1, m - 1, rng.Uint64N(m), rng.Uint64N(m)}
		for _, y := range ys {
			if y.Cmp(two96) >= 0 {
				continue // k + m − 1 past 2^96
			}
			// R = y·2^32 + 32 random low bits, which must not matter.
			r := toU128(new(big.Int).Or(new(big.Int).Lsh(y, 32), big.NewInt(int64(rng.Uint32()))))
			for _, a := range as {
				ba := new(big.Int).SetUint64(a)
				want := new(big.Int).Mod(new(big.Int).Add(ba, y), bm).Uint64()
				if got := md.addReduce96(a, r.hi, r.lo); got != want {
					t.Fatalf("addReduce96(%d, %v) mod %d = %d, want %d", a, y, m, got, want)
				}
				want = new(big.Int).Mod(new(big.Int).Sub(ba, y), bm).Uint64()
				if got := md.subReduce96(a, r.hi, r.lo); got != want {
					t.Fatalf("subReduce96(%d, %v) mod %d = %d, want %d", a, y, m, got, want)
				}
			}
		}
	}
}

// TestReduce128 checks addReduce128 and subReduce128 against math/big for
// radix powers between 2^64 and 2^125 of radixes that are not powers of two,
// random moduli and the extremes, with y at 0, 2^128 − 1, around multiples
// of m and at random, and a at 0, m − 1 and at random; and that the Barrett
// estimate is set up exactly for 2^64 < m ≤ 2^125.
func TestReduce128(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(17, 18))
	one := big.NewInt(1)
	pow2 := func(k uint) *big.Int { return new(big.Int).Lsh(one, k) }
	var moduli []*big.Int
	for _, radix := range []int64{3, 10, 36, 62, 1000, 65535} {
		r := big.NewInt(radix)
		for p := big.NewInt(radix); p.Cmp(pow2(125)) <= 0; p = new(big.Int).Mul(p, r) {
			if p.Cmp(pow2(64)) > 0 {
				moduli = append(moduli, p)
			}
		}
	}
	for range 200 {
		m := new(big.Int).Rand(rng2(rng), pow2(uint(65+rng.IntN(61))))
		if m.Cmp(pow2(64)) > 0 {
			moduli = append(moduli, m)
		}
	}
	// Just above 2^64, R's low word weighs most in the estimate's error:
	// there it can be two short, which the other moduli hardly reach.
	for range 40 {
		moduli = append(moduli, new(big.Int).Add(pow2(64), new(big.Int).Rand(rng2(rng), pow2(64))))
	}
	moduli = append(moduli,
		new(big.Int).Add(pow2(64), one), new(big.Int).Sub(pow2(65), one),
		new(big.Int).Sub(pow2(125), one), pow2(125))
	for _, m := range []*big.Int{pow2(64), new(big.Int).Add(pow2(125), one), new(big.Int).Sub(pow2(128), one)} {
		if md := newModulus(toU128(m)); md.b128.mu != 0 {
			t.Errorf("modulus %v: Barrett estimate set outside (2^64, 2^125]", m)
		}
	}
	two128 := pow2(128)
	for _, m := range moduli {
		md := newModulus(toU128(m))
		if md.b128.mu == 0 {
			t.Fatalf("modulus %v: Barrett estimate not set", m)
		}
		ys := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(two128, one), new(big.Int).Set(m)}
		for range 20 {
			y := new(big.Int).Rand(rng2(rng), two128)
			k := new(big.Int).Sub(y, new(big.Int).Mod(y, m)) // a multiple of m
			ys = append(ys, y, k, new(big.Int).Sub(new(big.Int).Add(k, m), one))
			if k.Sign() > 0 {
				ys = append(ys, new(big.Int).Sub(k, one))
			}
		}
		as := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(m, one),
			new(big.Int).Rand(rng2(rng), m), new(big.Int).Rand(rng2(rng), m)}
		for _, y := range ys {
			if y.Cmp(two128) >= 0 {
				continue // k + m − 1 past 2^128
			}
			r := toU128(y)
			for _, a := range as {
				sum := toU128(new(big.Int).Mod(new(big.Int).Add(a, y), m))
				diff := toU128(new(big.Int).Mod(new(big.Int).Sub(a, y), m))
				if got := md.b128.addReduce128(toU128(a), r.hi, r.lo); got != sum {
					t.Fatalf("addReduce128(%v, %v) mod %v = %v, want %v", a, y, m, toBig(got), toBig(sum))
				}
				if got := md.b128.subReduce128(toU128(a), r.hi, r.lo); got != diff {
					t.Fatalf("subReduce128(%v, %v) mod %v = %v, want %v", a, y, m, toBig(got), toBig(diff))
				}
			}
		}
	}
}

// rng2 adapts a math/rand/v2 source for big.Int.Rand.
func rng2(rng *mrand.Rand) *oldrand.Rand { return oldrand.New(oldrand.NewSource(int64(rng.Uint64()))) }

func toU128(x *big.Int) u128 {
	var w [16]byte
	x.FillBytes(w[:])
	return u128{new(big.Int).SetBytes(w[:8]).Uint64(), new(big.Int).SetBytes(w[8:]).Uint64()}
}

// TestTweakCache runs more keys than the tweak-prefix cache holds: tweaks
// that differ from one another in one byte of the cached prefix or only
// after it, each at seven lengths, twice in different orders, against the
// literal reference. Whichever slots entries land in and whatever they
// evict, a cached state serves only its own (length, tweak length, prefix).
// A tweak seen before then costs no allocation.
func TestTweakCache(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(35, 36))
	c, err := NewCipher(randomKey(rng), 10)
	if err != nil {
		t.Fatal(err)
	}
	// t = 37 and b = 2 or 3 (n = 6…12): 32 bytes of the tweak fill the
	// blocks before the round number, which the cache keys on.
	base := make([]byte, 37)
	for i := range base {
		base[i] = byte(rng.Uint32())
	}
	type call struct {
		x     []uint16
		tweak []byte
	}
	var calls []call
	for i := range qCacheSize / 2 {
		tw := slices.Clone(base)
		if i%4 == 3 {
			tw[32+i%5] ^= byte(1 + i) // after the cached prefix
		} else {
			tw[i%32] ^= byte(1 + i/32)
		}
		for n := 6; n <= 12; n++ {
			calls = append(calls, call{randomNumerals(rng, 10, n), tw})
		}
	}
	for pass := range 2 {
		for _, k := range rng.Perm(len(calls)) {
			checkReference(t, c, calls[k].x, calls[k].tweak, pass == 0)
		}
	}
	if raceEnabled {
		return // sync.Pool drops scratch blocks under the race detector
	}
	dst := make([]uint16, 0, 6)
	x, tw := calls[0].x, calls[0].tweak
	if allocs := testing.AllocsPerRun(100, func() { dst, _ = c.Encrypt(dst, x, tw) }); allocs != 0 {
		t.Errorf("a cached tweak: %v allocations per call, want 0", allocs)
	}
}

// TestConcurrent shares one Cipher between goroutines that use different
// lengths and tweaks, and compares every result with a serial run.
func TestConcurrent(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(9, 10))
	for _, radix := range []int{10, 62, 65536} {
		key := randomKey(rng)
		c, err := NewCipher(key, radix)
		if err != nil {
			t.Fatal(err)
		}
		type job struct {
			x, want []uint16
			tw      []byte
		}
		var jobs []job
		for range 200 {
			// Many (length, tweak length) pairs, more than the P cache holds.
			n := c.minLen + rng.IntN(2*c.fastMaxV+10-c.minLen)
			x := randomNumerals(rng, radix, n)
			tw := randomTweak(rng)
			want, err := c.Encrypt(nil, x, tw)
			if err != nil {
				t.Fatal(err)
			}
			jobs = append(jobs, job{x: x, tw: tw, want: want})
		}
		// A fresh cipher, so that goroutines race to fill its P cache.
		c, err = NewCipher(key, radix)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := range 8 {
			wg.Go(func() {
				dst := make([]uint16, 0, 64)
				for k := range 3 * len(jobs) {
					j := jobs[(k*7+g*13)%len(jobs)]
					got, err := c.Encrypt(dst, j.x, j.tw)
					if err == nil && !slices.Equal(got, j.want) {
						err = fmt.Errorf("radix %d n %d: concurrent result differs from serial", radix, len(j.x))
					}
					if err == nil {
						var back []uint16
						back, err = c.Decrypt(dst, got, j.tw)
						if err == nil && !slices.Equal(back, j.x) {
							err = errors.New("concurrent decrypt differs")
						}
					}
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
}
