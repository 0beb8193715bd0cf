package ff1

import (
	"math/bits"
)

// fast64 is fast for halves below 2^64 (radix^v ≤ 2^64: up to 19 decimal
// digits or 64 bits a half), the most common case. It is the same
// computation with 64-bit numbers, written out in one loop so that nothing
// but the AES call leaves registers. A and B are the input's halves,
// NUM(src[:n/2]) and NUM(src[n/2:]); out receives the n numerals.
func (c *Cipher) fast64(out []uint16, A, B uint64, tweak []byte, encrypt bool) {
	n := len(out)
	u := n / 2
	v := n - u
	b := c.halfBytes(v) // ≤ 8
	d := sLen(b)        // 8 or 12

	s := getScratch()
	defer putScratch(s)
	// The last block of Q is K || [i]^1 || [NUM(B)]^b.
	xh, xl, kh, kl := c.prefixWords(s, n, tweak, b)

	mu, mv := &c.mods[u], &c.mods[v]

	for j := range 10 {
		ri, in := round(j, encrypt, A, B)
		i := uint64(ri)
		qh, ql := kh, kl|in
		if b == 8 {
			qh |= i
		} else {
			ql |= i << (8 * b)
		}
		c.encrypt(s, xh^qh, xl^ql)
		rh, rl := s.words()

		md := mu
		if i%2 == 1 {
			md = mv
		}
		// y mod radix^m, y = NUM(S) with S the first d bytes of R.
		if c.log2 != 0 {
			// radix^m = 2^(m·log2) ≤ 2^64: y's low bits, the low 64 of
			// R's first d bytes, and one mask.
			y := rh
			if d == 12 {
				y = rh<<32 | rl>>32
			}
			if encrypt {
				A, B = B, (A+y)&md.mask.lo
			} else {
				A, B = (B-y)&md.mask.lo, A
			}
			continue
		}
		if d == 8 {
			// b ≤ 4, so m < 2^32: reduce y = NUM(R's first 8 bytes) and add
			// or subtract in one step.
			if encrypt {
				A, B = B, md.addReduce32(A, rh)
			} else {
				A, B = md.subReduce32(B, rh), A
			}
			continue
		}
		if md.r64 == 0 {
			// m > 2^32, y = NUM(R's first 12 bytes).
			if encrypt {
				A, B = B, md.addReduce96(A, rh, rl)
			} else {
				A, B = md.subReduce96(B, rh, rl), A
			}
			continue
		}
		// m < 2^32: y = y1·2^64 + y0 ≡ y1·(2^64 mod m) + y0, where
		// y1 < 2^32: one reduction of a 65-bit number instead of two. The
		// normalisation shift is in 33…62, and masked so that the compiler
		// emits a bare shift.
		sh := md.s & 63
		y1, y0 := rh>>32, rh<<32|rl>>32
		lo, carry := bits.Add64(y1*md.r64, y0, 0)
		r := rem2by1(carry<<sh|lo>>((64-sh)&63), lo<<sh, md.d0, md.v) >> sh
		m := md.m.lo
		if encrypt {
			A, B = B, addMod64(A, r, m)
		} else {
			A, B = subMod64(B, r, m), A
		}
	}
	c.str64(out[:u], A)
	c.str64(out[u:], B)
}

// str64 writes STR^len(out)_radix(x) for x < radix^len(out) ≤ 2^64:
// digitsFrac writes up to fracLen numerals, and longer outputs first split
// off their last fracLen numerals by dividing by radix^fracLen. For a
// power-of-two radix each numeral is a field of bits: four are written a
// step from the end, off one shift of x (as num64 reads them; a third fewer
// instructions than one shift a numeral, for radix 2 n=40).
func (c *Cipher) str64(out []uint16, x uint64) {
	if k := c.log2; k != 0 {
		// As in num64, 4k&63 is 0 only for radix 65536, whose halves have
		// at most 4 numerals: x is then not used again.
		k1, k2, k3, k4 := k&63, (2*k)&63, (3*k)&63, (4*k)&63
		mask := uint64(1)<<k - 1
		for len(out) >= 4 {
			q := out[len(out)-4:]
			q[0] = uint16(x >> k3 & mask)
			q[1] = uint16(x >> k2 & mask)
			q[2] = uint16(x >> k1 & mask)
			q[3] = uint16(x & mask)
			x >>= k4
			out = out[:len(out)-4]
		}
		for i := len(out) - 1; i >= 0; i-- {
			out[i] = uint16(x & mask)
			x >>= k1
		}
		return
	}
	for len(out) > c.fracLen {
		var low uint64
		x, low = c.fracDiv.divmod(0, x)
		k := len(out) - c.fracLen
		c.digitsFrac(out[k:], low)
		out = out[:k]
	}
	c.digitsFrac(out, x)
}

// num64 returns NUM_radix(x) for a half below 2^64, two numerals a step
// to halve the chain of dependent multiplications (for a power-of-two
// radix, four numerals a shift: a quarter of the chain of one shift a
// numeral, 24→12 ns for the two halves of 40 bits). bad is non-zero if and
// only if a numeral is not less than the radix: the check rides along the
// chain, off its critical path, and branches on nothing.
func (c *Cipher) num64(x []uint16) (z, bad uint64) {
	if k := c.log2; k != 0 {
		// The four numerals are joined apart from z, so that z waits on one
		// shift and one OR. The shift counts are masked so that the
		// compiler emits bare shifts: 4k is 64 only for radix 65536, whose
		// halves have at most 4 numerals, so z is then 0 either way. A
		// numeral is too large if it has a bit at k or above: or, the OR of
		// all of them, shifted right by k (0 for radix 65536).
		k1, k2, k3, k4 := k&63, (2*k)&63, (3*k)&63, (4*k)&63
		var or uint64
		for ; len(x) >= 4; x = x[4:] {
			z = z<<k4 | (uint64(x[0])<<k3 | uint64(x[1])<<k2 | (uint64(x[2])<<k1 | uint64(x[3])))
			or |= uint64(x[0] | x[1] | x[2] | x[3])
		}
		for _, e := range x {
			z = z<<k1 | uint64(e)
			or |= uint64(e)
		}
		return z, or >> k1
	}
	// A numeral e ≥ radix makes (radix − 1) − e wrap, setting the top bit.
	r := uint64(c.radix)
	r2 := r * r
	if len(x)%2 == 1 {
		z, x = uint64(x[0]), x[1:]
		bad = r - 1 - z
	}
	rm1 := r - 1
	for i := 1; i < len(x); i += 2 {
		e0, e1 := uint64(x[i-1]), uint64(x[i])
		z = z*r2 + (e0*r + e1)
		bad |= (rm1 - e0) | (rm1 - e1)
	}
	return z, bad >> 63
}

// addMod64 returns (a + b) mod m for a, b < m, without a branch: whether m
// is subtracted depends on secret values and would be mispredicted half the
// time.
func addMod64(a, b, m uint64) uint64 {
	sum, carry := bits.Add64(a, b, 0)
	diff, borrow := bits.Sub64(sum, m, 0)
	// Keep sum only if it did not overflow and is below m.
	keep := -(borrow &^ carry)
	return diff ^ (diff^sum)&keep
}

// subMod64 returns (a − b) mod m for a, b < m, without a branch.
func subMod64(a, b, m uint64) uint64 {
	diff, borrow := bits.Sub64(a, b, 0)
	return diff + m&-borrow
}
