package mask

import (
	"context"
	"strings"
	"testing"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

// Every kind refuses a value that is not valid UTF-8 with ErrInvalidUTF8
// itself, before any other error of its parse: Mask, Check and Unmask, an
// invalid sequence at every position of values of every kind (valid ones
// and refused ones), and ErrTooLong still before it. The kinds that check
// UTF-8 only when their parse fails (utf8Refuser) must fail on every such
// value, which TestUTF8RefusersRefuseFFFD checks at its root.
func TestInvalidUTF8EveryKind(t *testing.T) {
	fields := append(utf8RefuserFields(),
		field(kind.Phone, "d", ""),
		field(kind.Card, "d", ""),
		field(kind.MyNumber, "d", ""),
		field(kind.Pattern, "d", "", withPattern("U[0-9]{8}")),
		field(kind.Generic, "d", "", withAlphabet("alnum")),
	)
	values := []string{"山田 太郎", "ヤマダ タロウ", "John Smith", "ｱｲｳｴｵ", "Müller", "taro.yamada@example.com",
		"täro@example.com", "taro@例え.jp", "taro@mail.city.kawasaki.jp", "090-1234-5678", "+81 90 1234 5678",
		"tel:+1-201-555-0123", "4111 1111 1111 1111", "1234 5678 9018", "U12345678", "abc", "", " ", "@", "+"}
	invalid := []string{"\xff", "\x80", "\xc3", "\xe3\x81", "\xed\xa0\x80", "\xf4\x90\x80\x80"}
	for _, fd := range fields {
		m, err := New(keysettest.PRF(), fd)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			for p := 0; p <= len(v); p++ {
				for _, x := range invalid {
					w := v[:p] + x + v[p:]
					if _, err := m.Mask(w); err != ErrInvalidUTF8 {
						t.Fatalf("%s: Mask(%q) = %v, want ErrInvalidUTF8", fd.Kind, w, err)
					}
					if err := m.Check(w); err != ErrInvalidUTF8 {
						t.Fatalf("%s: Check(%q) = %v, want ErrInvalidUTF8", fd.Kind, w, err)
					}
				}
			}
			w := v + "\xff"
			if _, err := m.Unmask(context.Background(), okHook, testReq, m.KeyID(), w); err == nil || err.Error() != "value 0: "+ErrInvalidUTF8.Error() {
				t.Fatalf("%s: Unmask(%q) = %v, want value 0: ErrInvalidUTF8", fd.Kind, w, err)
			}
		}
		long := strings.Repeat("1", MaxLen) + "\xff"
		if _, err := m.Mask(long); err != ErrTooLong {
			t.Fatalf("%s: Mask(%d characters, invalid) = %v, want ErrTooLong", fd.Kind, MaxLen+1, err)
		}
	}
}

// A utf8Refuser kind accepts no U+FFFD, which a range loop gives for each
// invalid byte: so its parse cannot succeed on invalid UTF-8.
func TestUTF8RefusersRefuseFFFD(t *testing.T) {
	for _, fd := range utf8RefuserFields() {
		m, err := New(keysettest.PRF(), fd)
		if err != nil {
			t.Fatal(err)
		}
		if !m.decodes {
			t.Fatalf("%s is no longer a utf8Refuser: drop it from this test", fd.Kind)
		}
		for _, v := range []string{"山田\uFFFD太郎", "\uFFFD", "John \uFFFD", "ta\uFFFDro@example.com",
			"taro@exa\uFFFDmple.com", "090-1234-\uFFFD5678", "\uFFFD090-1234-5678"} {
			if _, err := m.Mask(v); err == nil {
				t.Errorf("%s: Mask(%q) succeeded", fd.Kind, v)
			}
		}
	}
}

// utf8RefuserFields are fields of the kinds that check UTF-8 only when
// their parse fails (utf8Refuser), in each of their parse's forms.
func utf8RefuserFields() []kind.Field {
	return []kind.Field{
		field(kind.Name, "d", ""),
		field(kind.Name, "d", "", func(f *kind.Field) { f.NameFormat = 1 }),
		field(kind.Email, "d", ""),
		field(kind.Email, "d", "", withMaskedDomain()),
		field(kind.Phone, "d", "", withRegion("JP")),
	}
}
