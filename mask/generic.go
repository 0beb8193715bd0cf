package mask

import "github.com/piikit/piikit/internal/normalize"

// genericKind masks the characters of a caller's alphabet and keeps every
// other character in place. SPEC.md §5 "Generic".
type genericKind struct {
	c *class
}

func newGenericKind(alphabet string) (*genericKind, error) {
	rs, err := alphabetRunes(alphabet)
	if err != nil {
		return nil, err
	}
	idx := make(map[rune]uint16, len(rs))
	for i, r := range rs {
		idx[r] = uint16(i)
	}
	return &genericKind{c: &class{
		code:  '*',
		radix: len(rs),
		index: func(r rune) (uint16, bool) { n, ok := idx[r]; return n, ok },
		char:  func(n uint16, _ rune) rune { return rs[n] },
	}}, nil
}

// parse reads any ID that normalization accepts (SPEC.md §3), the one rule
// of what an ID is: no control characters.
func (g *genericKind) parse(f *form, v string, _ bool) error {
	if err := validate(normalize.ID, v); err != nil {
		return err
	}
	for _, r := range v {
		i := len(f.runes)
		f.runes = append(f.runes, r)
		if _, ok := g.c.index(r); ok {
			f.add(i, g.c, r)
			f.tweakMasked(g.c)
		} else {
			f.tweakKept(r)
		}
	}
	return nil
}

func (*genericKind) finish(*form, bool) {}
