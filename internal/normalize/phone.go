package normalize

import (
	"errors"
	"strings"
	"sync"

	"unicode"

	"github.com/nyaruka/phonenumbers"

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

// PhoneRegion is the metadata of a default phone region given as a CLDR
// region code in any case ("JP", "jp"): the one reading of a region, for
// tokens and masks alike. Unknown regions are ErrRegion.
func PhoneRegion(r string) (*phone.Meta, error) {
	r, err := checkRegion(r)
	if err != nil {
		return nil, err
	}
	m := phone.Region(r)
	if m == nil {
		return nil, ErrRegion
	}
	return m, nil
}

// appendPhone appends the E.164 form of a phone number (SPEC.md §3):
//
//  1. read the number with phone.Scan, piikit's one rule of what a written
//     phone number is (the phone mask reads numbers with the same rule): an
//     optional "tel:", then ASCII or full-width digits, separators and a
//     leading plus; anything else (letters, which phonenumbers would read as
//     keypad digits, extensions, free text) is refused;
//  2. parse the digits with internal/phone's port of phonenumbers.Parse
//     (github.com/nyaruka/phonenumbers' metadata), with the default region
//     for numbers without a country code;
//  3. refuse numbers whose length is not possible for their region
//     (IsPossibleNumber; validity of the number range is not required, so
//     that a metadata update does not change what is accepted);
//  4. format as E.164: "+", country code, national significant number;
//  5. refuse the number if that E.164 string does not parse back to itself.
//
// For the numbers step 1 accepts this is what phonenumbers.Parse gives (the
// differential test in phone_test.go checks it), and what earlier versions,
// which fell back to phonenumbers.Parse on NFKC for other forms, gave.
//
// def is phone.Region(region), looked up once per Normalizer.
func appendPhone(dst []byte, v string, def *phone.Meta) ([]byte, error) {
	d := digitsPool.Get().(*phone.Digits)
	defer digitsPool.Put(d)
	num, err := phone.Parse(v, def, d)
	if errors.Is(err, phone.ErrDeclined) {
		if strings.TrimFunc(v, func(r rune) bool { return unicode.IsSpace(r) || phone.Separator(r) }) == "" {
			return dst, ErrEmpty
		}
		return dst, invalid(Phone, "not a phone number")
	}
	return appendE164(dst, num, err)
}

// appendE164 finishes appendPhone: it appends the E.164 form of what
// phone.Parse gave, or refuses it.
func appendE164(dst []byte, num phone.Number, err error) ([]byte, error) {
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
