package phone

import (
	"regexp"
	"slices"
	"strconv"
	"sync"

	"github.com/nyaruka/phonenumbers"
	"google.golang.org/protobuf/proto"
)

// Valid reports what phonenumbers.IsValidNumber says of n: the national
// number is in one of the number ranges (fixed line, mobile, toll free…) of
// its region. For a calling code of one region it matches the region's
// patterns compiled once (phonenumbers builds each pattern's string anew on
// every call); for a calling code shared by several regions (+1, +7, +44…)
// it asks phonenumbers, which first picks the region.
func (n *Number) Valid() bool {
	m := n.Meta
	if len(m.shared) == 1 {
		return m.validReady().valid(n.National)
	}
	return phonenumbers.IsValidNumber(n.proto())
}

// proto returns n as phonenumbers' PhoneNumber, as phonenumbers.Parse sets
// it (setItalianLeadingZerosForPhoneNumber included).
func (n *Number) proto() *phonenumbers.PhoneNumber {
	nsn := n.National
	nn, _ := strconv.ParseUint(string(nsn), 10, 64) // at most 17 digits
	pn := &phonenumbers.PhoneNumber{CountryCode: proto.Int32(int32(n.Meta.cc)), NationalNumber: proto.Uint64(nn)}
	if len(nsn) > 1 && nsn[0] == '0' {
		pn.ItalianLeadingZero = proto.Bool(true)
		z := 1
		for z < len(nsn)-1 && nsn[z] == '0' {
			z++
		}
		if z != 1 {
			pn.NumberOfLeadingZeros = proto.Int32(int32(z))
		}
	}
	return pn
}

// validity is phonenumbers' getNumberTypeHelper reduced to "not UNKNOWN":
// the general description matches and so does one type description.
type validity struct {
	general desc
	types   []desc
}

type desc struct {
	lengths []int32
	re      *regexp.Regexp // nil: the description has no pattern and matches nothing
}

// match is phonenumbers' isNumberMatchingDesc.
func (d *desc) match(nsn []byte) bool {
	if d.re == nil || len(d.lengths) > 0 && !slices.Contains(d.lengths, int32(len(nsn))) {
		return false
	}
	return d.re.Match(nsn)
}

func (v *validity) valid(nsn []byte) bool {
	if !v.general.match(nsn) {
		return false
	}
	for i := range v.types {
		if v.types[i].match(nsn) {
			return true
		}
	}
	return false
}

var validities sync.Map // *Meta → *validity

func (m *Meta) validReady() *validity {
	if v, ok := validities.Load(m); ok {
		return v.(*validity)
	}
	md := m.shared[0]
	mk := func(d *phonenumbers.PhoneNumberDesc) desc {
		if d == nil || d.GetNationalNumberPattern() == "" {
			return desc{}
		}
		re, err := regexp.Compile("^(?:" + d.GetNationalNumberPattern() + ")$")
		if err != nil {
			return desc{}
		}
		return desc{lengths: d.GetPossibleLength(), re: re}
	}
	v := &validity{general: mk(md.GetGeneralDesc())}
	for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetPremiumRate(), md.GetTollFree(), md.GetSharedCost(),
		md.GetVoip(), md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail(), md.GetFixedLine(), md.GetMobile()} {
		v.types = append(v.types, mk(d))
	}
	got, _ := validities.LoadOrStore(m, v)
	return got.(*validity)
}
