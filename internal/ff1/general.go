package ff1

import (
	"math/big"
	"math/bits"
)

// general computes FF1 (SP 800-38G, Algorithms 7 and 8) with math/big, for
// any length up to MaxLen: the case where a half does not fit in 128 bits.
// Like fast, it keeps A and B as numbers between rounds.
func (c *Cipher) general(out, src []uint16, tweak []byte, encrypt bool) {
	n := len(src)
	u := n / 2
	v := n - u
	radix := big.NewInt(int64(c.radix))
	ru := new(big.Int).Exp(radix, big.NewInt(int64(u)), nil)
	rv := ru
	if v != u {
		rv = new(big.Int).Mul(ru, radix)
	}
	// b = ⌈⌈v·log2(radix)⌉/8⌉ is the byte length of radix^v − 1.
	b := (new(big.Int).Sub(rv, big.NewInt(1)).BitLen() + 7) / 8
	d := 4*((b+3)/4) + 4

	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	pad, pre := c.macPrefix(s, n, tweak, b)
	t := len(tweak)
	tail := make([]byte, t+pad+1+b-pre)
	copy(tail, tweak[min(pre, t):])
	iPos := t + pad - pre

	A := c.numBig(src[:u])
	B := c.numBig(src[u:])
	S := make([]byte, (d+15)&^15)
	y := new(big.Int)
	for j := range 10 {
		i := j
		in := B
		if !encrypt {
			i = 9 - j
			in = A
		}
		tail[iPos] = byte(i)
		in.FillBytes(tail[iPos+1:])
		c.macTail(s, tail)
		// S = R || CIPH(R ⊕ [1]^16) || CIPH(R ⊕ [2]^16) || …, first d bytes.
		copy(S, s.r[:])
		for k := 1; 16*k < d; k++ {
			s.blk = s.r
			for p, x := 15, k; x != 0; p, x = p-1, x>>8 {
				s.blk[p] ^= byte(x)
			}
			c.block.Encrypt(S[16*k:], s.blk[:])
		}
		y.SetBytes(S[:d])
		m := ru
		if i%2 == 1 {
			m = rv
		}
		if encrypt {
			A.Add(A, y)
			A.Mod(A, m)
			A, B = B, A
		} else {
			B.Sub(B, y)
			B.Mod(B, m) // Euclidean: never negative
			A, B = B, A
		}
	}
	c.strBig(out[:u], A)
	c.strBig(out[u:], B)
}

// chunk returns k and radix^k for the largest k with radix^k < 2^64: numerals
// are converted k at a time.
func (c *Cipher) chunk() (int, uint64) {
	k, p := 0, uint64(1)
	for {
		hi, lo := bits.Mul64(p, uint64(c.radix))
		if hi != 0 {
			return k, p
		}
		k, p = k+1, lo
	}
}

// numBig returns NUM_radix(x).
func (c *Cipher) numBig(x []uint16) *big.Int {
	z := new(big.Int)
	k, _ := c.chunk()
	r := uint64(c.radix)
	var w, scale big.Int
	for len(x) > 0 {
		m := min(k, len(x))
		acc, p := uint64(0), uint64(1)
		for _, e := range x[:m] {
			acc = acc*r + uint64(e)
			p *= r
		}
		z.Mul(z, scale.SetUint64(p))
		z.Add(z, w.SetUint64(acc))
		x = x[m:]
	}
	return z
}

// strBig writes STR^len(out)_radix(z) to out; z < radix^len(out).
func (c *Cipher) strBig(out []uint16, z *big.Int) {
	k, p := c.chunk()
	z = new(big.Int).Set(z)
	var div, rem big.Int
	div.SetUint64(p)
	for end := len(out); end > 0; end -= k {
		z.QuoRem(z, &div, &rem)
		c.str128(out[max(end-k, 0):end], u128{0, rem.Uint64()})
	}
}
