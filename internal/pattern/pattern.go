// Package pattern parses the patterns of IDs of a fixed shape (SPEC.md §5
// "Patterns"): the one parser that masks of patterns (package mask) and the
// finder of IDs in text (package internal/find) both read.
package pattern

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/kind"
)

// MaxLen bounds the characters a pattern describes.
const MaxLen = 256

// Pattern is a parsed pattern: one Item per character of a matching value.
type Pattern struct {
	Items []Item
	// Scheme is the check-digit scheme ("" for none).
	Scheme kind.CheckScheme
	// Digits are the indices of the items of class [0-9], in order: with a
	// Scheme, the last one is the check digit.
	Digits []int
}

// Item is one character of a pattern: a literal (Set is nil) or a class.
type Item struct {
	Lit rune
	// Set is the class's characters, sorted and distinct (at least 2).
	Set []rune
	// ascii has the bits of the class's ASCII characters, for Has.
	ascii [2]uint64
}

// Has reports whether r is the item's literal or a character of its class.
func (it *Item) Has(r rune) bool {
	if it.Set == nil {
		return r == it.Lit
	}
	if r < utf8.RuneSelf {
		return it.ascii[r>>6]&(1<<(r&63)) != 0
	}
	_, ok := slices.BinarySearch(it.Set, r)
	return ok
}

// Digit reports whether the item is the class [0-9].
func (it *Item) Digit() bool { return slices.Equal(it.Set, []rune("0123456789")) }

// Parse parses src, a pattern with the check scheme scheme ("" for none).
// Errors wrap [kind.ErrOption] and never hold src.
func Parse(src string, scheme kind.CheckScheme) (*Pattern, error) {
	bad := func(why string) error { return fmt.Errorf("%w: pattern: %s", kind.ErrOption, why) }
	if !utf8.ValidString(src) {
		return nil, bad("invalid UTF-8")
	}
	p := &Pattern{Scheme: scheme}
	rs := []rune(src)
	for i := 0; i < len(rs); {
		var it Item
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
			it.Set = set
			for _, r := range set {
				if r < utf8.RuneSelf {
					it.ascii[r>>6] |= 1 << (r & 63)
				}
			}
		case '\\':
			if i+1 >= len(rs) {
				return nil, bad("trailing backslash")
			}
			it.Lit = rs[i+1]
			i += 2
		case '{', '}', ']':
			return nil, bad("unexpected " + string(rs[i]))
		default:
			it.Lit = rs[i]
			i++
		}
		count := 1
		if i < len(rs) && rs[i] == '{' {
			end := slices.Index(rs[i:], '}')
			if end < 0 {
				return nil, bad("unclosed {")
			}
			c, err := strconv.Atoi(string(rs[i+1 : i+end]))
			if err != nil || c < 1 || c > MaxLen {
				return nil, bad("count must be {n} with 1 ≤ n ≤ 256")
			}
			count, i = c, i+end+1
		}
		for range count {
			p.Items = append(p.Items, it)
		}
		if len(p.Items) > MaxLen {
			return nil, bad("longer than 256 characters")
		}
	}
	for j := range p.Items {
		if p.Items[j].Digit() {
			p.Digits = append(p.Digits, j)
		}
	}
	switch scheme {
	case "":
	case kind.CheckLuhn:
		if len(p.Digits) < 2 {
			return nil, bad("a Luhn check needs at least 2 [0-9] positions")
		}
	case kind.CheckMyNumber:
		if len(p.Digits) != 12 {
			return nil, bad("a My Number check needs exactly 12 [0-9] positions")
		}
	default:
		return nil, fmt.Errorf("%w: unknown check scheme", kind.ErrOption)
	}
	if len(p.Items) == 0 {
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
