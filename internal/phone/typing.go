package phone

import (
	"regexp/syntax"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/nyaruka/phonenumbers"
)

type lengthPattern struct {
	lengths []int32 // nil: any length
	prog    *syntax.Prog
}

// uniformCache holds results of uniform, direct-mapped: each slot holds a
// cacheKey and the result (its low bit), or 0. A mask asks several times
// per number, and a sync.Map's lookup of a boxed key cost more than the
// parse. Its size is fixed: numbers chosen to miss it only replace entries.
var uniformCache [1 << uniformBits]atomic.Uint64

const uniformBits = 15

var extSize atomic.Int64 // entries of extCache

// maxExtCache bounds extCache, so that numbers chosen to miss it cannot grow
// memory without bound; past it, results are computed anew.
const maxExtCache = 1 << 17

// typingReady compiles the typing patterns of every region of m's calling
// code once (m is a calling code's main region) and returns them.
func (m *Meta) typingReady() []lengthPattern {
	m.typingOnce.Do(func() {
		for _, md := range m.shared {
			m.typing = append(m.typing, typingPatterns(md)...)
		}
	})
	return m.typing
}

// typingPatterns lists the patterns phonenumbers consults to give a number
// of region md its region and type (GetRegionCodeForNumber, GetNumberType):
// the general and every type description, each with its possible lengths,
// and the region's leading digits.
func typingPatterns(md *phonenumbers.PhoneMetadata) []lengthPattern {
	var out []lengthPattern
	add := func(pattern string, lengths []int32) {
		if pattern == "" {
			return
		}
		re, err := syntax.Parse(pattern, syntax.Perl)
		if err != nil {
			return
		}
		prog, err := syntax.Compile(re.Simplify())
		if err != nil {
			return
		}
		out = append(out, lengthPattern{lengths: lengths, prog: prog})
	}
	for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetGeneralDesc(), md.GetPremiumRate(), md.GetTollFree(),
		md.GetSharedCost(), md.GetVoip(), md.GetPersonalNumber(), md.GetPager(), md.GetUan(),
		md.GetVoicemail(), md.GetFixedLine(), md.GetMobile()} {
		if d != nil {
			add(d.GetNationalNumberPattern(), d.GetPossibleLength())
		}
	}
	if ld := md.GetLeadingDigits(); ld != "" {
		add("(?:"+ld+")\\d*", nil)
	}
	return out
}

// Kept prefix analysis. A prefix of a national significant number of length
// L is "type-telling" when every number of length L that starts with it has
// the same region and type as far as phonenumbers can tell: each pattern
// that phonenumbers consults either matches all of them or none. The mask
// keeps the shortest such prefix and enciphers the rest, so the masked
// number has the region and type of the original by construction.

// KeptLen returns the length of the shortest type-telling prefix of the
// national significant number nsn (at least 1) of m's calling code; m is
// the calling code's main region ([ForCallingCode]).
func (m *Meta) KeptLen(nsn []byte) int {
	for p := 1; p < len(nsn); p++ {
		if m.uniform(nsn[:p], len(nsn)) {
			return p
		}
	}
	return len(nsn)
}

// cacheKey packs the calling code (10 bits), the length (5), the prefix
// length (4) and the prefix (1 to 13 digits, 44 bits) in 63 bits, never 0.
// Other prefixes are not cached.
func (m *Meta) cacheKey(prefix []byte, l int) (uint64, bool) {
	if len(prefix) == 0 || len(prefix) > 13 || l > 31 {
		return 0, false
	}
	k := uint64(m.cc)<<53 | uint64(l)<<48 | uint64(len(prefix))<<44
	var v uint64
	for _, c := range prefix {
		v = v*10 + uint64(c-'0')
	}
	return k | v, true
}

func (m *Meta) uniform(prefix []byte, l int) bool {
	k, cacheable := m.cacheKey(prefix, l)
	var slot *atomic.Uint64
	if cacheable {
		slot = &uniformCache[(k*0x9e3779b97f4a7c15)>>(64-uniformBits)] // Fibonacci hashing
		if e := slot.Load(); e>>1 == k {
			return e&1 == 1
		}
	}
	u := true
	for _, lp := range m.typingReady() {
		if lp.lengths != nil && !slices.Contains(lp.lengths, int32(l)) {
			continue // the description cannot match this length at all
		}
		if !progUniform(lp.prog, prefix, l-len(prefix)) {
			u = false
			break
		}
	}
	if slot != nil {
		e := k << 1
		if u {
			e |= 1
		}
		slot.Store(e)
	}
	return u
}

// progUniform reports whether prog (matched in full) accepts all or none of
// the digit strings prefix || s, s of n digits. It simulates the program as
// an NFA over sets of instructions, level by level, keeping each distinct
// set once.
func progUniform(prog *syntax.Prog, prefix []byte, n int) bool {
	all, none := progOutcome(prog, prefix, n)
	return all || none
}

// progOutcome reports whether prog accepts all, or none, of the digit
// strings prefix || s, s of n digits (both false: some but not all).
func progOutcome(prog *syntax.Prog, prefix []byte, n int) (all, none bool) {
	set := closure(prog, nil, uint32(prog.Start))
	for _, c := range prefix {
		set = step(prog, set, rune(c))
		if len(set) == 0 {
			return false, true // no completion matches
		}
	}
	level := map[string][]uint32{key(set): set}
	for range n {
		next := map[string][]uint32{}
		for _, s := range level {
			for d := '0'; d <= '9'; d++ {
				t := step(prog, s, d)
				next[key(t)] = t
			}
		}
		level = next
		if len(level) > 1<<14 {
			return false, false // too complex to tell: treat as not uniform
		}
	}
	all, none = true, true
	for _, s := range level {
		if accepts(prog, s) {
			none = false
		} else {
			all = false
		}
	}
	return all, none
}

// Walking the next digit. When every one-digit extension q||d of a prefix q
// is type-telling, the mask can keep q only: the digit after it is
// enciphered with the others, and FF1 is re-applied until that digit gives
// the same region and type as the input's (classes[d] is the set of digits
// that do, as a bit mask). For Japanese mobiles q is 90 (090, 080, 070):
// 90[1-9] are mobile numbers, 900 is not.

// Extensions describes the one-digit extensions of a prefix.
type Extensions struct {
	OK      bool       // every q||d is type-telling
	Classes [10]uint16 // for each d, the digits e with the same region and type
}

var extCache sync.Map // uint64 key (see cacheKey) → *Extensions

// extFront is a direct-mapped cache in front of extCache, as uniformCache
// is for uniform: a mask asks once per number, and the sync.Map's lookup of
// a boxed key cost as much as the rest of the kept-digit analysis. A slot
// holds the last entry hashed to it.
var extFront [1 << extFrontBits]atomic.Pointer[extEntry]

const extFrontBits = 12

type extEntry struct {
	key uint64
	e   *Extensions
}

// Extensions returns the one-digit extensions of prefix among national
// significant numbers of length l of m's calling code. The result is shared:
// do not modify it.
func (m *Meta) Extensions(prefix []byte, l int) *Extensions {
	k, cacheable := m.cacheKey(prefix, l)
	var front *atomic.Pointer[extEntry]
	if cacheable {
		front = &extFront[(k*0x9e3779b97f4a7c15)>>(64-extFrontBits)] // Fibonacci hashing
		if f := front.Load(); f != nil && f.key == k {
			return f.e
		}
		if v, ok := extCache.Load(k); ok {
			e := v.(*Extensions)
			front.Store(&extEntry{key: k, e: e})
			return e
		}
	}
	e := &Extensions{OK: true}
	var buf [MaxDigits]byte
	ext := append(buf[:0], prefix...)
	ext = append(ext, 0)
	var vecs [10]string
	for d := range 10 {
		ext[len(ext)-1] = byte('0' + d)
		if !m.uniform(ext, l) {
			e.OK = false
			break
		}
		vecs[d] = m.vector(ext, l)
	}
	if e.OK {
		for d := range 10 {
			for x := range 10 {
				if vecs[d] == vecs[x] {
					e.Classes[d] |= 1 << x
				}
			}
		}
	}
	if cacheable {
		front.Store(&extEntry{key: k, e: e})
		if extSize.Load() < maxExtCache {
			if _, loaded := extCache.LoadOrStore(k, e); !loaded {
				extSize.Add(1)
			}
		}
	}
	return e
}

// vector returns which typing patterns match the numbers of length l that
// start with the type-telling prefix, one byte per pattern.
func (m *Meta) vector(prefix []byte, l int) string {
	typing := m.typingReady()
	v := make([]byte, len(typing))
	for i, lp := range typing {
		v[i] = '0'
		if lp.lengths != nil && !slices.Contains(lp.lengths, int32(l)) {
			continue
		}
		if all, _ := progOutcome(lp.prog, prefix, l-len(prefix)); all {
			v[i] = '1'
		}
	}
	return string(v)
}

func closure(prog *syntax.Prog, set []uint32, pc uint32) []uint32 {
	if slices.Contains(set, pc) {
		return set
	}
	in := &prog.Inst[pc]
	switch in.Op {
	case syntax.InstAlt, syntax.InstAltMatch:
		set = append(set, pc)
		set = closure(prog, set, in.Out)
		return closure(prog, set, in.Arg)
	case syntax.InstCapture, syntax.InstNop:
		set = append(set, pc)
		return closure(prog, set, in.Out)
	default:
		// Runes, match, fail; and empty-width assertions: anchors do not
		// occur in the national number patterns, and an instruction we
		// cannot follow matches nothing.
		return append(set, pc)
	}
}

func step(prog *syntax.Prog, set []uint32, r rune) []uint32 {
	var out []uint32
	for _, pc := range set {
		in := &prog.Inst[pc]
		switch in.Op {
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			if in.MatchRune(r) {
				out = closure(prog, out, in.Out)
			}
		}
	}
	slices.Sort(out)
	return out
}

func accepts(prog *syntax.Prog, set []uint32) bool {
	for _, pc := range set {
		if prog.Inst[pc].Op == syntax.InstMatch {
			return true
		}
	}
	return false
}

func key(set []uint32) string {
	b := make([]byte, 0, 4*len(set))
	for _, pc := range set {
		b = append(b, byte(pc), byte(pc>>8), byte(pc>>16), byte(pc>>24))
	}
	return string(b)
}
