package ff1

import (
	"crypto/aes"
	"encoding/binary"
	"fmt"
	"math/big"
	"testing"
)

var benchCases = []struct{ radix, n int }{
	{10, 10}, {10, 16}, {36, 20}, {62, 32}, {65536, 8}, {10, 1000},
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
