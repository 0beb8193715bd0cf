package mask

import (
	"fmt"
	"strings"
)

// The text forms of options, as policies and the piikit command write them
// (SPEC.md §5, "Options as text"). Both read them through these functions,
// so that one spelling means one thing everywhere.

// ParseCount parses a count of characters or digits, such as the digits of
// a phone number kept by [WithPhoneKeep]: a decimal number from 0 to
// [MaxLen], in ASCII digits only, with no sign, space or leading zero.
func ParseCount(s string) (int, error) {
	n, ok := count(s)
	if !ok {
		return 0, fmt.Errorf("%w: want a count, a decimal number from 0 to %d without sign, spaces or leading zeros", ErrOption, MaxLen)
	}
	return n, nil
}

// ParseFirstLast parses "FIRST,LAST", the digits kept by [WithCardKeep] or
// the characters shown by [WithReveal]: two counts (see [ParseCount])
// separated by one comma, nothing else ("6,4"; not "6, 4", "+6,4" or "6,").
func ParseFirstLast(s string) (first, last int, err error) {
	a, b, comma := strings.Cut(s, ",")
	first, okA := count(a)
	last, okB := count(b)
	if !comma || !okA || !okB {
		return 0, 0, fmt.Errorf("%w: want FIRST,LAST, two decimal numbers from 0 to %d separated by a comma, without sign, spaces or leading zeros (such as 6,4)", ErrOption, MaxLen)
	}
	return first, last, nil
}

// ParseCheckDigit parses the text form of a [CheckDigit]: "valid" or
// "invalid".
func ParseCheckDigit(s string) (CheckDigit, error) {
	switch s {
	case "valid":
		return CheckValid, nil
	case "invalid":
		return CheckInvalid, nil
	}
	return 0, fmt.Errorf("%w: want check digit valid or invalid", ErrOption)
}

// count parses a decimal count from 0 to MaxLen: "0", or digits without a
// leading zero (so at most as many as MaxLen has, and no overflow).
func count(s string) (int, bool) {
	if s == "" || len(s) > len(fmt.Sprint(MaxLen)) || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, n <= MaxLen
}
