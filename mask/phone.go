package mask

import (
	"bytes"
	"errors"
	"fmt"
	"math/bits"
	"strconv"

	"github.com/piikit/piikit/kind"

	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/internal/phone"
)

// phoneKind masks phone numbers: the country calling code, any international
// or national prefix and the type-telling leading digits of the national
// number are kept; the other digits are enciphered (radix 10) and written
// back in the input's own layout. SPEC.md §5 "Phone numbers".
//
// Parsing is internal/phone's port of phonenumbers.Parse on the digits (its
// country code extraction, national prefix stripping and length checks),
// with phonenumbers' metadata and compiled patterns cached per region; the
// differential tests in phone_test.go and internal/normalize check the
// agreement.
type phoneKind struct {
	def  *phone.Meta // default region, or nil
	keep int
}

func newPhoneKind(region string, keep int) (*phoneKind, error) {
	k := &phoneKind{keep: keep}
	if region != "" {
		def, err := normalize.PhoneRegion(region)
		if err != nil {
			return nil, fmt.Errorf("%w: unknown phone region %q", kind.ErrOption, region)
		}
		k.def = def
	}
	return k, nil
}

// allDigits is the walk mask that allows every digit.
const allDigits = 0x3FF

func pow10(n int) uint64 {
	p := uint64(1)
	for range n {
		p *= 10
	}
	return p
}

var (
	errPhoneTooShort    = fmt.Errorf("%w: too short", errNotPhone)
	errPhoneUnsupported = fmt.Errorf("%w: number form not supported", errNotPhone)
)

// phoneCode is the calling code a number parsed to, with the metadata of its
// main region.
type phoneCode struct {
	cc int
	*phone.Meta
}

// phoneParse is a parsed phone number: where its digits are, and what is kept.
type phoneParse struct {
	digits [phone.MaxDigits]byte  // ASCII digits
	at     [phone.MaxDigits]int32 // index in runes of each digit
	n      int                    // number of digits
	plus   bool                   // the value has a plus sign
	read   int                    // the leading digits that decided the parse (phone.Number.Decided)
	meta   phoneCode              // the calling code and its main region
	nsn    int                    // index of the first digit of the national significant number
	kept   int                    // digits of the national significant number kept
	walk   uint16                 // digits allowed after the kept ones (bit mask), all when 0x3FF
}

// scan reads the runes of v into f and the digits into p, with the rule of
// phone.Scan (a "tel:" prefix is kept), recording where each digit stands
// and whether v has a plus. p is f.ph.
func (k *phoneKind) scan(f *form, v string, p *phoneParse) (plus bool, err error) {
	f.phone = true // p holds digits until putForm
	if len(v) > phone.MaxInput {
		return false, ErrTooLong
	}
	var s phone.Scanner
	tel := phone.TelPrefix(v)
	for _, r := range v[:tel] {
		f.runes = append(f.runes, r)
	}
	for _, r := range v[tel:] {
		i := len(f.runes)
		f.runes = append(f.runes, r)
		c, ok := s.Step(r)
		if !ok {
			return false, errNotPhone
		}
		if c != 0 {
			if p.n == phone.MaxDigits {
				return false, errNotPhone
			}
			p.digits[p.n], p.at[p.n] = c, int32(i)
			p.n++
		}
	}
	if p.n < 3 {
		return false, errNotPhone
	}
	p.plus = s.Plus
	return s.Plus, nil
}

// parseDigits parses the digits of p with phone.ParseDigits (a port of
// phonenumbers.Parse) and finds the digits the mask keeps.
func (k *phoneKind) parseDigits(p *phoneParse) error {
	national, err := k.parseNational(p)
	if err != nil {
		return err
	}
	p.kept, p.walk = p.meta.KeptLen(national), allDigits
	switch {
	case k.keep >= p.kept:
		p.kept = min(k.keep, len(national))
	case p.kept >= 2 && k.keep < p.kept:
		// Keep one digit less and walk the next one, if the numbers that
		// allowed digits make are still at least 1,000,000.
		q := p.kept - 1
		if e := p.meta.Extensions(national[:q], len(national)); e.OK {
			allowed := e.Classes[national[q]-'0']
			if uint64(bits.OnesCount16(allowed))*pow10(len(national)-q-1) >= minDomain {
				p.kept, p.walk = q, allowed
			}
		}
	}
	return nil
}

// parseNational parses the digits of p with phone.ParseDigits, sets its
// calling code and where its national significant number starts, and
// returns that number if it is possible.
func (k *phoneKind) parseNational(p *phoneParse) ([]byte, error) {
	d := p.digits[:p.n]
	num, err := phone.ParseDigits(d, p.plus, k.def)
	switch {
	case errors.Is(err, phone.ErrTooShort):
		return nil, errPhoneTooShort
	case err != nil:
		return nil, errNotPhone
	}
	national := num.National
	// The national significant number must be the last digits as written:
	// piikit does not mask numbers whose national prefix rule rewrites
	// digits (a few regions, in rare forms).
	if !bytes.HasSuffix(d, national) {
		return nil, errPhoneUnsupported
	}
	p.meta = phoneCode{cc: num.CC(), Meta: num.Meta}
	p.nsn, p.read = p.n-len(national), num.Decided()
	if !num.Possible() {
		return nil, errNotPhone
	}
	return national, nil
}

func (k *phoneKind) parse(f *form, v string, _ bool) error {
	p := &f.ph
	*p = phoneParse{}
	if _, err := k.scan(f, v, p); err != nil {
		return err
	}
	if err := k.parseDigits(p); err != nil {
		return err
	}
	// Tweak: "+" || calling code || 0x00 || kept national digits.
	f.tweak = append(f.tweak, '+')
	f.tweak = strconv.AppendInt(f.tweak, int64(p.meta.cc), 10)
	f.tweak = append(f.tweak, 0)
	f.tweak = append(f.tweak, p.digits[p.nsn:p.nsn+p.kept]...)
	if p.walk != allDigits {
		// The digits allowed after the kept ones.
		f.tweak = append(f.tweak, 0)
		for d := range 10 {
			if p.walk&(1<<d) != 0 {
				f.tweak = append(f.tweak, byte('0'+d))
			}
		}
	}
	for j := p.nsn + p.kept; j < p.n; j++ {
		f.addNumeral(int(p.at[j]), digitClass, uint16(p.digits[j]-'0')) // the digit of runes[at[j]]
	}
	return nil
}

// valid reports whether the masked runes of f still parse the way the input
// did (same calling code, same national number position and kept prefix,
// still possible). Mask and Unmask walk the cycle until they do.
//
// Only the digits after the kept ones change. What the candidate keeps is
// not worked out anew: with the same calling code and national number
// position, its national number starts with the kept digits, so KeptLen
// and Extensions answer as they did for the input, and the kept length and
// walk come out the same if and only if the walked digit is an allowed one.
// Nor is the candidate parsed again when the digits that decided the
// input's parse are all kept (phone.Number.Decided: for the demo table's
// numbers, the national prefix or calling code and one digit): it parses
// the same way. validFull, in the tests, does all of it anew, and
// TestPhoneValidFast compares them.
func (k *phoneKind) valid(f *form) bool {
	want := &f.ph
	if want.walk != allDigits && want.walk&(1<<f.num[0]) == 0 {
		return false // the walked digit, the first masked one, is not allowed
	}
	start := want.nsn + want.kept
	if want.read <= start {
		return true
	}
	q := &f.ph2
	*q = *want
	// The masked digits, as write put them in runes (the plus signs and
	// the digits before them are unchanged).
	for j, d := range f.num {
		q.digits[start+j] = byte('0' + d)
	}
	_, err := k.parseNational(q)
	return err == nil && q.meta == want.meta && q.nsn == want.nsn
}

func (*phoneKind) finish(*form, bool) {}

// A phone number's scan decodes every rune after an ASCII "tel:", and
// phone.Scanner takes no U+FFFD.
func (*phoneKind) refusesInvalidUTF8() {}
