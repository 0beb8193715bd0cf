package mask

import (
	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/kind"
)

// Card numbers and My Numbers: digit strings with separators, masked within
// the digits, with a check digit kept valid or made wrong on purpose.
// SPEC.md §5 "Card numbers" and "My Number".

// idSeparator reports whether r may separate the digits of a card number or
// My Number; separators are kept in place.
func idSeparator(r rune) bool {
	switch r {
	case ' ', '-', '\u3000', '\u2010', '\uFF0D':
		return true
	}
	return false
}

// scanDigits appends the runes of v to f and returns the indices of its
// digits (ASCII or full-width); any character other than a digit or a
// separator is an error.
func scanDigits(f *form, v string, digits []int, notKind error) ([]int, error) {
	for _, r := range v {
		i := len(f.runes)
		f.runes = append(f.runes, r)
		if _, ok := digitClass.index(r); ok {
			digits = append(digits, i)
		} else if !idSeparator(r) {
			return digits, notKind
		}
	}
	return digits, nil
}

// digitPositions appends to dst the indices of the digits of f.runes, for
// finish, which sees a value parse accepted.
func digitPositions(f *form, dst []int) []int {
	for i, r := range f.runes {
		if _, ok := digitClass.index(r); ok {
			dst = append(dst, i)
		}
	}
	return dst
}

func digitAt(f *form, i int) int {
	n, _ := digitClass.index(f.runes[i])
	return int(n)
}

// luhnFix returns the digit that, at index c of the digits, makes the Luhn
// sum of the digits a multiple of 10 (ISO/IEC 7812-1 Annex B): every second
// digit from the right, starting with the second, is doubled.
func luhnFix(f *form, digits []int, c int) int {
	n, sum := len(digits), 0
	for k, i := range digits {
		if k == c {
			continue
		}
		d := digitAt(f, i)
		if (n-1-k)%2 == 1 {
			d = checkdigit.LuhnDouble(d)
		}
		sum += d
	}
	for x := range 10 {
		d := x
		if (n-1-c)%2 == 1 {
			d = checkdigit.LuhnDouble(x)
		}
		if (sum+d)%10 == 0 {
			return x
		}
	}
	panic("unreachable: Luhn doubling is a permutation of the digits")
}

// setDigit writes digit d at runes[i] in the width of the digit there.
func setDigit(f *form, i, d int) { f.runes[i] = digitClass.char(uint16(d), f.runes[i]) }

// expectDigit is the check digit a value holds: valid for inputs and for
// kind.CheckValid outputs, valid+1 mod 10 (always wrong) for kind.CheckInvalid outputs.
func expectDigit(valid int, mode kind.CheckDigit, masked bool) int {
	if masked && mode == kind.CheckInvalid {
		return (valid + 1) % 10
	}
	return valid
}

type cardKind struct {
	check       kind.CheckDigit
	first, last int
	adapt       bool // default keep: fewer first digits when needed
}

// newCardKind masks cards keeping the digits keep says, or by default the
// first 6 (fewer when needed) and the last 4.
func newCardKind(check kind.CheckDigit, keep *kind.Span) *cardKind {
	if keep != nil {
		return &cardKind{check: check, first: keep.First, last: keep.Last}
	}
	return &cardKind{check: check, first: 6, last: 4, adapt: true}
}

const (
	minCardDigits = 12
	maxCardDigits = 19
)

// layout returns how many leading digits a card of n digits keeps in clear,
// and the index of the compensating digit (the last digit not kept), which
// is computed rather than enciphered so that the check digit works out.
func (k *cardKind) layout(n int) (first, comp int, ok bool) {
	first = k.first
	if k.adapt {
		// Keep fewer leading digits until at least 6 digits are enciphered.
		first = min(first, max(0, n-k.last-1-6))
	}
	comp = n - 1 - k.last
	return first, comp, first <= comp && comp >= 0
}

func (k *cardKind) parse(f *form, v string, masked bool) error {
	var buf [2 * maxCardDigits]int
	digits, err := scanDigits(f, v, buf[:0], errNotCard)
	if err != nil {
		return err
	}
	n := len(digits)
	if n < minCardDigits || n > maxCardDigits {
		return errNotCard
	}
	first, comp, ok := k.layout(n)
	if !ok {
		return ErrTooShort
	}
	if valid := luhnFix(f, digits, comp); digitAt(f, digits[comp]) != expectDigit(valid, k.check, masked) {
		return ErrCheckDigit
	}
	mode := byte('v')
	if k.check == kind.CheckInvalid {
		mode = 'i'
	}
	f.tweak = append(f.tweak, mode, 0)
	for _, i := range digits[:first] {
		f.tweak = append(f.tweak, byte('0'+digitAt(f, i)))
	}
	f.tweak = append(f.tweak, 0)
	for _, i := range digits[comp+1:] {
		f.tweak = append(f.tweak, byte('0'+digitAt(f, i)))
	}
	for _, i := range digits[first:comp] {
		f.add(i, digitClass, f.runes[i])
	}
	return nil
}

func (k *cardKind) finish(f *form, encrypt bool) {
	var buf [2 * maxCardDigits]int
	digits := digitPositions(f, buf[:0])
	_, comp, _ := k.layout(len(digits))
	setDigit(f, digits[comp], expectDigit(luhnFix(f, digits, comp), k.check, encrypt))
}

type myNumberKind struct {
	check kind.CheckDigit
}

func myNumberOf(f *form, digits []int) (d [11]int) {
	for j := range 11 {
		d[j] = digitAt(f, digits[j])
	}
	return d
}

func (k *myNumberKind) parse(f *form, v string, masked bool) error {
	var buf [24]int
	digits, err := scanDigits(f, v, buf[:0], errNotMyNumber)
	if err != nil {
		return err
	}
	if len(digits) != 12 {
		return errNotMyNumber
	}
	if digitAt(f, digits[11]) != expectDigit(checkdigit.MyNumber(myNumberOf(f, digits)), k.check, masked) {
		return ErrCheckDigit
	}
	if k.check == kind.CheckInvalid {
		f.tweak = append(f.tweak, 'i')
	} else {
		f.tweak = append(f.tweak, 'v')
	}
	for _, i := range digits[:11] {
		f.add(i, digitClass, f.runes[i])
	}
	return nil
}

func (k *myNumberKind) finish(f *form, encrypt bool) {
	var buf [24]int
	digits := digitPositions(f, buf[:0])
	setDigit(f, digits[11], expectDigit(checkdigit.MyNumber(myNumberOf(f, digits)), k.check, encrypt))
}
