package find

// luhn reports whether the ASCII digits d pass the Luhn check (ISO/IEC
// 7812-1 Annex B): every second digit from the right, starting with the
// second, is doubled (less 9 past 9), and the sum is a multiple of 10.
func luhn(d []byte) bool {
	sum := 0
	for k := range d {
		x := int(d[len(d)-1-k] - '0')
		if k%2 == 1 {
			if x *= 2; x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return sum%10 == 0
}

// myNumberValid reports whether the 12 ASCII digits d end with the check
// digit of 総務省令第八十五号 (MIC Ordinance No. 85 of 2014) Art. 5, as
// SPEC.md §5 "My Number" states it: with P_n the n-th of the first 11
// digits from the right and Q_n = n+1 (n ≤ 6), n−5 (n ≥ 7), the check digit
// is 11 − (ΣP_n·Q_n mod 11), or 0 when the remainder is 0 or 1.
func myNumberValid(d []byte) bool {
	if len(d) != myNumberDigits {
		return false
	}
	sum := 0
	for n := 1; n <= 11; n++ {
		q := n + 1
		if n >= 7 {
			q = n - 5
		}
		sum += int(d[11-n]-'0') * q
	}
	check := 0
	if r := sum % 11; r > 1 {
		check = 11 - r
	}
	return int(d[11]-'0') == check
}
