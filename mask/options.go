package mask

import (
	"fmt"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/kind"
)

// build checks f as a mask's configuration and returns the implementation
// of the kind it masks as (an ID as a pattern), and the radices of its
// alphabets.
func build(f *kind.Field) (as kind.Kind, impl kindImpl, radices []int, err error) {
	as, err = f.Check(kind.Mask)
	if err != nil {
		return "", nil, nil, err
	}
	switch as {
	case kind.Name:
		if f.NameFormat == 1 {
			return as, nameKind{format: 1}, []int{26, 74, 78}, nil
		}
		return as, nameKind{format: 2}, []int{2}, nil
	case kind.Email:
		return as, &emailKind{maskDomain: f.MaskDomain}, []int{26, 2}, nil
	case kind.Phone:
		keep := 0
		if f.Keep != nil {
			keep = f.Keep.First
		}
		impl, err = newPhoneKind(f.Region, keep)
		return as, impl, []int{10}, err
	case kind.Card:
		return as, newCardKind(f.CheckDigit, f.Keep), []int{10}, nil
	case kind.MyNumber:
		return as, &myNumberKind{check: f.CheckDigit}, []int{10}, nil
	case kind.Pattern:
		if f.Pattern == "" {
			return "", nil, nil, fmt.Errorf("%w: masks of kind %s need a pattern", kind.ErrOption, f.Kind)
		}
		if f.CheckDigit != 0 && f.CheckScheme == "" {
			return "", nil, nil, fmt.Errorf("%w: a check digit mode needs a check scheme for patterns", kind.ErrOption)
		}
		impl, err = newPatternKind(f.Pattern, f.CheckScheme, f.CheckDigit)
		return as, impl, nil, err
	case kind.Generic:
		if f.Alphabet == "" {
			return "", nil, nil, fmt.Errorf("%w: masks of kind generic need an alphabet", kind.ErrOption)
		}
		impl, err = newGenericKind(f.Alphabet)
		return as, impl, nil, err
	}
	return "", nil, nil, fmt.Errorf("%w %q", kind.ErrUnknown, string(f.Kind))
}

// alphabetRunes checks a caller's alphabet: valid UTF-8, 2 to 65,536
// distinct characters, each one a mask may write (safechar.Safe: any of them
// can become the first character of a masked value).
func alphabetRunes(a string) ([]rune, error) {
	if !utf8.ValidString(a) {
		return nil, fmt.Errorf("%w: alphabet is not valid UTF-8", kind.ErrOption)
	}
	rs := []rune(a)
	if len(rs) < 2 || len(rs) > 65536 {
		return nil, fmt.Errorf("%w: alphabet has %d characters, need 2 to 65536", kind.ErrOption, len(rs))
	}
	seen := make(map[rune]bool, len(rs))
	for _, r := range rs {
		if seen[r] {
			return nil, fmt.Errorf("%w: alphabet repeats a character", kind.ErrOption)
		}
		seen[r] = true
	}
	if err := safechar.Check("alphabet", rs); err != nil {
		return nil, err
	}
	return rs, nil
}
