package ff1

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// scratch is one AES block in memory, for crypto/aes: reached through the
// cipher.Block interface, its arguments escape, so the block cannot live on
// the stack. A call takes its own from a pool, never shared while in use.
type scratch struct{ blk [16]byte }

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// getScratch returns a scratch block for one call; release it with
// putScratch.
func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(s *scratch) { scratchPool.Put(s) }

// encryptWords returns CIPH_K of the block whose big-endian halves are hi
// and lo, as big-endian halves, through s, the call's scratch.
func (c *Cipher) encryptWords(s *scratch, hi, lo uint64) (uint64, uint64) {
	c.encrypt(s, hi, lo)
	return s.words()
}

// encrypt sets s to CIPH_K of the block whose big-endian halves are hi and
// lo. It is encryptWords in two parts, each small enough for the compiler to
// inline (encryptWords is not): fast64's rounds call them, saving a call
// and its spills per AES block.
func (c *Cipher) encrypt(s *scratch, hi, lo uint64) {
	binary.BigEndian.PutUint64(s.blk[:8], hi)
	binary.BigEndian.PutUint64(s.blk[8:], lo)
	c.block.Encrypt(s.blk[:], s.blk[:])
}

// words returns s as big-endian halves.
func (s *scratch) words() (hi, lo uint64) {
	return binary.BigEndian.Uint64(s.blk[:8]), binary.BigEndian.Uint64(s.blk[8:])
}

// The caches are tables of immutable entries, published atomically:
// pCache holds encrypted P blocks, one per (length, tweak length) in use,
// direct-mapped; qCache holds states after the constant blocks of Q, each
// in one of two slots its key hashes to.
//
// Their sizes are set by the mix a masking export makes (BenchmarkEncryptMix):
// a template per value shape, many lengths at radix 2. With 64 entries each,
// one call in five missed the Q cache and one in ten the P cache, each miss
// costing AES blocks and two allocations; with 512 and 256, about one in 25
// and one in 150. A key of the Q cache may sit in either of two slots, which
// takes its misses over 50,000 demo users from 4 in 100 calls to 1 in 200
// (with one slot a key, 512 entries held the email column's 400 templates
// badly: many shared a slot). A Cipher's tables take 6 KiB, and its Q entries
// at most 512 × (maxCachedPrefix + 64) bytes.
const (
	pCacheBits = 8
	pCacheSize = 1 << pCacheBits
	qCacheBits = 9
	qCacheSize = 1 << qCacheBits
)

// pEntry is an immutable cache entry: CIPH_K(P) for one (n, t).
type pEntry struct {
	n, t   int
	xh, xl uint64
}

// macP returns CIPH_K(P), the CBC-MAC state after FF1's first block P
// (SP 800-38G, Algorithm 7, step 5), as big-endian halves. P depends on the
// radix (fixed for c), the length n and the tweak length t, and the cache is
// keyed on both.
func (c *Cipher) macP(s *scratch, n, t int) (xh, xl uint64) {
	h := (uint32(n)*0x9e3779b9 ^ uint32(t)*0x85ebca6b) >> (32 - pCacheBits)
	slot := &c.pCache[h]
	if e := slot.Load(); e != nil && e.n == n && e.t == t {
		return e.xh, e.xl
	}
	// P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1
	//     || [n]^4 || [t]^4
	ph := uint64(0x010201)<<40 | uint64(c.radix)<<16 | 10<<8 | uint64(byte(n/2))
	pl := uint64(uint32(n))<<32 | uint64(uint32(t))
	xh, xl = c.encryptWords(s, ph, pl)
	slot.Store(&pEntry{n: n, t: t, xh: xh, xl: xl})
	return xh, xl
}

// qEntry is an immutable cache entry: the CBC-MAC state after P and the
// constant blocks of Q, for one length n, tweak length t and the tweak bytes
// those blocks hold.
type qEntry struct {
	n, t   int
	prefix []byte // a private copy
	xh, xl uint64
}

// maxCachedPrefix bounds the tweak bytes a qEntry holds, and so the cache's
// memory (qCacheSize entries).
const maxCachedPrefix = 256

// macPrefix returns the CBC-MAC state, as big-endian halves, after P and
// after the blocks of Q = T || [0]^pad || [i]^1 || [NUM(B)]^b that come
// before the round number i, which are the same in every round; and pad and
// the number of bytes of Q so consumed (a multiple of 16, at most
// len(tweak)+pad).
//
// When the tweak fills at least one such block, the state is cached, keyed
// on n, the tweak length and the tweak bytes in those blocks, compared in
// full: a tweak that is reused (a format template, say) costs no AES block
// per call beyond the rounds.
func (c *Cipher) macPrefix(s *scratch, n int, tweak []byte, b int) (xh, xl uint64, pad, pre int) {
	t := len(tweak)
	pad = -(t + b + 1) & 15
	pre = (t + pad) &^ 15
	if pre == 0 {
		xh, xl = c.macP(s, n, t)
		return xh, xl, pad, pre
	}
	consumed := tweak[:min(pre, t)]
	var slots [2]*atomic.Pointer[qEntry]
	if len(consumed) <= maxCachedPrefix {
		// Two slots a key, from independent bits of the hash: an entry
		// may sit in either, so that two keys that share one slot need not
		// evict each other (see qCacheBits).
		h := maphash.Bytes(c.seed, consumed) ^ uint64(n)*0x9e3779b97f4a7c15 ^ uint64(t)*0xc2b2ae3d27d4eb4f
		slots = [2]*atomic.Pointer[qEntry]{&c.qCache[h>>(64-qCacheBits)], &c.qCache[h&(qCacheSize-1)]}
		for _, slot := range slots {
			if e := slot.Load(); e != nil && e.n == n && e.t == t && bytes.Equal(e.prefix, consumed) {
				return e.xh, e.xl, pad, pre
			}
		}
	}
	xh, xl = c.macP(s, n, t)
	for off := 0; off < pre; off += 16 {
		// Bytes past the tweak are the zero padding.
		kh, kl := blockWords(tweak[off:min(off+16, t)])
		xh, xl = c.encryptWords(s, xh^kh, xl^kl)
	}
	if slots[0] != nil {
		// An empty slot if there is one, else either at random: with a
		// fixed choice, two keys that share it would evict each other.
		slot := slots[rand.IntN(2)]
		if slots[0].Load() == nil {
			slot = slots[0]
		} else if slots[1].Load() == nil {
			slot = slots[1]
		}
		slot.Store(&qEntry{n: n, t: t, prefix: bytes.Clone(consumed), xh: xh, xl: xl})
	}
	return xh, xl, pad, pre
}

// macTail returns the CBC-MAC of tail continuing from state xh, xl; tail is
// a whole number of blocks.
func (c *Cipher) macTail(s *scratch, xh, xl uint64, tail []byte) (uint64, uint64) {
	for off := 0; off < len(tail); off += 16 {
		xh, xl = c.encryptWords(s, xh^binary.BigEndian.Uint64(tail[off:]), xl^binary.BigEndian.Uint64(tail[off+8:]))
	}
	return xh, xl
}

// blockWords returns the block that starts with p (at most 16 bytes) and
// ends in zeros, as big-endian halves.
func blockWords(p []byte) (hi, lo uint64) {
	var blk [16]byte
	copy(blk[:], p)
	return binary.BigEndian.Uint64(blk[:8]), binary.BigEndian.Uint64(blk[8:])
}
