package phone

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// metadataPatterns returns every pattern of phonenumbers' metadata that a
// matcher runs: the general and type descriptions of each region (whole)
// and their leading digits, national prefixes for parsing and
// international prefixes (a prefix), sorted for a stable order.
func metadataPatterns(t testing.TB) (whole, prefix []string) {
	t.Helper()
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	seenWhole, seenPrefix := map[string]bool{}, map[string]bool{}
	for _, md := range coll.GetMetadata() {
		for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetGeneralDesc(), md.GetFixedLine(), md.GetMobile(),
			md.GetTollFree(), md.GetPremiumRate(), md.GetSharedCost(), md.GetPersonalNumber(), md.GetVoip(),
			md.GetPager(), md.GetUan(), md.GetVoicemail()} {
			if p := d.GetNationalNumberPattern(); p != "" && !seenWhole[p] {
				seenWhole[p] = true
				whole = append(whole, p)
			}
		}
		for _, p := range []string{md.GetLeadingDigits(), md.GetNationalPrefixForParsing(), md.GetInternationalPrefix()} {
			if p != "" && !seenPrefix[p] {
				seenPrefix[p] = true
				prefix = append(prefix, p)
			}
		}
	}
	slices.Sort(whole)
	slices.Sort(prefix)
	return whole, prefix
}

// inputs returns digit strings for a pattern's automaton: random ones of
// every length up to MaxDigits, and random walks along its live states, so
// that matching inputs and their near misses (one digit changed, added or
// removed) are tried as well as the many that fail early.
func inputs(r *rand.Rand, d *digitDFA, n int) [][]byte {
	var out [][]byte
	for range n {
		b := make([]byte, r.IntN(MaxDigits+1))
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		out = append(out, b)
	}
	for range n {
		var b []byte
		s := int32(0)
		for len(b) < MaxDigits {
			if d.accept[s] && r.IntN(4) == 0 {
				break
			}
			var live []int
			for c := range 10 {
				if d.next[s][c] >= 0 {
					live = append(live, c)
				}
			}
			if len(live) == 0 {
				break
			}
			c := live[r.IntN(len(live))]
			b = append(b, byte('0'+c))
			s = d.next[s][c]
		}
		out = append(out, b)
		if len(b) > 0 {
			changed := slices.Clone(b)
			changed[r.IntN(len(b))] = byte('0' + r.IntN(10))
			out = append(out, changed, b[:len(b)-1])
		}
		out = append(out, append(slices.Clone(b), byte('0'+r.IntN(10))))
	}
	return out
}

// TestMatcherAgreesWithRegexp checks the automaton of every pattern of
// phonenumbers' metadata against Go's regexp (which phonenumbers uses) on
// generated digit strings, matching inputs among them.
func TestMatcherAgreesWithRegexp(t *testing.T) {
	whole, prefix := metadataPatterns(t)
	if len(whole) < 1000 || len(prefix) < 20 {
		t.Fatalf("only %d whole and %d prefix patterns: the metadata was not read", len(whole), len(prefix))
	}
	r := rand.New(rand.NewPCG(15, 15))
	n := 50
	if testing.Short() {
		n = 5
	}
	built, matched := 0, 0
	check := func(p string, isWhole bool) {
		m := mustMatcher(p, isWhole)
		m.once.Do(m.build)
		if m.dfa == nil {
			return // the regexp decides: nothing to compare
		}
		built++
		for _, b := range inputs(r, m.dfa, n) {
			want := m.re.Match(b)
			if got := m.Match(b); got != want {
				t.Fatalf("pattern %q (whole %v), input %q: automaton says %v, regexp %v", p, isWhole, b, got, want)
			}
			agreeRead(t, m, b)
			if want {
				matched++
			}
		}
	}
	for _, p := range whole {
		check(p, true)
	}
	split, found := 0, 0
	for _, p := range prefix {
		check(p, false)
		pp := mustPrefixPattern(p)
		if len(pp.alts) > 1 {
			split++
		}
		d := newDigitDFA(p)
		if d == nil {
			d = (&digitDFA{}).dead()
		}
		for _, b := range inputs(r, d, n) {
			if agreeFind(t, pp, b) {
				found++
			}
		}
	}
	t.Logf("%d prefix patterns split in alternatives, %d prefixes found", split, found)
	if split < 30 || found < 1000 {
		t.Fatalf("only %d prefix patterns split, %d prefixes found: the test checks too little", split, found)
	}
	t.Logf("%d patterns, %d automata, %d matching inputs", len(whole)+len(prefix), built, matched)
	// The automaton covers (nearly) every pattern, or the speed-up is gone.
	if built < (len(whole)+len(prefix))*99/100 {
		t.Fatalf("automaton built for %d of %d patterns", built, len(whole)+len(prefix))
	}
	if matched < 10*built {
		t.Fatalf("only %d matching inputs over %d patterns: the walks find too few", matched, built)
	}
}

// agreeFind checks prefixPattern.find against FindSubmatchIndex on b and on
// inputs that share the bytes it says decided its answer, and returns
// whether a prefix was found.
func agreeFind(t *testing.T, pp *prefixPattern, b []byte) bool {
	t.Helper()
	end, group, found, read := pp.find(b)
	for _, in := range append(otherTails(b, read), b) {
		loc := pp.re.FindSubmatchIndex(in)
		if found != (loc != nil) || found && (end != loc[1] || group != (loc[2*pp.groups] >= 0)) {
			t.Fatalf("pattern %q, input %q (%q decided on %q): find = %d, %v, %v; FindSubmatchIndex = %v", pp.re, in, b, b[:read], end, group, found, loc)
		}
	}
	return found
}

// agreeRead checks that the regexp gives the matcher's answer on b to the
// inputs that share the bytes it says decided it.
func agreeRead(t *testing.T, m *matcher, b []byte) {
	t.Helper()
	match, read := m.matchRead(b)
	for _, in := range otherTails(b, read) {
		if got := m.re.Match(in); got != match {
			t.Fatalf("pattern %q (whole %v): %v for %q, decided on %q, but the regexp says %v for %q", m.pattern, m.whole, match, b, b[:read], got, in)
		}
	}
}

// otherTails returns inputs of b's length that start with b[:read] and go
// on otherwise: with zeros, nines, each digit plus one, and a letter.
func otherTails(b []byte, read int) [][]byte {
	if read < 0 || read > len(b) {
		panic("read out of range")
	}
	if read == len(b) {
		return nil
	}
	var out [][]byte
	for _, f := range []func(c byte) byte{
		func(byte) byte { return '0' },
		func(byte) byte { return '9' },
		func(c byte) byte { return '0' + (c-'0'+1)%10 },
		func(byte) byte { return 'x' },
	} {
		in := slices.Clone(b)
		for i := read; i < len(in); i++ {
			in[i] = f(in[i])
		}
		out = append(out, in)
	}
	return out
}

// TestMatcherFallsBack checks that inputs and patterns the automaton cannot
// decide go to the regexp.
func TestMatcherFallsBack(t *testing.T) {
	m := mustMatcher(`\d{3}`, true)
	for _, tc := range []struct {
		in   string
		want bool
	}{{"123", true}, {"12", false}, {"１２３", false}, {"12a", false}} {
		if got := m.Match([]byte(tc.in)); got != tc.want {
			t.Errorf("Match(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if m.dfa == nil {
		t.Fatal("no automaton for \\d{3}")
	}
	anchored := mustMatcher(`1\b2|3`, true)
	if anchored.Match([]byte("3")); anchored.dfa != nil {
		t.Fatal("automaton built for a pattern with an empty-width assertion")
	}
	if !anchored.Match([]byte("3")) || anchored.Match([]byte("12")) {
		t.Fatal("regexp fallback gives the wrong answer")
	}
	if _, err := newMatcher("(", true); err == nil {
		t.Fatal("bad pattern compiled")
	}
	// A pattern that matches nothing.
	never := mustMatcher(`[^\d\D]`, true)
	if never.Match([]byte("1")) || never.Match(nil) {
		t.Fatal("empty class matched")
	}
}

// FuzzMatcher compares the automaton with the regexp on fuzzed digit
// strings, for a pattern picked by index from phonenumbers' metadata.
func FuzzMatcher(f *testing.F) {
	whole, prefix := metadataPatterns(f)
	all := append(slices.Clone(whole), prefix...)
	matchers := make([]*matcher, len(all))
	f.Add(uint16(0), "0312345678")
	f.Add(uint16(17), "9012345678")
	f.Add(uint16(len(whole)), "4")
	jp := slices.Index(all, tables().regions["JP"].md.GetNationalPrefixForParsing())
	f.Add(uint16(jp), "00021234567")
	f.Add(uint16(jp), "0037680312345")
	f.Fuzz(func(t *testing.T, i uint16, in string) {
		k := int(i) % len(all)
		if matchers[k] == nil {
			matchers[k] = mustMatcher(all[k], k < len(whole))
		}
		m := matchers[k]
		want := regexp.MustCompile(m.re.String()).Match([]byte(in))
		if got := m.Match([]byte(in)); got != want {
			t.Fatalf("pattern %q, input %q: matcher says %v, regexp %v", all[k], in, got, want)
		}
		agreeRead(t, m, []byte(in))
		if k >= len(whole) {
			agreeFind(t, mustPrefixPattern(all[k]), []byte(in))
		}
	})
}
