package normalize

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/unicode/norm"
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
func appendPhone(dst []byte, v string, ascii bool, region string) ([]byte, error) {
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
	e164 := phonenumbers.Format(num, phonenumbers.E164)
	// A few odd inputs (runs of zeros) format to an E.164 string that parses
	// back to another number: refuse them, so that normalization is
	// idempotent and a token never depends on how a number was written.
	if back, err := phonenumbers.Parse(e164, ""); err != nil || phonenumbers.Format(back, phonenumbers.E164) != e164 {
		return dst, invalid(Phone, "not a phone number")
	}
	return append(dst, e164...), nil
}
