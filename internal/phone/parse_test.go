package phone_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/phone"
	"github.com/piikit/piikit/records/synthetic"
)

func ExampleParse() {
	jp := phone.Region("JP")
	var d phone.Digits
	for _, v := range []string{"090-1234-5678", "+81 (90) 1234-5678", "０１０－１－６５０－２５３－００００"} {
		n, err := phone.Parse(v, jp, &d)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(n.CC(), string(n.National), n.Possible(), string(n.AppendE164(nil)))
	}
	_, err := phone.Parse("090-1234-5678 Taro", jp, &d)
	fmt.Println(err)
	// Output:
	// 81 9012345678 true +819012345678
	// 81 9012345678 true +819012345678
	// 1 6502530000 true +16502530000
	// phone: form not handled by the lean path
}

func TestScanDeclines(t *testing.T) {
	var d phone.Digits
	for _, v := range []string{
		"tel:+81-90-1234-5678;ext=12", "tel:", "tel:+1 650 253 0000;phone-context=+1", "tél:+81-90-1234-5678",
		"090-1234-5678 Taro", "090-1234-TARO", "1-800-FLOWERS", "tel:tel:+81-90-1234-5678", " tel:+81-90-1234-5678", "03-1234-5678 ext. 9", "03-1234-5678#9", "03*1234", "03\t1234 5678",
		"090-1234-5678+", "+ +81 90 1234 5678", "12", "+", "", strings.Repeat("1", phone.MaxDigits+1),
		strings.Repeat(" ", phone.MaxInput) + "090-1234-5678", "٠٩٠١٢٣٤٥٦٧٨",
	} {
		_, err := phone.Scan(v, &d)
		require.ErrorIs(t, err, phone.ErrDeclined, "%q", v)
	}
	plus, err := phone.Scan("＋＋８１ (90) 1234–5678", &d)
	require.NoError(t, err)
	require.True(t, plus)
	require.Equal(t, "819012345678", string(d.Bytes()))
	for _, v := range []string{"tel:+81-90-1234-5678", "TEL:+81 90 1234 5678"} {
		plus, err = phone.Scan(v, &d)
		require.NoError(t, err, v)
		require.True(t, plus)
		require.Equal(t, "819012345678", string(d.Bytes()))
	}
}

// TestTelPrefix checks TelPrefix, which rejects on the colon first, against
// strings.EqualFold(v[:4], "tel:") on every string of up to four characters
// from letters that fold to t, e or l (the Kelvin sign and long s fold to
// k and s), look-alikes and colons.
func TestTelPrefix(t *testing.T) {
	chars := []string{"t", "T", "e", "E", "l", "L", ":", "：", "é", "K", "ſ", "ｔ", "0", "+"}
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		want := 0
		if len(prefix) >= 4 && strings.EqualFold(prefix[:4], "tel:") {
			want = 4
		}
		require.Equal(t, want, phone.TelPrefix(prefix), "%q", prefix)
		if n > 0 {
			for _, c := range chars {
				all(prefix+c, n-1)
			}
		}
	}
	all("", 4)
	require.Equal(t, 4, phone.TelPrefix("tEL:+81 90 1234 5678"))
}

func TestParseErrors(t *testing.T) {
	var d phone.Digits
	jp := phone.Region("JP")
	require.NotNil(t, jp)
	require.Nil(t, phone.Region("XX"))
	require.Nil(t, phone.Region("jp"))
	for v, want := range map[string]error{
		"010 81":         phone.ErrTooShort,
		"+999 1234 5678": phone.ErrNotPhone, // no such calling code
		"090 123":        nil,               // parses; not possible
	} {
		_, err := phone.Parse(v, jp, &d)
		if want == nil {
			require.NoError(t, err, v)
			continue
		}
		require.ErrorIs(t, err, want, v)
		_, pnErr := phonenumbers.Parse(v, "JP")
		require.Error(t, pnErr, "%q: phonenumbers accepts", v)
		require.NotContains(t, err.Error(), strings.ReplaceAll(v, " ", ""))
	}
	_, err := phone.Parse("090 1234 5678", nil, &d)
	require.ErrorIs(t, err, phone.ErrNotPhone, "a national number needs a region")
	n, err := phone.Parse("090 123", jp, &d)
	require.NoError(t, err)
	require.False(t, n.Possible())
	num, err := phonenumbers.Parse("090 123", "JP")
	require.NoError(t, err)
	require.False(t, phonenumbers.IsPossibleNumber(num))
}

// TestStable: Stable is what phonenumbers says when it parses the E.164
// string again; a run of zeros in Japan is the case the fuzzer found.
func TestStable(t *testing.T) {
	var d phone.Digits
	for _, c := range []struct {
		v, region string
		stable    bool
	}{
		{"090-1234-5678", "JP", true},
		{"0000000000", "JP", false}, // NSN 000000000: +81000000000 parses to 00000000
		{"+39 06 1234 5678", "", true},
		{"+1 650 253 0000", "", true},
	} {
		n, err := phone.Parse(c.v, phone.Region(c.region), &d)
		require.NoError(t, err, c.v)
		require.Equal(t, c.stable, n.Stable(), c.v)
		e164 := string(n.AppendE164(nil))
		num, err := phonenumbers.Parse(c.v, c.region)
		require.NoError(t, err)
		require.Equal(t, phonenumbers.Format(num, phonenumbers.E164), e164)
		back, err := phonenumbers.Parse(e164, "")
		require.Equal(t, c.stable, err == nil && phonenumbers.Format(back, phonenumbers.E164) == e164, c.v)
	}
}

// TestParseAllocs: with its scratch Digits reused, an international number
// parses with no allocation (regexp's Find methods allocate their result
// when a national prefix or international prefix matches).
func TestParseAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	jp := phone.Region("JP")
	var dst [32]byte
	d := new(phone.Digits)
	allocs := testing.AllocsPerRun(100, func() {
		n, err := phone.Parse("+81 90-1234-5678", jp, d)
		if err != nil || !n.Possible() || !n.Stable() {
			panic(errors.New("parse failed"))
		}
		_ = n.AppendE164(dst[:0])
	})
	require.Zero(t, allocs)
}

func TestKeptLen(t *testing.T) {
	m := phone.ForCallingCode(81)
	require.NotNil(t, m)
	require.Equal(t, 81, m.CC())
	// 090 numbers: "9" alone does not tell the type (9 also starts fixed
	// lines); SPEC.md §5's mask keeps "90" and walks the next digit.
	kept := m.KeptLen([]byte("9012345678"))
	require.GreaterOrEqual(t, kept, 2)
	e := m.Extensions([]byte("9012345678")[:kept-1], 10)
	require.NotNil(t, e)
	require.Nil(t, phone.ForCallingCode(999))
}

// TestDecided checks Number.Decided: digits of the same length that start
// with the ones it says decided a parse parse to the same calling code and
// national number position, over example numbers of many regions written
// nationally, with the calling code or after an international prefix,
// random digit strings, and the demo users table's numbers.
func TestDecided(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 4))
	type input struct {
		d      []byte
		plus   bool
		region string
	}
	var ins []input
	digits := func(s string) []byte {
		var d phone.Digits
		if _, err := phone.Scan(s, &d); err != nil {
			return nil
		}
		return slices.Clone(d.Bytes())
	}
	regions := phonenumbers.GetSupportedRegions()
	for region := range regions {
		for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE} {
			ex := phonenumbers.GetExampleNumberForType(region, typ)
			if ex == nil {
				continue
			}
			national := digits(phonenumbers.Format(ex, phonenumbers.NATIONAL))
			e164 := digits(phonenumbers.Format(ex, phonenumbers.E164))
			ins = append(ins, input{national, false, region}, input{e164, true, region}, input{e164, true, ""},
				input{e164, false, region}, input{append([]byte("010"), e164...), false, "JP"},
				input{append([]byte("011"), e164...), false, "US"}, input{append([]byte("00"), e164...), false, "GB"})
		}
	}
	for cc := range phonenumbers.GetSupportedGlobalNetworkCallingCodes() {
		if ex := phonenumbers.GetExampleNumberForNonGeoEntity(cc); ex != nil {
			e164 := digits(phonenumbers.Format(ex, phonenumbers.E164))
			ins = append(ins, input{e164, true, ""}, input{e164, true, "JP"}, input{append([]byte("010"), e164...), false, "JP"})
		}
	}
	for range 3000 {
		d := make([]byte, 3+r.IntN(15))
		for i := range d {
			d[i] = byte('0' + r.IntN(10))
		}
		ins = append(ins, input{d, r.IntN(3) == 0, []string{"JP", "US", "GB", "BR", "AR", "IT", "DE", "RU", "MX", ""}[r.IntN(10)]})
	}
	g := synthetic.New(1)
	var d phone.Digits
	for range 500 {
		plus, err := phone.Scan(g.Next().Phone, &d)
		require.NoError(t, err)
		ins = append(ins, input{slices.Clone(d.Bytes()), plus, "JP"})
	}
	var parsed, shortcut int
	for _, in := range ins {
		if len(in.d) < 3 {
			continue
		}
		def := phone.Region(in.region)
		n, err := phone.ParseDigits(slices.Clone(in.d), in.plus, def)
		if err != nil {
			continue
		}
		parsed++
		k := n.Decided()
		suffix := bytes.HasSuffix(in.d, n.National)
		if k > len(in.d) || !suffix && k < len(in.d) {
			t.Fatalf("%s (plus %v, %s): decided on %d digits, national %s", in.d, in.plus, in.region, k, n.National)
		}
		if k < len(in.d) {
			shortcut++
		}
		for range 10 {
			other := slices.Clone(in.d)
			for i := k; i < len(other); i++ {
				other[i] = byte('0' + r.IntN(10))
			}
			if r.IntN(3) == 0 {
				for i := k; i < len(other); i++ {
					other[i] = '0'
				}
			}
			m, err := phone.ParseDigits(other, in.plus, def)
			if err != nil || m.Meta != n.Meta || len(m.National) != len(n.National) || !bytes.HasSuffix(other, m.National) {
				t.Fatalf("%s (plus %v, %s) decided on %s: %s parses to %v, %v, %s", in.d, in.plus, in.region, in.d[:k], other, err, m.Meta == n.Meta, m.National)
			}
		}
	}
	t.Logf("%d inputs, %d parsed, %d decided before their last digit", len(ins), parsed, shortcut)
	if parsed < 1000 || shortcut < parsed/2 {
		t.Fatalf("%d parsed, %d decided before their last digit: the test checks too little", parsed, shortcut)
	}
	// A mask keeps the national prefix or calling code and at least one
	// digit after it: the demo numbers are decided by no more.
	for range 100 {
		v := g.Next().Phone
		plus, err := phone.Scan(v, &d)
		require.NoError(t, err)
		n, err := phone.ParseDigits(d.Bytes(), plus, phone.Region("JP"))
		require.NoError(t, err)
		require.LessOrEqual(t, n.Decided(), len(d.Bytes())-len(n.National)+1, "%s", v)
	}
}
