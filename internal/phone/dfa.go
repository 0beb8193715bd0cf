package phone

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
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
	re      *regexp.Regexp
	whole   bool
	pattern string
	once    sync.Once
	dfa     *digitDFA // nil: the regexp decides
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
	return &matcher{re: re, whole: whole, pattern: pattern}, nil
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
	match, _ := m.matchRead(b)
	return match
}

// matchRead is Match that also returns how many leading bytes of b decided
// the answer: every input of b's length that starts with them gets it.
func (m *matcher) matchRead(b []byte) (match bool, read int) {
	m.once.Do(m.build)
	if m.dfa != nil {
		if match, read, ok := m.dfa.run(b, m.whole); ok {
			return match, read
		}
	}
	return m.re.Match(b), len(b)
}

func (m *matcher) build() { m.dfa = newDigitDFA(m.pattern) }

// digitDFA is a deterministic automaton over the digits 0–9: state 0 is the
// start, next[s][d] the state after digit d (-1: no input that starts so
// matches), accept[s] whether the input read so far matches, atEnd[s]
// whether it does when it is the whole input (a "$" in the pattern holds).
type digitDFA struct {
	next   [][10]int32
	accept []bool
	atEnd  []bool
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
		in := &prog.Inst[i]
		if in.Op == syntax.InstEmptyWidth && syntax.EmptyOp(in.Arg) != syntax.EmptyEndText {
			return nil // "^", word boundaries: closure does not follow them
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
		d.atEnd = append(d.atEnd, acceptsAtEnd(prog, set))
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

// acceptsAtEnd reports whether set matches at the end of the input, where
// "$" (syntax.EmptyEndText, the only assertion newDigitDFA lets through)
// holds.
func acceptsAtEnd(prog *syntax.Prog, set []uint32) bool {
	all := slices.Clone(set)
	for i := 0; i < len(all); i++ {
		if in := &prog.Inst[all[i]]; in.Op == syntax.InstEmptyWidth {
			all = closure(prog, all, in.Out) // adds each instruction once
		}
	}
	return accepts(prog, all)
}

// dead is the automaton of a pattern that matches nothing.
func (d *digitDFA) dead() *digitDFA {
	d.next = [][10]int32{{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}}
	d.accept, d.atEnd = []bool{false}, []bool{false}
	return d
}

// run reports whether b (whole) or a prefix of b matches, and how many
// leading bytes of b it read to tell; ok is false if it meets a byte other
// than an ASCII digit (the automaton knows only digits). The bytes are
// checked as they are read, not in a pass of their own: the automaton's
// state after a run of digits is the regexp's, so an answer given before a
// later byte is read (a prefix matched, or no state left) is the regexp's
// whatever that byte is.
func (d *digitDFA) run(b []byte, whole bool) (match bool, read int, ok bool) {
	s := int32(0)
	for i, c := range b {
		if !whole && d.accept[s] {
			return true, i, true
		}
		x := c - '0'
		if x > 9 {
			return false, 0, false
		}
		if s = d.next[s][x]; s < 0 {
			return false, i + 1, true
		}
	}
	return d.atEnd[s], len(b), true
}

// sortedSet returns set sorted, as step returns its sets, so that equal
// sets have equal keys.
func sortedSet(set []uint32) []uint32 {
	out := slices.Clone(set)
	slices.Sort(out)
	return out
}

// prefixPattern finds "^(?:pattern)" at the start of an input as the
// regexp's FindSubmatchIndex does (leftmost first). The national and
// international prefixes are mostly alternatives of digits and short
// patterns ("(000[2569]\d{4,6})$|(?:(?:003768)0?)|0" for JP): the first
// alternative that matches some prefix gives the match, so when the
// automata of the alternatives before it say no and it is only digits, the
// match is known without the regexp; so is the absence of a match.
type prefixPattern struct {
	re     *regexp.Regexp
	groups int
	alts   []prefixAlt // in order; nil: the regexp decides
}

type prefixAlt struct {
	lit string   // the alternative when it is only digits
	m   *matcher // else its automaton, matching a prefix
}

func mustPrefixPattern(pattern string) *prefixPattern {
	p := &prefixPattern{re: regexp.MustCompile("^(?:" + pattern + ")")}
	p.groups = p.re.NumSubexp()
	alts := topAlternatives(pattern)
	if alts == nil {
		alts = []string{pattern}
	}
	for _, a := range alts {
		if digitsOnly(a) {
			p.alts = append(p.alts, prefixAlt{lit: a})
			continue
		}
		m, err := newMatcher(a, false)
		if err != nil {
			return &prefixPattern{re: p.re, groups: p.groups}
		}
		p.alts = append(p.alts, prefixAlt{m: m})
	}
	return p
}

// find returns the end of the match at the start of b and whether the
// pattern's last capture group took part in it (loc[2*groups] >= 0 of
// FindSubmatchIndex: with no group, always), or found false; and how many
// leading bytes of b decided that (see matcher.matchRead).
func (p *prefixPattern) find(b []byte) (end int, group, found bool, read int) {
	// A digits-only alternative matches b exactly when b starts with it,
	// whatever b holds; a matcher decides b as the regexp does.
	if p.alts != nil {
		alt := -1
		for i := range p.alts {
			a := &p.alts[i]
			var match bool
			var r int
			if a.lit != "" {
				match, r = hasPrefix(b, a.lit)
			} else {
				match, r = a.m.matchRead(b)
			}
			read = max(read, r)
			if match {
				alt = i
				break
			}
		}
		switch {
		case alt < 0:
			return 0, false, false, read
		case p.alts[alt].lit != "":
			return len(p.alts[alt].lit), p.groups == 0, true, read
		}
	}
	loc := p.re.FindSubmatchIndex(b)
	if loc == nil {
		return 0, false, false, len(b)
	}
	return loc[1], loc[2*p.groups] >= 0, true, len(b)
}

// hasPrefix reports whether b starts with lit, and how many leading bytes
// of b told.
func hasPrefix(b []byte, lit string) (match bool, read int) {
	for i := range len(lit) {
		if i == len(b) {
			return false, i
		}
		if b[i] != lit[i] {
			return false, i + 1
		}
	}
	return true, len(lit)
}

// topAlternatives splits pattern at its top-level "|" and returns the
// alternatives, or nil if it has a single one or the split is not certain:
// the alternatives, each in a non-capturing group, must parse to the
// pattern's own syntax tree.
func topAlternatives(pattern string) []string {
	var alts []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '\\':
			i++
		case class:
			class = c != ']'
		case c == '[':
			class = true
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			alts = append(alts, pattern[start:i])
			start = i + 1
		}
	}
	alts = append(alts, pattern[start:])
	if len(alts) < 2 {
		return nil
	}
	whole, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	joined, err := syntax.Parse("(?:"+strings.Join(alts, ")|(?:")+")", syntax.Perl)
	if err != nil || !joined.Equal(whole) {
		return nil
	}
	return alts
}
