package normalize

import (
	"errors"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/unicode/norm"

	"github.com/piikit/piikit/internal/phone"
)

// checkRegion returns the upper-case form of a CLDR region code that
// libphonenumber has metadata for.
func checkRegion(r string) (string, error) {
	r = strings.ToUpper(r)
	if len(r) != 2 || phonenumbers.GetCountryCodeForRegion(r) == 0 {
		return "", ErrRegion
	}
	return r, nil
}

// appendPhone appends the E.164 form of a phone number (SPEC.md §3):
//
//  1. trim white space; NFKC (full-width digits, ＋ and － become ASCII);
//  2. parse with libphonenumber (github.com/nyaruka/phonenumbers), with the
//     default region for numbers without a country code; any separators
//     libphonenumber accepts (spaces, dashes, dots, slashes, brackets);
//  3. refuse numbers with an extension (two extensions of one line would
//     otherwise share a token) and numbers whose length is not possible for
//     their region (IsPossibleNumber; validity of the number range is not
//     required, so that a metadata update does not change what is
//     accepted);
//  4. format as E.164: "+", country code, national significant number;
//  5. refuse the number if that E.164 string does not parse back to itself.
//
// Step 2 runs internal/phone's port of phonenumbers.Parse for numbers
// written with digits, separators and a plus (no allocation, phonenumbers'
// metadata compiled once per region); anything else (letters, "tel:" URIs,
// extensions) goes to phonenumbers.Parse itself. The differential test in
// phone_test.go checks that both give what phonenumbers gives.
//
// The lean path first reads v as given: the full-width digits, plus and
// separators it reads are each one character that NFKC maps to one ASCII
// character of the same role (a digit of the same value, a plus, a
// separator), the white space step 1 trims is separators to it, and it
// reads no control character, so steps 1 and 2 give the same number on v
// as on its trimmed NFKC form. Only what it declines takes step 1 first.
//
// def is phone.Region(region), looked up once per Normalizer.
func appendPhone(dst []byte, v string, ascii bool, region string, def *phone.Meta) ([]byte, error) {
	lean := region == "" || def != nil // always, as both read phonenumbers' metadata
	d := digitsPool.Get().(*phone.Digits)
	defer digitsPool.Put(d)
	if lean {
		if num, err := phone.Parse(v, def, d); !errors.Is(err, phone.ErrDeclined) {
			return appendLeanE164(dst, num, err)
		}
	}
	if !ascii {
		if hasControl(v) {
			return dst, invalid(Phone, "control character")
		}
		v = norm.NFKC.String(strings.TrimSpace(v))
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return dst, ErrEmpty
	}
	if hasControl(v) {
		return dst, invalid(Phone, "control character")
	}
	if lean {
		if num, err := phone.Parse(v, def, d); !errors.Is(err, phone.ErrDeclined) {
			return appendLeanE164(dst, num, err)
		}
	}
	return appendPhoneSlow(dst, v, region)
}

// appendLeanE164 finishes appendPhone for what the lean path parsed.
func appendLeanE164(dst []byte, num phone.Number, err error) ([]byte, error) {
	switch {
	case err != nil:
		return dst, invalid(Phone, "not a phone number")
	case !num.Possible():
		return dst, invalid(Phone, "not a possible number for its region")
	case !num.Stable():
		// A few odd inputs (runs of zeros) format to an E.164 string that
		// parses back to another number: refuse them, so that
		// normalization is idempotent and a token never depends on how a
		// number was written.
		return dst, invalid(Phone, "not a phone number")
	}
	return num.AppendE164(dst), nil
}

// digitsPool holds the scratch space of phone.Parse.
var digitsPool = sync.Pool{New: func() any { return new(phone.Digits) }}

// appendPhoneSlow is appendPhone with phonenumbers.Parse, for the forms the
// lean path declines.
func appendPhoneSlow(dst []byte, v string, region string) ([]byte, error) {
	// phonenumbers' errors do not contain the number; still, keep our own.
	num, err := phonenumbers.Parse(v, region)
	if err != nil {
		return dst, invalid(Phone, "not a phone number")
	}
	if num.GetExtension() != "" {
		return dst, invalid(Phone, "has an extension")
	}
	if !phonenumbers.IsPossibleNumber(num) {
		return dst, invalid(Phone, "not a possible number for its region")
	}
	// phonenumbers.Format(num, E164) is "+", the calling code and the
	// national significant number, as AppendE164 writes it; Stable is the
	// parse-back check of appendLeanE164.
	m := phone.ForCallingCode(int(num.GetCountryCode()))
	if m == nil {
		return dst, invalid(Phone, "not a phone number")
	}
	lean := phone.Number{Meta: m, National: []byte(phonenumbers.GetNationalSignificantNumber(num))}
	if !lean.Stable() {
		return dst, invalid(Phone, "not a phone number")
	}
	return lean.AppendE164(dst), nil
}
