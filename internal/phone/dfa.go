package phone

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
)

// A pattern of phonenumbers' metadata is matched against ASCII digits only,
// at most [MaxDigits] of them; Go's regexp (backtracking or an NFA per call)
// costs more than the rest of a parse. A matcher runs the same pattern as a
// deterministic automaton over the ten digits, built once by subset
// construction from the pattern's own compiled program (the NFA the
// kept-prefix analysis in typing.go walks): its answers are the regexp's by
// construction, and TestMatcherAgreesWithRegexp and FuzzMatcher compare
// them. A pattern the automaton cannot follow exactly (an empty-width
// assertion, too many states) and any input with a byte other than a digit
// go to the regexp.

// maxDFAStates bounds one pattern's automaton (10 transitions of 4 bytes
// each per state); the general patterns of the regions need a few hundred.
const maxDFAStates = 1 << 12

// matcher matches "^(?:pattern)$" (whole) or "^(?:pattern)" (a prefix) in
// an input.
type matcher struct {
	re     *regexp.Regexp
	whole  bool
	expr   string
	once   sync.Once
	dfa    *digitDFA // nil: the regexp decides
	noDFA  bool      // test hook: the regexp decides
	states int       // states of dfa, for tests
}

// newMatcher compiles pattern to match a whole input (whole) or a prefix of
// it; it returns nil and the error of regexp.Compile for a bad pattern.
func newMatcher(pattern string, whole bool) (*matcher, error) {
	expr := "^(?:" + pattern + ")"
	if whole {
		expr += "$"
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	return &matcher{re: re, whole: whole, expr: pattern}, nil
}

func mustMatcher(pattern string, whole bool) *matcher {
	m, err := newMatcher(pattern, whole)
	if err != nil {
		panic(err) // phonenumbers' own metadata: compiled by phonenumbers too
	}
	return m
}

// Match reports whether b (whole) or a prefix of b matches the pattern, as
// the regexp's Match does.
func (m *matcher) Match(b []byte) bool {
	m.once.Do(m.build)
	if m.dfa != nil {
		if match, ok := m.dfa.run(b, m.whole); ok {
			return match
		}
	}
	return m.re.Match(b)
}

func (m *matcher) build() {
	if m.noDFA {
		return
	}
	m.dfa = newDigitDFA(m.expr)
	if m.dfa != nil {
		m.states = len(m.dfa.accept)
	}
}

// digitDFA is a deterministic automaton over the digits 0–9: state 0 is the
// start, next[s][d] the state after digit d (-1: no input that starts so
// matches), accept[s] whether the input read so far matches.
type digitDFA struct {
	next   [][10]int32
	accept []bool
}

// newDigitDFA builds the automaton of pattern, parsed as regexp.Compile
// parses it (syntax.Perl), or returns nil if it cannot be built exactly.
func newDigitDFA(pattern string) *digitDFA {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil
	}
	for i := range prog.Inst {
		switch prog.Inst[i].Op {
		case syntax.InstEmptyWidth:
			return nil // anchors, word boundaries: closure does not follow them
		}
	}
	d := &digitDFA{}
	ids := map[string]int32{}
	var sets [][]uint32
	add := func(set []uint32) int32 {
		if len(set) == 0 {
			return -1
		}
		k := key(set)
		if id, ok := ids[k]; ok {
			return id
		}
		id := int32(len(sets))
		ids[k] = id
		sets = append(sets, set)
		d.next = append(d.next, [10]int32{})
		d.accept = append(d.accept, accepts(prog, set))
		return id
	}
	start := closure(prog, nil, uint32(prog.Start))
	if add(sortedSet(start)) < 0 {
		return d.dead()
	}
	for s := 0; s < len(sets); s++ {
		for c := range 10 {
			d.next[s][c] = add(step(prog, sets[s], rune('0'+c)))
			if len(sets) > maxDFAStates {
				return nil
			}
		}
	}
	return d
}

// dead is the automaton of a pattern that matches nothing.
func (d *digitDFA) dead() *digitDFA {
	d.next = [][10]int32{{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}}
	d.accept = []bool{false}
	return d
}

// run reports whether b (whole) or a prefix of b matches; ok is false if b
// has a byte other than an ASCII digit (the automaton knows only digits).
func (d *digitDFA) run(b []byte, whole bool) (match, ok bool) {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false, false
		}
	}
	s := int32(0)
	for _, c := range b {
		if !whole && d.accept[s] {
			return true, true
		}
		if s = d.next[s][c-'0']; s < 0 {
			return false, true
		}
	}
	return d.accept[s], true
}

// sortedSet returns set sorted, as step returns its sets, so that equal
// sets have equal keys.
func sortedSet(set []uint32) []uint32 {
	out := slices.Clone(set)
	slices.Sort(out)
	return out
}
