package ff1

import (
	"encoding/binary"
	"math/bits"
)

// fastHalf reports whether the fast path handles half length v: radix^v − 1
// fits in 128 bits, so both halves and every modulus radix^m do.
func (c *Cipher) fastHalf(v int) bool { return v <= c.fastMaxV }

// halfBytes returns b = ⌈⌈v·log2(radix)⌉/8⌉ (SP 800-38G, Algorithm 7,
// step 3) for a fast-path half length v: the byte length of radix^v − 1.
func (c *Cipher) halfBytes(v int) int {
	if c.log2 != 0 {
		return (v*int(c.log2) + 7) / 8
	}
	p := c.pows[v].sub(u128{0, 1})
	if p.hi != 0 {
		return 8 + (bits.Len64(p.hi)+7)/8
	}
	return (bits.Len64(p.lo) + 7) / 8
}

// modulusFor returns radix^m for a fast-path half length m.
func (c *Cipher) modulusFor(m int) modulus {
	if c.log2 != 0 {
		return newPow2Modulus(uint(m) * c.log2)
	}
	return newModulus(c.pows[m])
}

// fast computes FF1 with 128-bit integers, for n whose longer half
// v = ⌈n/2⌉ satisfies radix^v ≤ 2^128. It follows SP 800-38G, Algorithms 7
// and 8, keeping A and B as numbers between rounds: only the final values are
// written back as numerals.
func (c *Cipher) fast(out, src []uint16, tweak []byte, encrypt bool) {
	n := len(src)
	u := n / 2
	v := n - u
	b := c.halfBytes(v)
	d := 4*((b+3)/4) + 4

	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	pad, pre := c.macPrefix(s, n, tweak, b)

	// The rest of Q: the tweak's last bytes, padding, [i]^1, [NUM(B)]^b.
	t := len(tweak)
	tail := s.tail[:t+pad+1+b-pre]
	clear(tail)
	copy(tail, tweak[min(pre, t):])
	iPos := t + pad - pre

	A := c.num128(src[:u])
	B := c.num128(src[u:])
	mu, mv := c.modulusFor(u), c.modulusFor(v)

	for j := range 10 {
		i := j
		in := B
		if !encrypt {
			i = 9 - j
			in = A
		}
		tail[iPos] = byte(i)
		putBytes128(tail[iPos+1:], in)
		c.macTail(s, tail)

		// y = NUM(S) for S, the first d bytes of R || CIPH(R ⊕ [1]^16).
		// d is 8, 12, 16 or 20.
		r1 := binary.BigEndian.Uint64(s.r[:8])
		r0 := binary.BigEndian.Uint64(s.r[8:])
		var y2, y1, y0 uint64
		switch d {
		case 20:
			s.blk = s.r
			s.blk[15] ^= 1
			c.block.Encrypt(s.blk[:], s.blk[:])
			y2 = r1 >> 32
			y1 = r1<<32 | r0>>32
			y0 = r0<<32 | uint64(binary.BigEndian.Uint32(s.blk[:4]))
		case 16:
			y1, y0 = r1, r0
		default: // 8 or 12
			sh := uint(128 - 8*d)
			y1 = r1 >> sh
			y0 = r0>>sh | r1<<(64-sh)
		}
		md := &mu
		if i%2 == 1 {
			md = &mv
		}
		y := md.reduce(y2, y1, y0)
		if encrypt {
			A, B = B, md.addMod(A, y)
		} else {
			A, B = md.subMod(B, y), A
		}
	}
	c.str128(out[:u], A)
	c.str128(out[u:], B)
}

// putBytes128 writes x big-endian into all of dst (at most 16 bytes; x fits).
func putBytes128(dst []byte, x u128) {
	var buf [16]byte
	binary.BigEndian.PutUint64(buf[:8], x.hi)
	binary.BigEndian.PutUint64(buf[8:], x.lo)
	copy(dst, buf[16-len(dst):])
}

// num128 returns NUM_radix(x) for a fast-path half.
func (c *Cipher) num128(x []uint16) u128 {
	var z u128
	if c.log2 != 0 {
		k := c.log2
		for _, e := range x {
			z = u128{z.hi<<k | z.lo>>(64-k), z.lo<<k | uint64(e)}
		}
		return z
	}
	r := uint64(c.radix)
	for _, e := range x {
		z = z.mulAdd(r, uint64(e))
	}
	return z
}

// str128 writes STR^len(out)_radix(z) to out.
func (c *Cipher) str128(out []uint16, z u128) {
	if c.log2 != 0 {
		k := c.log2
		mask := uint64(1)<<k - 1
		for i := len(out) - 1; i >= 0; i-- {
			out[i] = uint16(z.lo & mask)
			z = u128{z.hi >> k, z.lo>>k | z.hi<<(64-k)}
		}
		return
	}
	r := uint64(c.radix)
	for i := len(out) - 1; i >= 0; i-- {
		var e uint64
		z, e = z.divSmall(r)
		out[i] = uint16(e)
	}
}
