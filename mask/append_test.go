package mask

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records/synthetic"
)

// AppendMask appends the bytes of MaskResult's Value, reports its
// Irreversible and fails with its error, dst unchanged, on the demo
// table's values and on values each kind refuses.
func TestAppendMaskIsMaskResult(t *testing.T) {
	fields := []kind.Field{
		field(kind.Name, "users.name", ""),
		field(kind.Name, "users.name", "", allowIrreversibleShort()),
		field(kind.Email, "users.email", ""),
		field(kind.Email, "users.email", "", withMaskedDomain()),
		field(kind.Phone, "users.phone", "", withRegion("JP")),
		field(kind.MyNumber, "users.my_number", ""),
		field(kind.Card, "cards", ""),
	}
	values := []string{"", " ", "Taro", "山田 太郎", "Yamada, Taro", "a\"b@example.com", "taro@例え.jp", "Taro@EXAMPLE.COM",
		" taro@example.com ", "taro.@docomo.ne.jp", "taro@-bad.com", "\xff", "Ta\x00ro", "12", "+81 90 1111 2222",
		"０９０-１２３４-５６７８", "123456789018", "123456789010", "4111 1111 1111 1111", "ｶｰスズキタロウ"}
	g := synthetic.New(3)
	for range 1000 {
		u := g.Next()
		values = append(values, u.Record()...)
	}
	for _, f := range fields {
		m, err := New(keysettest.PRF(), f)
		require.NoError(t, err)
		for _, v := range values {
			want, werr := m.MaskResult(v)
			got, irreversible, gerr := m.AppendMask([]byte("x"), v)
			if werr != nil {
				require.Equal(t, werr, gerr, "%s %q", f.Kind, v)
				require.Equal(t, "x", string(got))
				require.False(t, irreversible)
				continue
			}
			require.NoError(t, gerr)
			require.Equal(t, "x"+want.Value, string(got), "%s %q", f.Kind, v)
			require.Equal(t, want.Irreversible, irreversible)
		}
	}
}
