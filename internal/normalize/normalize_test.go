package normalize_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/normalize"
)

func mustNew(t *testing.T, k normalize.Kind, region string) *normalize.Normalizer {
	t.Helper()
	n, err := normalize.New(k, normalize.Options{Region: region})
	require.NoError(t, err)
	return n
}

// equivalent checks that every input normalizes to want, and that want is a
// fixed point.
func equivalent(t *testing.T, n *normalize.Normalizer, want string, inputs ...string) {
	t.Helper()
	for _, in := range inputs {
		got, err := n.Normalize(in)
		require.NoError(t, err, "input %q", in)
		require.Equal(t, want, got, "input %q", in)
	}
	again, err := n.Normalize(want)
	require.NoError(t, err)
	require.Equal(t, want, again, "not idempotent")
}

func TestEmailEquivalences(t *testing.T) {
	n := mustNew(t, normalize.Email, "")
	equivalent(t, n, "taro.yamada@example.com",
		"Taro.Yamada@Example.COM",
		"taro.yamada@example.com",
		"  TARO.YAMADA@EXAMPLE.COM\t",
		"ＴＡＲＯ．ＹＡＭＡＤＡ＠ＥＸＡＭＰＬＥ．ＣＯＭ",             // full-width forms
		"\u3000taro.yamada@example.com\u3000", // ideographic spaces
		"taro.yamada@example\u3002com",        // ideographic full stop (UTS #46 maps it to '.')
	)
	// Addresses of older Japanese carriers with leading, trailing and
	// repeated dots in the local part stay as they are (but lower case).
	equivalent(t, n, "taro..yamada.@docomo.ne.jp", "Taro..Yamada.@docomo.ne.jp")
	// Plus tags and dots are not provider-specifically removed.
	equivalent(t, n, "taro+news@example.com", "Taro+News@example.com")
}

// TestEmailIDNA checks international domains against the examples of UTS #46
// and RFC 3492 (independent of our code): 例え.テスト is xn--r8jz45g.xn--zckzah,
// and nontransitional processing keeps ß (faß.de is xn--fa-hia.de).
func TestEmailIDNA(t *testing.T) {
	n := mustNew(t, normalize.Email, "")
	equivalent(t, n, "user@xn--r8jz45g.xn--zckzah", "user@例え.テスト", "USER@例え。テスト", "user@XN--R8JZ45G.xn--zckzah")
	equivalent(t, n, "user@xn--fa-hia.de", "user@faß.de", "user@faß.DE")
	// Unicode local parts (RFC 6531) are fully case folded (ß is ss).
	equivalent(t, n, "strasse@example.com", "STRAßE@example.com", "Strasse@example.com")
	equivalent(t, n, "やまだ@example.jp", "やまだ@EXAMPLE.JP")
}

func TestEmailInvalid(t *testing.T) {
	n := mustNew(t, normalize.Email, "")
	for _, in := range []string{
		"taro.yamada",                              // no @
		"taro@yamada@example.com",                  // two @
		"@example.com",                             // empty local part
		"taro@",                                    // empty domain
		"taro@localhost",                           // one label
		"taro yamada@example.com",                  // space in local part
		"\"taro\"@example.com",                     // quoted local part
		"taro@exa_mple.com",                        // not LDH
		"taro@-example.com",                        // leading hyphen
		"taro@example.com.",                        // trailing dot
		"taro@example..com",                        // empty label
		"taro@[192.0.2.1]",                         // address literal
		"taro@xn--zz.com",                          // bad punycode
		"taro@" + strings.Repeat("a", 64) + ".com", // label too long
	} {
		_, err := n.Normalize(in)
		require.ErrorIs(t, err, normalize.ErrInvalid, "input %q", in)
		require.NotContains(t, err.Error(), "taro", "error repeats the value")
		require.NotContains(t, err.Error(), "example", "error repeats the value")
	}
	_, err := n.Normalize(strings.Repeat("a", 65) + "@example.com")
	require.ErrorIs(t, err, normalize.ErrTooLong)
	_, err = n.Normalize(strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 62) + ".com")
	require.ErrorIs(t, err, normalize.ErrTooLong)
}

func TestPhoneEquivalences(t *testing.T) {
	jp := mustNew(t, normalize.Phone, "JP")
	equivalent(t, jp, "+819012345678",
		"090-1234-5678",
		"+81 90 1234 5678",
		"０９０－１２３４－５６７８", // full-width digits and hyphens
		"(090) 1234-5678",
		"090.1234.5678",
		"＋８１　９０　１２３４　５６７８",
		"  09012345678 ",
		"tel:+81-90-1234-5678",
	)
	equivalent(t, jp, "+81312345678", "03-1234-5678", "(03)1234-5678", "+81 3 1234 5678")
	equivalent(t, jp, "+16502530000", "+1 650-253-0000", "+1 (650) 253 0000")

	us := mustNew(t, normalize.Phone, "us")
	require.Equal(t, "US", us.Region())
	equivalent(t, us, "+16502530000", "(650) 253-0000", "650.253.0000")

	// Without a region only the international form parses.
	none := mustNew(t, normalize.Phone, "")
	equivalent(t, none, "+819012345678", "+81 90-1234-5678")
	_, err := none.Normalize("090-1234-5678")
	require.ErrorIs(t, err, normalize.ErrInvalid)
}

func TestPhoneInvalid(t *testing.T) {
	jp := mustNew(t, normalize.Phone, "JP")
	for _, in := range []string{
		"taro.yamada@example.com",
		"hello",
		"12",
		"+81 90 1234 5678 ext. 12",
		"090-1234-5678 #99",
		"+81 90 1234 5678 9999 9999",
		"090\x001234\x005678",
	} {
		_, err := jp.Normalize(in)
		require.ErrorIs(t, err, normalize.ErrInvalid, "input %q", in)
		require.NotContains(t, err.Error(), "1234")
	}
	_, err := normalize.New(normalize.Phone, normalize.Options{Region: "XX"})
	require.ErrorIs(t, err, normalize.ErrRegion)
	_, err = normalize.New(normalize.Phone, normalize.Options{Region: "JPN"})
	require.ErrorIs(t, err, normalize.ErrRegion)
	_, err = normalize.New(normalize.Email, normalize.Options{Region: "JP"})
	require.Error(t, err)
}

func TestNameEquivalences(t *testing.T) {
	n := mustNew(t, normalize.Name, "")
	equivalent(t, n, "taro yamada", "Taro Yamada", "  TARO \t YAMADA\n", "ＴＡＲＯ　ＹＡＭＡＤＡ", "Ta\u200bro Yamada", "taro\u00a0yamada")
	equivalent(t, n, "山田 太郎", "山田　太郎", " 山田  太郎 ")
	// Half-width katakana (with separate voiced marks) become full-width.
	equivalent(t, n, "ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ")
	equivalent(t, n, "ジョン・スミス", "ｼﾞｮﾝ･ｽﾐｽ", "ジョン・スミス")
	// Hiragana and katakana are different names here.
	h, err := n.Normalize("やまだ たろう")
	require.NoError(t, err)
	require.Equal(t, "やまだ たろう", h)
	// Full case folding: ß folds to ss.
	equivalent(t, n, "strasse", "Straße", "STRASSE")
	equivalent(t, n, "josé garcía", "JOSÉ GARCÍA", "Jose\u0301 Garci\u0301a")
}

func TestIDEquivalences(t *testing.T) {
	n := mustNew(t, normalize.ID, "")
	equivalent(t, n, "123456789012", "1234-5678-9012", "1234 5678 9012", "１２３４－５６７８－９０１２", "１２３４　５６７８　９０１２", "1234–5678—9012", "1234ー5678ー9012")
	// Case is kept.
	equivalent(t, n, "AB1234567", "AB-1234567", "ＡＢ１２３４５６７")
	equivalent(t, n, "ab1234567", "ab 1234567")
	// Dots and underscores are part of an ID (LINE IDs have them).
	equivalent(t, n, "taro.y_1", "taro.y_1")
}

func TestCommonErrors(t *testing.T) {
	for _, k := range []normalize.Kind{normalize.Name, normalize.Phone, normalize.Email, normalize.ID} {
		t.Run(k.String(), func(t *testing.T) {
			n := mustNew(t, k, "")
			_, err := n.Normalize("")
			require.ErrorIs(t, err, normalize.ErrEmpty)
			_, err = n.Normalize(" \t　")
			require.ErrorIs(t, err, normalize.ErrEmpty)
			_, err = n.Normalize("ab\xffcd@example.com")
			require.ErrorIs(t, err, normalize.ErrInvalidUTF8)
			require.NotContains(t, err.Error(), "ab")
			_, err = n.Normalize(strings.Repeat("a", normalize.MaxLen+1))
			require.ErrorIs(t, err, normalize.ErrTooLong)
			// On error dst is returned unchanged.
			dst := []byte("keep")
			out, err := n.Append(dst, "")
			require.Error(t, err)
			require.Equal(t, "keep", string(out))
		})
	}
	// NFKC can grow a value 18-fold (U+FDFA): the normalized form is
	// limited too.
	n := mustNew(t, normalize.Name, "")
	_, err := n.Normalize(strings.Repeat("\ufdfa", 100))
	require.ErrorIs(t, err, normalize.ErrTooLong)
	_, err = n.Normalize("taro\x00yamada")
	require.ErrorIs(t, err, normalize.ErrInvalid)
	_, err = n.Normalize("山田\x1b太郎")
	require.ErrorIs(t, err, normalize.ErrInvalid)
	id := mustNew(t, normalize.ID, "")
	_, err = id.Normalize("12\x0034")
	require.ErrorIs(t, err, normalize.ErrInvalid)
	_, err = id.Normalize("ー－ - ")
	require.ErrorIs(t, err, normalize.ErrEmpty)
}

func TestKind(t *testing.T) {
	for _, s := range []string{"name", "phone", "email", "id"} {
		k, err := normalize.ParseKind(s)
		require.NoError(t, err)
		require.True(t, k.Valid())
		require.Equal(t, s, k.String())
	}
	for _, s := range []string{"", "Name", "card", "emails"} {
		_, err := normalize.ParseKind(s)
		require.ErrorIs(t, err, normalize.ErrUnknownKind)
	}
	require.Equal(t, "invalid", normalize.Kind(0).String())
	require.Equal(t, "invalid", normalize.Kind(9).String())
	_, err := normalize.New(normalize.Kind(0), normalize.Options{})
	require.ErrorIs(t, err, normalize.ErrUnknownKind)
}
