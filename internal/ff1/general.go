package ff1

import (
	"encoding/binary"
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
	var ru *big.Int
	if c.log2 != 0 {
		ru = new(big.Int).Lsh(big.NewInt(1), uint(u)*c.log2)
	} else {
		ru = new(big.Int).Exp(radix, big.NewInt(int64(u)), nil)
	}
	rv := ru
	if v != u {
		rv = new(big.Int).Mul(ru, radix)
	}
	// b = ⌈⌈v·log2(radix)⌉/8⌉ is the byte length of radix^v − 1.
	b := (new(big.Int).Sub(rv, big.NewInt(1)).BitLen() + 7) / 8
	d := sLen(b)

	s := getScratch()
	defer putScratch(s)
	xh, xl, pad, pre := c.macPrefix(s, n, tweak, b)
	t := len(tweak)
	tail := make([]byte, t+pad+1+b-pre)
	copy(tail, tweak[min(pre, t):])
	iPos := t + pad - pre

	A := c.numBig(src[:u])
	B := c.numBig(src[u:])
	S := make([]byte, (d+15)&^15)
	y := new(big.Int)
	for j := range 10 {
		i, in := round(j, encrypt, A, B)
		tail[iPos] = byte(i)
		in.FillBytes(tail[iPos+1:])
		rh, rl := c.macTail(s, xh, xl, tail)
		// S = R || CIPH(R ⊕ [1]^16) || CIPH(R ⊕ [2]^16) || …, first d bytes
		// (k < 2^64: [k]^16 is k in the last word).
		binary.BigEndian.PutUint64(S, rh)
		binary.BigEndian.PutUint64(S[8:], rl)
		for k := 1; 16*k < d; k++ {
			eh, el := c.encryptWords(s, rh, rl^uint64(k))
			binary.BigEndian.PutUint64(S[16*k:], eh)
			binary.BigEndian.PutUint64(S[16*k+8:], el)
		}
		// y = NUM(S) mod radix^m; for a power-of-two radix, the low
		// m·log2(radix) bits of S.
		m, mlen := ru, u
		if i%2 == 1 {
			m, mlen = rv, v
		}
		if c.log2 != 0 {
			nbits := mlen * int(c.log2)
			nb := (nbits + 7) / 8 // ≤ b ≤ d
			if r := nbits % 8; r != 0 {
				S[d-nb] &= 1<<r - 1
			}
			y.SetBytes(S[d-nb : d])
		} else {
			y.SetBytes(S[:d])
			y.Mod(y, m)
		}
		// c = NUM(A) ± y mod radix^m, both terms below radix^m.
		if encrypt {
			A.Add(A, y)
			if A.Cmp(m) >= 0 {
				A.Sub(A, m)
			}
			A, B = B, A
		} else {
			B.Sub(B, y)
			if B.Sign() < 0 {
				B.Add(B, m)
			}
			A, B = B, A
		}
	}
	c.strBig(out[:u], A)
	c.strBig(out[u:], B)
}

// numBig returns NUM_radix(x), accumulating 64-bit limbs (least significant
// first) k numerals at a time, with radix^k < 2^64 (k = fast64MaxV).
func (c *Cipher) numBig(x []uint16) *big.Int {
	if c.log2 != 0 {
		return c.numBigPow2(x)
	}
	r := uint64(c.radix)
	limbs := make([]uint64, 0, len(x)/4+1) // a numeral has at most 16 bits
	for len(x) > 0 {
		m := min(c.fast64MaxV, len(x))
		acc, pm := uint64(0), uint64(1)
		for _, e := range x[:m] {
			acc = acc*r + uint64(e)
			pm *= r
		}
		carry := acc // limbs = limbs·radix^m + acc
		for i, l := range limbs {
			hi, lo := bits.Mul64(l, pm)
			var cc uint64
			limbs[i], cc = bits.Add64(lo, carry, 0)
			carry = hi + cc
		}
		if carry != 0 {
			limbs = append(limbs, carry)
		}
		x = x[m:]
	}
	buf := make([]byte, 8*len(limbs))
	for i, l := range limbs {
		binary.BigEndian.PutUint64(buf[len(buf)-8*(i+1):], l)
	}
	return new(big.Int).SetBytes(buf)
}

// strBig writes STR^len(out)_radix(z) to out, for z < radix^len(out):
// 64-bit limbs divided in place by radix^k give k numerals at a time.
func (c *Cipher) strBig(out []uint16, z *big.Int) {
	if c.log2 != 0 {
		c.strBigPow2(out, z)
		return
	}
	buf := z.Bytes()
	limbs := make([]uint64, (len(buf)+7)/8)
	for i := range limbs {
		var w [8]byte
		lo := max(len(buf)-8*(i+1), 0)
		copy(w[8-(len(buf)-8*i-lo):], buf[lo:len(buf)-8*i])
		limbs[i] = binary.BigEndian.Uint64(w[:])
	}
	k := c.fast64MaxV
	for end := len(out); end > 0; end -= k {
		var rem uint64
		for i := len(limbs) - 1; i >= 0; i-- {
			limbs[i], rem = c.wordDiv.divmod(rem, limbs[i])
		}
		for len(limbs) > 0 && limbs[len(limbs)-1] == 0 {
			limbs = limbs[:len(limbs)-1]
		}
		c.str64(out[max(end-k, 0):end], rem)
	}
}

// numBigPow2 returns NUM_radix(x) for radix 2^k: the numerals' bits, packed.
func (c *Cipher) numBigPow2(x []uint16) *big.Int {
	k := c.log2
	buf := make([]byte, (uint(len(x))*k+7)/8)
	p := len(buf)
	var acc uint64
	var accBits uint
	for i := len(x) - 1; i >= 0; i-- {
		acc |= uint64(x[i]) << accBits
		accBits += k
		for accBits >= 8 {
			p--
			buf[p] = byte(acc)
			acc >>= 8
			accBits -= 8
		}
	}
	if accBits > 0 {
		buf[p-1] = byte(acc)
	}
	return new(big.Int).SetBytes(buf)
}

// strBigPow2 writes STR^len(out)_radix(z) for radix 2^k: z's bits, k at a
// time from the least significant.
func (c *Cipher) strBigPow2(out []uint16, z *big.Int) {
	k := c.log2
	buf := z.Bytes()
	p := len(buf)
	var acc uint64
	var accBits uint
	for i := len(out) - 1; i >= 0; i-- {
		for accBits < k && p > 0 {
			p--
			acc |= uint64(buf[p]) << accBits
			accBits += 8
		}
		out[i] = uint16(acc & (1<<k - 1))
		acc >>= k
		accBits -= min(accBits, k)
	}
}
