package ff1

import (
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

const digits36 = "0123456789abcdefghijklmnopqrstuvwxyz"

// The nine FF1 samples of NIST SP 800-38G ("FF1samples.pdf", NIST CSRC,
// Cryptographic Standards and Guidelines, Examples with Intermediate Values:
// https://csrc.nist.gov/CSRC/media/Projects/Cryptographic-Standards-and-Guidelines/documents/examples/FF1samples.pdf).
// Numerals are written with 0-9a-z.
var nistSamples = []struct {
	key, tweak string
	radix      int
	pt, ct     string
}{
	{"2B7E151628AED2A6ABF7158809CF4F3C", "", 10, "0123456789", "2433477484"},
	{"2B7E151628AED2A6ABF7158809CF4F3C", "39383736353433323130", 10, "0123456789", "6124200773"},
	{"2B7E151628AED2A6ABF7158809CF4F3C", "3737373770717273373737", 36, "0123456789abcdefghi", "a9tv40mll9kdu509eum"},
	{"2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", "", 10, "0123456789", "2830668132"},
	{"2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", "39383736353433323130", 10, "0123456789", "2496655549"},
	{"2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", "3737373770717273373737", 36, "0123456789abcdefghi", "xbj3kv35jrawxv32ysr"},
	{"2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94", "", 10, "0123456789", "6657667009"},
	{"2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94", "39383736353433323130", 10, "0123456789", "1001623463"},
	{"2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94", "3737373770717273373737", 36, "0123456789abcdefghi", "xs8a0azh2avyalyzuwd"},
}

func numerals(t testing.TB, s, alphabet string) []uint16 {
	t.Helper()
	out := make([]uint16, len(s))
	for i := range len(s) {
		k := strings.IndexByte(alphabet, s[i])
		if k < 0 {
			t.Fatalf("character %q not in alphabet", s[i])
		}
		out[i] = uint16(k)
	}
	return out
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNISTSamples(t *testing.T) {
	for i, s := range nistSamples {
		t.Run(string(rune('1'+i)), func(t *testing.T) {
			c, err := NewCipher(mustHex(t, s.key), s.radix)
			if err != nil {
				t.Fatal(err)
			}
			pt := numerals(t, s.pt, digits36)
			want := numerals(t, s.ct, digits36)
			tweak := mustHex(t, s.tweak)
			got, err := c.Encrypt(nil, pt, tweak)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("Encrypt = %v, want %v", got, want)
			}
			back, err := c.Decrypt(nil, want, tweak)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(back, pt) {
				t.Errorf("Decrypt = %v, want %v", back, pt)
			}
		})
	}
}

func TestMinLen(t *testing.T) {
	for _, tc := range []struct{ radix, want int }{
		{2, 20}, {3, 13}, {10, 6}, {16, 5}, {26, 5}, {36, 4}, {62, 4}, {100, 3},
		{999, 3}, {1000, 2}, {1001, 2}, {65536, 2}, {1, 0}, {65537, 0}, {0, 0}, {-10, 0},
	} {
		if got := MinLen(tc.radix); got != tc.want {
			t.Errorf("MinLen(%d) = %d, want %d", tc.radix, got, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	key := make([]byte, 16)
	for _, n := range []int{0, 1, 15, 17, 23, 31, 33, 64} {
		if _, err := NewCipher(make([]byte, n), 10); !errors.Is(err, ErrKeySize) {
			t.Errorf("NewCipher(%d-byte key) error = %v, want ErrKeySize", n, err)
		}
	}
	for _, r := range []int{-1, 0, 1, 65537, 1 << 20} {
		if _, err := NewCipher(key, r); !errors.Is(err, ErrRadix) {
			t.Errorf("NewCipher(radix %d) error = %v, want ErrRadix", r, err)
		}
	}
	c10, err := NewCipher(key, 10)
	if err != nil {
		t.Fatal(err)
	}
	c65536, err := NewCipher(key, 65536)
	if err != nil {
		t.Fatal(err)
	}
	secret := []uint16{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8}
	long := make([]uint16, MaxLen+1)
	for _, tc := range []struct {
		name string
		c    *Cipher
		src  []uint16
		want error
	}{
		{"empty", c10, nil, ErrDomainTooSmall},
		{"five digits", c10, secret[:5], ErrDomainTooSmall},
		{"one numeral radix 65536", c65536, []uint16{65535}, ErrDomainTooSmall},
		{"numeral equal to radix", c10, append(slices.Clone(secret), 10), ErrNumeral},
		{"numeral max", c10, append(slices.Clone(secret), 65535), ErrNumeral},
		{"too long", c10, long, ErrTooLong},
	} {
		for _, encrypt := range []bool{true, false} {
			dst := slices.Clone(secret)
			var got []uint16
			var err error
			if encrypt {
				got, err = tc.c.Encrypt(dst, tc.src, nil)
			} else {
				got, err = tc.c.Decrypt(dst, tc.src, nil)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("%s (encrypt %v): error = %v, want %v", tc.name, encrypt, err, tc.want)
				continue
			}
			if got != nil {
				t.Errorf("%s: result = %v, want nil", tc.name, got)
			}
			if !slices.Equal(dst, secret) {
				t.Errorf("%s: dst changed on error", tc.name)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "ff1: ") || strings.Contains(msg, "9876") || strings.Contains(msg, "9 8 7") {
				t.Errorf("%s: error %q not prefixed or shows the input", tc.name, msg)
			}
		}
	}
}

// TestNum64Check compares num64's numeral check, which crypt uses for
// fast64's inputs, with a plain comparison of each numeral against the
// radix, for one bad numeral at every position of every fast64 length and
// for valid inputs, at radices that take both of its loops; a bad input
// must fail with ErrNumeral and leave dst as it was.
func TestNum64Check(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, radix := range []int{2, 4, 8, 16, 32, 256, 4096, 3, 10, 26, 36, 62, 2894, 65535, 65536} {
		c, err := NewCipher(make([]byte, 16), radix)
		if err != nil {
			t.Fatal(err)
		}
		for half := 1; half <= c.fast64MaxV; half++ {
			for _, bad := range append([]int{-1}, rng.Perm(half)...) {
				x := make([]uint16, half)
				for i := range x {
					x[i] = uint16(rng.IntN(radix))
				}
				if bad >= 0 && radix < 65536 {
					x[bad] = uint16(radix + rng.IntN(65536-radix))
				}
				want := slices.ContainsFunc(x, func(e uint16) bool { return int(e) >= radix })
				if _, b := c.num64(x); (b != 0) != want {
					t.Fatalf("radix %d, %v: num64 bad = %d, want %v", radix, x, b, want)
				}
				src := append(slices.Clone(x), x...) // n = 2·half
				if len(src) < c.minLen {
					continue
				}
				dst := []uint16{1, 2, 3}
				_, err := c.Encrypt(dst[:0], src, nil)
				if want != errors.Is(err, ErrNumeral) || want && !slices.Equal(dst, []uint16{1, 2, 3}) {
					t.Fatalf("radix %d, n %d: Encrypt error = %v (want ErrNumeral: %v), dst %v", radix, len(src), err, want, dst)
				}
			}
		}
	}
}
