//go:build gc && amd64 && !purego

package ff1

import (
	"crypto/fips140"
	"encoding/binary"
	"math/bits"

	"golang.org/x/sys/cpu"
)

// FF1's rounds are a chain: each AES block depends on the previous round's
// result through a little integer arithmetic. Reached through cipher.Block,
// every block is written to memory as two 8-byte halves and read back by AES
// as one 16-byte load, which the processor cannot forward from the pending
// stores and so waits for them to reach the cache: about 4 ns a block on the
// machines measured, a third of the AES work itself. On amd64 with AES-NI,
// piikit therefore encrypts FF1's blocks with its own few instructions
// (aesni_amd64.s), taking and returning the block as two 64-bit words: each
// goes through memory as one 8-byte store and one 8-byte load, which the
// processor forwards, and is joined into the AES register there. The key is
// expanded as FIPS 197 specifies, with the S-box of the AES instructions
// themselves; tests compare every key size with crypto/aes.
//
// Where every round reduces by Barrett's method from 128 bits (see
// rounds128), the assembly runs the whole loop: A and B then stay in
// registers from the first round to the last, and each round pays neither
// the call nor the trips of its arguments and results through the stack.
//
// Build with the purego tag to use crypto/aes alone, as FF1 also does in
// FIPS 140-3 mode (GODEBUG=fips140=on).

// haveAESNI reports whether the processor has the AES instructions (the
// rest of aesni_amd64.s is SSE2, which every amd64 processor has).
var haveAESNI = cpu.X86.HasAES

// aesKey is an AES key expanded for encryption with AES-NI.
type aesKey struct {
	xk       [60]uint32 // round keys as FIPS 197 words, each in memory byte order
	nr       int        // rounds: 10, 12 or 14
	k0h, k0l uint64     // round key 0 as big-endian words
}

//go:noescape
func encryptWordsNI(xk *[60]uint32, nr int, hi, lo uint64) (rh, rl uint64)

func subWordNI(w uint32) uint32

//go:noescape
func rounds128NI(xk *[60]uint32, nr int, first, second *barrett128, ch, cl, i0, step, end, ah, al, bh, bl uint64, encrypt bool) (rah, ral, rbh, rbl uint64)

// addReduce128Asm and subReduce128Asm are the reductions of rounds128NI
// alone, for tests: (a + y) mod m and (b − y) mod m for y = rh·2^64 + rl,
// as addReduce128 and subReduce128.
//
//go:noescape
func addReduce128Asm(md *barrett128, ah, al, rh, rl uint64) (sh, sl uint64)

//go:noescape
func subReduce128Asm(md *barrett128, bh, bl, rh, rl uint64) (sh, sl uint64)

// newAESKey expands key (16, 24 or 32 bytes), or returns nil if the
// processor lacks AES-NI or Go runs in FIPS 140-3 mode, where AES must come
// from Go's validated module, crypto/aes.
func newAESKey(key []byte) *aesKey {
	if !haveAESNI || fips140.Enabled() {
		return nil
	}
	switch len(key) {
	case 16, 24, 32:
	default:
		return nil // NewCipher has refused it already
	}
	nk := len(key) / 4
	k := &aesKey{nr: nk + 6}
	// FIPS 197, section 5.2 (KeyExpansion). A word's bytes are kept in
	// memory order, so loaded little-endian: RotWord, which moves the first
	// byte last, is a right rotation by 8, and Rcon[i/Nk], whose nonzero
	// byte comes first, is the low byte.
	for i := range nk {
		k.xk[i] = binary.LittleEndian.Uint32(key[4*i:])
	}
	rcon := uint32(1)
	for i := nk; i < 4*(k.nr+1); i++ {
		t := k.xk[i-1]
		switch {
		case i%nk == 0:
			t = subWordNI(bits.RotateLeft32(t, -8)) ^ rcon
			rcon = xtime(rcon)
		case nk > 6 && i%nk == 4:
			t = subWordNI(t)
		}
		k.xk[i] = k.xk[i-nk] ^ t
	}
	// Round key 0 is the key's first 16 bytes.
	k.k0h, k.k0l = binary.BigEndian.Uint64(key[:8]), binary.BigEndian.Uint64(key[8:16])
	return k
}

// xtime multiplies b by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1
// (FIPS 197, section 4.2.1): the next round constant.
func xtime(b uint32) uint32 {
	b <<= 1
	if b&0x100 != 0 {
		b ^= 0x11b
	}
	return b
}

// encryptWords returns AES_K of the block whose big-endian halves are hi
// and lo.
func (k *aesKey) encryptWords(hi, lo uint64) (uint64, uint64) {
	return encryptWordsNI(&k.xk, k.nr, hi, lo)
}

// rounds128 runs FF1's ten rounds on A and B for a length whose rounds each
// take one block of Q and d = 16 bytes of S (9 ≤ b ≤ 12), with both moduli
// reduced by Barrett (2^64 < radix^u ≤ radix^v ≤ 2^96): the fast path's
// loop with addReduce128 or subReduce128, all in assembly so that A and B
// stay in registers throughout. ch, cl is the CBC-MAC state before the
// round's block XORed with K (see prefixWords); first and second are the
// moduli of the first and second round of each pair: radix^u and radix^v
// when encrypting, the other way round when decrypting.
func (k *aesKey) rounds128(ch, cl uint64, b int, first, second *barrett128, A, B u128, encrypt bool) (u128, u128) {
	// The block is K || [i]^1 || [NUM(B)]^b with round key 0 XORed in: i
	// sits in the high word, 8b − 64 bits up.
	ch ^= k.k0h
	cl ^= k.k0l
	sh := uint(8*b - 64)
	i0, step := uint64(0), uint64(1)<<sh
	if !encrypt {
		i0, step = 9<<sh, -step
	}
	end := i0 + 10*step
	ah, al, bh, bl := rounds128NI(&k.xk, k.nr, first, second, ch, cl, i0, step, end, A.hi, A.lo, B.hi, B.lo, encrypt)
	return u128{ah, al}, u128{bh, bl}
}
