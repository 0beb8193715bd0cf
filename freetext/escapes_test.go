package freetext_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/keyset/keysettest"
)

// Values in key=value log lines and in escaped or URL-encoded text are
// replaced or refused, never passed. Before, a phone after '=' was skipped
// as "not a phone", and escapes hid names and emails from the finders.
func TestKeyValueAndEscapes(t *testing.T) {
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{Region: "JP"})
	require.NoError(t, err)
	for _, text := range []string{"tel=090-1234-5678", "a&phone=09012345678&x=1", "phone＝090-1234-5678"} {
		out, err := p.Protect(text)
		require.NoError(t, err, text)
		require.NotContains(t, out, "1234-5678", text)
		require.NotContains(t, out, "12345678", text)
	}
	for _, text := range []string{
		`{"name":"\u5c71\u7530\u592a\u90ce"}`,
		`tel \uFF10\uff19\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18`,
		`GET /login?email=taro.yamada%40example.jp`,
		`mail: taro.yamada&#64;example.jp`,
		`mail: taro.yamada&#X40;example.jp`,
		`https://example.jp/users/%E5%B1%B1%E7%94%B0%E5%A4%AA%E9%83%8E`,
		`https://example.jp/search?q=%e5%b1%b1%e7%94%b0`,
		`call%20%30%39%30-1234-5678`,
		`b'\xe5\xb1\xb1\xe7\x94\xb0'`,
		`<p>&#23665;&#30000; &#x592A;&#x90CE;</p>`,
		`M  "\345\261\261\347\224\260.txt"`, // git's quoted path of 山田.txt
	} {
		_, err := p.Protect(text)
		require.ErrorIs(t, err, freetext.ErrInvalidValue, text)
		require.NotContains(t, err.Error(), "yamada")
	}
	// Ordinary texts with these characters are kept.
	for _, text := range []string{`C:\Users\hanako`, "40% off & free", "x = 3", `\u12`, "50%OFF", "a%20b %25 &amp; &#", `C:\xampp`, `C:\2024\300\report`} {
		out, err := p.Protect(text)
		require.NoError(t, err, text)
		require.Equal(t, text, out)
	}
}
