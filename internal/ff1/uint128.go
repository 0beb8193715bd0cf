package ff1

import "math/bits"

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

func (x u128) less(y u128) bool { return x.hi < y.hi || x.hi == y.hi && x.lo < y.lo }

func (x u128) add(y u128) (z u128, carry uint64) {
	var c uint64
	z.lo, c = bits.Add64(x.lo, y.lo, 0)
	z.hi, carry = bits.Add64(x.hi, y.hi, c)
	return z, carry
}

func (x u128) sub(y u128) u128 {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	hi, _ := bits.Sub64(x.hi, y.hi, b)
	return u128{hi, lo}
}

func (x u128) and(y u128) u128 { return u128{x.hi & y.hi, x.lo & y.lo} }

// mulAdd returns x·r + e, which the caller knows to fit in 128 bits.
func (x u128) mulAdd(r, e uint64) u128 {
	hi, lo := bits.Mul64(x.lo, r)
	lo, c := bits.Add64(lo, e, 0)
	return u128{x.hi*r + hi + c, lo}
}

// divSmall returns x / r and x mod r.
func (x u128) divSmall(r uint64) (u128, uint64) {
	if x.hi == 0 {
		return u128{0, x.lo / r}, x.lo % r
	}
	qhi := x.hi / r
	qlo, rem := bits.Div64(x.hi%r, x.lo, r)
	return u128{qhi, qlo}, rem
}

// modulus is radix^m for one half length m, with what reducing modulo it
// needs. A power-of-two modulus (up to 2^128) is a mask; any other is below
// 2^128.
type modulus struct {
	m     u128 // the modulus, when not a power of two
	mask  u128 // modulus − 1, when a power of two
	pow2  bool
	shift uint // leading zeros of m.hi, to normalise m for division, when m ≥ 2^64
}

func newModulus(m u128) modulus {
	return modulus{m: m, shift: uint(bits.LeadingZeros64(m.hi))}
}

func newPow2Modulus(bits uint) modulus {
	switch {
	case bits >= 128:
		return modulus{mask: u128{^uint64(0), ^uint64(0)}, pow2: true}
	case bits >= 64:
		return modulus{mask: u128{1<<(bits-64) - 1, ^uint64(0)}, pow2: true}
	default:
		return modulus{mask: u128{0, 1<<bits - 1}, pow2: true}
	}
}

// reduce returns (y2·2^128 + y1·2^64 + y0) mod the modulus.
func (md *modulus) reduce(y2, y1, y0 uint64) u128 {
	if md.pow2 {
		return u128{y1, y0}.and(md.mask)
	}
	m := md.m
	if m.hi == 0 {
		r := y2 % m.lo
		_, r = bits.Div64(r, y1, m.lo)
		_, r = bits.Div64(r, y0, m.lo)
		return u128{0, r}
	}
	// Long division by a two-limb divisor (Knuth, TAOCP vol. 2, 4.3.1,
	// Algorithm D): shift divisor and dividend left until the divisor's top
	// bit is set, then reduce one 64-bit limb at a time.
	s := md.shift
	d1, d0 := m.hi, m.lo
	var u3, u2, u1, u0 uint64
	if s == 0 {
		u2, u1, u0 = y2, y1, y0
	} else {
		d1, d0 = d1<<s|d0>>(64-s), d0<<s
		u3 = y2 >> (64 - s)
		u2 = y2<<s | y1>>(64-s)
		u1 = y1<<s | y0>>(64-s)
		u0 = y0 << s
	}
	// Remainder r1:r0 < d1:d0 throughout. While r1 = 0 and r0 < d1,
	// bringing down the next limb keeps it below the divisor: no division.
	var r1, r0 uint64
	for _, l := range [4]uint64{u3, u2, u1, u0} {
		if r1 == 0 && r0 < d1 {
			r1, r0 = r0, l
		} else {
			r1, r0 = rem3by2(r1, r0, l, d1, d0)
		}
	}
	if s != 0 {
		r0 = r0>>s | r1<<(64-s)
		r1 >>= s
	}
	return u128{r1, r0}
}

// rem3by2 returns (u2:u1:u0) mod (d1:d0) for a normalised divisor (top bit
// of d1 set) and u2:u1 < d1:d0, so that the quotient fits in 64 bits.
func rem3by2(u2, u1, u0, d1, d0 uint64) (uint64, uint64) {
	var q uint64
	if u2 >= d1 {
		q = ^uint64(0)
	} else {
		q, _ = bits.Div64(u2, u1, d1)
	}
	// p = q·d; the estimate q is at most 2 too large (Knuth, Theorem B).
	ph, p0 := bits.Mul64(q, d0)
	h1, l1 := bits.Mul64(q, d1)
	p1, c := bits.Add64(l1, ph, 0)
	p2 := h1 + c
	for p2 > u2 || p2 == u2 && (p1 > u1 || p1 == u1 && p0 > u0) {
		var b uint64
		p0, b = bits.Sub64(p0, d0, 0)
		p1, b = bits.Sub64(p1, d1, b)
		p2 -= b
	}
	r0, b := bits.Sub64(u0, p0, 0)
	r1, _ := bits.Sub64(u1, p1, b)
	return r1, r0
}

// addMod returns (a + y) mod the modulus, for a and y already reduced.
func (md *modulus) addMod(a, y u128) u128 {
	z, carry := a.add(y)
	if md.pow2 {
		return z.and(md.mask)
	}
	if carry != 0 || !z.less(md.m) {
		z = z.sub(md.m)
	}
	return z
}

// subMod returns (a − y) mod the modulus, for a and y already reduced.
func (md *modulus) subMod(a, y u128) u128 {
	z := a.sub(y)
	if md.pow2 {
		return z.and(md.mask)
	}
	if a.less(y) {
		z, _ = z.add(md.m)
	}
	return z
}
