package normalize

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/piikit/piikit/internal/phone"
)

// oraclePhone is phone normalization done with phonenumbers alone, as
// appendPhone did it before phone.Scan and internal/phone (SPEC.md §3): Parse, refuse
// extensions and impossible numbers, Format as E.164, and refuse an E.164
// string that does not parse back to itself.
func oraclePhone(v, region string) (string, bool) {
	if hasControl(v) {
		return "", false
	}
	v = strings.TrimSpace(norm.NFKC.String(strings.TrimSpace(v)))
	if v == "" || hasControl(v) {
		return "", false
	}
	num, err := phonenumbers.Parse(v, region)
	if err != nil || num.GetExtension() != "" || !phonenumbers.IsPossibleNumber(num) {
		return "", false
	}
	e164 := phonenumbers.Format(num, phonenumbers.E164)
	back, err := phonenumbers.Parse(e164, "")
	if err != nil || phonenumbers.Format(back, phonenumbers.E164) != e164 {
		return "", false
	}
	return e164, true
}

// phoneRegions are the default regions of the differential test: every
// region phonenumbers knows, in a fixed order.
var phoneRegions = func() []string {
	var rs []string
	for r := range phonenumbers.GetSupportedRegions() {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	return rs
}()

// busyRegions are drawn more often: the ones piikit's users write most,
// and the ones with unusual national prefix rules (AR, BR, MX, IT, RU).
var busyRegions = []string{"JP", "JP", "JP", "US", "CA", "GB", "DE", "FR", "IT", "CN", "KR", "IN", "BR", "AR", "MX", "AU", "RU", "SG", "HK", "TW", "NZ", "CO"}

var phoneTypes = []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
	phonenumbers.PREMIUM_RATE, phonenumbers.VOIP, phonenumbers.UAN, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER,
	phonenumbers.SHARED_COST, phonenumbers.VOICEMAIL}

// Separators written between digit groups: ASCII, the Unicode dashes, the
// full-width and Japanese ones, and brackets.
var phoneSeps = []string{" ", " ", "-", "-", "", ".", "/", "－", "ー", "　", "\u00a0", "\u2010", "\u2011", "\u2013", "\u2014", "\u2015", "\u2212", "．", "／", "(", ")", "（", "）", "[", "]", "  ", " - "}

// Rarely inserted: what phone.Scan refuses (letters,
// extension marks, tabs) or what no parser should accept.
var phoneJunk = []string{"a", "x", "#", "*", "~", "\t", ";", ",", "ext. 12", " x123", "TEL", "+", "０", "₀", "٣", "e"}

func pick[T any](rng *rand.Rand, s []T) T { return s[rng.IntN(len(s))] }

// genPhoneInput writes a phone-number-like string and a default region:
// mostly real numbers of many regions (mutated, resized, zero-filled) in
// many layouts, plus random digit runs and junk.
func genPhoneInput(rng *rand.Rand) (string, string) {
	region := pick(rng, busyRegions)
	if rng.IntN(3) == 0 {
		region = pick(rng, phoneRegions)
	}
	if rng.IntN(12) == 0 {
		region = ""
	}
	if rng.IntN(5) == 0 {
		// Random digits after a plus, an international or national prefix,
		// or a calling code; sometimes runs of zeros.
		var b strings.Builder
		b.WriteString(pick(rng, []string{"", "+", "0", "00", "000", "010", "011", "+81", "81", "+1", "1", "+0", "+00", "+010", "+81 0", "+39 0", "0081", "001 1", "+800", "+882", "+7 8"}))
		zeros := rng.IntN(3) == 0
		for range 1 + rng.IntN(18) {
			if zeros && rng.IntN(3) > 0 {
				b.WriteByte('0')
			} else {
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
			if rng.IntN(4) == 0 {
				b.WriteString(pick(rng, phoneSeps))
			}
		}
		return dress(rng, b.String()), region
	}
	src := pick(rng, busyRegions)
	if rng.IntN(2) == 0 {
		src = pick(rng, phoneRegions)
	}
	ex := phonenumbers.GetExampleNumberForType(src, pick(rng, phoneTypes))
	if ex == nil {
		ex = phonenumbers.GetExampleNumber(src)
	}
	if ex == nil {
		return "+" + strconv.Itoa(rng.IntN(1000)), region
	}
	nsn := []byte(phonenumbers.GetNationalSignificantNumber(ex))
	for i := rng.IntN(5); i < len(nsn); i++ {
		nsn[i] = byte('0' + rng.IntN(10))
	}
	switch rng.IntN(8) {
	case 0:
		nsn = append(nsn, byte('0'+rng.IntN(10)))
	case 1:
		if len(nsn) > 2 {
			nsn = nsn[:len(nsn)-1]
		}
	case 2:
		for i := range min(len(nsn), 1+rng.IntN(6)) {
			nsn[i] = '0'
		}
	}
	cc := strconv.Itoa(int(ex.GetCountryCode()))
	num := &phonenumbers.PhoneNumber{}
	if err := phonenumbers.ParseToNumber("+"+cc+string(nsn), "", num); err != nil {
		return dress(rng, "+"+cc+" "+string(nsn)), region
	}
	var s string
	switch rng.IntN(9) {
	case 0:
		s = phonenumbers.Format(num, phonenumbers.E164)
	case 1, 2:
		s = phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
	case 3:
		s = strings.TrimPrefix(phonenumbers.Format(num, phonenumbers.INTERNATIONAL), "+") // calling code, no plus
	case 4:
		s = phonenumbers.FormatOutOfCountryCallingNumber(num, region) // with the region's IDD
	case 5:
		s = phonenumbers.Format(num, phonenumbers.RFC3966) // tel: URI
	default:
		s = phonenumbers.Format(num, phonenumbers.NATIONAL)
		if rng.IntN(4) > 0 {
			region = src
		}
	}
	return dress(rng, s), region
}

// dress rewrites a number's layout: other separators, full-width digits and
// plus, surrounding spaces, now and then junk.
func dress(rng *rand.Rand, s string) string {
	var b strings.Builder
	if rng.IntN(10) == 0 {
		b.WriteString(pick(rng, []string{" ", "　", "(", "\u00a0", "\t", "\n ", "\u2028", "\u200b"}))
	}
	fullWidth := rng.IntN(6) == 0
	for _, r := range s {
		switch {
		case r == ' ' || r == '-':
			b.WriteString(pick(rng, phoneSeps))
		case r == '+' && fullWidth:
			b.WriteRune('＋')
		case '0' <= r && r <= '9' && (fullWidth || rng.IntN(20) == 0):
			b.WriteRune(r - '0' + '０')
		default:
			b.WriteRune(r)
		}
		if rng.IntN(60) == 0 {
			b.WriteString(pick(rng, phoneJunk))
		}
	}
	if rng.IntN(10) == 0 {
		b.WriteString(pick(rng, []string{" ", ".", ")", "-", "/", "  ", "\r\n", "　", "\u0085", "\x7f"}))
	}
	return b.String()
}

// phoneAgreement checks one input against the oracle: same acceptance, same
// E.164, and the E.164 output normalizes to itself with and without the
// default region. It reports whether both accept the input.
//
// piikit reads only what phone.Scan reads (its one rule of what a written
// number is, shared with the phone mask); for those inputs it must agree
// with phonenumbers, and every other input it refuses.
func phoneAgreement(t testing.TB, v, region string, n *Normalizer) bool {
	want, ok := oraclePhone(v, region)
	var d phone.Digits
	_, scanErr := phone.Scan(v, &d)
	ok = ok && scanErr == nil
	got, err := n.Normalize(v)
	if ok {
		require.NoError(t, err, "%q in %q: phonenumbers gives %s, piikit refuses", v, region, want)
		require.Equal(t, want, got, "%q in %q", v, region)
		again, err := n.Normalize(got)
		require.NoError(t, err, "%q in %q: %s does not normalize again", v, region, got)
		require.Equal(t, got, again, "%q in %q: not idempotent", v, region)
		again, err = noRegion.Normalize(got)
		require.NoError(t, err, "%s without a region", got)
		require.Equal(t, got, again, "%s without a region", got)
	} else {
		require.Error(t, err, "%q in %q: piikit gives %s, phonenumbers refuses", v, region, got)
		if tv := strings.TrimSpace(v); len(tv) >= 4 && strings.ContainsAny(tv, "0123456789") {
			require.NotContains(t, err.Error(), tv)
		}
	}
	return ok
}

var noRegion = &Normalizer{kind: Phone}

// TestPhoneAgreesWithPhonenumbers is the differential test of phone
// normalization: over many generated inputs in many regions and layouts,
// piikit accepts exactly what phonenumbers accepts among the numbers written
// with digits, separators and a plus, with the same E.164 string, refuses
// every other form, and its output is a fixed point.
func TestPhoneAgreesWithPhonenumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 60000
	if testing.Short() {
		n = 6000
	}
	norms := map[string]*Normalizer{}
	normalizer := func(region string) *Normalizer {
		if nz := norms[region]; nz != nil {
			return nz
		}
		nz, err := New(Phone, Options{Region: region})
		require.NoError(t, err, region)
		norms[region] = nz
		return nz
	}
	fixed := [][2]string{
		{"090-1234-5678", "JP"}, {"+81 90 1234 5678", "JP"}, {"０９０－１２３４－５６７８", "JP"}, {"＋８１　９０　１２３４　５６７８", "JP"},
		{"+010 1 212 555 0123", "JP"}, {"010-1-212-555-0123", "JP"}, {"81 90 1234 5678", "JP"}, {"81-3-1234-5678", "JP"},
		{"+0 90 1234 5678", "JP"}, {"011 81 90 1234 5678", "US"}, {"+1 1 212 555 0123", "US"}, {"0 15 11 2345 6789", "BR"},
		{"011 15 2345-6789", "AR"}, {"(0)20 7946 0958", "GB"}, {"+44 (0)20 7946 0958", "GB"}, {"06 1234 5678", "IT"},
		{"+39 06 1234 5678", "IT"}, {"0120-123-456", "JP"}, {"0570-012-345", "JP"}, {"050-1234-5678", "JP"},
		{"+800 1234 5678", "JP"}, {"tel:+1-650-253-0000", "US"}, {"1-800-FLOWERS", "US"}, {"03-1234-5678 ext. 9", "JP"},
		{"000000", "JP"}, {"0000000000", "JP"}, {"+81 0000000", "JP"}, {"+81 00 0000 0000", ""}, {"+39 000000", ""},
		{"00000000", "IT"}, {"+7 8 000 000 00 00", "RU"}, {"8 800 555 35 35", "RU"}, {"+52 1 55 1234 5678", "MX"},
		{"044 55 1234 5678", "MX"}, {"+54 9 11 2345 6789", "AR"}, {"0 11 15 2345 6789", "AR"}, {"+++81 90 1234 5678", "JP"},
		{"+ 81 90 1234 5678", "JP"}, {"(+81) 90-1234-5678", "JP"}, {"+81 90 1234 5678)", "JP"}, {"12", "JP"}, {"+1", ""},
	}
	var accepted int
	for i := range n + len(fixed) {
		var v, region string
		if i < len(fixed) {
			v, region = fixed[i][0], fixed[i][1]
		} else {
			v, region = genPhoneInput(rng)
		}
		if phoneAgreement(t, v, region, normalizer(region)) {
			accepted++
		}
	}
	t.Logf("%d inputs: %d accepted by both", n+len(fixed), accepted)
	require.Greater(t, accepted, n/3)
}

// FuzzPhoneAgreesWithPhonenumbers is the differential test on inputs the
// fuzzer writes, in a few default regions (and none).
func FuzzPhoneAgreesWithPhonenumbers(f *testing.F) {
	regions := []string{"", "JP", "US", "GB", "IT", "AR", "BR", "MX", "RU", "DE", "CN", "AU"}
	for i, s := range []string{"090-1234-5678", "+81 90 1234 5678", "０９０－１２３４－５６７８", "tel:+1-650-253-0000",
		"000000", "+81 0000000", "0 15 11 2345 6789", "+39 06 1234 5678", "8 800 555 35 35", "044 55 1234 5678",
		"+52 1 55 1234 5678", "011 81 90 1234 5678", "1-800-FLOWERS", "(0)20 7946 0958", "+800 1234 5678"} {
		f.Add(s, uint8(i))
	}
	norms := make([]*Normalizer, len(regions))
	for i, r := range regions {
		nz, err := New(Phone, Options{Region: r})
		if err != nil {
			f.Fatal(err)
		}
		norms[i] = nz
	}
	f.Fuzz(func(t *testing.T, v string, r uint8) {
		if len(v) > MaxLen || !isValidPhoneFuzzInput(v) {
			return
		}
		i := int(r) % len(regions)
		phoneAgreement(t, v, regions[i], norms[i])
	})
}

// isValidPhoneFuzzInput keeps inputs that reach phone parsing (valid UTF-8).
func isValidPhoneFuzzInput(v string) bool { return strings.ToValidUTF8(v, "") == v }

// TestPhoneOneRule: normalization reads phone numbers with phone.Scan's rule,
// as the phone mask does: letters are refused (phonenumbers would read them
// as keypad digits, so "Taro" would equal "8276"), and so are free text,
// extensions and digits of other scripts (issue 14, item 17).
func TestPhoneOneRule(t *testing.T) {
	n, err := New(Phone, Options{Region: "JP"})
	require.NoError(t, err)
	for _, v := range []string{"090-1234-5678 Taro", "090-1234-TARO", "1-800-FLOWERS", "090-1234-5678 (mobile)",
		"call 090-1234-5678", "090-1234-5678 ext. 12", "090-1234-5678;ext=12", "tel:+81-90-1234-5678;ext=12",
		"٠٩٠١٢٣٤٥٦٧٨", "⓪⑨⓪①②③④⑤⑥⑦⑧", "𝟎𝟗𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "090\t1234\t5678", "\t090-1234-5678\n", "090–1234–5678#"} {
		_, err := n.Normalize(v)
		require.ErrorIs(t, err, ErrInvalid, "%q", v)
		require.NotContains(t, err.Error(), "1234")
	}
	for _, v := range []string{"", "   ", "\u3000", " - "} {
		_, err := n.Normalize(v)
		require.ErrorIs(t, err, ErrEmpty, "%q", v)
	}
	// What was valid keeps its E.164 form.
	for _, v := range []string{"090-1234-5678", "+81 90 1234 5678", "０９０－１２３４－５６７８", "tel:+81-90-1234-5678",
		"TEL:090 1234 5678", " 090-1234-5678 ", "\u00a0(090) 1234-5678\u3000"} {
		got, err := n.Normalize(v)
		require.NoError(t, err, "%q", v)
		require.Equal(t, "+819012345678", got, "%q", v)
	}
}
