package mask

import (
	"context"
	"testing"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
)

func TestSmoke(t *testing.T) {
	hook := func(context.Context, audit.Event) error { return nil }
	for _, c := range []struct {
		kind Kind
		v    string
		opts []Option
	}{
		{KindName, "山田 太郎", nil},
		{KindName, "John Smith", nil},
		{KindName, "山田 Taro-san", nil},
		{KindName, "やまだ たろう", nil},
		{KindEmail, "taro.yamada@example.com", nil},
		{KindEmail, "Taro.Yamada+news1985@example.co.jp", []Option{WithMaskedDomain()}},
		{KindPhone, "090-1234-5678", []Option{WithRegion("JP")}},
		{KindPhone, "+81 90-1234-5678", nil},
		{KindPhone, "０３−１２３４−５６７８", []Option{WithRegion("JP")}},
		{KindPhone, "(201) 555-0123", []Option{WithRegion("US")}},
		{KindCard, "4111 1111 1111 1111", nil},
		{KindCard, "4111-1111-1111-1111", []Option{WithCheckDigit(CheckInvalid)}},
		{KindMyNumber, "1234 5678 9018", nil},
		{KindPattern, "AB-1234567", []Option{WithPattern("[A-Z]{2}-[0-9]{7}")}},
		{KindGeneric, "abc-def-ghi", []Option{WithAlphabet("abcdefghijklmnopqrstuvwxyz")}},
	} {
		m, err := New(keysettest.PRF(), c.kind, "users.x", "", c.opts...)
		if err != nil {
			t.Fatal(c.kind, err)
		}
		out, err := m.Mask(c.v)
		if err != nil {
			t.Errorf("%s %q: %v", c.kind, c.v, err)
			continue
		}
		back, err := m.Unmask(context.Background(), hook, audit.Request{Reason: "x"}, m.KeyID(), out)
		t.Logf("%s %q → %q → %q %v", c.kind, c.v, out, back, err)
	}
}
