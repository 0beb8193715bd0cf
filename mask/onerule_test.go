package mask

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

// TestOneRulePerKind: masks (keyed and display) and tokens (normalization)
// agree on what a phone number, an email, a name and an ID are. A value
// normalization refuses, every mask refuses; a value it accepts, a mask
// masks or refuses only as valid but impossible to carry (ErrUnsupportedChar,
// ErrTooShort, a phone form it does not rewrite). Issue 14, items 3 and 17.
func TestOneRulePerKind(t *testing.T) {
	cases := []struct {
		nk     normalize.Kind
		kind   kind.Kind
		opts   []opt
		inputs []string
	}{
		{normalize.Phone, kind.Phone, []opt{withRegion("JP")}, []string{
			"090-1234-5678", "+81 90 1234 5678", "０９０－１２３４－５６７８", "tel:+1-650-253-0000", "TEL:090-1234-5678",
			"090-1234-5678 Taro", "090-1234-5678 8276", "090-1234-TARO", "1-800-FLOWERS", "090-1234-5678 ext. 12",
			"tel:+1-650-253-0000;ext=1", "٠٩٠١٢٣٤٥٦٧٨", "⓪⑨⓪①②③④⑤⑥⑦⑧", "\t090-1234-5678", "090-1234-5678\n",
			"+81 90 1234 5678 (Hanako)", "+999 1234 5678", "12", "", " ", "(03) 1234-5678", "+81 0000000",
		}},
		{normalize.Email, kind.Email, nil, []string{
			"taro.yamada@example.com", "Taro..Yamada.@docomo.ne.jp", ".taro@example.com", "taro@例え.jp",
			"tel:+1-650-253-0000", "x@example.com (Hanako Suzuki, 090-1234-5678)", "x@localhost", "a@b@example.com",
			"@example.com", "taro@", "taro yamada@example.com", " taro@example.com ", "ｔａｒｏ＠example.com",
			"tarö@example.com", "ta\u200bro@example.com", "taro@exa_mple.com", "", "taro@example.com.",
		}},
		{normalize.Name, kind.Name, nil, []string{
			"Yamada Taro", "山田 太郎", "Taro\x00", "", "   ", "Zoë 👨‍👩‍👧", "O'Brien-Smith",
		}},
		{normalize.ID, kind.Generic, []opt{withAlphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}, []string{
			"AB-1234567", "ab\x07cd1234567", "- -", "", "①②③④⑤⑥⑦",
		}},
	}
	for _, c := range cases {
		n, err := normalize.New(c.nk, normalize.Options{Region: map[bool]string{true: "JP"}[c.nk == normalize.Phone]})
		require.NoError(t, err)
		m := newMasker(t, c.kind, c.opts...)
		for _, v := range c.inputs {
			_, nerr := n.Normalize(v)
			_, merr := m.Mask(v)
			derr := Valid(c.kind, v) // what display masks accept
			if nerr != nil {
				require.Error(t, merr, "%s %q: tokens refuse, mask accepts", c.kind, v)
				require.Error(t, derr, "%s %q: tokens refuse, display accepts", c.kind, v)
				continue
			}
			require.NoError(t, derr, "%s %q: tokens accept, display refuses", c.kind, v)
			if merr != nil && !errors.Is(merr, ErrUnsupportedChar) && !errors.Is(merr, ErrTooShort) &&
				!errors.Is(merr, errPhoneUnsupported) {
				t.Errorf("%s %q: tokens accept, mask refuses with %v", c.kind, v, merr)
			}
		}
	}
}

// TestPhoneLettersNeverCollide: the numbers phonenumbers reads the same
// (keypad letters) are refused, so they cannot share a token or mask.
func TestPhoneLettersNeverCollide(t *testing.T) {
	m := newMasker(t, kind.Phone, withRegion("JP"))
	n, err := normalize.New(normalize.Phone, normalize.Options{Region: "JP"})
	require.NoError(t, err)
	_, err = n.Normalize("090-1234-5678 Taro")
	require.ErrorIs(t, err, normalize.ErrInvalid)
	_, err = m.Mask("090-1234-5678 Taro")
	require.ErrorIs(t, err, errNotPhone)
}

func TestMaskTelPrefixKept(t *testing.T) {
	m := newMasker(t, kind.Phone, withRegion("JP"))
	plain, err := m.Mask("+1-650-253-0000")
	require.NoError(t, err)
	tel, err := m.Mask("tel:+1-650-253-0000")
	require.NoError(t, err)
	require.Equal(t, "tel:"+plain, tel)
	require.Equal(t, "tel:+1-650-253-0000", unmask(t, m, tel))

	e := newMasker(t, kind.Email)
	out, err := e.Mask("Taro..Yamada.@docomo.ne.jp")
	require.NoError(t, err)
	require.Regexp(t, `^[A-Z][a-z]{3}\.\.[A-Z][a-z]{5}\.@docomo\.ne\.jp$`, out)
	require.Equal(t, "Taro..Yamada.@docomo.ne.jp", unmask(t, e, out))
}

// TestUnsafeAlphabetsRefused: an alphabet or pattern class that holds a
// formula character could make a masked cell start with one where the input
// did not (CSV injection); invisible, space and combining characters would
// write what the reader cannot see. They are refused (issue 14, item 19).
func TestUnsafeAlphabetsRefused(t *testing.T) {
	for _, a := range []string{"0123456789-", "+0123456789", "abc=", "ab@", "ab|", "ab%", "ab\t", "ab\r", "ab ", "ab\u3000",
		"ab\u200b", "ab\u0301", "ab＋", "ab－", "ab\u2212", "ab\x00", "ab\uE000"} {
		_, err := New(keysettest.PRF(), field(kind.Generic, "alpha.test", "", withAlphabet(a)))
		require.ErrorIs(t, err, safechar.ErrUnsafe, "%q", a)
		_, err = New(keysettest.PRF(), field(kind.Pattern, "alpha.test", "", withPattern("["+strings.ReplaceAll(a, "-", `\-`)+"]{8}")))
		require.ErrorIs(t, err, safechar.ErrUnsafe, "%q", a)
	}
	// Literals are kept, never written where the input had another
	// character: `-` and `+` stay usable there.
	_, err := New(keysettest.PRF(), field(kind.Pattern, "alpha.test", "", withPattern(`\+[0-9]{7}-[A-Z]{2}`)))
	require.NoError(t, err)
	_, err = New(keysettest.PRF(), field(kind.Pattern, "alpha.test", "", withPattern("[\uD7F0-\uE010]{8}")))
	require.ErrorIs(t, err, safechar.ErrUnsafe) // surrogates and private use
}

// A control character makes a value not of its kind: the error is an
// invalid value that says so, not ErrUnsupportedChar (which is for values
// of the kind that no alphabet carries).
func TestControlCharIsInvalid(t *testing.T) {
	for _, c := range []struct {
		k kind.Kind
		v string
		m *Masker
	}{
		{kind.Name, "Taro\x00", newMasker(t, kind.Name)},
		{kind.ID, "AB\x071234567", newMasker(t, kind.Generic, withAlphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))},
		{kind.ID, "AB\u009f1234567", newMasker(t, kind.Generic, withAlphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))},
	} {
		_, merr := c.m.Mask(c.v)
		for _, err := range []error{Valid(c.k, c.v), merr} {
			require.ErrorIs(t, err, ErrInvalidValue, "%q", c.v)
			require.NotErrorIs(t, err, ErrUnsupportedChar, "%q", c.v)
			require.ErrorContains(t, err, "control character")
		}
	}
}
