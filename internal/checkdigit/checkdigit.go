// Package checkdigit holds the check-digit schemes piikit validates and
// writes: Luhn (payment cards) and Japan's My Number. The masks, the
// free-text finders and the synthetic data all use these, so there is one
// statement of each scheme.
package checkdigit

// LuhnDouble is the Luhn contribution of digit d in a doubled position:
// 2d, less 9 past 9.
func LuhnDouble(d int) int {
	if d *= 2; d > 9 {
		d -= 9
	}
	return d
}

// Luhn reports whether the ASCII digits d pass the Luhn check (ISO/IEC
// 7812-1 Annex B): every second digit from the right, starting with the
// second, is doubled, and the sum is a multiple of 10.
func Luhn[T string | []byte](d T) bool { return luhnSum(d, 1)%10 == 0 }

// LuhnCheck returns the ASCII digit that, appended to the ASCII digits
// body, makes them pass [Luhn]: the digits of body doubled are the first,
// third… from its right.
func LuhnCheck[T string | []byte](body T) byte {
	return byte('0' + (10-luhnSum(body, 0)%10)%10)
}

// luhnSum is the Luhn sum of the ASCII digits d, the k-th from the right
// (from 0) doubled when k%2 == doubled.
func luhnSum[T string | []byte](d T, doubled int) int {
	sum := 0
	for k := range len(d) {
		x := int(d[len(d)-1-k] - '0')
		if k%2 == doubled {
			x = LuhnDouble(x)
		}
		sum += x
	}
	return sum
}

// MyNumber returns the check digit (0–9) of the first 11 digits d of a My
// Number (個人番号), most significant first, by 総務省令第八十五号 (MIC
// Ordinance No. 85 of 2014) Art. 5: with P_n the n-th digit from the right
// and Q_n = n+1 for n ≤ 6, n−5 for n ≥ 7, the check digit is
// 11 − (ΣP_n·Q_n mod 11), or 0 when the remainder is 0 or 1.
func MyNumber(d [11]int) int {
	sum := 0
	for n := 1; n <= 11; n++ {
		q := n + 1
		if n >= 7 {
			q = n - 5
		}
		sum += d[11-n] * q
	}
	if r := sum % 11; r > 1 {
		return 11 - r
	}
	return 0
}

// MyNumberASCII is [MyNumber] of 11 ASCII digits.
func MyNumberASCII[T string | []byte](first11 T) int {
	var d [11]int
	for i := range d {
		d[i] = int(first11[i] - '0')
	}
	return MyNumber(d)
}
