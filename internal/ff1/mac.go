package ff1

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// scratch holds one call's AES blocks. AES is reached through the
// cipher.Block interface, whose arguments escape, so the blocks cannot live
// on the stack; each call takes its own scratch from a pool, never shared
// while in use.
type scratch struct {
	x   [16]byte // CBC-MAC state after P and the tweak's constant blocks
	r   [16]byte // R of the current round
	blk [16]byte
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// The caches are direct-mapped tables of immutable entries, published
// atomically: pCache holds encrypted P blocks, one per (length, tweak
// length) in use; qCache holds states after the constant blocks of Q.
const (
	pCacheBits = 6
	pCacheSize = 1 << pCacheBits
	qCacheBits = 6
	qCacheSize = 1 << qCacheBits
)

// pEntry is an immutable cache entry: CIPH_K(P) for one (n, t).
type pEntry struct {
	n, t int
	x    [16]byte
}

// macP sets s.x to CIPH_K(P), the CBC-MAC state after FF1's first block P
// (SP 800-38G, Algorithm 7, step 5). P depends on the radix (fixed for c),
// the length n and the tweak length t, and the cache is keyed on both.
func (c *Cipher) macP(s *scratch, n, t int) {
	h := (uint32(n)*0x9e3779b9 ^ uint32(t)*0x85ebca6b) >> (32 - pCacheBits)
	slot := &c.pCache[h]
	if e := slot.Load(); e != nil && e.n == n && e.t == t {
		s.x = e.x
		return
	}
	p := &s.x
	p[0], p[1], p[2] = 1, 2, 1
	p[3], p[4], p[5] = byte(c.radix>>16), byte(c.radix>>8), byte(c.radix)
	p[6] = 10
	p[7] = byte(n / 2) // u mod 256
	binary.BigEndian.PutUint32(p[8:], uint32(n))
	binary.BigEndian.PutUint32(p[12:], uint32(t))
	c.block.Encrypt(s.x[:], s.x[:])
	slot.Store(&pEntry{n: n, t: t, x: s.x})
}

// qEntry is an immutable cache entry: the CBC-MAC state after P and the
// constant blocks of Q, for one length n, tweak length t and the tweak bytes
// those blocks hold.
type qEntry struct {
	n, t   int
	prefix []byte // a private copy
	x      [16]byte
}

// maxCachedPrefix bounds the tweak bytes a qEntry holds, and so the cache's
// memory (qCacheSize entries).
const maxCachedPrefix = 256

// macPrefix sets s.x to the CBC-MAC state after P and after the blocks of
// Q = T || [0]^pad || [i]^1 || [NUM(B)]^b that come before the round number
// i, which are the same in every round. It returns pad and the number of
// bytes of Q so consumed (a multiple of 16, at most len(tweak)+pad).
//
// When the tweak fills at least one such block, the state is cached, keyed
// on n, the tweak length and the tweak bytes in those blocks, compared in
// full: a tweak that is reused (a format template, say) costs no AES block
// per call beyond the rounds.
func (c *Cipher) macPrefix(s *scratch, n int, tweak []byte, b int) (pad, pre int) {
	t := len(tweak)
	pad = -(t + b + 1) & 15
	pre = (t + pad) &^ 15
	if pre == 0 {
		c.macP(s, n, t)
		return pad, pre
	}
	consumed := tweak[:min(pre, t)]
	var slot *atomic.Pointer[qEntry]
	if len(consumed) <= maxCachedPrefix {
		h := maphash.Bytes(c.seed, consumed) ^ uint64(n)*0x9e3779b97f4a7c15 ^ uint64(t)*0xc2b2ae3d27d4eb4f
		slot = &c.qCache[h>>(64-qCacheBits)]
		if e := slot.Load(); e != nil && e.n == n && e.t == t && bytes.Equal(e.prefix, consumed) {
			s.x = e.x
			return pad, pre
		}
	}
	c.macP(s, n, t)
	for off := 0; off < pre; off += 16 {
		// Bytes past the tweak are the zero padding.
		for k, e := range tweak[off:min(off+16, t)] {
			s.x[k] ^= e
		}
		c.block.Encrypt(s.x[:], s.x[:])
	}
	if slot != nil {
		slot.Store(&qEntry{n: n, t: t, prefix: bytes.Clone(consumed), x: s.x})
	}
	return pad, pre
}

// macTail sets s.r to the CBC-MAC of tail continuing from state s.x; tail is
// a whole number of blocks.
func (c *Cipher) macTail(s *scratch, tail []byte) {
	s.r = s.x
	for off := 0; off < len(tail); off += 16 {
		xor16(&s.r, tail[off:off+16])
		c.block.Encrypt(s.r[:], s.r[:])
	}
}

func xor16(dst *[16]byte, src []byte) {
	a := binary.NativeEndian.Uint64(dst[:8]) ^ binary.NativeEndian.Uint64(src[:8])
	b := binary.NativeEndian.Uint64(dst[8:]) ^ binary.NativeEndian.Uint64(src[8:16])
	binary.NativeEndian.PutUint64(dst[:8], a)
	binary.NativeEndian.PutUint64(dst[8:], b)
}
