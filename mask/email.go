package mask

import (
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/piikit/piikit/internal/normalize"
)

// emailKind masks an email address: letters and digits of the local part
// within their class (case kept), every other character in place; the domain
// kept, or its labels below the public suffix masked too. SPEC.md §5 "Email".
type emailKind struct {
	maskDomain bool
}

const (
	maxLocalLen  = 64  // RFC 5321 §4.5.3.1.1
	maxDomainLen = 253 // RFC 1035 §2.3.4, without the final dot
)

// atextSpecial are the non-alphanumeric characters of RFC 5322 atext.
const atextSpecial = "!#$%&'*+-/=?^_`{|}~"

// parse reads an address that normalization accepts (SPEC.md §3, the one
// rule of what an email is): anything else is errNotEmail. Of those, it
// masks the ones written in ASCII with an ASCII local part; the others
// (white space around, a Unicode or full-width local part) are valid but
// have characters no mask alphabet carries: ErrUnsupportedChar.
func (e *emailKind) parse(f *form, v string, _ bool) error {
	// A plain ASCII address is an email: normalizing it to check that is
	// work done for nothing.
	return e.parsePlain(f, v, normalize.PlainASCIIEmail(v))
}

// parsePlain is parse, told whether v is a normalize.PlainASCIIEmail
// (false takes the general way, which TestEmailPlainParse compares).
func (e *emailKind) parsePlain(f *form, v string, plain bool) error {
	if !plain {
		// Invalid UTF-8 fails here (normalization refuses it), and
		// Masker.parse then returns ErrInvalidUTF8 (utf8Refuser).
		if err := validate(normalize.Email, v); err != nil {
			return err
		}
	}
	at := strings.IndexByte(v, '@')
	if at <= 0 || at == len(v)-1 {
		return ErrUnsupportedChar // a full-width or small "@"
	}
	local, domain := v[:at], v[at+1:]
	if len(local) > maxLocalLen {
		return ErrTooLong
	}
	if e.maskDomain {
		f.tweak = append(f.tweak, 'm', 0)
	} else {
		f.tweak = append(f.tweak, 'k', 0)
	}
	// Local part: ASCII atext and dots (which may lead, trail or repeat, as
	// normalization allows).
	for i := 0; i < len(local); i++ {
		c := local[i]
		switch {
		case f.addAlnum(c):
		case c == '.' || strings.IndexByte(atextSpecial, c) >= 0:
			f.tweakKept(rune(c))
		default:
			return ErrUnsupportedChar
		}
	}
	f.runes = append(f.runes, '@')
	f.tweak = append(f.tweak, '@')
	if !e.maskDomain {
		return keptDomain(f, domain, plain)
	}
	return maskedDomain(f, domain)
}

// keptDomain appends a kept domain: its text as written, and in the tweak
// its ASCII (A-label) form in lower case, so that an address masks the same
// whichever way its domain is written. plain says that the domain is of a
// PlainASCIIEmail, so ASCII and LDH.
func keptDomain(f *form, domain string, plain bool) error {
	if len(domain) > 4*maxDomainLen {
		return ErrTooLong
	}
	ascii := true
	for i := 0; i < len(domain) && !plain; i++ {
		ascii = ascii && domain[i] < 0x80
	}
	start := len(f.tweak)
	if ascii {
		if !plain && !ldhDomain(domain) {
			return ErrUnsupportedChar // valid (parse checked), but not as this mask reads domains
		}
		for i := 0; i < len(domain); i++ {
			f.tweak = append(f.tweak, lower(domain[i]))
		}
	} else {
		a, err := idna.Lookup.ToASCII(domain)
		if err != nil || !ldhDomain(a) {
			return ErrUnsupportedChar
		}
		f.tweak = append(f.tweak, strings.ToLower(a)...)
	}
	if len(f.tweak)-start > maxDomainLen {
		return ErrTooLong
	}
	for _, r := range domain {
		f.runes = append(f.runes, r)
	}
	return nil
}

// maskedDomain appends a domain whose labels below the public suffix are
// masked: letters and digits within their class, hyphens and dots kept. Only
// ASCII labels can be masked; the suffix may be international.
func maskedDomain(f *form, domain string) error {
	if len(domain) > maxDomainLen {
		return ErrTooLong
	}
	a, err := idna.Lookup.ToASCII(domain)
	if err != nil || !ldhDomain(a) {
		return ErrUnsupportedChar
	}
	suffix := keptSuffix(a)
	if len(suffix) >= len(a) {
		return ErrUnsupportedChar // nothing below the public suffix to mask
	}
	head := a[:len(a)-len(suffix)] // includes the dot before the suffix
	if len(domain) < len(head) || !strings.EqualFold(domain[:len(head)], head) {
		return ErrUnsupportedChar // an international label below the suffix
	}
	head = domain[:len(head)]
	for i := 0; i < len(head); i++ {
		c := head[i]
		if c >= 0x80 {
			return ErrUnsupportedChar
		}
		if !f.addAlnum(c) {
			f.tweakKept(rune(c))
		}
	}
	if strings.Contains(strings.ToLower(head), "xn--") {
		return ErrUnsupportedChar
	}
	f.tweak = append(f.tweak, strings.ToLower(suffix)...)
	f.aux = len(suffix)
	for _, r := range domain[len(head):] {
		f.runes = append(f.runes, r)
	}
	return nil
}

// keptSuffix returns the part of the ASCII domain a that a masked domain
// keeps: its public suffix, extended label by label while the suffix depends
// on the label before it (an exception rule such as !city.kawasaki.jp under
// *.kawasaki.jp), so that masking a label can never change the suffix. The
// probe label "_" can be in no rule of the list: rules are host names.
func keptSuffix(a string) string {
	a = strings.ToLower(a)
	public, _ := publicsuffix.PublicSuffix(a)
	kept := public
	for len(kept) < len(a) {
		if probe, _ := publicsuffix.PublicSuffix("_." + kept); probe == public {
			break
		}
		head := a[:len(a)-len(kept)-1]
		kept = head[strings.LastIndexByte(head, '.')+1:] + "." + kept
	}
	return kept
}

// ldhDomain reports whether d is a domain of letter-digit-hyphen labels of 1
// to 63 bytes, not starting or ending with a hyphen (RFC 1123 §2.1).
func ldhDomain(d string) bool {
	if d == "" || len(d) > maxDomainLen {
		return false
	}
	for label := range strings.SplitSeq(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '-') {
				return false
			}
		}
	}
	return true
}

// addAlnum appends the ASCII character c to f, masked if it is a letter or
// a digit (it reports whether it was); otherwise the caller decides.
func (f *form) addAlnum(c byte) bool {
	j := len(f.runes)
	f.runes = append(f.runes, rune(c))
	// The numerals of the classes' index, without its call
	// (TestAddAlnumNumerals).
	switch {
	case ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'):
		f.addNumeral(j, latinClass, uint16(lower(c)-'a'))
		f.tweakMasked(latinClass)
	case '0' <= c && c <= '9':
		f.addNumeral(j, digitClass, uint16(c-'0'))
		f.tweakMasked(digitClass)
	default:
		return false
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func (*emailKind) finish(*form, bool) {}

// An email's plain path reads only ASCII (normalize.PlainASCIIEmail), and
// the other checks UTF-8 first.
func (*emailKind) refusesInvalidUTF8() {}

// valid reports whether a masked domain still has the public suffix of the
// input: masking a label could in principle turn it into a suffix of its own
// (wildcard rules such as *.kawasaki.jp), and then the mask would not parse
// back. Mask and Unmask walk the cycle past such values.
func (e *emailKind) valid(f *form) bool {
	if !e.maskDomain {
		return true
	}
	at := len(f.runes) - 1
	for f.runes[at] != '@' {
		at--
	}
	d := strings.ToLower(string(f.runes[at+1:]))
	a, err := idna.Lookup.ToASCII(d)
	if err != nil {
		return false
	}
	return len(keptSuffix(a)) == f.aux
}
