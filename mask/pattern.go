package mask

import (
	"slices"

	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/internal/pattern"
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

func newPatternKind(src string, scheme kind.CheckScheme, check kind.CheckDigit) (*patternKind, error) {
	pat, err := pattern.Parse(src, scheme)
	if err != nil {
		return nil, err
	}
	p := &patternKind{source: src, scheme: scheme, check: check, digits: pat.Digits}
	p.items = make([]patternItem, len(pat.Items))
	var last *pattern.Item
	for i := range pat.Items {
		it := &pat.Items[i]
		switch {
		case it.Set == nil:
			p.items[i].lit = it.Lit
		case last != nil && last.Set != nil && &last.Set[0] == &it.Set[0]:
			p.items[i].c = p.items[i-1].c // a class repeated by a count: one table
		default:
			p.items[i].c = patternClass(it.Set)
		}
		last = it
	}
	return p, nil
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
