package mask

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/kind"
)

// patternKind masks IDs of a fixed shape: a sequence of literal characters
// (kept) and character classes with counts (each character masked within its
// class), optionally with a check digit. SPEC.md §5 "Patterns".
type patternKind struct {
	source string
	items  []patternItem // one per character of a matching value
	scheme kind.CheckScheme
	check  kind.CheckDigit
	digits []int // indices of the [0-9] positions, for the check scheme
}

type patternItem struct {
	lit rune   // literal, when c is nil
	c   *class // class, or nil
}

// maxPatternLen bounds the characters a pattern describes.
const maxPatternLen = 256

func newPatternKind(src string, scheme kind.CheckScheme, check kind.CheckDigit) (*patternKind, error) {
	bad := func(why string) error { return fmt.Errorf("%w: pattern: %s", kind.ErrOption, why) }
	if !utf8.ValidString(src) {
		return nil, bad("invalid UTF-8")
	}
	p := &patternKind{source: src, scheme: scheme, check: check}
	rs := []rune(src)
	for i := 0; i < len(rs); {
		var it patternItem
		switch rs[i] {
		case '[':
			set, n, err := parseClass(rs[i+1:])
			if err != nil {
				return nil, bad(err.Error())
			}
			if err := safechar.Check("pattern class", set); err != nil {
				return nil, err
			}
			i += 1 + n
			it.c = patternClass(set)
		case '\\':
			if i+1 >= len(rs) {
				return nil, bad("trailing backslash")
			}
			it.lit = rs[i+1]
			i += 2
		case '{', '}', ']':
			return nil, bad("unexpected " + string(rs[i]))
		default:
			it.lit = rs[i]
			i++
		}
		count := 1
		if i < len(rs) && rs[i] == '{' {
			end := slices.Index(rs[i:], '}')
			if end < 0 {
				return nil, bad("unclosed {")
			}
			c, err := strconv.Atoi(string(rs[i+1 : i+end]))
			if err != nil || c < 1 || c > maxPatternLen {
				return nil, bad("count must be {n} with 1 ≤ n ≤ 256")
			}
			count, i = c, i+end+1
		}
		for range count {
			p.items = append(p.items, it)
		}
		if len(p.items) > maxPatternLen {
			return nil, bad("longer than 256 characters")
		}
	}
	for j, it := range p.items {
		if it.c == digitsOnly {
			p.digits = append(p.digits, j)
		}
	}
	switch scheme {
	case kind.CheckLuhn:
		if len(p.digits) < 2 {
			return nil, bad("a Luhn check needs at least 2 [0-9] positions")
		}
	case kind.CheckMyNumber:
		if len(p.digits) != 12 {
			return nil, bad("a My Number check needs exactly 12 [0-9] positions")
		}
	}
	if len(p.items) == 0 {
		return nil, bad("empty")
	}
	return p, nil
}

// parseClass reads a class body after '[' up to ']': single characters and
// ranges a-z, with \ escaping ] - and \. It returns the sorted set and the
// runes consumed, including the ']'.
func parseClass(rs []rune) ([]rune, int, error) {
	var set []rune
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == ']' {
			slices.Sort(set)
			set = slices.Compact(set)
			if len(set) < 2 {
				return nil, 0, fmt.Errorf("a class needs at least 2 characters")
			}
			if len(set) > 65536 {
				return nil, 0, fmt.Errorf("a class has more than 65536 characters")
			}
			return set, i + 1, nil
		}
		if r == '\\' {
			if i+1 >= len(rs) {
				break
			}
			i++
			r = rs[i]
		}
		if i+2 < len(rs) && rs[i+1] == '-' && rs[i+2] != ']' {
			hi := rs[i+2]
			if hi == '\\' && i+3 < len(rs) {
				hi = rs[i+3]
				i++
			}
			if hi < r || hi-r > 65536 {
				return nil, 0, fmt.Errorf("bad range")
			}
			for x := r; x <= hi; x++ {
				set = append(set, x)
			}
			i += 2
			continue
		}
		set = append(set, r)
	}
	return nil, 0, fmt.Errorf("unclosed [")
}

// digitsOnly is the class [0-9]; patterns use it for check digits.
var digitsOnly = &class{
	code:  '0',
	radix: 10,
	index: func(r rune) (uint16, bool) {
		if '0' <= r && r <= '9' {
			return uint16(r - '0'), true
		}
		return 0, false
	},
	char: func(n uint16, _ rune) rune { return '0' + rune(n) },
}

func patternClass(set []rune) *class {
	if slices.Equal(set, []rune("0123456789")) {
		return digitsOnly
	}
	return tableClass('*', set)
}

func (p *patternKind) parse(f *form, v string, masked bool) error {
	f.tweak = append(f.tweak, p.source...)
	f.tweak = append(f.tweak, 0)
	f.tweak = append(f.tweak, p.scheme...)
	f.tweak = append(f.tweak, 0)
	if p.check == kind.CheckInvalid {
		f.tweak = append(f.tweak, 'i')
	}
	// A pattern's literals may not hold what no ID may (control characters).
	if err := validate(normalize.ID, v); err != nil {
		return err
	}
	j := 0
	for _, r := range v {
		if j >= len(p.items) {
			return errNoMatch
		}
		it := p.items[j]
		f.runes = append(f.runes, r)
		if it.c == nil {
			if r != it.lit {
				return errNoMatch
			}
		} else if _, ok := it.c.index(r); !ok {
			return errNoMatch
		}
		j++
	}
	if j != len(p.items) {
		return errNoMatch
	}
	checkAt := -1
	if p.scheme != "" {
		checkAt = p.digits[len(p.digits)-1]
		if digitAt(f, checkAt) != expectDigit(p.checkDigit(f), p.check, masked) {
			return ErrCheckDigit
		}
	}
	for i, it := range p.items {
		if it.c != nil && i != checkAt {
			f.add(i, it.c, f.runes[i])
		}
	}
	return nil
}

// checkDigit computes the valid check digit for the [0-9] positions of f.
func (p *patternKind) checkDigit(f *form) int {
	switch p.scheme {
	case kind.CheckMyNumber:
		return checkdigit.MyNumber(myNumberOf(f, p.digits))
	default:
		return luhnFix(f, p.digits, len(p.digits)-1)
	}
}

func (p *patternKind) finish(f *form, encrypt bool) {
	if p.scheme == "" {
		return
	}
	setDigit(f, p.digits[len(p.digits)-1], expectDigit(p.checkDigit(f), p.check, encrypt))
}
