package phone

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestValidDifferential checks Number.Valid against phonenumbers.IsValidNumber
// on random national numbers of many calling codes (single- and
// multi-region), with the national numbers that ranges start with.
func TestValidDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	n := 0
	for _, cc := range []int{81, 1, 44, 33, 49, 86, 82, 7, 39, 61, 91, 800, 882, 55, 852, 886} {
		m := ForCallingCode(cc)
		if m == nil {
			t.Fatalf("no metadata for +%d", cc)
		}
		for range 3000 {
			l := 2 + r.IntN(14)
			d := make([]byte, l)
			for i := range d {
				d[i] = byte('0' + r.IntN(10))
			}
			if r.IntN(2) == 0 {
				d[0] = "123456789"[r.IntN(9)]
			}
			num := Number{Meta: m, National: d}
			pn, err := phonenumbers.Parse("+"+strconv.Itoa(cc)+string(d), "")
			if err != nil || pn.GetCountryCode() != int32(cc) || phonenumbers.GetNationalSignificantNumber(pn) != string(d) {
				continue // not a national number as written
			}
			if got, want := num.Valid(), phonenumbers.IsValidNumber(pn); got != want {
				t.Fatalf("+%d %s: Valid = %v, phonenumbers says %v", cc, d, got, want)
			}
			if num.Valid() {
				n++
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d valid numbers generated: the test checks too little", n)
	}
}

// TestValidSharedCodes checks Number.Valid against phonenumbers on the
// example numbers of every region of calling codes shared by several
// regions, where the region is picked first (leading digits or ranges).
func TestValidSharedCodes(t *testing.T) {
	n := 0
	for _, cc := range []int{1, 7, 44, 47, 61, 262, 590, 599} {
		m := ForCallingCode(cc)
		for _, region := range phonenumbers.GetRegionCodesForCountryCode(cc) {
			for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE, phonenumbers.VOIP} {
				pn := phonenumbers.GetExampleNumberForType(region, typ)
				if pn == nil {
					continue
				}
				nsn := phonenumbers.GetNationalSignificantNumber(pn)
				for _, d := range []string{nsn, nsn[:len(nsn)-1] + "0", "9" + nsn[1:]} {
					q, err := phonenumbers.Parse("+"+strconv.Itoa(cc)+d, "")
					if err != nil || phonenumbers.GetNationalSignificantNumber(q) != d {
						continue
					}
					num := Number{Meta: m, National: []byte(d)}
					if got, want := num.Valid(), phonenumbers.IsValidNumber(q); got != want {
						t.Fatalf("+%d %s (%s): Valid = %v, phonenumbers says %v", cc, d, region, got, want)
					}
					n++
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d numbers checked", n)
	}
}
