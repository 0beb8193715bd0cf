package mask

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// putBits and getBits agree with a loop over the bits, for every width
// mixedRadix's fast path uses and values with every bit pattern.
func TestBitsMatchLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 1))
	for n := 1; n <= 64; n++ {
		for k := range 200 {
			x := rng.Uint64()
			switch k {
			case 0:
				x = 0
			case 1:
				x = ^uint64(0)
			}
			x &= ^uint64(0) >> (64 - n)
			want := make([]uint16, n)
			for i, y := n-1, x; i >= 0; i-- {
				want[i], y = uint16(y&1), y>>1
			}
			got := make([]uint16, n)
			putBits(got, x)
			if !slices.Equal(got, want) {
				t.Fatalf("putBits(%d bits, %#x) = %v, want %v", n, x, got, want)
			}
			if y := getBits(want); y != x {
				t.Fatalf("getBits(%v) = %#x, want %#x", want, y, x)
			}
		}
	}
}
