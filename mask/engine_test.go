package mask

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
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

// form.write reads a class's alphabet, where it has one, instead of
// calling char: the two agree for every numeral of every such class.
func TestAlphabetIsChar(t *testing.T) {
	k1, o1 := kanjiClasses()
	k2, j2, o2 := kanjiClassesV2()
	classes := []*class{hiraganaClass, smallHiraganaClass, katakanaClass, smallKatakanaClass, halfKatakanaClass,
		smallHalfKatakana, latin1UpperClass, latin1LowerClass, k1, o1, k2, j2, o2}
	for _, s := range kanaV2 {
		for _, c := range []*class{s.main, s.initial, s.small, s.rare, s.smallRare} {
			if c != nil {
				classes = append(classes, c)
			}
		}
	}
	for _, c := range classes {
		if len(c.alphabet) != c.radix {
			t.Fatalf("class %c: alphabet of %d, radix %d", c.code, len(c.alphabet), c.radix)
		}
		for n := range c.radix {
			for _, like := range []rune{0, 'a', 'A', 'ａ', 'あ', c.alphabet[0]} {
				if got := c.char(uint16(n), like); got != c.alphabet[n] {
					t.Fatalf("class %c: char(%d, %q) = %q, alphabet has %q", c.code, n, like, got, c.alphabet[n])
				}
			}
		}
	}
}

// putForm leaves no digit of a phone number in a pooled form: it clears
// the phone parses only after a phone kind used them (form.phone), so a
// parse that did not set the flag would linger.
func TestPutFormClearsPhone(t *testing.T) {
	m, err := New(keysettest.PRF(), field(kind.Phone, "test.phone", "", withRegion("JP")))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"090-1234-5678", "+81 3-1234-5678", "03-12"} {
		f := getForm()
		_, _ = m.mask(f, v)
		if f.ph.n == 0 {
			t.Fatalf("%q: no digits in the parse", v)
		}
		f.ph2 = f.ph // as valid leaves a candidate's parse
		putForm(f)
		if f.ph != (phoneParse{}) || f.ph2 != (phoneParse{}) || f.phone {
			t.Errorf("%q: a phone parse is left in a pooled form", v)
		}
	}
}
