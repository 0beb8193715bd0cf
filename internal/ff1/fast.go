package ff1

import (
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
	return int(c.mods[v].bytes)
}

// sLen returns d = 4⌈b/4⌉ + 4, the number of bytes of S each round takes
// (SP 800-38G, Algorithm 7, step 4), for b bytes of a half.
func sLen(b int) int { return 4*((b+3)/4) + 4 }

// initFast fills the fast path's tables: the powers of the radix below 2^128
// and, for each half length m, radix^m prepared for reduction.
func (c *Cipher) initFast() {
	if c.log2 != 0 {
		c.fastMaxV, c.fast64MaxV = 128/int(c.log2), 64/int(c.log2)
		for m := range c.fastMaxV + 1 {
			c.mods = append(c.mods, newPow2Modulus(uint(m)*c.log2))
		}
		return
	}
	// radix^v is never exactly 2^128 for a radix that is not a power of two.
	r := uint64(c.radix)
	for pw := (u128{0, 1}); ; {
		c.mods = append(c.mods, newModulus(pw))
		if pw.hi == 0 {
			c.fast64MaxV = len(c.mods) - 1
		}
		hi, lo := bits.Mul64(pw.lo, r)
		hi2, lo2 := bits.Mul64(pw.hi, r)
		top, carry := bits.Add64(hi, lo2, 0)
		if hi2 != 0 || carry != 0 {
			break
		}
		pw = u128{top, lo}
	}
	c.fastMaxV = len(c.mods) - 1
	c.wordDiv = newSmallDivisor(c.mods[c.fast64MaxV].m.lo)

	// digitsFrac's constants: for p = radix^k < 2^62, e = bits.Len(p) and
	// M = ⌈2^(63+e)/p⌉. M < 2^64 because p, not a power of two, exceeds
	// 2^(e−1).
	c.fracMul = []fracConst{{}}
	for k := 1; c.mods[k].m.hi == 0 && c.mods[k].m.lo < 1<<62; k++ {
		p := c.mods[k].m.lo
		e := uint(bits.Len64(p))
		m, rem := bits.Div64(1<<(e-1), 0, p)
		if rem != 0 {
			m++
		}
		c.fracMul = append(c.fracMul, fracConst{m: m, e: e})
		c.fracLen = k
	}
	c.fracDiv = newSmallDivisor(c.mods[c.fracLen].m.lo)
}

// fracConst turns x < p = radix^k into a 64-bit fraction: see
// digitsFrac.
type fracConst struct {
	m uint64 // ⌈2^(63+e)/p⌉
	e uint   // bits.Len(p)
}

// digitsFrac writes x < radix^len(out) as len(out) numerals, for
// len(out) ≤ fracLen, by fixed-point arithmetic: with k = len(out) and
// p = radix^k, f/2^64 approximates x/p, and each numeral, from the most
// significant, is the integer part of the fraction times the radix, the
// high word of one 64-bit multiplication whose low word is the fraction
// that goes on. One multiplication a numeral, where dividing takes two.
//
// It is exact: f = ⌊x·M/2^(e−1)⌋ + 1 for M and e of fracConst satisfies
// x·2^64/p < f ≤ x·2^64/p + x/2^(e−1) + 1 < x·2^64/p + 3 (x < p < 2^e), so
// f/2^64 = x/p + δ with 0 < δ < 3·2^−64 < 1/p, as p < 2^62. The j-th
// numeral computed is ⌊(x/p + δ)·radix^j⌋ mod radix. The fractional part of
// x/p·radix^j = x/radix^(k−j) is at most 1 − 1/radix^(k−j), and δ·radix^j <
// 1/radix^(k−j), so adding δ never reaches the next integer: the numeral is
// ⌊x/radix^(k−j)⌋ mod radix, as it should be. And f < 2^64, as
// x·2^64/p ≤ 2^64 − 2^64/p and 2^64/p > 4. The fraction after h numerals
// is f·radix^h mod 2^64, computed directly so that the two halves of out
// are written side by side.
func (c *Cipher) digitsFrac(out []uint16, x uint64) {
	k := len(out)
	if k == 0 {
		return
	}
	fc := c.fracMul[k]
	hi, lo := bits.Mul64(x, fc.m)
	sh := (fc.e - 1) & 63 // 1…61
	f := (hi<<((64-sh)&63) | lo>>sh) + 1
	r := uint64(c.radix)
	h := k / 2
	g := f * c.mods[h].m.lo
	for i := range out[:h] {
		var d uint64
		d, f = bits.Mul64(f, r)
		out[i] = uint16(d)
	}
	for i := h; i < k; i++ {
		var d uint64
		d, g = bits.Mul64(g, r)
		out[i] = uint16(d)
	}
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
	d := sLen(b)

	s := getScratch()
	defer putScratch(s)
	xh, xl, kh, kl := c.prefixWords(s, n, tweak, b)

	A := c.num128(src[:u])
	B := c.num128(src[u:])
	mu, mv := &c.mods[u], &c.mods[v]

	for j := range 10 {
		i, in := round(j, encrypt, A, B)
		// R = PRF(P || Q), continuing the CBC-MAC from the constant blocks.
		rh, rl := xh, xl
		if b == 16 {
			rh, rl = c.encryptWords(s, rh^kh, rl^(kl|uint64(i)))
			rh, rl = c.encryptWords(s, rh^in.hi, rl^in.lo)
		} else {
			w := u128{0, uint64(i)}.lsh(uint(8 * b))
			rh, rl = c.encryptWords(s, rh^(kh|w.hi|in.hi), rl^(kl|w.lo|in.lo))
		}

		md := mu
		if i%2 == 1 {
			md = mv
		}
		if d == 16 && md.b128.mu != 0 {
			// y = NUM(R), reduced by the Barrett estimate.
			if encrypt {
				A, B = B, md.b128.addReduce128(A, rh, rl)
			} else {
				A, B = md.b128.subReduce128(B, rh, rl), A
			}
			continue
		}

		// y = NUM(S) for S, the first d bytes of R || CIPH(R ⊕ [1]^16).
		// d is 8, 12, 16 or 20.
		var y2, y1, y0 uint64
		switch d {
		case 20:
			e, _ := c.encryptWords(s, rh, rl^1)
			y2 = rh >> 32
			y1 = rh<<32 | rl>>32
			y0 = rl<<32 | e>>32
		case 16:
			y1, y0 = rh, rl
		default: // 8 or 12
			sh := uint(128 - 8*d)
			y1 = rh >> sh
			y0 = rl>>sh | rh<<(64-sh)
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

// prefixWords runs the CBC-MAC over P and the constant blocks of Q (see
// macPrefix) and returns its state as big-endian words xh, xl, with K, the
// start of the one or two blocks of Q that remain:
//
//   - b < 16: one block, K || [i]^1 || [NUM(B)]^b;
//   - b = 16: two blocks, K || [i]^1 and [NUM(B)]^16.
//
// K is the tweak's last bytes followed by zeros, as words kh, kl, so that
// each round builds its blocks in registers.
func (c *Cipher) prefixWords(s *scratch, n int, tweak []byte, b int) (xh, xl, kh, kl uint64) {
	xh, xl, _, pre := c.macPrefix(s, n, tweak, b)
	kh, kl = blockWords(tweak[min(pre, len(tweak)):])
	return xh, xl, kh, kl
}

// round returns the number of the j-th round computed (i counts down when
// decrypting) and the half fed into its round function: B when encrypting,
// A when decrypting (SP 800-38G, Algorithms 7 and 8, step 6).
func round[T any](j int, encrypt bool, a, b T) (int, T) {
	if encrypt {
		return j, b
	}
	return 9 - j, a
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
	if f := c.fast64MaxV; len(x) <= 2*f {
		// Two independent 64-bit halves, joined by one multiplication by
		// radix^f: a shorter chain than one numeral at a time.
		k := max(len(x)-f, 0)
		x0, _ := c.num64(x[:k])
		x1, _ := c.num64(x[k:])
		hi, lo := bits.Mul64(x0, c.mods[f].m.lo)
		lo, carry := bits.Add64(lo, x1, 0)
		return u128{hi + carry, lo}
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
	// Past 2f numerals, peel off chunks of fracLen from the low end by
	// dividing by radix^fracLen, as many as the length (not the value)
	// needs: what remains is below radix^2f.
	f := c.fast64MaxV
	for len(out) > 2*f {
		var low uint64
		z.hi, low = c.fracDiv.divmod(0, z.hi)
		z.lo, low = c.fracDiv.divmod(low, z.lo)
		k := len(out) - c.fracLen
		c.digitsFrac(out[k:], low)
		out = out[:k]
	}
	// z < radix^len(out): one division by radix^k, with k the most
	// numerals digitsFrac writes if the quotient then fits in 64 bits,
	// splits z into two numbers below 2^64, written independently.
	d, k := &c.fracDiv, c.fracLen
	if len(out)-k > f {
		d, k = &c.wordDiv, f
	}
	k = min(k, len(out))
	q, r := d.divmod(z.hi, z.lo)
	c.str64(out[len(out)-k:], r)
	c.str64(out[:len(out)-k], q)
}
