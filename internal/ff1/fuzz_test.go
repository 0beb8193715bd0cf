package ff1

import (
	"errors"
	"slices"
	"testing"
)

// FuzzRoundTrip checks, for any key, radix, numerals and tweak, that a call
// either fails with one of this package's errors or gives numerals of the
// same length, in range, that decrypt back and match the literal reference.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("0123456789abcdef"), uint16(8), []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, []byte("tweak"))
	f.Add(make([]byte, 32), uint16(65534), []byte{0xff, 0xff, 0, 0, 1, 2, 3, 4}, []byte{})
	f.Add(make([]byte, 24), uint16(34), []byte("0123456789abcdefghi0123456789abcdefghi"), []byte("7777pqrs777"))
	f.Add(make([]byte, 16), uint16(0), make([]byte, 80), make([]byte, 33))
	// Lengths whose rounds all reduce by Barrett from 128 bits
	// (TestBarrett128Rounds): radix 62 × 32 and radix 10 × 40.
	f.Add([]byte("0123456789abcdef"), uint16(60), []byte("piikit fuzz seed: sixty-four bytes make thirty-two numerals....."), []byte("tweak-01"))
	f.Add(make([]byte, 32), uint16(8), make([]byte, 80), []byte("t"))
	f.Fuzz(func(t *testing.T, key []byte, r uint16, data, tweak []byte) {
		radix := int(r) + 2 // 2…65537: 65537 must be refused
		c, err := NewCipher(key, radix)
		if err != nil {
			if !errors.Is(err, ErrKeySize) && !errors.Is(err, ErrRadix) {
				t.Fatalf("NewCipher: untyped error %v", err)
			}
			return
		}
		// Two bytes per numeral, taken modulo the radix unless the first
		// byte of data says to keep them raw (then some may be out of range).
		raw := len(data) > 0 && data[0] == 0xff
		x := make([]uint16, len(data)/2)
		for i := range x {
			e := uint16(data[2*i])<<8 | uint16(data[2*i+1])
			if !raw {
				e = uint16(int(e) % radix)
			}
			x[i] = e
		}
		ct, err := c.Encrypt(nil, x, tweak)
		if err != nil {
			if !errors.Is(err, ErrDomainTooSmall) && !errors.Is(err, ErrNumeral) && !errors.Is(err, ErrTooLong) {
				t.Fatalf("Encrypt: untyped error %v", err)
			}
			return
		}
		if len(ct) != len(x) {
			t.Fatalf("length %d, want %d", len(ct), len(x))
		}
		for _, e := range ct {
			if int(e) >= radix {
				t.Fatalf("numeral %d out of range for radix %d", e, radix)
			}
		}
		want := make([]uint16, len(x))
		c.reference(want, x, tweak, true)
		if !slices.Equal(ct, want) {
			t.Fatalf("radix %d n %d: %v, reference %v", radix, len(x), ct, want)
		}
		pt, err := c.Decrypt(nil, ct, tweak)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pt, x) {
			t.Fatalf("round trip: %v, want %v", pt, x)
		}
	})
}
