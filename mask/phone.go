package mask

import (
	"bytes"
	"fmt"
	"math/bits"
	"strconv"
)

// phoneKind masks phone numbers: the country calling code, any international
// or national prefix and the type-telling leading digits of the national
// number are kept; the other digits are enciphered (radix 10) and written
// back in the input's own layout. SPEC.md §5 "Phone numbers".
//
// Parsing follows phonenumbers.Parse step by step on the digits (its
// country code extraction, national prefix stripping and length checks),
// with phonenumbers' metadata and compiled patterns cached per region; the
// differential test in phone_test.go checks the agreement.
type phoneKind struct {
	def  *phoneMeta // default region, or nil
	keep int
}

func newPhoneKind(region string, keep int) (*phoneKind, error) {
	k := &phoneKind{keep: keep}
	if region != "" {
		if k.def = tables().regions[region]; k.def == nil {
			return nil, fmt.Errorf("%w: unknown phone region %q", ErrOption, region)
		}
		k.def.ready()
	} else {
		tables()
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
	errPhoneTooShort    = fmt.Errorf("%w: too short", ErrNotPhone)
	errPhoneUnsupported = fmt.Errorf("%w: number form not supported", ErrNotPhone)
)

// maxPhoneInput is phonenumbers' MAX_INPUT_STRING_LENGTH.
const maxPhoneInput = 250

// maxPhoneDigits bounds the digits of a phone number: an international
// prefix (at most 5 digits), a calling code (3), a national prefix and
// carrier code and a national number (at most 17) never reach it, so
// phonenumbers refuses whatever has more.
const maxPhoneDigits = 32

// phoneSeparator reports whether r may appear between the digits of a phone
// number: the punctuation phonenumbers accepts (VALID_PUNCTUATION) except
// characters that also mark extensions (x ~ ～ ∼ ⁓ *) and invisible ones.
func phoneSeparator(r rune) bool {
	switch r {
	case ' ', '-', '.', '/', '(', ')', '[', ']', '\u00A0', '\u2212', '\u30FC', '\u3000',
		'\uFF0D', '\uFF0E', '\uFF0F', '\uFF08', '\uFF09', '\uFF3B', '\uFF3D':
		return true
	}
	return '\u2010' <= r && r <= '\u2015'
}

// phoneParse is a parsed phone number: where its digits are, and what is kept.
type phoneParse struct {
	digits [maxPhoneDigits]byte  // ASCII digits
	at     [maxPhoneDigits]int32 // index in runes of each digit
	n      int                   // number of digits
	meta   *phoneMeta            // the calling code's main region
	nsn    int                   // index of the first digit of the national significant number
	kept   int                   // digits of the national significant number kept
	walk   uint16                // digits allowed after the kept ones (bit mask), all when 0x3FF
}

// scan reads the runes of v into f and the digits into p.
func (k *phoneKind) scan(f *form, v string, p *phoneParse) (plus bool, err error) {
	if len(v) > maxPhoneInput {
		return false, ErrTooLong
	}
	state := 0 // 0: before any plus or digit, 1: after plus, 2: after a digit
	for _, r := range v {
		i := len(f.runes)
		f.runes = append(f.runes, r)
		switch {
		case r == '+' || r == '＋':
			if state == 2 || (state == 1 && f.runes[i-1] != '+' && f.runes[i-1] != '＋') {
				return false, ErrNotPhone
			}
			plus, state = true, 1
		case '0' <= r && r <= '9', '０' <= r && r <= '９':
			if p.n == maxPhoneDigits {
				return false, ErrNotPhone
			}
			d, _ := digitClass.index(r)
			p.digits[p.n], p.at[p.n] = byte('0'+d), int32(i)
			p.n++
			state = 2
		case phoneSeparator(r):
		default:
			return false, ErrNotPhone
		}
	}
	if p.n < 3 {
		return false, ErrNotPhone
	}
	return plus, nil
}

// parse ports phonenumbers.Parse (parseHelper) from its country code
// extraction on, for digits and a leading plus, and its IsPossibleNumber.
func (k *phoneKind) parseDigits(p *phoneParse, plus bool) error {
	t := tables()
	d := p.digits[:p.n]
	var parseMeta *phoneMeta
	national := d
	cc := 0
	errNoCC, tooShort := ErrNotPhone, errPhoneTooShort
	// extract ports extractCountryCode after a plus or an international
	// prefix.
	extract := func(full []byte) error {
		if len(full) <= 2 { // MIN_LENGTH_FOR_NSN: too short after IDD
			return tooShort
		}
		c := 0
		for i := 1; i <= 3 && i <= len(full) && full[0] != '0'; i++ {
			c = c*10 + int(full[i-1]-'0')
			if m := t.byCC[c]; m != nil {
				cc, national, parseMeta = c, full[i:], m.ready()
				return nil
			}
		}
		return errNoCC
	}
	// withoutPlus ports maybeExtractCountryCode for digits without a plus:
	// an international prefix of the default region, or else the default
	// region's calling code written without a plus.
	withoutPlus := func(d []byte) (found bool, err error) {
		def := k.def
		if def.idd != nil {
			if n := k.iddPrefix(d); n > 0 {
				return true, extract(d[n:])
			}
		}
		if bytes.HasPrefix(d, []byte(def.ccStr)) {
			potential := def.stripNationalPrefix(d[len(def.ccStr):])
			fullValid := def.general != nil && def.general.Match(d)
			nationalValid := def.general != nil && def.general.Match(potential)
			if (!fullValid && nationalValid) || def.testLength(len(d)) == lenTooLong {
				cc, national, parseMeta = def.cc, potential, def
				return true, nil
			}
		}
		return false, nil
	}
	switch {
	case plus:
		err := extract(d)
		if err == errNoCC && k.def != nil {
			// phonenumbers tries again without the plus, and accepts only
			// a calling code found that way.
			var found bool
			if found, err = withoutPlus(d); err == nil && !found {
				err = errNoCC
			}
		}
		if err != nil {
			return err
		}
	case k.def == nil:
		return ErrNotPhone // national number without a region
	default:
		found, err := withoutPlus(d)
		if err != nil {
			return err
		}
		if !found {
			cc, national, parseMeta = k.def.cc, d, k.def
		}
	}
	if len(national) < 2 {
		return ErrNotPhone
	}
	if pot := parseMeta.stripNationalPrefix(national); len(pot) != len(national) || !bytes.Equal(pot, national) {
		switch parseMeta.testLength(len(pot)) {
		case lenTooShort, lenLocalOnly, lenInvalid:
		default:
			national = pot
		}
	}
	if len(national) < 2 || len(national) > 17 {
		return ErrNotPhone
	}
	// The national significant number must be the last digits as written:
	// piikit does not mask numbers whose national prefix rule rewrites
	// digits (a few regions, in rare forms).
	if !bytes.HasSuffix(d, national) {
		return errPhoneUnsupported
	}
	if p.meta = t.byCC[cc]; p.meta == nil {
		return ErrNotPhone
	}
	p.meta.ready()
	p.nsn = p.n - len(national)
	if !p.meta.possible(len(national)) {
		return ErrNotPhone
	}
	p.kept, p.walk = p.meta.keptLen(national), allDigits
	switch {
	case k.keep >= p.kept:
		p.kept = min(k.keep, len(national))
	case p.kept >= 2 && k.keep < p.kept:
		// Keep one digit less and walk the next one, if the numbers that
		// allowed digits make are still at least 1,000,000.
		q := p.kept - 1
		if e := p.meta.extensions(national[:q], len(national)); e.ok {
			allowed := e.classes[national[q]-'0']
			if uint64(bits.OnesCount16(allowed))*pow10(len(national)-q-1) >= minDomain {
				p.kept, p.walk = q, allowed
			}
		}
	}
	return nil
}

// iddPrefix returns the length of the default region's international
// prefix at the start of d, or 0 (phonenumbers' parsePrefixAsIdd: the digit
// after the prefix must not be 0).
func (k *phoneKind) iddPrefix(d []byte) int {
	loc := k.def.idd.FindIndex(d)
	if loc == nil || loc[1] == 0 {
		return 0
	}
	if loc[1] < len(d) && d[loc[1]] == '0' {
		return 0
	}
	return loc[1]
}

func (k *phoneKind) parse(f *form, v string, _ bool) error {
	p := &f.ph
	*p = phoneParse{}
	plus, err := k.scan(f, v, p)
	if err != nil {
		return err
	}
	if err := k.parseDigits(p, plus); err != nil {
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
	for _, i := range p.at[p.nsn+p.kept : p.n] {
		f.add(int(i), digitClass, f.runes[i])
	}
	return nil
}

// valid reports whether the masked runes of f still parse the way the input
// did (same calling code, same national number position and kept prefix,
// still possible). Mask and Unmask walk the cycle until they do.
func (k *phoneKind) valid(f *form) bool {
	want := &f.ph
	q := &f.ph2
	*q = phoneParse{}
	for j := range want.n {
		d, _ := digitClass.index(f.runes[want.at[j]])
		q.digits[j] = byte('0' + d)
	}
	q.n = want.n
	plus := false
	for _, r := range f.runes {
		if r == '+' || r == '＋' {
			plus = true
			break
		}
	}
	if err := k.parseDigits(q, plus); err != nil {
		return false
	}
	return q.meta == want.meta && q.nsn == want.nsn && q.kept == want.kept && q.walk == want.walk
}

func (*phoneKind) finish(*form, bool) {}
