package ff1

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"sync/atomic"
)

// MaxLen is the longest input accepted, in numerals. SP 800-38G lets an
// implementation choose its maximum (up to 2^32); 4096 numerals cover every
// field piikit masks with room to spare, while keeping the cost of one call
// bounded (about 4 KiB of AES input per round at radix 65536).
const MaxLen = 4096

// MaxTweakLen is the longest tweak accepted, in bytes: the tweak length is
// encoded in four bytes of FF1's first block (SP 800-38G, Algorithm 7, step 5).
const MaxTweakLen = math.MaxUint32

// MinDomain is the smallest domain size FF1 may be used with:
// SP 800-38G Rev. 1 requires radix^minlen ≥ 1,000,000.
const MinDomain = 1_000_000

// Errors returned by this package. They are wrapped with details that never
// include a numeral, a tweak byte or a key byte; test with [errors.Is].
var (
	// ErrKeySize: the AES key is not 16, 24 or 32 bytes long.
	ErrKeySize = errors.New("ff1: invalid AES key size")
	// ErrRadix: the radix is outside 2…65536.
	ErrRadix = errors.New("ff1: radix out of range 2..65536")
	// ErrDomainTooSmall: radix^len(src) < 1,000,000, the minimum domain of
	// SP 800-38G Rev. 1.
	ErrDomainTooSmall = errors.New("ff1: domain radix^length below 1,000,000")
	// ErrTooLong: the input has more than [MaxLen] numerals.
	ErrTooLong = errors.New("ff1: input longer than the maximum length")
	// ErrTweakTooLong: the tweak has more than [MaxTweakLen] bytes.
	ErrTweakTooLong = errors.New("ff1: tweak too long")
	// ErrNumeral: a numeral is not less than the radix.
	ErrNumeral = errors.New("ff1: numeral not less than radix")
)

// Cipher is FF1 with one AES key and one radix. It is safe for concurrent use
// by multiple goroutines.
type Cipher struct {
	block  cipher.Block
	radix  int
	minLen int

	// The fast path: halves of up to fastMaxV numerals, whose values fit in
	// 128 bits; fast64 takes those of up to fast64MaxV, whose values fit in
	// 64 bits. log2 is log2(radix) for a power-of-two radix, else 0.
	log2       uint
	fastMaxV   int
	fast64MaxV int
	mods       []modulus    // radix^0…radix^fastMaxV, prepared for reduction
	wordDiv    smallDivisor // radix^fast64MaxV, the largest power below 2^64
	fracLen    int          // the most numerals digitsFrac writes: radix^fracLen < 2^62
	fracMul    []fracConst  // for k = 0…fracLen, to turn x < radix^k into a fraction
	fracDiv    smallDivisor // radix^fracLen

	pCache [pCacheSize]atomic.Pointer[pEntry]
	qCache [qCacheSize]atomic.Pointer[qEntry]
	seed   maphash.Seed // for qCache
}

// NewCipher returns FF1 with AES under key (16, 24 or 32 bytes: AES-128,
// AES-192 or AES-256) for numerals in base radix (2 ≤ radix ≤ 65536).
func NewCipher(key []byte, radix int) (*Cipher, error) {
	switch len(key) {
	case 16, 24, 32:
	default:
		return nil, fmt.Errorf("%w: %d bytes", ErrKeySize, len(key))
	}
	if radix < 2 || radix > 65536 {
		return nil, fmt.Errorf("%w: %d", ErrRadix, radix)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %d bytes", ErrKeySize, len(key))
	}
	c := &Cipher{block: block, radix: radix, minLen: MinLen(radix), seed: maphash.MakeSeed()}
	if radix&(radix-1) == 0 {
		c.log2 = uint(bits.TrailingZeros(uint(radix)))
	}
	c.initFast()
	return c, nil
}

// Radix returns the radix c was made for.
func (c *Cipher) Radix() int { return c.radix }

// String describes c by its radix only: no key material or cached state is
// ever printed, whatever the verb.
func (c *Cipher) String() string { return fmt.Sprintf("ff1.Cipher(radix %d)", c.radix) }

// GoString is String, so that %#v prints nothing more.
func (c *Cipher) GoString() string { return c.String() }

// Format prints String for every verb, so that %+v and %x print nothing
// more either.
func (c *Cipher) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// MinLen returns the smallest length n with radix^n ≥ 1,000,000, the
// shortest input FF1 accepts for that radix under SP 800-38G Rev. 1 (6 for
// radix 10, 2 for radix 1000 and above). It returns 0 if radix is outside
// 2…65536.
func MinLen(radix int) int {
	if radix < 2 || radix > 65536 {
		return 0
	}
	// In 64 bits whatever int is: p < MinDomain before each step, so
	// p·radix < 2^36 (an int32 would wrap at radix 65536 and never end).
	n, p := 0, uint64(1)
	for p < MinDomain {
		p *= uint64(radix)
		n++
	}
	return n
}

// Encrypt enciphers the numerals of src (each less than the radix, most
// significant first) under tweak, and appends the result, of the same length,
// to dst[:0]. dst may be src itself. If dst has room for len(src) numerals,
// Encrypt does not allocate for inputs whose halves fit in 128 bits (once a
// length and tweak length have been seen: the first call fills a cache).
//
// On error dst is left unchanged and the returned slice is nil.
func (c *Cipher) Encrypt(dst, src []uint16, tweak []byte) ([]uint16, error) {
	return c.crypt(dst, src, tweak, true)
}

// Decrypt inverts [Cipher.Encrypt]: it deciphers src under tweak and appends
// the result to dst[:0], with the same rules and errors.
func (c *Cipher) Decrypt(dst, src []uint16, tweak []byte) ([]uint16, error) {
	return c.crypt(dst, src, tweak, false)
}

func (c *Cipher) crypt(dst, src []uint16, tweak []byte, encrypt bool) ([]uint16, error) {
	if err := c.checkShape(src, tweak); err != nil {
		return nil, err
	}
	return c.transform(dst, src, tweak, encrypt)
}

// transform checks the numerals of src and computes FF1 on it, into dst's
// storage (which may alias src), on an input of a checked shape (or, in
// tests, one below the Rev. 1 minimum length). Nothing is written if a
// numeral is not below the radix.
func (c *Cipher) transform(dst, src []uint16, tweak []byte, encrypt bool) ([]uint16, error) {
	n := len(src)
	v := n - n/2
	if v <= c.fast64MaxV {
		// num64 checks the numerals as it reads them, which saves
		// checkNumerals' pass over src (about 3% of a call in
		// BenchmarkEncryptMix).
		A, badA := c.num64(src[:n/2])
		B, badB := c.num64(src[n/2:])
		if badA|badB != 0 {
			return nil, c.errNumeral()
		}
		out := slices.Grow(dst[:0], n)[:n]
		c.fast64(out, A, B, tweak, encrypt)
		return out, nil
	}
	if err := c.checkNumerals(src); err != nil {
		return nil, err
	}
	out := slices.Grow(dst[:0], n)[:n]
	if c.fastHalf(v) {
		c.fast(out, src, tweak, encrypt)
	} else {
		c.general(out, src, tweak, encrypt)
	}
	return out, nil
}

func checkTweakLen(t uint64) error {
	if t > MaxTweakLen {
		return fmt.Errorf("%w: %d bytes", ErrTweakTooLong, t)
	}
	return nil
}

// checkShape validates an input's lengths before anything is written; the
// numerals are checked after it, by checkNumerals or num64, so that the
// errors come in this order: ErrTooLong, ErrDomainTooSmall, ErrTweakTooLong,
// ErrNumeral.
func (c *Cipher) checkShape(src []uint16, tweak []byte) error {
	n := len(src)
	if n > MaxLen {
		return fmt.Errorf("%w: %d numerals, maximum %d", ErrTooLong, n, MaxLen)
	}
	if n < c.minLen {
		return fmt.Errorf("%w: %d numerals of radix %d, minimum %d", ErrDomainTooSmall, n, c.radix, c.minLen)
	}
	return checkTweakLen(uint64(len(tweak)))
}

// checkNumerals returns an error if a numeral of src is not less than the
// radix.
func (c *Cipher) checkNumerals(src []uint16) error {
	if c.radix < 65536 {
		r := uint16(c.radix)
		for _, x := range src {
			if x >= r {
				return c.errNumeral()
			}
		}
	}
	return nil
}

func (c *Cipher) errNumeral() error { return fmt.Errorf("%w %d", ErrNumeral, c.radix) }
