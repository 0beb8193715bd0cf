package pattern

import (
	"errors"
	"testing"

	"github.com/piikit/piikit/kind"
)

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		src    string
		scheme kind.CheckScheme
	}{
		{"", ""}, {"[a]", ""}, {"[a-z", ""}, {"U{0}", ""}, {"U{257}", ""}, {`U\`, ""},
		{"[0-9]", kind.CheckLuhn}, {"[0-9]{11}", kind.CheckMyNumber}, {"[0-9]{12}", "crc"},
	} {
		if _, err := Parse(c.src, c.scheme); !errors.Is(err, kind.ErrOption) {
			t.Errorf("Parse(%q, %q) = %v, want ErrOption", c.src, c.scheme, err)
		}
	}
}

func TestParse(t *testing.T) {
	p, err := Parse(`U\[[0-9]{2}[a-c]`, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 5 || p.Items[0].Lit != 'U' || p.Items[1].Lit != '[' || !p.Items[2].Digit() ||
		!p.Items[4].Has('b') || p.Items[4].Has('d') || p.Items[4].Has('ｂ') {
		t.Errorf("Parse: items %+v", p.Items)
	}
	if len(p.Digits) != 2 || p.Digits[0] != 2 || p.Digits[1] != 3 {
		t.Errorf("Parse: digits %v, want [2 3]", p.Digits)
	}
}
