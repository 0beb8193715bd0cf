package mask

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records/synthetic"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
)

var diffRegions = []string{"JP", "US", "CA", "GB", "DE", "FR", "IT", "CN", "KR", "IN", "BR", "AR", "MX", "AU", "RU", "SG", "HK", "TW", "ES", "NL"}

var diffTypes = []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
	phonenumbers.PREMIUM_RATE, phonenumbers.VOIP, phonenumbers.UAN, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER}

var separators = []string{" ", "-", ".", "", "－", "　", "(", ")", "/", "ー"}

// genPhone writes a random phone-number-like string: a region's example
// number with digits changed, formatted one of several ways, with random
// separators, full-width digits, or plain random digits with prefixes.
func genPhone(rng *rand.Rand) (s, region string) {
	region = diffRegions[rng.IntN(len(diffRegions))]
	if rng.IntN(4) == 0 {
		var b strings.Builder
		b.WriteString([]string{"", "+", "0", "00", "010", "+81", "81", "1", "011", "+010", "+0", "+011", "+81 0"}[rng.IntN(13)])
		for range 3 + rng.IntN(12) {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		return b.String(), region
	}
	src := diffRegions[rng.IntN(len(diffRegions))]
	ex := phonenumbers.GetExampleNumberForType(src, diffTypes[rng.IntN(len(diffTypes))])
	if ex == nil {
		ex = phonenumbers.GetExampleNumber(src)
	}
	nsn := []byte(phonenumbers.GetNationalSignificantNumber(ex))
	keep := rng.IntN(4)
	for i := keep; i < len(nsn); i++ {
		nsn[i] = byte('0' + rng.IntN(10))
	}
	switch rng.IntN(6) {
	case 0:
		nsn = append(nsn, byte('0'+rng.IntN(10)))
	case 1:
		if len(nsn) > 3 {
			nsn = nsn[:len(nsn)-1]
		}
	}
	num := &phonenumbers.PhoneNumber{}
	if err := phonenumbers.ParseToNumber("+"+strconv.Itoa(int(ex.GetCountryCode()))+string(nsn), "", num); err != nil {
		return "+" + strconv.Itoa(int(ex.GetCountryCode())) + string(nsn), region
	}
	var out string
	switch rng.IntN(4) {
	case 0:
		out = phonenumbers.Format(num, phonenumbers.E164)
	case 1:
		out = phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
	default:
		out = phonenumbers.Format(num, phonenumbers.NATIONAL)
		region = src
	}
	var b strings.Builder
	for _, r := range out {
		switch {
		case r == ' ' || r == '-':
			b.WriteString(separators[rng.IntN(len(separators))])
		case '0' <= r && r <= '9' && rng.IntN(10) == 0:
			b.WriteRune(r - '0' + '０')
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), region
}

// TestPhoneAgreesWithPhonenumbers is the differential test of the lean phone
// path: over many generated numbers, what it accepts (and the calling code
// and national significant number it finds) must be what phonenumbers.Parse
// and IsPossibleNumber say; and every mask must be a possible number of the
// same region and type, per phonenumbers.
func TestPhoneAgreesWithPhonenumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 30000
	if testing.Short() {
		n = 3000
	}
	maskers := map[string]*Masker{}
	masker := func(region string) *Masker {
		if m := maskers[region]; m != nil {
			return m
		}
		m, err := New(keysettest.PRF(), field(kind.Phone, "users.phone", "", withRegion(region), allowIrreversibleShort()))
		require.NoError(t, err)
		maskers[region] = m
		return m
	}
	var accepted, unsupported, masked, irreversible int
	// Tricky forms first: a plus before an international prefix, the
	// calling code without a plus, national prefixes with carrier codes.
	fixed := [][2]string{
		{"+010 1 212 555 0123", "JP"}, {"010-1-212-555-0123", "JP"}, {"81 90 1234 5678", "JP"},
		{"81-3-1234-5678", "JP"}, {"+0 90 1234 5678", "JP"}, {"011 81 90 1234 5678", "US"},
		{"+1 1 212 555 0123", "US"}, {"0 15 11 2345 6789", "BR"}, {"011 15 2345-6789", "AR"},
		{"(0)20 7946 0958", "GB"}, {"+44 (0)20 7946 0958", "GB"}, {"06 1234 5678", "IT"}, {"+39 06 1234 5678", "IT"},
		{"0120-123-456", "JP"}, {"0570-012-345", "JP"}, {"050-1234-5678", "JP"}, {"+800 1234 5678", "JP"},
	}
	for i := 0; i < n+len(fixed); i++ {
		var s, region string
		if i < len(fixed) {
			s, region = fixed[i][0], fixed[i][1]
		} else {
			s, region = genPhone(rng)
		}
		num, perr := phonenumbers.Parse(s, region)
		pnOK := perr == nil && num.GetExtension() == "" && phonenumbers.IsPossibleNumber(num)

		k, err := newPhoneKind(region, 0)
		require.NoError(t, err)
		f := getForm()
		err = k.parse(f, s, false)
		if err != nil {
			if pnOK {
				// The one documented difference: forms whose national
				// prefix rule rewrites digits.
				require.ErrorIs(t, err, errNotPhone, "%q in %s", s, region)
				require.Contains(t, err.Error(), "form not supported", "%q in %s: phonenumbers accepts, piikit refuses", s, region)
				unsupported++
			}
			putForm(f)
			continue
		}
		p := &f.ph
		require.True(t, pnOK, "%q in %s: piikit accepts, phonenumbers refuses (%v)", s, region, perr)
		require.Equal(t, int(num.GetCountryCode()), p.meta.cc, "%q in %s", s, region)
		require.Equal(t, phonenumbers.GetNationalSignificantNumber(num), string(p.digits[p.nsn:p.n]), "%q in %s", s, region)
		putForm(f)
		accepted++

		m := masker(region)
		res, err := m.MaskResult(s)
		if errors.Is(err, ErrTooShort) {
			continue // the whole national number is type-telling
		}
		require.NoError(t, err, "%q in %s", s, region)
		masked++
		out, err := phonenumbers.Parse(res.Value, region)
		require.NoError(t, err, "%q → %q", s, res.Value)
		require.True(t, phonenumbers.IsPossibleNumber(out), "%q → %q", s, res.Value)
		require.Equal(t, num.GetCountryCode(), out.GetCountryCode(), "%q → %q", s, res.Value)
		require.Equal(t, phonenumbers.GetRegionCodeForNumber(num), phonenumbers.GetRegionCodeForNumber(out), "%q → %q", s, res.Value)
		require.Equal(t, phonenumbers.GetNumberType(num), phonenumbers.GetNumberType(out), "%q → %q", s, res.Value)
		require.Equal(t, len([]rune(s)), len([]rune(res.Value)))
		if res.Irreversible {
			irreversible++
			continue
		}
		back, err := m.Unmask(context.Background(), okHook, testReq, m.KeyID(), res.Value)
		require.NoError(t, err)
		require.Equal(t, s, back[0])
	}
	t.Logf("%d numbers: %d accepted by both, %d masked (%d irreversibly), %d refused as unsupported forms", n, accepted, masked, irreversible, unsupported)
	require.Greater(t, accepted, n/3)
	require.Less(t, unsupported, n/100)
}

// A region is read as tokens read it, in any case: "jp" is JP, for a mask
// as for a pseudonym (they disagreed: the mask refused "jp").
func TestPhoneRegionAnyCase(t *testing.T) {
	upper, err := New(keysettest.PRF(), field(kind.Phone, "users.phone", "", withRegion("JP")))
	require.NoError(t, err)
	lower, err := New(keysettest.PRF(), field(kind.Phone, "users.phone", "", withRegion("jp")))
	require.NoError(t, err)
	a, err := upper.Mask("090-1234-5678")
	require.NoError(t, err)
	b, err := lower.Mask("090-1234-5678")
	require.NoError(t, err)
	require.Equal(t, a, b)
	_, err = New(keysettest.PRF(), field(kind.Phone, "users.phone", "", withRegion("XX")))
	require.ErrorIs(t, err, kind.ErrOption)
}

// validFull is phoneKind.valid without its shortcut: the candidate's digits
// and plus are read from its runes and parsed in full, kept digits and walk
// included, and every field must come out as the input's.
func validFull(k *phoneKind, f *form) bool {
	want := &f.ph
	q := &phoneParse{n: want.n, at: want.at}
	for j := range want.n {
		d, _ := digitClass.index(f.runes[want.at[j]])
		q.digits[j] = byte('0' + d)
	}
	for _, r := range f.runes {
		q.plus = q.plus || r == '+' || r == '＋'
	}
	if err := k.parseDigits(q); err != nil {
		return false
	}
	return q.meta == want.meta && q.nsn == want.nsn && q.kept == want.kept && q.walk == want.walk
}

// TestPhoneValidFast compares phoneKind.valid, which does not work out a
// cycle-walk candidate's kept digits anew, nor parse it again when the
// kept digits decided the input's parse, with validFull on
// random candidates of many numbers, regions and kept lengths: candidates
// that change the calling code, move the national number, change the kept
// prefix or take a digit outside the walk must all be refused by both.
func TestPhoneValidFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 3))
	n := 6000
	if testing.Short() {
		n = 1000
	}
	var numbers [][2]string
	for range n {
		s, region := genPhone(rng)
		numbers = append(numbers, [2]string{s, region})
	}
	g := synthetic.New(3)
	for range n / 4 {
		numbers = append(numbers, [2]string{g.Next().Phone, "JP"})
	}
	kinds := map[[2]any]*phoneKind{}
	var parsed, walked, decidedKept, agreeTrue, agreeFalse, walkRefused, otherRefused int
	for i, num := range numbers {
		keep := []int{0, 0, 0, 1, 2, 3, 5}[i%7]
		k := kinds[[2]any{num[1], keep}]
		if k == nil {
			var err error
			k, err = newPhoneKind(num[1], keep)
			require.NoError(t, err)
			kinds[[2]any{num[1], keep}] = k
		}
		f := getForm()
		if err := k.parse(f, num[0], false); err != nil || len(f.num) == 0 {
			putForm(f)
			continue
		}
		parsed++
		if f.ph.walk != allDigits {
			walked++
		}
		if f.ph.read <= f.ph.nsn+f.ph.kept {
			decidedKept++
		}
		for c := range 20 {
			same := uint16(rng.IntN(10))
			for j := range f.num {
				switch {
				case c%4 == 0 && j > 0:
					f.num[j] = 0 // runs of zeros meet national prefix rules
				case c%4 == 1:
					f.num[j] = same // and so may other runs
				default:
					f.num[j] = uint16(rng.IntN(10))
				}
			}
			f.write()
			fast, full := k.valid(f), validFull(k, f)
			require.Equal(t, full, fast, "%q (%s, keep %d) → %q", num[0], num[1], keep, string(f.runes))
			if fast {
				agreeTrue++
			} else {
				agreeFalse++
				if f.ph.walk != allDigits && f.ph.walk&(1<<f.num[0]) == 0 {
					walkRefused++
				} else {
					otherRefused++
				}
			}
		}
		putForm(f)
	}
	t.Logf("%d numbers parsed (%d with a walked digit, %d decided by kept digits): %d candidates valid, %d not for the walked digit, %d for another reason",
		parsed, walked, decidedKept, agreeTrue, walkRefused, otherRefused)
	require.Greater(t, parsed, n/3)
	require.Greater(t, walked, n/10)
	require.Greater(t, decidedKept, parsed/4)
	require.Greater(t, parsed-decidedKept, parsed/20)
	require.Greater(t, walkRefused, parsed/10)
	require.Greater(t, otherRefused, parsed/50)
}
