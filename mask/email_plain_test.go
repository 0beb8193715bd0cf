package mask

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/records/synthetic"
)

// The parse of a plain ASCII address, which skips normalization and the
// domain's LDH check, takes it apart as the general way does.
func TestEmailPlainParse(t *testing.T) {
	values := []string{"a@b.co", "Taro.Yamada+news@Example.co.jp", "taro..@docomo.ne.jp", ".a.@x-y.jp",
		"a@b", "a@-b.jp", "a@b-.jp", "a@xn--r8jz45g.jp", "a@ab--c.jp", "a@a_b.jp", " a@b.jp", "a@b.jp ",
		"a\"b@c.jp", "@b.jp", "a@", "a@b..jp", "a@.b.jp", "a@b.jp.", "日本@b.jp"}
	g := synthetic.New(5)
	for range 2000 {
		values = append(values, g.Next().Email)
	}
	plains := 0
	for _, e := range []*emailKind{{}, {maskDomain: true}} {
		for _, v := range values {
			if !normalize.PlainASCIIEmail(v) {
				continue
			}
			plains++
			fast, slow := getForm(), getForm()
			errFast, errSlow := e.parsePlain(fast, v, true), e.parsePlain(slow, v, false)
			require.Equal(t, errSlow, errFast, "%q", v)
			require.Equal(t, slow.runes, fast.runes, "%q", v)
			require.Equal(t, slow.pos, fast.pos, "%q", v)
			require.Equal(t, slow.cls, fast.cls, "%q", v)
			require.Equal(t, slow.num, fast.num, "%q", v)
			require.Equal(t, slow.tweak, fast.tweak, "%q", v)
			require.Equal(t, slow.aux, fast.aux, "%q", v)
			putForm(fast)
			putForm(slow)
		}
	}
	require.Greater(t, plains, 2000)
}

// addAlnum gives an ASCII letter or digit the numeral its class's index
// gives it.
func TestAddAlnumNumerals(t *testing.T) {
	for c := 0; c < 0x80; c++ {
		f := getForm()
		if f.addAlnum(byte(c)) {
			n, ok := f.cls[0].index(rune(c))
			require.True(t, ok, "%q", rune(c))
			require.Equal(t, n, f.num[0], "%q", rune(c))
		}
		putForm(f)
	}
}
