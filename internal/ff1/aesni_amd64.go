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
// Build with the purego tag to use crypto/aes alone, as FF1 also does in
// FIPS 140-3 mode (GODEBUG=fips140=on).

// haveAESNI reports whether the processor has the AES instructions (the
// rest of aesni_amd64.s is SSE2, which every amd64 processor has).
var haveAESNI = cpu.X86.HasAES

// aesKey is an AES key expanded for encryption with AES-NI.
type aesKey struct {
	xk [60]uint32 // round keys as FIPS 197 words, each in memory byte order
	nr int        // rounds: 10, 12 or 14
}

//go:noescape
func encryptWordsNI(xk *[60]uint32, nr int, hi, lo uint64) (rh, rl uint64)

func subWordNI(w uint32) uint32

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
