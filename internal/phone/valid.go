package phone

import (
	"slices"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// Valid reports what phonenumbers.IsValidNumber says of n: the national
// number is in one of the number ranges (fixed line, mobile, toll free…) of
// its region. It matches each region's patterns compiled once
// (phonenumbers builds each pattern's string anew on every call); for a
// calling code shared by several regions (+1, +7, +44…) it first picks the
// region as phonenumbers' getRegionCodeForNumberFromRegionList does: the
// first region whose leading digits start the number, or that has none and
// whose ranges hold it.
func (n *Number) Valid() bool {
	shared := n.Meta.shared
	if len(shared) == 1 {
		return validityOf(shared[0]).valid(n.National)
	}
	for _, md := range shared {
		v := validityOf(md)
		if v.leading != nil {
			if v.leading.Match(n.National) {
				return v.valid(n.National)
			}
		} else if v.valid(n.National) {
			return true
		}
	}
	return false
}

// validity is phonenumbers' getNumberTypeHelper reduced to "not UNKNOWN":
// the general description matches and so does one type description.
type validity struct {
	general desc
	types   []desc
	leading *matcher // the leading digits (a prefix), or nil: the region has none
}

type desc struct {
	lengths []int32
	re      *matcher // the pattern, whole; nil: the description has no pattern and matches nothing
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

var validities sync.Map // *phonenumbers.PhoneMetadata → *validity

func validityOf(md *phonenumbers.PhoneMetadata) *validity {
	if v, ok := validities.Load(md); ok {
		return v.(*validity)
	}
	mk := func(d *phonenumbers.PhoneNumberDesc) desc {
		if d == nil || d.GetNationalNumberPattern() == "" {
			return desc{}
		}
		re, err := newMatcher(d.GetNationalNumberPattern(), true)
		if err != nil {
			return desc{}
		}
		return desc{lengths: d.GetPossibleLength(), re: re}
	}
	v := &validity{general: mk(md.GetGeneralDesc())}
	if ld := md.GetLeadingDigits(); ld != "" {
		v.leading, _ = newMatcher(ld, false)
	}
	// Any type matching makes the number valid, so the order is free:
	// mobile and fixed line, the most common, first.
	for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetMobile(), md.GetFixedLine(), md.GetTollFree(), md.GetVoip(),
		md.GetPremiumRate(), md.GetSharedCost(), md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail()} {
		v.types = append(v.types, mk(d))
	}
	got, _ := validities.LoadOrStore(md, v)
	return got.(*validity)
}
