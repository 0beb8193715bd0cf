package mask

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/piikit/piikit/kind"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/keyset/keysettest"
)

func newMasker(t testing.TB, k kind.Kind, opts ...opt) *Masker {
	t.Helper()
	m, err := New(keysettest.PRF(), field(k, "users.test", "", opts...))
	require.NoError(t, err)
	return m
}

func unmask(t testing.TB, m *Masker, v string) string {
	t.Helper()
	out, err := m.Unmask(context.Background(), okHook, testReq, m.KeyID(), v)
	require.NoError(t, err)
	return out[0]
}

// Independent check-digit code, written apart from card.go on purpose.

// luhnOK: ISO/IEC 7812-1 Annex B, summing from the right.
func luhnOK(digits string) bool {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			d = d * 2
			if d > 9 {
				d = d/10 + d%10
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// myNumberOK: the weights of MIC Ordinance No. 85, Art. 5, from the left
// (the 1st of the 11 digits has weight 6, … the 11th weight 2).
func myNumberOK(digits string) bool {
	weights := [11]int{6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	want := 0
	if r := sum % 11; r > 1 {
		want = 11 - r
	}
	return int(digits[11]-'0') == want
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9':
			b.WriteRune(r)
		case '０' <= r && r <= '９':
			b.WriteRune(r - '０' + '0')
		}
	}
	return b.String()
}

func TestIndependentCheckDigits(t *testing.T) {
	// Public test numbers: a Visa test card and the My Number of the
	// Digital Agency's published sample (123456789018).
	require.True(t, luhnOK("4111111111111111"))
	require.False(t, luhnOK("4111111111111112"))
	require.True(t, myNumberOK("123456789018"))
	require.Equal(t, 8, checkdigit.MyNumber([11]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}))
}

// Generators of random valid values per kind.

func pick(rng *rand.Rand, alphabet []rune) rune { return alphabet[rng.IntN(len(alphabet))] }

func genName(rng *rand.Rand) string {
	kanji, _ := kanjiClasses()
	var words []string
	for range 1 + rng.IntN(3) {
		var b strings.Builder
		n := 1 + rng.IntN(6)
		switch rng.IntN(5) {
		case 0: // Latin, random case
			for range n + 1 {
				r := rune('a' + rng.IntN(26))
				if rng.IntN(3) == 0 {
					r = unicode.ToUpper(r)
				}
				b.WriteRune(r)
			}
		case 1:
			for range n {
				b.WriteRune(0x3041 + rune(rng.IntN(0x56)))
			}
		case 2:
			for range n {
				b.WriteRune(0x30A1 + rune(rng.IntN(0x5A)))
			}
		case 3:
			for range n {
				idx := uint16(rng.IntN(kanji.radix))
				b.WriteRune(kanji.char(idx, 0))
			}
		default: // full-width Latin
			for range n + 1 {
				b.WriteRune('ａ' + rune(rng.IntN(26)))
			}
		}
		words = append(words, b.String())
	}
	return strings.Join(words, []string{" ", "\u3000", "-", "・"}[rng.IntN(4)])
}

func genEmail(rng *rand.Rand) string {
	const local = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+"
	var b strings.Builder
	for i := range 6 + rng.IntN(20) {
		if i > 0 && rng.IntN(6) == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(local[rng.IntN(len(local))])
	}
	domains := []string{"example.com", "Example.CO.JP", "mail.example.org", "例え.jp", "docomo.ne.jp"}
	return b.String() + "@" + domains[rng.IntN(len(domains))]
}

func genDigits(rng *rand.Rand, n int) []byte {
	d := make([]byte, n)
	for i := range d {
		d[i] = byte('0' + rng.IntN(10))
	}
	return d
}

func genCard(rng *rand.Rand) string {
	d := genDigits(rng, 12+rng.IntN(8))
	for x := byte('0'); x <= '9'; x++ {
		d[len(d)-1] = x
		if luhnOK(string(d)) {
			break
		}
	}
	return layoutDigits(rng, string(d))
}

func genMyNumber(rng *rand.Rand) string {
	d := genDigits(rng, 12)
	for x := byte('0'); x <= '9'; x++ {
		d[11] = x
		if myNumberOK(string(d)) {
			break
		}
	}
	return layoutDigits(rng, string(d))
}

func layoutDigits(rng *rand.Rand, d string) string {
	var b strings.Builder
	fw := rng.IntN(4) == 0
	for i, r := range d {
		if i > 0 && i%4 == 0 && rng.IntN(2) == 0 {
			b.WriteString([]string{" ", "-"}[rng.IntN(2)])
		}
		if fw {
			r = r - '0' + '０'
		}
		b.WriteRune(r)
	}
	return b.String()
}

type kindCase struct {
	name  string
	kind  kind.Kind
	opts  []opt
	gen   func(*rand.Rand) string
	check func(t *testing.T, in, out string)
}

func sameShape(t *testing.T, in, out string) {
	t.Helper()
	ri, ro := []rune(in), []rune(out)
	require.Equal(t, len(ri), len(ro), "%q → %q", in, out)
	for i := range ri {
		a, b := ri[i], ro[i]
		for _, tab := range []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Latin, unicode.Nd} {
			require.Equal(t, unicode.Is(tab, a), unicode.Is(tab, b), "position %d of %q → %q", i, in, out)
		}
		require.Equal(t, unicode.IsUpper(a), unicode.IsUpper(b), "case at %d of %q → %q", i, in, out)
		require.Equal(t, utf8.RuneLen(a), utf8.RuneLen(b), "width at %d of %q → %q", i, in, out)
		if !unicode.IsLetter(a) && !unicode.IsDigit(a) {
			require.Equal(t, a, b, "kept character at %d", i)
		}
	}
}

var kindCases = []kindCase{
	{name: "name", kind: kind.Name, gen: genName, check: sameShape},
	{name: "email", kind: kind.Email, gen: genEmail, check: func(t *testing.T, in, out string) {
		sameShape(t, in, out)
		_, err := mail.ParseAddress(out)
		require.NoError(t, err, "net/mail rejects %q", out)
		require.Equal(t, in[strings.LastIndexByte(in, '@'):], out[strings.LastIndexByte(out, '@'):])
	}},
	{name: "email-masked-domain", kind: kind.Email, opts: []opt{withMaskedDomain()}, gen: func(rng *rand.Rand) string {
		s := genEmail(rng)
		return strings.Replace(s, "例え.jp", "example.jp", 1)
	}, check: func(t *testing.T, in, out string) {
		sameShape(t, in, out)
		_, err := mail.ParseAddress(out)
		require.NoError(t, err, "net/mail rejects %q", out)
	}},
	{name: "card", kind: kind.Card, gen: genCard, check: func(t *testing.T, in, out string) {
		sameShape(t, in, out)
		di, do := onlyDigits(in), onlyDigits(out)
		require.True(t, luhnOK(do), "%q not Luhn-valid", out)
		require.Equal(t, di[len(di)-4:], do[len(do)-4:])
		keep := min(6, len(di)-11)
		require.Equal(t, di[:keep], do[:keep])
	}},
	{name: "card-invalid", kind: kind.Card, opts: []opt{withCheckDigit(kind.CheckInvalid)}, gen: genCard, check: func(t *testing.T, in, out string) {
		sameShape(t, in, out)
		require.False(t, luhnOK(onlyDigits(out)), "%q is Luhn-valid", out)
	}},
	{name: "mynumber", kind: kind.MyNumber, gen: genMyNumber, check: func(t *testing.T, in, out string) {
		sameShape(t, in, out)
		require.True(t, myNumberOK(onlyDigits(out)), "%q check digit", out)
	}},
	{name: "mynumber-invalid", kind: kind.MyNumber, opts: []opt{withCheckDigit(kind.CheckInvalid)}, gen: genMyNumber, check: func(t *testing.T, in, out string) {
		sameShape(t, in, out)
		require.False(t, myNumberOK(onlyDigits(out)), "%q check digit", out)
	}},
	{name: "pattern", kind: kind.Pattern, opts: []opt{withPattern(`[A-Z]{2}-[0-9]{7}`)}, gen: func(rng *rand.Rand) string {
		return fmt.Sprintf("%c%c-%s", 'A'+rng.IntN(26), 'A'+rng.IntN(26), genDigits(rng, 7))
	}, check: func(t *testing.T, in, out string) {
		sameShape(t, in, out)
		require.Equal(t, byte('-'), out[2])
	}},
	{name: "pattern-luhn", kind: kind.Pattern, opts: []opt{withPattern(`ID[0-9]{10}`), withCheckScheme(kind.CheckLuhn)}, gen: func(rng *rand.Rand) string {
		d := genDigits(rng, 10)
		for x := byte('0'); x <= '9'; x++ {
			if d[9] = x; luhnOK(string(d)) {
				break
			}
		}
		return "ID" + string(d)
	}, check: func(t *testing.T, in, out string) {
		require.True(t, strings.HasPrefix(out, "ID"))
		require.True(t, luhnOK(out[2:]))
	}},
	{name: "generic-greek", kind: kind.Generic, opts: []opt{withAlphabet("αβγδεζηθικλμνξοπρστυφχψω")}, gen: func(rng *rand.Rand) string {
		greek := []rune("αβγδεζηθικλμνξοπρστυφχψω")
		var b strings.Builder
		for i := range 6 + rng.IntN(10) {
			if i%3 == 2 {
				b.WriteString("/")
			}
			b.WriteRune(pick(rng, greek))
		}
		return b.String()
	}, check: sameShape},
}

// TestRoundTrip masks random values of every kind, checks the format of each
// mask with code independent of the package, and unmasks it back.
func TestRoundTrip(t *testing.T) {
	for _, c := range kindCases {
		t.Run(c.name, func(t *testing.T) {
			m := newMasker(t, c.kind, c.opts...)
			rng := rand.New(rand.NewPCG(7, uint64(len(c.name))))
			changed := 0
			for range 500 {
				in := c.gen(rng)
				out, err := m.Mask(in)
				if errors.Is(err, ErrTooShort) {
					continue
				}
				require.NoError(t, err, "%q", in)
				c.check(t, in, out)
				require.NoError(t, m.Check(out))
				if out != in {
					changed++
				}
				require.Equal(t, in, unmask(t, m, out))
				again, err := m.Mask(in)
				require.NoError(t, err)
				require.Equal(t, out, again, "deterministic")
			}
			require.Greater(t, changed, 400)
		})
	}
}

func TestPhoneLayoutKept(t *testing.T) {
	m := newMasker(t, kind.Phone, withRegion("JP"))
	for _, in := range []string{"090-1234-5678", "+81 90-1234-5678", "０９０−１２３４−５６７８", "(090) 1234 5678", "09012345678", "+81-3-1234-5678", "03-1234-5678"} {
		out, err := m.Mask(in)
		require.NoError(t, err, in)
		ri, ro := []rune(in), []rune(out)
		require.Len(t, ro, len(ri))
		for i := range ri {
			if !unicode.IsDigit(ri[i]) {
				require.Equal(t, ri[i], ro[i], "%q → %q", in, out)
			} else {
				require.True(t, unicode.IsDigit(ro[i]))
				require.Equal(t, utf8.RuneLen(ri[i]), utf8.RuneLen(ro[i]), "width kept")
			}
		}
		require.NotEqual(t, in, out)
		require.Equal(t, in, unmask(t, m, out))
	}
	// The mobile prefix 090 is kept; the next digit is enciphered but stays
	// 1-9 (090-0… would not be a mobile number).
	out, err := m.Mask("090-1234-5678")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(out, "090-"), out)
	require.NotEqual(t, byte('0'), out[4], out)
	// National and international forms of one number mask alike.
	intl, err := m.Mask("+81 90-1234-5678")
	require.NoError(t, err)
	require.Equal(t, onlyDigits(out)[1:], onlyDigits(intl)[2:])
}

func TestTweakBindsKeptParts(t *testing.T) {
	e := newMasker(t, kind.Email)
	a, err := e.Mask("taro.yamada@example.com")
	require.NoError(t, err)
	b, err := e.Mask("taro.yamada@example.org")
	require.NoError(t, err)
	require.NotEqual(t, a[:11], b[:11], "same local part, different domain: unrelated")
	c, err := e.Mask("taro.yamada@EXAMPLE.com")
	require.NoError(t, err)
	require.Equal(t, a[:11], c[:11], "domains compare without case")
	idn, err := e.Mask("taro.yamada@例え.jp")
	require.NoError(t, err)
	puny, err := e.Mask("taro.yamada@xn--r8jz45g.jp")
	require.NoError(t, err)
	require.Equal(t, idn[:11], puny[:11], "a domain and its A-label mask alike")

	p := newMasker(t, kind.Phone, withRegion("JP"))
	x, err := p.Mask("090-1234-5678")
	require.NoError(t, err)
	y, err := p.Mask("080-1234-5678")
	require.NoError(t, err)
	require.NotEqual(t, x[5:], y[5:], "same subscriber digits, other prefix: unrelated")

	n := newMasker(t, kind.Name)
	u, err := n.Mask("Taro Yamada")
	require.NoError(t, err)
	l, err := n.Mask("TARO YAMADA")
	require.NoError(t, err)
	require.Equal(t, strings.ToUpper(u), l, "case is kept, letters are the same")
}

func TestDomainAndScopeSeparation(t *testing.T) {
	mk := func(domain, scope string) string {
		m, err := New(keysettest.PRF(), field(kind.Name, domain, scope))
		require.NoError(t, err)
		out, err := m.Mask("Yamada Taro")
		require.NoError(t, err)
		return out
	}
	a, b, c := mk("users.name", ""), mk("staff.name", ""), mk("users.name", "acme")
	require.NotEqual(t, a, b)
	require.NotEqual(t, a, c)
	require.Equal(t, a, mk("users.name", ""))
}

func TestShortValues(t *testing.T) {
	m := newMasker(t, kind.Name)
	_, err := m.Mask("Taro")
	require.ErrorIs(t, err, ErrTooShort, "26^4 < 1,000,000")
	out, err := m.Mask("Taro Yamada")
	require.NoError(t, err, "the whole name is one FF1 input")
	require.Equal(t, "Taro Yamada", unmask(t, m, out))

	s := newMasker(t, kind.Name, allowIrreversibleShort())
	for _, in := range []string{"Taro", "Al", "太", "ゆ", "Jo-Li"} {
		r, err := s.MaskResult(in)
		require.NoError(t, err, in)
		require.True(t, r.Irreversible, in)
		require.NotEqual(t, in, r.Value, "never the clear value")
		sameShape(t, in, r.Value)
		again, err := s.MaskResult(in)
		require.NoError(t, err)
		require.Equal(t, r, again, "deterministic")
		_, err = s.Unmask(context.Background(), okHook, testReq, s.KeyID(), r.Value)
		require.ErrorIs(t, err, ErrTooShort)
	}
	r, err := s.MaskResult("Taro Yamada")
	require.NoError(t, err)
	require.False(t, r.Irreversible)

	// Every 1-letter substitution differs from its input.
	for c := 'a'; c <= 'z'; c++ {
		r, err := s.MaskResult(string(c))
		require.NoError(t, err)
		require.NotEqual(t, string(c), r.Value)
	}
	e := newMasker(t, kind.Email)
	_, err = e.Mask("jo@example.com")
	require.ErrorIs(t, err, ErrTooShort)
}

func TestCardKeep(t *testing.T) {
	m := newMasker(t, kind.Card)
	out, err := m.Mask("4111 1111 1111 1111")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(out, "4111 1"), "16 digits with a check digit: 5 leading digits kept so 6 are enciphered")
	require.True(t, strings.HasSuffix(out, "1111"))
	d19 := []byte("6011000990139424120")
	for d19[18] = '0'; !luhnOK(string(d19)); d19[18]++ {
	}
	out19, err := m.Mask(string(d19))
	require.NoError(t, err)
	require.Equal(t, "601100", out19[:6], "19 digits: the first 6 are kept")

	x := newMasker(t, kind.Card, withCardKeep(6, 4))
	_, err = x.Mask("4111111111111111")
	require.ErrorIs(t, err, ErrTooShort, "explicit 6+4 on 16 digits leaves 5 to encipher")
	y := newMasker(t, kind.Card, withCardKeep(0, 0))
	out, err = y.Mask("4111111111111111")
	require.NoError(t, err)
	require.True(t, luhnOK(out))
	require.Equal(t, "4111111111111111", unmask(t, y, out))
}

func TestCheckDetectsForeignValues(t *testing.T) {
	valid := newMasker(t, kind.Card)
	invalid := newMasker(t, kind.Card, withCheckDigit(kind.CheckInvalid))
	a, err := valid.Mask("4111111111111111")
	require.NoError(t, err)
	b, err := invalid.Mask("4111111111111111")
	require.NoError(t, err)
	require.ErrorIs(t, invalid.Check(a), ErrCheckDigit, "a Luhn-valid number was not made by the invalid-mode masker")
	require.ErrorIs(t, valid.Check(b), ErrCheckDigit)
	_, err = valid.Unmask(context.Background(), okHook, testReq, valid.KeyID(), b)
	require.ErrorIs(t, err, ErrCheckDigit)

	mn := newMasker(t, kind.MyNumber, withCheckDigit(kind.CheckInvalid))
	require.ErrorIs(t, mn.Check("123456789018"), ErrCheckDigit, "a real My Number is not an output of the invalid mode")
}

func TestKeyRotation(t *testing.T) {
	old, err := New(keysettest.PRF(), field(kind.Email, "users.email", ""))
	require.NoError(t, err)
	rot, err := New(keysettest.PRFRotated(), field(kind.Email, "users.email", ""))
	require.NoError(t, err)
	require.Equal(t, keysettest.PRFKeyID, old.KeyID())
	require.Equal(t, keysettest.PRFRotatedPrimaryKeyID, rot.KeyID())
	in := "hanako.suzuki@example.com"
	a, err := old.Mask(in)
	require.NoError(t, err)
	b, err := rot.Mask(in)
	require.NoError(t, err)
	require.NotEqual(t, a, b, "new masks use the new primary key")
	// Old masks unmask with the rotated keyset and the old key ID.
	got, err := rot.Unmask(context.Background(), okHook, testReq, keysettest.PRFKeyID, a)
	require.NoError(t, err)
	require.Equal(t, in, got[0])
	// The wrong key gives a wrong but well-formed value.
	wrong, err := rot.Unmask(context.Background(), okHook, testReq, rot.KeyID(), a)
	require.NoError(t, err)
	require.NotEqual(t, in, wrong[0])
	_, err = mail.ParseAddress(wrong[0])
	require.NoError(t, err)
	_, err = rot.Unmask(context.Background(), okHook, testReq, 12345, a)
	require.ErrorIs(t, err, ErrKey)
	require.ErrorIs(t, err, derive.ErrUnknownKey)
}

func TestUnmaskAudit(t *testing.T) {
	m := newMasker(t, kind.Name)
	out, err := m.Mask("Yamada Taro")
	require.NoError(t, err)
	var got []audit.Event
	var mu sync.Mutex
	hook := func(_ context.Context, e audit.Event) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, e)
		return nil
	}
	vals, err := m.Unmask(context.Background(), hook, audit.Request{Actor: "alice", Reason: "TICKET-1"}, m.KeyID(), out, out)
	require.NoError(t, err)
	require.Equal(t, []string{"Yamada Taro", "Yamada Taro"}, vals)
	require.Len(t, got, 1)
	require.Equal(t, "unmask", got[0].Operation)
	require.Equal(t, "name", got[0].Kind)
	require.Equal(t, "users.test", got[0].Domain)
	require.Equal(t, 2, got[0].Count)
	require.Equal(t, []uint32{m.KeyID()}, got[0].KeyIDs)
	require.Equal(t, "alice", got[0].Actor)

	_, err = m.Unmask(context.Background(), hook, audit.Request{}, m.KeyID(), out)
	require.ErrorIs(t, err, audit.ErrBadRequest)
	vals, err = m.Unmask(context.Background(), func(context.Context, audit.Event) error { return errors.New("down") }, testReq, m.KeyID(), out)
	require.ErrorIs(t, err, audit.ErrHookFailed)
	require.Nil(t, vals)
	_, err = m.Unmask(context.Background(), nil, testReq, m.KeyID(), out)
	require.ErrorIs(t, err, audit.ErrHookFailed)
	// A bad value reveals nothing and reports nothing.
	got = nil
	_, err = m.Unmask(context.Background(), hook, testReq, m.KeyID(), out, "Яков")
	require.ErrorIs(t, err, ErrUnsupportedChar)
	require.Contains(t, err.Error(), "value 1")
	require.Empty(t, got)
}

// TestErrors: every bad input is a typed error whose text does not contain
// the input.
func TestErrors(t *testing.T) {
	cases := []struct {
		kind kind.Kind
		opts []opt
		in   string
		want error
	}{
		{kind.Name, nil, "Yamada\xffTaro", ErrInvalidUTF8},
		{kind.Name, nil, "Яков Петров", ErrUnsupportedChar},
		{kind.Name, nil, "Yamada Taro 😀", ErrUnsupportedChar},
		{kind.Name, nil, strings.Repeat("Yamada", 200), ErrTooLong},
		{kind.Name, nil, "   ", ErrTooShort},
		{kind.Email, nil, "taro.yamada.example.com", errNotEmail},
		{kind.Email, nil, "taro@localhost", errNotEmail},
		{kind.Email, nil, "taro@example.com (Hanako Suzuki)", errNotEmail},
		{kind.Email, nil, "taro@b@example.com", errNotEmail},
		{kind.Email, nil, "tarö@example.com", ErrUnsupportedChar},
		{kind.Email, nil, "taro yamada@example.com", errNotEmail},
		{kind.Email, nil, "taroyamada@exa_mple.com", errNotEmail},
		{kind.Email, nil, strings.Repeat("a", 65) + "@example.com", ErrTooLong},
		{kind.Email, []opt{withMaskedDomain()}, "taroyamada@例え.jp", ErrUnsupportedChar},
		{kind.Email, []opt{withMaskedDomain()}, "taroyamada@co.jp", ErrUnsupportedChar},
		{kind.Phone, []opt{withRegion("JP")}, "+81 12-34", errNotPhone},
		{kind.Phone, []opt{withRegion("JP")}, "090-1234-5678 ext. 12", errNotPhone},
		{kind.Phone, []opt{withRegion("JP")}, "call 09012345678", errNotPhone},
		{kind.Phone, []opt{withRegion("JP")}, "0901234+5678", errNotPhone},
		{kind.Phone, nil, "09012345678", errNotPhone},
		{kind.Phone, nil, "+999 1234 5678", errNotPhone},
		{kind.Card, nil, "4111 1111 1111 1112", ErrCheckDigit},
		{kind.Card, nil, "4111 1111 111", errNotCard},
		{kind.Card, nil, "4111.1111.1111.1111", errNotCard},
		{kind.MyNumber, nil, "123456789019", ErrCheckDigit},
		{kind.MyNumber, nil, "12345678901", errNotMyNumber},
		{kind.Pattern, []opt{withPattern(`[A-Z]{2}-[0-9]{7}`)}, "AB1234567", errNoMatch},
		{kind.Pattern, []opt{withPattern(`[A-Z]{2}-[0-9]{7}`)}, "ab-1234567", errNoMatch},
		{kind.Pattern, []opt{withPattern(`[A-Z]{2}-[0-9]{7}`)}, "AB-12345678", errNoMatch},
		{kind.Generic, []opt{withAlphabet("0123456789")}, "12345", ErrTooShort},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			m := newMasker(t, c.kind, c.opts...)
			out, err := m.Mask(c.in)
			require.ErrorIs(t, err, c.want, "%q", c.in)
			require.Empty(t, out)
			msg := err.Error()
			// This package's errors start with "mask: "; the value errors
			// it shares with package tokenize carry no package prefix.
			if shared := c.want == ErrEmpty || c.want == ErrTooLong || c.want == ErrInvalidUTF8; !shared {
				require.True(t, strings.HasPrefix(msg, "mask: "), msg)
			}
			for _, part := range strings.FieldsFunc(c.in, func(r rune) bool { return r == ' ' || r == '-' || r == '@' || r == '.' }) {
				if utf8.RuneCountInString(part) >= 4 {
					require.NotContains(t, msg, part)
				}
			}
			require.ErrorIs(t, m.Check(c.in), c.want)
		})
	}
}

func TestOptionErrors(t *testing.T) {
	for _, c := range []struct {
		kind kind.Kind
		opts []opt
	}{
		{"ssn", nil},
		{kind.Name, []opt{withRegion("JP")}},
		{kind.Phone, []opt{withRegion("XX")}},
		{kind.Phone, []opt{withPhoneKeep(-1)}},
		{kind.Card, []opt{withCardKeep(-1, 4)}},
		{kind.Card, []opt{withCheckDigit(7)}},
		{kind.Pattern, nil},
		{kind.Pattern, []opt{withPattern(`[A-Z`)}},
		{kind.Pattern, []opt{withPattern(`[A]{2}`)}},
		{kind.Pattern, []opt{withPattern(`[A-Z]{0}`)}},
		{kind.Pattern, []opt{withPattern(`[0-9]{5}`), withCheckScheme(kind.CheckMyNumber)}},
		{kind.Pattern, []opt{withPattern(`[0-9]{5}`), withCheckDigit(kind.CheckInvalid)}},
		{kind.Generic, nil},
		{kind.Generic, []opt{withAlphabet("a")}},
		{kind.Generic, []opt{withAlphabet("abca")}},
	} {
		_, err := New(keysettest.PRF(), field(c.kind, "users.test", "", c.opts...))
		require.Error(t, err, "%s %v", c.kind, c.opts)
		require.True(t, errors.Is(err, kind.ErrOption) || errors.Is(err, kind.ErrUnknown), "%v", err)
	}
	_, err := New(keysettest.PRF(), field(kind.Name, "users/name", ""))
	require.ErrorIs(t, err, derive.ErrInvalidDomain)
	require.True(t, strings.HasPrefix(err.Error(), "mask: "), err.Error())
	_, err = New(keysettest.PRF(), field(kind.Name, "users.name", "a b"))
	require.ErrorIs(t, err, derive.ErrInvalidScope)
	require.True(t, strings.HasPrefix(err.Error(), "mask: "), err.Error())
	_, err = New(keysettest.DeterministicAEAD(), field(kind.Name, "users.name", ""))
	require.Error(t, err, "not a PRF keyset")
	require.True(t, strings.HasPrefix(err.Error(), "mask: "), err.Error())
	_, err = New(keysettest.PRF(), field("ssn", "users.ssn", ""))
	require.ErrorIs(t, err, kind.ErrUnknown)
	require.ErrorIs(t, err, kind.ErrOption)
}

func TestStringShowsNoKey(t *testing.T) {
	m := newMasker(t, kind.Name)
	s := fmt.Sprintf("%v %+v %s", m, m, m)
	require.Contains(t, s, "kind: name")
	require.NotContains(t, strings.ToLower(s), "keyvalue")
	require.Less(t, len(s), 400)
}

func TestConcurrent(t *testing.T) {
	m, err := New(keysettest.PRFRotated(), field(kind.Phone, "users.phone", "", withRegion("JP")))
	require.NoError(t, err)
	want, err := m.Mask("090-1234-5678")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				got, err := m.Mask("090-1234-5678")
				if err != nil || got != want {
					t.Errorf("concurrent mask: %q, %v", got, err)
					return
				}
				// Unmask with the old key derives its cipher concurrently.
				if _, err := m.Unmask(context.Background(), okHook, testReq, keysettest.PRFKeyID, want); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestAlphabets(t *testing.T) {
	kanji, other := kanjiClasses()
	for _, c := range []struct {
		name  string
		c     *class
		size  int
		table *unicode.RangeTable
	}{
		{"hiragana", hiraganaClass, 74, unicode.Hiragana},
		{"small hiragana", smallHiraganaClass, 12, unicode.Hiragana},
		{"katakana", katakanaClass, 78, unicode.Katakana},
		{"small katakana", smallKatakanaClass, 12, unicode.Katakana},
		{"half-width katakana", halfKatakanaClass, 46, unicode.Katakana},
		{"small half-width katakana", smallHalfKatakana, 9, unicode.Katakana},
		{"kanji (JIS X 0208)", kanji, 6355, unicode.Han},
		{"other kanji", other, 64421, unicode.Han},
		{"latin-1 upper", latin1UpperClass, 30, unicode.Latin},
		{"latin-1 lower", latin1LowerClass, 32, unicode.Latin},
	} {
		require.Equal(t, c.size, c.c.radix, c.name)
		for n := range c.c.radix {
			r := c.c.char(uint16(n), 0)
			require.True(t, unicode.Is(c.table, r), "%s: %U", c.name, r)
			back, ok := c.c.index(r)
			require.True(t, ok)
			require.Equal(t, uint16(n), back)
		}
	}
	// JIS X 0208 level 1 starts with 亜 (row 16 cell 1) and level 2 ends with 熙 (row 84 cell 6).
	_, ok := kanji.index('亜')
	require.True(t, ok)
	_, ok = kanji.index('熙')
	require.True(t, ok)
	_, ok = kanji.index('髙') // an IBM extension, not JIS X 0208
	require.False(t, ok)
	_, ok = other.index('髙')
	require.True(t, ok)
}

// A masked domain keeps its public suffix, and the labels the suffix depends
// on (exception rules such as !city.kawasaki.jp under *.kawasaki.jp).
func TestMaskedDomainSuffix(t *testing.T) {
	m := newMasker(t, kind.Email, withMaskedDomain())
	for in, suffix := range map[string]string{
		"taro@abc.foo.kawasaki.jp":         ".foo.kawasaki.jp",
		"taro.yamada@www.city.kawasaki.jp": ".city.kawasaki.jp",
		"hanako@shop.example.co.uk":        ".co.uk",
		"hanako@shop.example.com":          ".com",
	} {
		out, err := m.Mask(in)
		require.NoError(t, err, in)
		require.True(t, strings.HasSuffix(out, suffix), "%q → %q", in, out)
		require.NotEqual(t, in, out)
		require.Equal(t, in, unmask(t, m, out))
	}
}

// text is string(runes): the same UTF-8, an invalid rune as U+FFFD.
func TestFormText(t *testing.T) {
	f := getForm()
	defer putForm(f)
	for _, rs := range [][]rune{nil, []rune("John Smith"), []rune("山田 太郎"), []rune("Müller😀"),
		{-1, 'a', 0xD800, 0x110000, 'é'}} {
		f.runes = append(f.runes[:0], rs...)
		if got, want := f.text(), string(rs); got != want {
			t.Errorf("text(%U) = %q, want %q", rs, got, want)
		}
	}
}
