package find

import "github.com/piikit/piikit/internal/checkdigit"

// myNumberValid reports whether the 12 ASCII digits d end with the check
// digit of 総務省令第八十五号 (MIC Ordinance No. 85 of 2014) Art. 5, as
// SPEC.md §5 "My Number" states it: with P_n the n-th of the first 11
// digits from the right and Q_n = n+1 (n ≤ 6), n−5 (n ≥ 7), the check digit
// is 11 − (ΣP_n·Q_n mod 11), or 0 when the remainder is 0 or 1.
func myNumberValid(d []byte) bool {
	if len(d) != myNumberDigits {
		return false
	}
	return checkdigit.MyNumberASCII(d[:11]) == int(d[11]-'0')
}
