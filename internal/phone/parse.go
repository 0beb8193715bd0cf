package phone

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
)

// Errors of [Parse] and [ParseDigits]. They never contain the number.
var (
	// ErrNotPhone: phonenumbers refuses the number.
	ErrNotPhone = errors.New("phone: not a phone number")
	// ErrTooShort: phonenumbers refuses the number as too short after its
	// plus or international prefix (TOO_SHORT_AFTER_IDD).
	ErrTooShort = errors.New("phone: too short after the international prefix")
	// ErrDeclined: the lean path does not handle this way of writing a
	// number (a character other than digits, one plus and separators, or
	// too many digits); phonenumbers.Parse may still accept it.
	ErrDeclined = errors.New("phone: form not handled by the lean path")
)

// MaxInput is phonenumbers' MAX_INPUT_STRING_LENGTH, in bytes.
const MaxInput = 250

// MaxDigits bounds the digits of a phone number: an international prefix
// (at most 5 digits), a calling code (3), a national prefix and carrier code
// and a national number (at most 17) never reach it, so phonenumbers
// refuses whatever has more.
const MaxDigits = 32

// Separator reports whether r may appear between the digits of a phone
// number: the punctuation phonenumbers accepts (VALID_PUNCTUATION) except
// characters that also mark extensions (x ~ ～ ∼ ⁓ *) and invisible ones.
func Separator(r rune) bool {
	switch r {
	case ' ', '-', '.', '/', '(', ')', '[', ']', '\u00A0', '\u2212', '\u30FC', '\u3000',
		'\uFF0D', '\uFF0E', '\uFF0F', '\uFF08', '\uFF09', '\uFF3B', '\uFF3D':
		return true
	}
	return '\u2010' <= r && r <= '\u2015'
}

// Plus reports whether r is a plus sign phonenumbers reads (+ or ＋).
func Plus(r rune) bool { return r == '+' || r == '＋' }

// Digit returns the value of an ASCII or full-width digit.
func Digit(r rune) (int, bool) {
	switch {
	case '0' <= r && r <= '9':
		return int(r - '0'), true
	case '０' <= r && r <= '９':
		return int(r - '０'), true
	}
	return 0, false
}

// Digits is the digits of a written number, as ASCII.
type Digits struct {
	buf [MaxDigits]byte
	n   int
}

// Bytes returns the digits.
func (d *Digits) Bytes() []byte { return d.buf[:d.n] }

// TelPrefix returns the length of the "tel:" (RFC 3966 URI scheme, in any
// case) that v starts with, or 0. A number may be written after one; URI
// parameters (";ext=", ";phone-context=") are not accepted.
func TelPrefix(v string) int {
	if len(v) >= 4 && v[3] == ':' && strings.EqualFold(v[:3], "tel") {
		return 4
	}
	return 0
}

// Scan reads the digits of v into d. This is piikit's one rule of what a
// written phone number is, for masks and tokens alike (SPEC.md §3): an
// optional "tel:" ([TelPrefix]), then ASCII or full-width digits,
// separators ([Separator]) and plus signs before the first digit (no
// separator between two of them), at least 3 digits. It reports whether v
// has a plus, and returns ErrDeclined for anything else: letters (which
// phonenumbers would read as keypad digits), extensions, other characters.
func Scan(v string, d *Digits) (plus bool, err error) {
	d.n = 0
	if len(v) > MaxInput {
		return false, ErrDeclined
	}
	var s Scanner
	for _, r := range v[TelPrefix(v):] {
		c, ok := s.Step(r)
		if !ok {
			return false, ErrDeclined
		}
		if c != 0 {
			if d.n == MaxDigits {
				return false, ErrDeclined
			}
			d.buf[d.n] = c
			d.n++
		}
	}
	if d.n < 3 {
		return false, ErrDeclined
	}
	return s.Plus, nil
}

// Scanner applies Scan's rule one rune at a time, for callers that need
// more than the digits (mask records where each digit stands). The zero
// value is ready to use.
type Scanner struct {
	// Plus reports whether a plus sign has been read.
	Plus  bool
	state int8 // 0: before any plus or digit, 1: after a plus, 2: after a digit
	prev  rune
}

// Step reads the next rune r. It returns the ASCII digit r stands for, or 0
// when r is not a digit, and whether r may stand here.
func (s *Scanner) Step(r rune) (digit byte, ok bool) {
	prev := s.prev
	s.prev = r
	switch x, isDigit := Digit(r); {
	case isDigit:
		s.state = 2
		return byte('0' + x), true
	case Plus(r):
		if s.state == 2 || (s.state == 1 && !Plus(prev)) {
			return 0, false
		}
		s.Plus, s.state = true, 1
		return 0, true
	case Separator(r):
		return 0, true
	}
	return 0, false
}

// Number is a parsed phone number.
type Number struct {
	// Meta is the metadata of the calling code's main region.
	Meta *Meta
	// National is the national significant number (ASCII digits). It is a
	// suffix of the digits parsed unless the region's national prefix rule
	// rewrote digits (a few regions, in rare forms); it then holds its own
	// bytes.
	National []byte
	decided  int
}

// Decided returns how many leading digits of the digits parsed decided n:
// ParseDigits of any digits of the same length that start with them, with
// the same plus and default region, gives a number of the same calling code
// whose national significant number is the suffix of the same length. A
// mask that keeps them need not parse its outputs again.
func (n *Number) Decided() int { return n.decided }

// CC returns the country calling code.
func (n *Number) CC() int { return n.Meta.cc }

// Possible reports what phonenumbers.IsPossibleNumber says of n.
func (n *Number) Possible() bool { return n.Meta.possible(len(n.National)) }

// AppendE164 appends the E.164 form of n ("+", calling code, national
// significant number), as phonenumbers.Format(n, E164) writes it.
func (n *Number) AppendE164(dst []byte) []byte {
	dst = append(dst, '+')
	dst = strconv.AppendInt(dst, int64(n.Meta.cc), 10)
	return append(dst, n.National...)
}

// Stable reports whether the E.164 form of n parses back to n
// (phonenumbers.Parse of it with no default region gives the same calling
// code and national significant number). Calling codes are prefix-free, so
// the calling code always comes back; the national number does unless the
// calling code's national prefix rule strips or rewrites its first digits
// (a run of zeros in some regions).
func (n *Number) Stable() bool {
	back := n.Meta.stripNationalPrefix(n.National)
	if bytes.Equal(back, n.National) {
		return true
	}
	switch n.Meta.testLength(len(back)) {
	case lenTooShort, lenLocalOnly, lenInvalid:
		return true // phonenumbers keeps the number as it is
	}
	return false
}

// Parse parses a written phone number with the default region def (nil: the
// number must have a plus): [Scan], then [ParseDigits]. d is scratch space
// that the result aliases; reuse it (a sync.Pool) for a parse without
// allocation (the regular expressions keep a reference to their input, so
// a Digits on the stack would move to the heap).
func Parse(v string, def *Meta, d *Digits) (Number, error) {
	plus, err := Scan(v, d)
	if err != nil {
		return Number{}, err
	}
	return ParseDigits(d.Bytes(), plus, def)
}

// ParseDigits ports phonenumbers.Parse (parseHelper) from its country code
// extraction on, for the digits d of a number and whether it had a plus,
// with the default region def (nil: none). It does not check possibility
// ([Number.Possible]). The national number of the result aliases d unless
// the national prefix rule rewrote digits.
func ParseDigits(d []byte, plus bool, def *Meta) (Number, error) {
	p := parser{def: def, d: d}
	switch {
	case plus:
		err := p.extract(d)
		if err == errNoCC && def != nil {
			// phonenumbers tries again without the plus, and accepts only
			// a calling code found that way.
			var found bool
			if found, err = p.withoutPlus(d); err == nil && !found {
				err = errNoCC
			}
		}
		if err != nil {
			return Number{}, err
		}
	case def == nil:
		return Number{}, ErrNotPhone // national number without a region
	default:
		found, err := p.withoutPlus(d)
		if err != nil {
			return Number{}, err
		}
		if !found {
			p.cc, p.national, p.meta = def.cc, d, def
		}
	}
	national := p.national
	if len(national) < 2 {
		return Number{}, ErrNotPhone
	}
	// national is a suffix of d, or the parse has read all of d.
	pot, read := p.meta.strip(national)
	p.saw(len(d) - len(national) + read)
	if len(pot) != len(national) || !bytes.Equal(pot, national) {
		switch p.meta.testLength(len(pot)) {
		case lenTooShort, lenLocalOnly, lenInvalid:
		default:
			national = pot
		}
	}
	if len(national) < 2 || len(national) > 17 { // MIN/MAX_LENGTH_FOR_NSN
		return Number{}, ErrNotPhone
	}
	// p.meta is the default region or the calling code's main region:
	// either way its main region is ForCallingCode(p.cc), without a lookup.
	m := p.meta.main
	if m == nil {
		return Number{}, ErrNotPhone
	}
	return Number{Meta: m.ready(), National: national, decided: p.read}, nil
}

// errNoCC is phonenumbers' INVALID_COUNTRY_CODE.
var errNoCC = ErrNotPhone

// parser holds the state of one ParseDigits.
type parser struct {
	def      *Meta
	d        []byte // the digits parsed
	read     int    // how many leading digits of d decided the parse so far
	cc       int
	national []byte
	meta     *Meta // the metadata national prefixes are stripped with
}

// saw records that the parse depends on the first n digits of d.
func (p *parser) saw(n int) { p.read = max(p.read, n) }

// extract ports extractCountryCode after a plus or an international prefix.
func (p *parser) extract(full []byte) error {
	if len(full) <= 2 { // MIN_LENGTH_FOR_NSN: too short after IDD
		return ErrTooShort
	}
	off := len(p.d) - len(full) // full is a suffix of d
	t := tables()
	c := 0
	for i := 1; i <= 3 && i <= len(full) && full[0] != '0'; i++ {
		c = c*10 + int(full[i-1]-'0')
		if m := t.code(c); m != nil {
			p.saw(off + i)
			p.cc, p.national, p.meta = c, full[i:], m.ready()
			return nil
		}
	}
	p.saw(off + 3)
	return errNoCC
}

// withoutPlus ports maybeExtractCountryCode for digits without a plus: an
// international prefix of the default region, or else the default region's
// calling code written without a plus.
func (p *parser) withoutPlus(d []byte) (found bool, err error) {
	def := p.def
	if def.idd != nil {
		n, read := def.iddPrefix(d)
		p.saw(read)
		if n > 0 {
			return true, p.extract(d[n:])
		}
	}
	p.saw(len(def.ccStr))
	if len(d) >= len(def.ccStr) && string(d[:len(def.ccStr)]) == def.ccStr {
		p.saw(len(d)) // rare: not worth telling which digits decide
		potential := def.stripNationalPrefix(d[len(def.ccStr):])
		fullValid := def.general != nil && def.general.Match(d)
		nationalValid := def.general != nil && def.general.Match(potential)
		if (!fullValid && nationalValid) || def.testLength(len(d)) == lenTooLong {
			p.cc, p.national, p.meta = def.cc, potential, def
			return true, nil
		}
	}
	return false, nil
}

// iddPrefix returns the length of m's international prefix at the start of
// d, or 0 (phonenumbers' parsePrefixAsIdd: the digit after the prefix must
// not be 0), and how many leading digits of d decided it.
func (m *Meta) iddPrefix(d []byte) (n, read int) {
	n, _, found, read := m.idd.find(d)
	if !found || n == 0 {
		return 0, read
	}
	if n < len(d) {
		read = max(read, n+1)
		if d[n] == '0' {
			return 0, read
		}
	}
	return n, read
}
