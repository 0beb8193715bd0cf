package ff1

import (
	"math/big"
	"math/bits"
)

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

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

// lsh returns x << s for 0 < s < 128.
func (x u128) lsh(s uint) u128 {
	if s >= 64 {
		return u128{x.lo << (s - 64), 0}
	}
	return u128{x.hi<<s | x.lo>>(64-s), x.lo << s}
}

func (x u128) and(y u128) u128 { return u128{x.hi & y.hi, x.lo & y.lo} }

// mulAdd returns x·r + e, which the caller knows to fit in 128 bits.
func (x u128) mulAdd(r, e uint64) u128 {
	hi, lo := bits.Mul64(x.lo, r)
	lo, c := bits.Add64(lo, e, 0)
	return u128{x.hi*r + hi + c, lo}
}

// modulus is radix^m for one half length m, with what reducing modulo it
// needs. A power-of-two modulus (up to 2^128) is a mask. Any other is below
// 2^128 and is reduced by multiplying with a precomputed reciprocal of its
// normalised form (N. Möller and T. Granlund, "Improved division by invariant
// integers", IEEE Trans. Computers 60(2), 2011, Algorithms 4–6), avoiding
// hardware division on the hot path.
type modulus struct {
	pow2   bool
	mask   u128       // modulus − 1, when a power of two
	m      u128       // the modulus, otherwise
	s      uint       // normalisation shift: the divisor d = m << s has its top bit set
	d1, d0 uint64     // d; d1 = 0 when m < 2^64 (d is then d0)
	v      uint64     // reciprocal of d
	r64    uint64     // 2^64 mod m, when m < 2^32
	bar    uint64     // ⌊(2^64−1)/m⌋, when m < 2^64 (Barrett reduction of one word)
	mu96   uint64     // ⌊2^96/m⌋, when 2^32 < m ≤ 2^61 (see addReduce96)
	b128   barrett128 // when 2^64 < m ≤ 2^125, else zero
	bytes  uint8      // byte length of m − 1
}

// barrett128 is a modulus 2^64 < m ≤ 2^125 prepared for Barrett reduction
// of 128-bit numbers (see addReduce128).
type barrett128 struct {
	mu        uint64 // ⌊2^128/m⌋
	m, m2, m3 u128   // m, 2m and 3m
}

func newModulus(m u128) modulus {
	md := modulus{m: m}
	if p := m.sub(u128{0, 1}); p.hi != 0 {
		md.bytes = uint8(8 + (bits.Len64(p.hi)+7)/8)
	} else {
		md.bytes = uint8((bits.Len64(p.lo) + 7) / 8)
	}
	if m.hi == 0 {
		md.s = uint(bits.LeadingZeros64(m.lo))
		md.d0 = m.lo << md.s
		md.v = reciprocal2by1(md.d0)
		md.bar = ^uint64(0) / m.lo
		if m.lo < 1<<32 {
			_, md.r64 = bits.Div64(1%m.lo, 0, m.lo)
		}
		if m.lo > 1<<32 && m.lo <= 1<<61 {
			md.mu96, _ = bits.Div64(1<<32, 0, m.lo)
		}
	} else {
		if m.hi < 1<<61 || m == (u128{1 << 61, 0}) {
			// m ≤ 2^125.
			two128 := new(big.Int).Lsh(big.NewInt(1), 128)
			md.b128.mu = two128.Quo(two128, toBig(m)).Uint64()
			md.b128.m = m
			md.b128.m2, _ = m.add(m)
			md.b128.m3, _ = md.b128.m2.add(m)
		}
		md.s = uint(bits.LeadingZeros64(m.hi))
		md.d1 = m.hi<<md.s | m.lo>>(64-md.s)
		md.d0 = m.lo << md.s
		md.v = reciprocal3by2(md.d1, md.d0)
	}
	return md
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
	// Shift the dividend as the divisor was shifted (in Go a shift by 64
	// gives 0, so s = 0 needs no special case), then bring down one limb at a
	// time. Every step runs whatever the values: y comes from R, and how
	// long the reduction takes must not depend on it.
	s := md.s
	u3, u2, u1, u0 := y2>>(64-s), y2<<s|y1>>(64-s), y1<<s|y0>>(64-s), y0<<s
	if md.d1 == 0 {
		// u3 < 2^s ≤ d: each step's partial remainder is below d.
		d, v := md.d0, md.v
		r := rem2by1(u3, u2, d, v)
		r = rem2by1(r, u1, d, v)
		r = rem2by1(r, u0, d, v)
		return u128{0, r >> s}
	}
	// Two-limb divisor: u3:u2 < 2^(64+s) ≤ d1:d0.
	d1, d0, v := md.d1, md.d0, md.v
	r1, r0 := rem3by2(u3, u2, u1, d1, d0, v)
	r1, r0 = rem3by2(r1, r0, u0, d1, d0, v)
	return u128{r1 >> s, r0>>s | r1<<(64-s)}
}

// addReduce32 returns (a + y) mod m for a modulus m < 2^32 that is not a
// power of two, a < m and any y < 2^64, by Barrett reduction: with
// μ = ⌊(2^64−1)/m⌋, 2^64−1 = μ·m + ρ and y < 2^64,
// y·μ/2^64 = y/m − (y/m)(1+ρ)/2^64 lies in (y/m − 1, y/m], so q = ⌊y·μ/2^64⌋
// is ⌊y/m⌋ or one less and y − q·m lies in [0, 2m). Then s = a + y − q·m
// lies in [0, 3m), below 2^34, and the two subtractions of m it may need are
// decided side by side from the signs of s − m and s − 2m, without a branch
// and with a shorter chain of dependent steps than reducing, then adding.
func (md *modulus) addReduce32(a, y uint64) uint64 {
	m := md.m.lo
	q, _ := bits.Mul64(y, md.bar)
	s := a + y - q*m                   // wraps in between, but the result is below 3m
	ge1 := ^uint64(int64(s-m) >> 63)   // s ≥ m
	ge2 := ^uint64(int64(s-2*m) >> 63) // s ≥ 2m
	return s - m&ge1 - m&ge2
}

// subReduce32 returns (b − y) mod m with the conditions of addReduce32:
// t = b − (y − q·m) lies in (−2m, m), and m is added once or twice from the
// signs of t and t + m.
func (md *modulus) subReduce32(b, y uint64) uint64 {
	m := md.m.lo
	q, _ := bits.Mul64(y, md.bar)
	t := b - y + q*m
	lt0 := uint64(int64(t) >> 63)   // t < 0
	lt1 := uint64(int64(t+m) >> 63) // t < −m
	return t + m&lt0 + m&lt1
}

// addReduce96 returns (a + y) mod m for a modulus 2^32 < m < 2^64, a < m,
// and y = ⌊R/2^32⌋ for R = rh·2^64 + rl: the number FF1 takes from R's first
// 12 bytes.
//
// For m ≤ 2^61 (most moduli in practice) it estimates q = ⌊y/m⌋ by Barrett's
// method from the top word alone, a shorter chain of dependent steps than a
// division: with μ = ⌊2^96/m⌋ (below 2^64 as m > 2^32) and rh = ⌊y/2^32⌋,
// q = ⌊rh·μ/2^64⌋ ≤ y/m, and since rh > y/2^32 − 1 and μ > 2^96/m − 1,
// rh·μ/2^64 > y/m − y/2^96 − 2^32/m > y/m − 2, so q ≥ ⌊y/m⌋ − 2. Then
// s = a + y − q·m lies in [0, 4m), below 2^63, is exact in one word, and the
// three subtractions of m it may need are decided side by side from the
// signs of s − m, s − 2m and s − 3m, without a branch.
//
// Otherwise, a + y < 2^96 + m < m·2^64, so once shifted by the normalisation
// shift s (≤ 31, as m > 2^32) its top word is below the normalised divisor
// and one 2-by-1 step reduces it; a is added before the division rather than
// after it. y·2^s is ⌊R·2^−t⌋ with t = 32 − s in 1…32, give or take bits
// below 2^s that the final shift drops, and the masked shift counts let the
// compiler emit bare shifts.
func (md *modulus) addReduce96(a, rh, rl uint64) uint64 {
	if md.mu96 != 0 {
		m := md.m.lo
		q, _ := bits.Mul64(rh, md.mu96)
		s := a + (rh<<32 | rl>>32) - q*m   // y mod 2^64, and exact: the result is below 4m
		ge1 := ^uint64(int64(s-m) >> 63)   // s ≥ m
		ge2 := ^uint64(int64(s-2*m) >> 63) // s ≥ 2m
		ge3 := ^uint64(int64(s-3*m) >> 63) // s ≥ 3m
		return s - (m&ge1 + m&ge2 + m&ge3)
	}
	s := md.s & 63
	t := (32 - s) & 63
	u1, u0 := rh>>t, rh<<((64-t)&63)|rl>>t
	u0, c := bits.Add64(u0, a<<s, 0) // a·2^s < m·2^s < 2^64
	return rem2by1(u1+c, u0, md.d0, md.v) >> s
}

// subReduce96 returns (b − y) mod m with the conditions of addReduce96.
//
// For m ≤ 2^61, with q as in addReduce96, y − q·m lies in [0, 3m), so
// t = b − (y − q·m) lies in (−3m, m), and m is added up to three times, from
// the signs of t, t + m and t + 2m.
//
// Otherwise it computes (b + C − y) mod m for C = m·(2^64 − 1): C ≥ 2^96 > y,
// as m > 2^32, and b + C − y < m·2^64, so one 2-by-1 step reduces it too.
// Shifted by s, C·2^s is d·(2^64 − 1) = (d − 1)·2^64 + (2^64 − d) for the
// normalised d. R·2^−t is y·2^s + e, where e < 2^s comes from R's bytes
// after the 12th. Added (as in addReduce96) they end below the final shift;
// subtracted they would borrow from it, so 2^s − 1 is added first: the
// dividend is then (b + C − y)·2^s + (2^s − 1 − e).
func (md *modulus) subReduce96(b, rh, rl uint64) uint64 {
	if md.mu96 != 0 {
		m := md.m.lo
		q, _ := bits.Mul64(rh, md.mu96)
		t := b - (rh<<32 | rl>>32) + q*m
		lt0 := uint64(int64(t) >> 63)     // t < 0
		lt1 := uint64(int64(t+m) >> 63)   // t < −m
		lt2 := uint64(int64(t+2*m) >> 63) // t < −2m
		return t + (m&lt0 + m&lt1 + m&lt2)
	}
	s := md.s & 63
	t := (32 - s) & 63
	d := md.d0
	k0, c := bits.Add64(-d, b<<s|(1<<s-1), 0)
	k1 := d - 1 + c
	u0, borrow := bits.Sub64(k0, rh<<((64-t)&63)|rl>>t, 0)
	u1 := k1 - rh>>t - borrow
	return rem2by1(u1, u0, d, md.v) >> s
}

// addReduce128 returns (a + y) mod m for a modulus 2^64 < m ≤ 2^125, a < m,
// and y = rh·2^64 + rl, the number FF1 takes from R when d = 16. As in
// addReduce96, q = ⌊rh·μ/2^64⌋ for μ = ⌊2^128/m⌋ (below 2^64 as m > 2^64)
// estimates ⌊y/m⌋ from the top word alone: rh > y/2^64 − 1 and
// μ > 2^128/m − 1 give rh·μ/2^64 > y/m − y/2^128 − 2^64/m > y/m − 2, so q
// is ⌊y/m⌋, or one or two less, and q·m ≤ y. Then s = a + y − q·m lies in
// [0, 4m), below 2^127, and the multiple of m to subtract (0, m, 2m or 3m)
// is chosen from the signs of s − m, s − 2m and s − 3m, without a branch.
func (md *barrett128) addReduce128(a u128, rh, rl uint64) u128 {
	// a + y is summed while q is computed: it wraps past 2^128 at most
	// once, which the subtraction of q·m undoes.
	yl, carry := bits.Add64(rl, a.lo, 0)
	yh, _ := bits.Add64(rh, a.hi, carry)
	q, _ := bits.Mul64(rh, md.mu)
	ph, pl := bits.Mul64(q, md.m.lo)
	ph += q * md.m.hi // q·m < 2^128
	sl, borrow := bits.Sub64(yl, pl, 0)
	sh, _ := bits.Sub64(yh, ph, borrow)
	s := u128{sh, sl}
	ge1 := ^signMask(s.sub(md.m)) // s ≥ m
	ge2 := ^signMask(s.sub(md.m2))
	ge3 := ^signMask(s.sub(md.m3))
	// The masks are nested (ge3 implies ge2 implies ge1): exactly one
	// multiple is selected.
	k := md.m.and(mask128(ge1 ^ ge2)).or(md.m2.and(mask128(ge2 ^ ge3))).or(md.m3.and(mask128(ge3)))
	return s.sub(k)
}

// subReduce128 returns (b − y) mod m with the conditions of addReduce128:
// with q as there, y − q·m lies in [0, 3m), so t = b − y + q·m lies in
// (−3m, m), and the multiple of m to add is chosen from the signs of t,
// t + m and t + 2m.
func (md *barrett128) subReduce128(b u128, rh, rl uint64) u128 {
	// b − y is taken while q is computed, modulo 2^128 like the rest.
	dl, borrow := bits.Sub64(b.lo, rl, 0)
	dh, _ := bits.Sub64(b.hi, rh, borrow)
	q, _ := bits.Mul64(rh, md.mu)
	ph, pl := bits.Mul64(q, md.m.lo)
	ph += q * md.m.hi
	tl, carry := bits.Add64(dl, pl, 0)
	th, _ := bits.Add64(dh, ph, carry)
	t := u128{th, tl}
	lt0 := signMask(t) // t < 0
	lt1 := signMask(t.addNoCarry(md.m))
	lt2 := signMask(t.addNoCarry(md.m2))
	k := md.m.and(mask128(lt0 ^ lt1)).or(md.m2.and(mask128(lt1 ^ lt2))).or(md.m3.and(mask128(lt2)))
	return t.addNoCarry(k)
}

// signMask returns all ones if x, read as a signed 128-bit number, is
// negative, else zero.
func signMask(x u128) uint64 { return uint64(int64(x.hi) >> 63) }

// mask128 widens a mask of all ones or zero to 128 bits.
func mask128(m uint64) u128 { return u128{m, m} }

func (x u128) or(y u128) u128 { return u128{x.hi | y.hi, x.lo | y.lo} }

// addNoCarry returns x + y mod 2^128.
func (x u128) addNoCarry(y u128) u128 {
	z, _ := x.add(y)
	return z
}

// toBig returns x as a big.Int.
func toBig(x u128) *big.Int {
	z := new(big.Int).SetUint64(x.hi)
	return z.Lsh(z, 64).Or(z, new(big.Int).SetUint64(x.lo))
}

// reciprocal2by1 returns ⌊(2^128 − 1)/d⌋ − 2^64 for a normalised d.
func reciprocal2by1(d uint64) uint64 {
	v, _ := bits.Div64(^d, ^uint64(0), d)
	return v
}

// reciprocal3by2 returns ⌊(2^192 − 1)/(d1:d0)⌋ − 2^64 for a normalised
// d1:d0 (Möller and Granlund, Algorithm 6).
func reciprocal3by2(d1, d0 uint64) uint64 {
	v := reciprocal2by1(d1)
	p := d1 * v
	p += d0
	if p < d0 {
		v--
		if p >= d1 {
			v--
			p -= d1
		}
		p -= d1
	}
	t1, t0 := bits.Mul64(v, d0)
	p += t1
	if p < t1 {
		v--
		if p > d1 || p == d1 && t0 >= d0 {
			v--
		}
	}
	return v
}

// smallDivisor divides by a fixed 64-bit divisor with its precomputed
// reciprocal.
type smallDivisor struct {
	d, v uint64 // normalised divisor and its reciprocal
	s    uint   // normalisation shift
}

func newSmallDivisor(r uint64) smallDivisor {
	s := uint(bits.LeadingZeros64(r))
	return smallDivisor{d: r << s, v: reciprocal2by1(r << s), s: s}
}

// divmod returns (u1:u0) / r and (u1:u0) mod r for u1 < r.
func (sd *smallDivisor) divmod(u1, u0 uint64) (q, rem uint64) {
	s := sd.s
	q, rem = div2by1(u1<<s|u0>>(64-s), u0<<s, sd.d, sd.v)
	return q, rem >> s
}

// div2by1 returns (u1:u0) / d and (u1:u0) mod d for a normalised d with
// reciprocal v and u1 < d (Möller and Granlund, Algorithm 4).
func div2by1(u1, u0, d, v uint64) (uint64, uint64) {
	q1, q0 := bits.Mul64(v, u1)
	var c uint64
	q0, c = bits.Add64(q0, u0, 0)
	q1 += u1 + c + 1
	r := u0 - q1*d
	// The two corrections, by masks rather than branches, so that no
	// compiler or platform makes their cost depend on the values: if
	// r > q0, q1 − 1 and r + d; then, if r ≥ d, q1 + 1 and r − d.
	_, gt := bits.Sub64(q0, r, 0)
	m := -gt
	q1 += m
	r += d & m
	_, lt := bits.Sub64(r, d, 0)
	m = lt - 1
	q1 -= m
	r -= d & m
	return q1, r
}

// rem2by1 returns (u1:u0) mod d for a normalised d with reciprocal v and
// u1 < d.
func rem2by1(u1, u0, d, v uint64) uint64 {
	_, r := div2by1(u1, u0, d, v)
	return r
}

// rem3by2 returns (u2:u1:u0) mod (d1:d0) for a normalised d1:d0 with
// reciprocal v and u2:u1 < d1:d0 (Möller and Granlund, Algorithm 5).
func rem3by2(u2, u1, u0, d1, d0, v uint64) (uint64, uint64) {
	q1, q0 := bits.Mul64(v, u2)
	var c uint64
	q0, c = bits.Add64(q0, u1, 0)
	q1 += u2 + c
	r1 := u1 - q1*d1
	t1, t0 := bits.Mul64(d0, q1)
	var b uint64
	r0, b := bits.Sub64(u0, t0, 0)
	r1, _ = bits.Sub64(r1, t1, b)
	r0, b = bits.Sub64(r0, d0, 0)
	r1, _ = bits.Sub64(r1, d1, b)
	// The two corrections, by masks (see div2by1): if r1 ≥ q0, r + d; then,
	// if r ≥ d, r − d.
	_, lt := bits.Sub64(r1, q0, 0)
	m := lt - 1
	r0, c = bits.Add64(r0, d0&m, 0)
	r1, _ = bits.Add64(r1, d1&m, c)
	_, b = bits.Sub64(r0, d0, 0)
	_, lt = bits.Sub64(r1, d1, b)
	m = lt - 1
	r0, b = bits.Sub64(r0, d0&m, 0)
	r1, _ = bits.Sub64(r1, d1&m, b)
	return r1, r0
}

// addMod returns (a + y) mod the modulus, for a and y already reduced,
// without a branch on their values.
func (md *modulus) addMod(a, y u128) u128 {
	z, carry := a.add(y)
	if md.pow2 {
		return z.and(md.mask)
	}
	lo, b := bits.Sub64(z.lo, md.m.lo, 0)
	hi, b := bits.Sub64(z.hi, md.m.hi, b)
	keep := -(b &^ carry) // z did not overflow and is below m
	return u128{hi ^ (hi^z.hi)&keep, lo ^ (lo^z.lo)&keep}
}

// subMod returns (a − y) mod the modulus, for a and y already reduced,
// without a branch on their values.
func (md *modulus) subMod(a, y u128) u128 {
	lo, b := bits.Sub64(a.lo, y.lo, 0)
	hi, b := bits.Sub64(a.hi, y.hi, b)
	z := u128{hi, lo}
	if md.pow2 {
		return z.and(md.mask)
	}
	mask := -b
	lo, c := bits.Add64(z.lo, md.m.lo&mask, 0)
	hi, _ = bits.Add64(z.hi, md.m.hi&mask, c)
	return u128{hi, lo}
}
