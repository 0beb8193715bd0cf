package ff1

import (
	"encoding/binary"
	"math/big"
)

// reference computes FF1 step by step as SP 800-38G (Algorithms 7 and 8)
// writes it, with math/big and no precomputation. It is the first version
// of this package, kept to test the optimised code against.
func (c *Cipher) reference(out, src []uint16, tweak []byte, encrypt bool) {
	radix := big.NewInt(int64(c.radix))
	n := len(src)
	u := n / 2
	v := n - u
	t := len(tweak)

	// Steps 3–4: b = ⌈⌈v·log2(radix)⌉/8⌉, the byte length of radix^v − 1.
	rv := new(big.Int).Exp(radix, big.NewInt(int64(v)), nil)
	b := (new(big.Int).Sub(rv, big.NewInt(1)).BitLen() + 7) / 8
	d := 4*((b+3)/4) + 4

	// Step 5: P.
	var P [16]byte
	P[0], P[1], P[2] = 1, 2, 1
	P[3], P[4], P[5] = byte(c.radix>>16), byte(c.radix>>8), byte(c.radix)
	P[6] = 10
	P[7] = byte(u)
	binary.BigEndian.PutUint32(P[8:], uint32(n))
	binary.BigEndian.PutUint32(P[12:], uint32(t))

	A := refNum(src[:u], radix)
	B := refNum(src[u:], radix)
	ru := new(big.Int).Exp(radix, big.NewInt(int64(u)), nil)

	pad := ((-t-b-1)%16 + 16) % 16
	Q := make([]byte, t+pad+1+b)
	copy(Q, tweak)
	S := make([]byte, (d+15)/16*16)
	y := new(big.Int)
	for j := range 10 {
		i := j
		if !encrypt {
			i = 9 - j
		}
		// Encryption feeds B into the round function; decryption feeds A.
		in, acc := B, A
		if !encrypt {
			in, acc = A, B
		}
		// Step 6.i: Q = T || [0]^pad || [i]^1 || [NUM(in)]^b.
		Q[t+pad] = byte(i)
		in.FillBytes(Q[t+pad+1:])
		// Step 6.ii: R = PRF(P || Q), a CBC-MAC with a zero IV.
		var R [16]byte
		c.block.Encrypt(R[:], P[:])
		for k := 0; k < len(Q); k += 16 {
			for x := range 16 {
				R[x] ^= Q[k+x]
			}
			c.block.Encrypt(R[:], R[:])
		}
		// Step 6.iii: S = R || CIPH(R ⊕ [1]^16) || CIPH(R ⊕ [2]^16) || …
		copy(S, R[:])
		for k := 1; k*16 < d; k++ {
			var blk [16]byte
			copy(blk[:], R[:])
			binary.BigEndian.PutUint64(blk[8:], binary.BigEndian.Uint64(R[8:])^uint64(k))
			c.block.Encrypt(S[16*k:], blk[:])
		}
		// Steps 6.iv–vi: c = NUM(acc) ± y mod radix^m.
		y.SetBytes(S[:d])
		m := ru
		if i%2 == 1 {
			m = rv
		}
		if encrypt {
			acc.Add(acc, y)
		} else {
			acc.Sub(acc, y)
		}
		acc.Mod(acc, m) // Euclidean modulus: never negative.
		// Steps 6.viii–ix.
		if encrypt {
			A, B = B, acc
		} else {
			A, B = acc, A
		}
	}
	refStr(out[:u], A, radix)
	refStr(out[u:], B, radix)
}

// refNum returns NUM_radix(x), the number whose base-radix numerals are x.
func refNum(x []uint16, radix *big.Int) *big.Int {
	z := new(big.Int)
	var d big.Int
	for _, e := range x {
		z.Mul(z, radix)
		z.Add(z, d.SetUint64(uint64(e)))
	}
	return z
}

// refStr writes STR^len(out)_radix(z) to out; z < radix^len(out).
func refStr(out []uint16, z *big.Int, radix *big.Int) {
	z = new(big.Int).Set(z)
	var r big.Int
	for i := len(out) - 1; i >= 0; i-- {
		z.QuoRem(z, radix, &r)
		out[i] = uint16(r.Uint64())
	}
}
