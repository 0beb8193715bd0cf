package normalize

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"Taro.Yamada@Example.COM", "user@例え.テスト", "user@faß.de", "a@xn--r8jz45g.jp",
	"090-1234-5678", "+81 90 1234 5678", "０９０－１２３４－５６７８", "tel:+1-650-253-0000",
	"山田　太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "Jose\u0301", "a \u0301b", "ǅ", "\ufdfa", "1234-5678-9012", "ＡＢ－１２",
	"e-\u0301", "  ", "\xff", "a@b.c", "A@B-C.D", "x@ab--cd.com", "-", "\u1e9e",
}

// FuzzNormalize checks, for every kind, that normalization never panics,
// returns valid UTF-8 within MaxLen, leaves dst alone on error, and is
// idempotent.
func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	norms := []*Normalizer{}
	for k := Name; k <= ID; k++ {
		opts := Options{}
		if k == Phone {
			opts.Region = "JP"
		}
		n, err := New(k, opts)
		if err != nil {
			f.Fatal(err)
		}
		norms = append(norms, n)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, n := range norms {
			dst := []byte("prefix")
			out, err := n.Append(dst, v)
			if err != nil {
				if !bytes.Equal(out, []byte("prefix")) {
					t.Fatalf("%s: dst changed on error", n.Kind())
				}
				continue
			}
			got := out[len("prefix"):]
			if len(got) == 0 || len(got) > MaxLen || !utf8.Valid(got) {
				t.Fatalf("%s: bad output %q", n.Kind(), got)
			}
			again, err := n.Normalize(string(got))
			if err != nil {
				t.Fatalf("%s: %q normalizes to %q which fails: %v", n.Kind(), v, got, err)
			}
			if again != string(got) {
				t.Fatalf("%s: not idempotent: %q -> %q -> %q", n.Kind(), v, got, again)
			}
		}
	})
}

// FuzzASCIIFastPaths checks that the ASCII fast paths give exactly what the
// general paths give.
func FuzzASCIIFastPaths(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if !isASCII(v) || len(v) > MaxLen {
			return
		}
		if fast, ok := appendASCIIEmail(nil, trimASCIISpace(v)); ok {
			slow, err := appendEmailGeneral(nil, v)
			if err != nil || !bytes.Equal(fast, slow) {
				t.Fatalf("email %q: fast %q, general %q (%v)", v, fast, slow, err)
			}
		}
		fast, errFast := appendASCIIName(nil, v)
		slow, errSlow := appendNameGeneral(nil, v)
		if (errFast == nil) != (errSlow == nil) || !bytes.Equal(fast, slow) {
			t.Fatalf("name %q: fast %q (%v), general %q (%v)", v, fast, errFast, slow, errSlow)
		}
		fast, errFast = appendASCIIID(nil, v)
		slow, errSlow = appendIDGeneral(nil, v)
		if (errFast == nil) != (errSlow == nil) || !bytes.Equal(fast, slow) {
			t.Fatalf("id %q: fast %q (%v), general %q (%v)", v, fast, errFast, slow, errSlow)
		}
	})
}
