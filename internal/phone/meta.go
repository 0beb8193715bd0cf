package phone

import (
	"slices"
	"strconv"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// Meta is the metadata of one region (or of one non-geographic calling
// code): phonenumbers' own data (the metadata of libphonenumber), read once
// and compiled into what the lean path needs. Its patterns are compiled on
// first use; a *Meta is safe for concurrent use.
type Meta struct {
	cc        int
	ccStr     string
	general   *matcher       // the general national number pattern, whole
	npfp      *prefixPattern // national prefix for parsing, or nil
	transform string
	idd       *prefixPattern // international prefix, or nil
	lengths   []int32        // possible lengths of the general description
	local     []int32        // local-only lengths
	noData    bool           // no general pattern: any length 2…17 is possible
	main      *Meta          // the main region of the calling code (ForCallingCode), or nil

	// For the calling code (set on the main region only): every pattern
	// that decides a number's region and type, for the kept-prefix analysis
	// (typing.go), compiled on first use of that analysis.
	typing     []lengthPattern
	typingOnce sync.Once

	// The patterns are compiled on first use of the region (ready).
	md     *phonenumbers.PhoneMetadata
	shared []*phonenumbers.PhoneMetadata // main region: all regions of the code
	once   sync.Once
}

// ready compiles m's patterns once and returns m.
func (m *Meta) ready() *Meta {
	m.once.Do(m.compile)
	return m
}

// CC returns the country calling code of m.
func (m *Meta) CC() int { return m.cc }

// Region returns the metadata of a CLDR region code in upper case ("JP"),
// or nil if phonenumbers has none.
func Region(code string) *Meta {
	m := tables().regions[code]
	if m == nil {
		return nil
	}
	return m.ready()
}

// ForCallingCode returns the metadata of the main region of a country
// calling code (the one phonenumbers' IsPossibleNumber consults), or nil.
func ForCallingCode(cc int) *Meta {
	m := tables().code(cc)
	if m == nil {
		return nil
	}
	return m.ready()
}

type phoneTables struct {
	regions map[string]*Meta
	// The main region of each calling code (1 to 3 digits), by index: a
	// parse looks calling codes up several times, and a map's lookup cost
	// more than the rest of extracting the code.
	byCC [1000]*Meta
}

// code returns the main region of calling code cc, or nil.
func (t *phoneTables) code(cc int) *Meta {
	if cc < 0 || cc >= len(t.byCC) {
		return nil
	}
	return t.byCC[cc]
}

var (
	phoneOnce sync.Once
	phoneTab  *phoneTables
)

func tables() *phoneTables {
	phoneOnce.Do(func() {
		coll, err := phonenumbers.MetadataCollection()
		if err != nil {
			phoneTab = &phoneTables{regions: map[string]*Meta{}}
			return
		}
		t := &phoneTables{regions: map[string]*Meta{}}
		geo := map[string]*phonenumbers.PhoneMetadata{}
		nonGeo := map[int]*phonenumbers.PhoneMetadata{}
		for _, md := range coll.GetMetadata() {
			if md.GetId() == "001" {
				nonGeo[int(md.GetCountryCode())] = md
				continue
			}
			geo[md.GetId()] = md
			t.regions[md.GetId()] = newMeta(md)
		}
		for cc := 1; cc < 1000; cc++ {
			regs := phonenumbers.GetRegionCodesForCountryCode(cc)
			if len(regs) == 0 {
				continue
			}
			var main *Meta
			if regs[0] == "001" {
				if md := nonGeo[cc]; md != nil {
					main = newMeta(md)
				}
			} else if geo[regs[0]] != nil {
				// A copy: the typing patterns cover the whole calling code.
				main = newMeta(geo[regs[0]])
			}
			if main == nil {
				continue
			}
			for _, r := range regs {
				md := geo[r]
				if r == "001" {
					md = nonGeo[cc]
				}
				if md != nil {
					main.shared = append(main.shared, md)
				}
			}
			main.main = main
			t.byCC[cc] = main
		}
		for _, m := range t.regions {
			m.main = t.code(m.cc)
		}
		phoneTab = t
	})
	return phoneTab
}

func newMeta(md *phonenumbers.PhoneMetadata) *Meta {
	m := &Meta{cc: int(md.GetCountryCode()), transform: md.GetNationalPrefixTransformRule(), md: md}
	m.ccStr = strconv.Itoa(m.cc)
	return m
}

func (m *Meta) compile() {
	md := m.md
	gd := md.GetGeneralDesc()
	if p := gd.GetNationalNumberPattern(); p != "" {
		m.general = mustMatcher(p, true)
	} else {
		m.noData = true
	}
	// A prefix (or an alternative of one) of digits only is matched as a
	// string, others with automata (dfa.go): a regular expression costs
	// more than the rest of a parse.
	if p := md.GetNationalPrefixForParsing(); p != "" {
		m.npfp = mustPrefixPattern(p)
	}
	if p := md.GetInternationalPrefix(); p != "" {
		m.idd = mustPrefixPattern(p)
	}
	m.lengths, m.local = gd.GetPossibleLength(), gd.GetPossibleLengthLocalOnly()
}

// Validation results of testNumberLength, as phonenumbers names them.
const (
	lenPossible = iota
	lenLocalOnly
	lenTooShort
	lenInvalid
	lenTooLong
)

// testLength ports phonenumbers' testNumberLength for the general
// description (type UNKNOWN).
func (m *Meta) testLength(n int) int {
	if len(m.lengths) == 0 || m.lengths[0] == -1 {
		return lenInvalid
	}
	l := int32(n)
	if slices.Contains(m.local, l) {
		return lenLocalOnly
	}
	switch {
	case m.lengths[0] == l:
		return lenPossible
	case m.lengths[0] > l:
		return lenTooShort
	case m.lengths[len(m.lengths)-1] < l:
		return lenTooLong
	}
	if slices.Contains(m.lengths[1:], l) {
		return lenPossible
	}
	return lenInvalid
}

// possible ports phonenumbers' IsPossibleNumber for a national significant
// number of this calling code.
func (m *Meta) possible(n int) bool {
	if m.noData {
		return n >= 2 && n <= 17
	}
	r := m.testLength(n)
	return r == lenPossible || r == lenLocalOnly
}

// stripNationalPrefix ports phonenumbers' maybeStripNationalPrefixAndCarrierCode
// (the carrier code is not kept). It returns number with the national prefix
// (and carrier code) removed or transformed, or number itself.
func (m *Meta) stripNationalPrefix(number []byte) []byte {
	out, _ := m.strip(number)
	return out
}

// strip is stripNationalPrefix, and also returns how many leading digits of
// number decided the result: every number of the same length that starts
// with them gives the suffix of the same length (the transform rule, which
// rewrites digits, reads them all).
func (m *Meta) strip(number []byte) (out []byte, read int) {
	if len(number) == 0 || m.npfp == nil {
		return number, 0
	}
	end, group, found, read := m.npfp.find(number)
	if !found {
		return number, read
	}
	viable := false
	if m.general != nil {
		var r int
		viable, r = m.general.matchRead(number)
		read = max(read, r)
	}
	if m.transform == "" || !group {
		if viable {
			match, r := m.general.matchRead(number[end:])
			read = max(read, end+r)
			if !match {
				return number, read
			}
		}
		return number[end:], read
	}
	t := m.npfp.re.ReplaceAll(number, []byte(m.transform))
	if viable && !m.general.Match(t) {
		return number, len(number)
	}
	return t, len(number)
}

// digitsOnly reports whether the pattern p is a non-empty string of ASCII
// digits, which matches only itself.
func digitsOnly(p string) bool {
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return p != ""
}
