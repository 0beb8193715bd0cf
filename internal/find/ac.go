package find

import "slices"

// An Aho–Corasick automaton over bytes (Aho and Corasick, "Efficient string
// matching", CACM 18(6), 1975): a trie of the patterns with failure links
// and dictionary (output) links. Scanning a text costs one transition per
// byte, amortized, plus one step per match reported. States are numbered in
// breadth-first order and their edges are stored together, sorted by byte,
// so memory is proportional to the total length of the patterns.

// acBuilder is the trie while patterns are added: children in sibling
// lists.
type acBuilder struct {
	first, next []int32 // first child, next sibling (-1: none)
	label       []byte  // the byte of the edge into the node
	out         []int32 // the pattern that ends at the node, or -1
}

func newACBuilder() *acBuilder {
	return &acBuilder{first: []int32{-1}, next: []int32{-1}, label: []byte{0}, out: []int32{-1}}
}

// add adds pattern p (not empty) and returns the pattern already ending at
// its node, or -1 if there is none (then p's node gets id).
func (b *acBuilder) add(p []byte, id int32) int32 {
	s := int32(0)
	for _, c := range p {
		t := b.first[s]
		for t >= 0 && b.label[t] != c {
			t = b.next[t]
		}
		if t < 0 {
			t = int32(len(b.label))
			b.first = append(b.first, -1)
			b.next = append(b.next, b.first[s])
			b.label = append(b.label, c)
			b.out = append(b.out, -1)
			b.first[s] = t
		}
		s = t
	}
	if old := b.out[s]; old >= 0 {
		return old
	}
	b.out[s] = id
	return -1
}

// automaton is the compiled trie. State 0 is the root.
type automaton struct {
	root   [256]int32 // the root's transitions (0: stay at the root)
	edges  []int32    // state s's edges are label/target[edges[s]:edges[s+1]]
	label  []byte
	target []int32
	fail   []int32 // the longest proper suffix of the state's string that is a state
	out    []int32 // the pattern that ends at the state, or -1
	dict   []int32 // the nearest state on the failure chain with an output, or -1
}

// compile numbers the builder's nodes in breadth-first order and computes
// the failure and dictionary links.
func (b *acBuilder) compile() *automaton {
	n := len(b.label)
	a := &automaton{
		edges:  make([]int32, 0, n+1),
		label:  make([]byte, 0, n-1),
		target: make([]int32, 0, n-1),
		fail:   make([]int32, n),
		out:    make([]int32, n),
		dict:   make([]int32, n),
	}
	order := make([]int32, 1, n) // builder node of each state
	var kids []int32
	for k := 0; k < len(order); k++ {
		u := order[k]
		a.edges = append(a.edges, int32(len(a.label)))
		a.out[k] = b.out[u]
		kids = kids[:0]
		for t := b.first[u]; t >= 0; t = b.next[t] {
			kids = append(kids, t)
		}
		slices.SortFunc(kids, func(x, y int32) int { return int(b.label[x]) - int(b.label[y]) })
		for _, t := range kids {
			a.label = append(a.label, b.label[t])
			a.target = append(a.target, int32(len(order)))
			order = append(order, t)
		}
	}
	a.edges = append(a.edges, int32(len(a.label)))
	for i := a.edges[0]; i < a.edges[1]; i++ {
		a.root[a.label[i]] = a.target[i]
	}
	a.dict[0] = -1
	for s := range int32(len(order)) { // breadth-first: a state's fail is computed before its children's
		for i := a.edges[s]; i < a.edges[s+1]; i++ {
			v := a.target[i]
			if s != 0 {
				a.fail[v] = a.step(a.fail[s], a.label[i])
			}
			if f := a.fail[v]; a.out[f] >= 0 {
				a.dict[v] = f
			} else {
				a.dict[v] = a.dict[f]
			}
		}
	}
	return a
}

// child returns the target of s's edge labelled c, or -1.
func (a *automaton) child(s int32, c byte) int32 {
	lo, hi := a.edges[s], a.edges[s+1]
	if hi-lo <= 8 {
		for i := lo; i < hi; i++ {
			if a.label[i] == c {
				return a.target[i]
			}
		}
		return -1
	}
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		switch l := a.label[m]; {
		case l == c:
			return a.target[m]
		case l < c:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// step returns the state after reading c in state s.
func (a *automaton) step(s int32, c byte) int32 {
	for s != 0 {
		if t := a.child(s, c); t >= 0 {
			return t
		}
		s = a.fail[s]
	}
	return a.root[c]
}

// states returns the number of states.
func (a *automaton) states() int { return len(a.fail) }
