package mask

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/kind"
)

// Valid reports whether value is a value of kind k by the one rule every
// transform applies (SPEC.md §3): names, emails and IDs (and patterns and
// generic text, whose shape and alphabet belong to a [kind.Field]) as
// normalization accepts them, cards and My Numbers with a valid check
// digit, phone numbers as a phone mask reads them and, when international,
// possible for their calling code. Tokens (package tokenize), masks and
// display masks (package mask/display) refuse what it refuses, with the
// same errors (wrapping [ErrInvalidValue]). It needs no key.
func Valid(k kind.Kind, value string) error {
	if _, err := k.As(kind.Display); err != nil {
		return err
	}
	if tooLong(value) {
		return ErrTooLong
	}
	if !utf8.ValidString(value) {
		return ErrInvalidUTF8
	}
	switch k {
	case kind.Name:
		return validate(normalize.Name, value)
	case kind.Email:
		return validate(normalize.Email, value)
	case kind.Phone, kind.Card, kind.MyNumber:
		return validDigits(k, value)
	}
	return validate(normalize.ID, value)
}

// validDigits checks a phone number, card number or My Number with the
// parser of its keyed mask: a card or My Number must have a valid check
// digit; a phone number must be written as a phone mask reads it and, when
// international (with a plus), parse to a possible number (without a
// default region, a national number cannot be read further).
func validDigits(k kind.Kind, value string) error {
	f := getForm()
	defer putForm(f)
	switch k {
	case kind.Card:
		err := newCardKind(0, nil).parse(f, value, false)
		if errors.Is(err, ErrTooShort) {
			return nil // too few digits to encipher, still a card number
		}
		return err
	case kind.MyNumber:
		return (&myNumberKind{}).parse(f, value, false)
	}
	ph := &phoneKind{}
	plus, err := ph.scan(f, value, &f.ph)
	if err != nil || !plus {
		return err
	}
	return ph.parseDigits(&f.ph)
}

// validators are the normalizers whose rules decide what a name, an email
// and an ID are, for every consumer (SPEC.md §3).
var validators = func() (v [normalize.ID + 1]*normalize.Normalizer) {
	for _, k := range []normalize.Kind{normalize.Name, normalize.Email, normalize.ID} {
		v[k], _ = normalize.New(k, normalize.Options{})
	}
	return v
}()

// validate checks v with the normalization rule of kind k, mapping its
// errors to this package's.
func validate(k normalize.Kind, v string) error {
	var buf [256]byte
	_, err := validators[k].AppendAnyLength(buf[:0], v)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, normalize.ErrTooLong):
		return ErrTooLong
	case errors.Is(err, normalize.ErrInvalidUTF8):
		return ErrInvalidUTF8
	case errors.Is(err, normalize.ErrEmpty):
		return ErrEmpty
	case k == normalize.Email:
		return errNotEmail
	}
	// A control character: not a value of the kind (which ErrUnsupportedChar
	// would say it is). The error says so and wraps ErrInvalidValue.
	return fmt.Errorf("mask: %w", err)
}

// unsupportedName is the error of a name with a character that no name
// alphabet carries and that is not kept: ErrUnsupportedChar if it is a name
// by normalization's rule, or else the error that says why it is not (a
// control character).
func unsupportedName(v string) error {
	if err := validate(normalize.Name, v); err != nil {
		return err
	}
	return ErrUnsupportedChar
}
