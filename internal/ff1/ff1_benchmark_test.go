package ff1

import (
	"crypto/aes"
	"encoding/binary"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

var benchCases = []struct{ radix, n int }{
	{10, 10}, {10, 16}, {2, 40}, {36, 20}, {62, 32}, {65536, 8}, {10, 1000},
}

var benchTweak = []byte("tweak-01") // 8 bytes

func benchKey(size int) []byte {
	key := make([]byte, size)
	for i := range key {
		key[i] = byte(i*7 + 1)
	}
	return key
}

// BenchmarkEncrypt measures FF1 encryption with a reused dst. Run it with
// BenchmarkAESFloor (go test -bench 'Encrypt|AESFloor') to see each case's
// ratio to its floor in one run.
func BenchmarkEncrypt(b *testing.B) { benchmarkCrypt(b, true) }

// BenchmarkDecrypt measures FF1 decryption with a reused dst.
func BenchmarkDecrypt(b *testing.B) { benchmarkCrypt(b, false) }

func benchmarkCrypt(b *testing.B, encrypt bool) {
	for _, keySize := range []int{16, 32} {
		for _, bc := range benchCases {
			b.Run(fmt.Sprintf("AES-%d/radix=%d/n=%d", keySize*8, bc.radix, bc.n), func(b *testing.B) {
				c, err := NewCipher(benchKey(keySize), bc.radix)
				if err != nil {
					b.Fatal(err)
				}
				x := make([]uint16, bc.n)
				for i := range x {
					x[i] = uint16((i * 7919) % bc.radix)
				}
				f := c.Encrypt
				if !encrypt {
					f = c.Decrypt
				}
				dst := make([]uint16, 0, bc.n)
				b.ReportAllocs()
				for b.Loop() {
					if dst, err = f(dst, x, benchTweak); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// floorBlocks returns the AES blocks FF1 needs for radix and n with
// benchTweak, computed from SP 800-38G directly: in each of the ten rounds,
// the CBC-MAC blocks of Q from the one holding the round number on, plus
// ⌈d/16⌉ − 1 blocks to extend S. P and the blocks of Q before the round
// number (the tweak and zero padding) are the same in every round and
// every call for a length and tweak, as FF1 caches them; they are not
// counted, which gives the strictest floor.
func floorBlocks(radix, n int) int {
	v := n - n/2
	rv := new(big.Int).Exp(big.NewInt(int64(radix)), big.NewInt(int64(v)), nil)
	bLen := (rv.Sub(rv, big.NewInt(1)).BitLen() + 7) / 8
	d := 4*((bLen+3)/4) + 4
	t := len(benchTweak)
	pad := -(t + bLen + 1) & 15
	q := t + pad + 1 + bLen
	perRound := q/16 - (t+pad)/16 + (d+15)/16 - 1
	return 10 * perRound
}

// BenchmarkAESFloor is the floor for each case of BenchmarkEncrypt: the AES
// block encryptions of ten FF1 rounds (see floorBlocks) with crypto/aes
// directly, chained as the CBC-MAC chains them, and nothing else.
func BenchmarkAESFloor(b *testing.B) { benchmarkFloor(b, false) }

// BenchmarkAESFloorGo is BenchmarkAESFloor with the least any Go caller of
// cipher.Block must add per block when, as in FF1, the next block depends on
// the previous one: its last eight bytes (where FF1 puts NUM(B)) are loaded,
// changed and stored back from a register before the call. AES then reads its
// 16 bytes across that 8-byte store while it is still in flight, which the
// CPU cannot forward; Go has no way to issue the single 16-byte store that
// would. On the AMD EPYC the package's figures come from, this costs about
// 4 ns a block. It is the floor of FF1's chain through crypto/aes.
func BenchmarkAESFloorGo(b *testing.B) { benchmarkFloor(b, true) }

func benchmarkFloor(b *testing.B, store bool) {
	for _, keySize := range []int{16, 32} {
		for _, bc := range benchCases {
			blocks := floorBlocks(bc.radix, bc.n)
			b.Run(fmt.Sprintf("AES-%d/radix=%d/n=%d/blocks=%d", keySize*8, bc.radix, bc.n, blocks), func(b *testing.B) {
				runFloor(b, keySize, blocks, store)
			})
		}
	}
}

func runFloor(b *testing.B, keySize, blocks int, store bool) {
	block, err := aes.NewCipher(benchKey(keySize))
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 16)
	b.ReportAllocs()
	for b.Loop() {
		if !store {
			for range blocks {
				block.Encrypt(buf, buf)
			}
			continue
		}
		for i := range blocks {
			lo := binary.BigEndian.Uint64(buf[8:])
			binary.BigEndian.PutUint64(buf[8:], lo+uint64(i))
			block.Encrypt(buf, buf)
		}
	}
}

// mixCall is one FF1 call of BenchmarkEncryptMix.
type mixCall struct {
	c     *Cipher
	x     []uint16
	tweak []byte
}

// demoMix returns calls in the proportions piikit's demo export makes them
// (its users table: the name, name_kana, email and phone columns, masked
// with the tweaks of SPEC §5: the kind, a zero byte and the value's template).
// Per 100 calls: 25 phone numbers (radix 10, 8 numerals, one of a few
// templates), 14 kanji names (radix 2894, 3 to 5 numerals), 17 email local
// parts (radix 26, 7 to 18 numerals) and 44 mixed-radix values as bit
// strings (radix 2, 28 to 56 numerals). Tweaks are 10 to 67 bytes long and
// drawn from pools of templates, a few common and many rare, so that about
// one call in five meets a template that FF1's tweak cache does not hold, as
// in the demo.
func demoMix(b *testing.B) []mixCall {
	key := benchKey(32)
	ciphers := map[int]*Cipher{}
	cipherFor := func(radix int) *Cipher {
		if c, ok := ciphers[radix]; ok {
			return c
		}
		c, err := NewCipher(key, radix)
		if err != nil {
			b.Fatal(err)
		}
		ciphers[radix] = c
		return c
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// template returns kind, a zero byte, prefix and then k entries of a
	// template: a masked position (0xFF and a class code) or a kept
	// character.
	template := func(kind, prefix string, k int) []byte {
		t := append([]byte(kind+"\x00"), prefix...)
		for range k {
			if rng.IntN(6) == 0 {
				t = append(t, " .-_"[rng.IntN(4)])
			} else {
				t = append(t, 0xFF, "a0k"[rng.IntN(3)])
			}
		}
		return t
	}
	// A pool's templates each come with a length: the template fixes the
	// numerals' count (for radix 2, the bits of the mixed-radix domain).
	type entry struct {
		tweak []byte
		n     int
	}
	pool := func(size, minN, maxN int, gen func() []byte) []entry {
		p := make([]entry, size)
		for i := range p {
			p[i] = entry{gen(), minN + rng.IntN(maxN-minN+1)}
		}
		return p
	}
	domains := make([][]byte, 40)
	for i := range domains {
		domains[i] = fmt.Appendf(nil, "@%s.example.%s", strings.Repeat("x", 3+rng.IntN(12)), []string{"com", "jp", "co.jp", "net"}[rng.IntN(4)])
	}
	email := func() []byte {
		return append(template("email", "k\x00", 4+rng.IntN(14)), domains[rng.IntN(len(domains))]...)
	}
	name := func() []byte { return template("name", "", 3+rng.IntN(12)) }
	groups := []struct {
		weight, radix int
		pool          []entry
	}{
		{25, 10, pool(5, 8, 8, func() []byte { return template("phone", "", 8) })},
		{14, 2894, pool(40, 3, 5, name)},
		{17, 26, pool(250, 7, 18, email)},
		{30, 2, pool(60, 28, 49, name)},
		{14, 2, pool(100, 31, 56, email)},
	}
	calls := make([]mixCall, 0, 4096)
	for len(calls) < cap(calls) {
		w := rng.IntN(100)
		for _, g := range groups {
			if w -= g.weight; w >= 0 {
				continue
			}
			// The first templates of a pool are the common ones.
			u := rng.Float64()
			e := g.pool[int(u*u*u*u*u*float64(len(g.pool)))]
			x := make([]uint16, e.n)
			for i := range x {
				x[i] = uint16(rng.IntN(g.radix))
			}
			calls = append(calls, mixCall{cipherFor(g.radix), x, e.tweak})
			break
		}
	}
	return calls
}

// BenchmarkEncryptMix measures one FF1 call of the demo export's mix (see
// demoMix), with a reused dst and AES-256 as piikit's mask package uses:
// the per-call cost an export pays, tweak cache misses included.
func BenchmarkEncryptMix(b *testing.B) {
	calls := demoMix(b)
	dst := make([]uint16, 0, 64)
	var err error
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		call := &calls[i%len(calls)]
		if dst, err = call.c.Encrypt(dst, call.x, call.tweak); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
