package mask

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"sync"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/internal/ff1"
)

// form is a value taken apart for masking: the characters to mask (their
// positions in runes, their classes and numerals) and the tweak binding what
// is kept. The rest of runes is written back unchanged.
type form struct {
	runes []rune
	pos   []int
	cls   []*class
	num   []uint16
	tweak []byte
	bits  []uint16   // scratch for the mixed-radix path
	out   []byte     // scratch for the UTF-8 of runes (see text)
	aux   int        // kind-specific: the length of an email's public suffix
	ph    phoneParse // phone numbers: the parse of the value
	ph2   phoneParse // phone numbers: the parse of a candidate output
	// phone says that ph (and maybe ph2) may hold digits: putForm clears
	// them only then, as clearing 416 bytes that hold a pointer for every
	// value of every kind cost putForm most of its time.
	phone bool
}

func (f *form) reset() {
	f.runes, f.pos, f.cls, f.num, f.tweak = f.runes[:0], f.pos[:0], f.cls[:0], f.num[:0], f.tweak[:0]
}

// add marks runes[i] for masking in class c; r must be in c.
func (f *form) add(i int, c *class, r rune) {
	n, _ := c.index(r)
	f.addNumeral(i, c, n)
}

// addNumeral marks runes[i], numeral n of class c, for masking.
func (f *form) addNumeral(i int, c *class, n uint16) {
	f.pos = append(f.pos, i)
	f.cls = append(f.cls, c)
	f.num = append(f.num, n)
}

// tweakMasked and tweakKept append the template entry of runes[i] to the tweak: a masked
// character is 0xFF and its class code (0xFF never occurs in UTF-8, so the
// template is unambiguous); a kept character is its UTF-8 encoding.
func (f *form) tweakMasked(c *class) { f.tweak = append(f.tweak, 0xFF, c.code) }
func (f *form) tweakKept(r rune)     { f.tweak = utf8.AppendRune(f.tweak, r) }

// write puts the numerals back as characters of their classes.
func (f *form) write() {
	for j, i := range f.pos {
		if c := f.cls[j]; c.alphabet != nil {
			f.runes[i] = c.alphabet[f.num[j]] // as c.char, without the call
		} else {
			f.runes[i] = c.char(f.num[j], f.runes[i])
		}
	}
}

// text returns runes as a string, as string(f.runes) does (an invalid rune
// becomes U+FFFD) but in one pass over a reused buffer.
func (f *form) text() string {
	b := f.out[:0]
	for _, r := range f.runes {
		b = utf8.AppendRune(b, r) // inlined for ASCII
	}
	f.out = b
	return string(b)
}

var formPool = sync.Pool{New: func() any { return new(form) }}

func getForm() *form { f := formPool.Get().(*form); f.reset(); return f }
func putForm(f *form) {
	if cap(f.runes) > 4096 {
		return
	}
	// No character of a value lingers in the pool.
	clear(f.runes[:cap(f.runes)])
	clear(f.num[:cap(f.num)])
	clear(f.tweak[:cap(f.tweak)])
	clear(f.bits[:cap(f.bits)])
	clear(f.out[:cap(f.out)])
	f.aux = 0
	if f.phone {
		f.ph, f.ph2, f.phone = phoneParse{}, phoneParse{}, false
	}
	formPool.Put(f)
}

// keys derives and caches one FF1 cipher per (root key ID, radix) for one
// (domain, scope). It is safe for concurrent use.
type keys struct {
	root          *derive.Root
	domain, scope string
	// primary holds the primary key's ciphers of the kind's radices, made by
	// New and then only read: a value's cipher is found without a lock.
	primary []radixCipher
	ciphers sync.Map // uint64(keyID)<<32 | radix → *ff1.Cipher
	mu      sync.Mutex
}

type radixCipher struct {
	radix int
	c     *ff1.Cipher
}

func (k *keys) cipher(keyID uint32, radix int) (*ff1.Cipher, error) {
	if keyID == k.root.PrimaryID() {
		for _, p := range k.primary {
			if p.radix == radix {
				return p.c, nil
			}
		}
	}
	id := uint64(keyID)<<32 | uint64(radix)
	if c, ok := k.ciphers.Load(id); ok {
		return c.(*ff1.Cipher), nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if c, ok := k.ciphers.Load(id); ok {
		return c.(*ff1.Cipher), nil
	}
	key, err := k.root.Key(keyID, derive.PurposeFF1, k.domain, k.scope, 32)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	c, err := ff1.NewCipher(key, radix)
	clear(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	k.ciphers.Store(id, c)
	return c, nil
}

// minDomain is NIST SP 800-38G Rev. 1's smallest FF1 domain.
const minDomain = ff1.MinDomain

// short reports whether the numerals of f span fewer than minDomain values.
func (f *form) short() bool {
	d := uint64(1)
	for _, c := range f.cls {
		d *= uint64(c.radix)
		if d >= minDomain {
			return false
		}
	}
	return true
}

// uniform returns the radix shared by every masked position, or 0.
func (f *form) uniform() int {
	r := f.cls[0].radix
	for _, c := range f.cls[1:] {
		if c.radix != r {
			return 0
		}
	}
	return r
}

// crypt enciphers (or deciphers) the numerals of f in place with the key
// keyID. The caller has checked that f is not short.
//
// When every position has the same radix, FF1 runs over the numerals at that
// radix. Otherwise the numerals are read as one mixed-radix integer x < M
// (M = the product of the radices, the first position most significant) and
// FF1 at radix 2 runs over the bits of x, bitlen(M-1) of them, repeating
// ("cycle walking") until the result is below M again: rank, encipher,
// unrank (Bellare, Ristenpart, Rogaway, Stegers, "Format-Preserving
// Encryption", SAC 2009, §3).
func (k *keys) crypt(f *form, keyID uint32, encrypt bool) error {
	if r := f.uniform(); r != 0 {
		c, err := k.cipher(keyID, r)
		if err != nil {
			return err
		}
		return cryptInPlace(c, f.num, f.tweak, encrypt)
	}
	c, err := k.cipher(keyID, 2)
	if err != nil {
		return err
	}
	return mixedRadix(f, func(b []uint16) error { return cryptInPlace(c, b, f.tweak, encrypt) })
}

// cryptInPlace enciphers (or deciphers) the numerals x in place.
func cryptInPlace(c *ff1.Cipher, x []uint16, tweak []byte, encrypt bool) error {
	var err error
	if encrypt {
		_, err = c.Encrypt(x, x, tweak)
	} else {
		_, err = c.Decrypt(x, x, tweak)
	}
	return mapFF1(err)
}

// mixedRadix ranks the numerals of f, applies step to the bits until the
// rank is below the domain size M, and unranks the result into f.num.
func mixedRadix(f *form, step func([]uint16) error) error {
	// Fast path: M fits in 64 bits (the rank is below M).
	m, rank, fits := uint64(1), uint64(0), true
	for j, c := range f.cls {
		hi, lo := bits.Mul64(m, uint64(c.radix))
		if hi != 0 {
			fits = false
			break
		}
		m, rank = lo, rank*uint64(c.radix)+uint64(f.num[j])
	}
	if fits {
		n := bits.Len64(m - 1)
		b := grow(f.bits, n)
		for {
			putBits(b, rank)
			if err := step(b); err != nil {
				return err
			}
			if rank = getBits(b); rank < m {
				break
			}
		}
		f.bits = b
		for j := len(f.cls) - 1; j >= 0; j-- {
			r := uint64(f.cls[j].radix)
			f.num[j] = uint16(rank % r)
			rank /= r
		}
		return nil
	}
	M, x, r := big.NewInt(1), new(big.Int), new(big.Int)
	for j, c := range f.cls {
		r.SetInt64(int64(c.radix))
		M.Mul(M, r)
		x.Mul(x, r)
		x.Add(x, r.SetInt64(int64(f.num[j])))
	}
	n := new(big.Int).Sub(M, big.NewInt(1)).BitLen()
	if n > ff1.MaxLen {
		return ErrTooLong
	}
	b := grow(f.bits, n)
	for {
		for i := range n {
			b[i] = uint16(x.Bit(n - 1 - i))
		}
		if err := step(b); err != nil {
			return err
		}
		x.SetInt64(0)
		for i := range n {
			x.Lsh(x, 1)
			if b[i] == 1 {
				x.SetBit(x, 0, 1)
			}
		}
		if x.Cmp(M) < 0 {
			break
		}
	}
	f.bits = b
	q := new(big.Int)
	for j := len(f.cls) - 1; j >= 0; j-- {
		r.SetInt64(int64(f.cls[j].radix))
		x.QuoRem(x, r, q)
		f.num[j] = uint16(q.Int64())
	}
	return nil
}

// bitBytes[v] is the byte v as eight bits, most significant first.
var bitBytes = func() (t [256][8]uint16) {
	for v := range t {
		for i := range 8 {
			t[v][i] = uint16(v>>(7-i)) & 1
		}
	}
	return t
}()

// putBits writes the len(b) low bits of x into b, most significant first.
// Copying eight bits at a time from bitBytes takes half the time of a
// loop over the bits (the bits of a mixed-radix name: 37–43).
func putBits(b []uint16, x uint64) {
	n := len(b)
	h := n % 8
	for i := range h {
		b[i] = uint16(x>>(uint(n-1-i)&63)) & 1
	}
	for i := h; i < n; i += 8 {
		copy(b[i:i+8], bitBytes[byte(x>>(uint(n-8-i)&63))][:])
	}
}

// getBits reads the bits b (each 0 or 1), most significant first, as an
// integer: eight at a time, which halves the chain of shifts of a loop
// over the bits.
func getBits(b []uint16) uint64 {
	h := len(b) % 8
	var x uint64
	for _, bit := range b[:h] {
		x = x<<1 | uint64(bit)
	}
	for i := h; i < len(b); i += 8 {
		q := b[i : i+8 : i+8]
		x = x<<8 | uint64(q[0]<<7|q[1]<<6|q[2]<<5|q[3]<<4|q[4]<<3|q[5]<<2|q[6]<<1|q[7])
	}
	return x
}

func grow(b []uint16, n int) []uint16 {
	if cap(b) < n {
		return make([]uint16, n)
	}
	return b[:n]
}

// substituteShort replaces the numerals of a short form (domain M below
// 1,000,000) by a keyed, irreversible choice of another value of the same
// classes, never the value itself: with x the rank of the value, FF1 at
// radix 2 over 40 bits enciphers x under the tweak "short" || 0x00 || tweak,
// giving y; the output rank is r = y mod (M−1), plus one if r ≥ x. A domain
// of one value cannot be substituted (ErrTooShort).
func (k *keys) substituteShort(f *form, keyID uint32) error {
	var m, x uint64 = 1, 0
	for j, c := range f.cls {
		m *= uint64(c.radix)
		x = x*uint64(c.radix) + uint64(f.num[j])
	}
	if m < 2 {
		return ErrTooShort
	}
	c, err := k.cipher(keyID, 2)
	if err != nil {
		return err
	}
	const n = 40
	var b [n]uint16
	for i := range n {
		b[i] = uint16(x >> (n - 1 - i) & 1)
	}
	tweak := append([]byte("short\x00"), f.tweak...)
	if _, err := c.Encrypt(b[:], b[:], tweak); err != nil {
		return mapFF1(err)
	}
	var y uint64
	for i := range n {
		y = y<<1 | uint64(b[i])
	}
	r := y % (m - 1)
	if r >= x {
		r++
	}
	for j := len(f.cls) - 1; j >= 0; j-- {
		rd := uint64(f.cls[j].radix)
		f.num[j] = uint16(r % rd)
		r /= rd
	}
	return nil
}

func mapFF1(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ff1.ErrDomainTooSmall):
		return ErrTooShort
	case errors.Is(err, ff1.ErrTooLong), errors.Is(err, ff1.ErrTweakTooLong):
		return ErrTooLong
	}
	// Only ff1.ErrNumeral is left: a numeral outside its alphabet's radix,
	// so the value is not of its kind. ff1's errors hold no numeral.
	return fmt.Errorf("mask: %w: %w", ErrInvalidValue, err)
}
