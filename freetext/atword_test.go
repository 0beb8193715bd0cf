package freetext_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/freetext"
)

// An email address written with its at sign (and dots) as words — the
// common ways of keeping an address from harvesters, which a reader reads
// at once — is refused, never passed on.
func TestAtWordEmailRefused(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{
		"mail taro.yamada[at]example.co.jp", "mail taro.yamada(at)example.co.jp",
		"mail taro.yamada [at] example [dot] co [dot] jp", "mail taro.yamada(AT)example(DOT)co(DOT)jp",
		"mail taro.yamada at example dot co dot jp", "mail taro.yamada at example.co.jp",
		"mail taro_99 at example.com", "taro.yamadaアットマークexample.co.jp まで",
		"taro.yamada＠マークexample.co.jp", "mail taro.yamada@example[.]co[.]jp",
		"連絡は taro.yamada（at）example.co.jp へ", "mail taro.yamada{at}example.com",
		// "dot" as an English word before the address.
		"a dotted line; mail taro.yamada[at]example.co.jp", "see the dot, then taro.yamada[at]example.co.jp",
	} {
		out, err := p.Protect(text)
		require.ErrorIs(t, err, freetext.ErrInvalidValue, "%q came out as %q", text, out)
		require.Empty(t, out)
		require.NotContains(t, err.Error(), "yamada")
	}
}

// "at" as an English word, and at-words with no address around them, pass.
func TestAtWordKept(t *testing.T) {
	p := newProtector(t, freetext.Options{})
	for _, text := range []string{
		"I work at example.com now", "see you at 10:30", "meet at the station",
		"look at this [at] sign", "アットマークとは@のことです", "price (at) cost",
	} {
		out, err := p.Protect(text)
		require.NoError(t, err, text)
		require.Equal(t, text, out)
	}
}
