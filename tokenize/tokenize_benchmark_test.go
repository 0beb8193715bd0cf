package tokenize_test

import (
	"context"
	"testing"

	"github.com/tink-crypto/tink-go/v2/daead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/tokenize"
)

// The benchmarks run piikit's calls next to the raw Tink primitives they
// build on, in the same run, so their figures can be compared directly.

const (
	benchEmail = "Taro.Yamada@Example.COM"
	benchName  = "山田　太郎"
	benchKana  = "ﾔﾏﾀﾞ ﾀﾛｳ"
	benchPhone = "090-1234-5678"
)

var sink string

func benchPseudonymizer(b *testing.B, k kind.Kind) *tokenize.Pseudonymizer {
	f := kind.Field{Kind: k, Domain: "users.bench", Scope: "acme"}
	if k == kind.Phone {
		f.Region = "JP"
	}
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), f)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// benchPseudonym measures Pseudonym of v, normalization included.
func benchPseudonym(b *testing.B, k kind.Kind, v string) {
	p := benchPseudonymizer(b, k)
	b.ReportAllocs()
	for b.Loop() {
		s, err := p.Pseudonym(v)
		if err != nil {
			b.Fatal(err)
		}
		sink = s
	}
}

func BenchmarkPseudonymEmail(b *testing.B) { benchPseudonym(b, kind.Email, benchEmail) }

func BenchmarkPseudonymJapaneseName(b *testing.B) { benchPseudonym(b, kind.Name, benchName) }

func BenchmarkPseudonymHalfWidthKatakanaName(b *testing.B) {
	benchPseudonym(b, kind.Name, benchKana)
}

func BenchmarkPseudonymPhone(b *testing.B) { benchPseudonym(b, kind.Phone, benchPhone) }

func BenchmarkPseudonymEmailAppend(b *testing.B) {
	p := benchPseudonymizer(b, kind.Email)
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = p.AppendPseudonym(buf[:0], benchEmail); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPseudonymEmailParallel(b *testing.B) {
	p := benchPseudonymizer(b, kind.Email)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := p.Pseudonym(benchEmail); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkTinkHMACPRF is Tink's HMAC-SHA256 PRF computing 32 bytes of an
// email, without normalization or encoding: the raw primitive.
func BenchmarkTinkHMACPRF(b *testing.B) {
	h, err := tinkkeyset.NewHandle(prf.HMACSHA256PRFKeyTemplate())
	if err != nil {
		b.Fatal(err)
	}
	set, err := prf.NewPRFSet(h)
	if err != nil {
		b.Fatal(err)
	}
	p := set.PRFs[set.PrimaryID]
	in := []byte("email\x00taro.yamada@example.com")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.ComputePRF(in, 32); err != nil {
			b.Fatal(err)
		}
	}
}

func benchTokenizer(b *testing.B) *tokenize.Tokenizer {
	t, err := tokenize.NewTokenizer(keysettest.DeterministicAEAD(), kind.Field{Kind: kind.Email, Domain: "users.bench", Scope: "acme"})
	if err != nil {
		b.Fatal(err)
	}
	return t
}

func BenchmarkTokenEmail(b *testing.B) {
	t := benchTokenizer(b)
	b.ReportAllocs()
	for b.Loop() {
		s, err := t.Token(benchEmail)
		if err != nil {
			b.Fatal(err)
		}
		sink = s
	}
}

func BenchmarkDetokenizeEmail(b *testing.B) {
	t := benchTokenizer(b)
	tok, err := t.Token(benchEmail)
	if err != nil {
		b.Fatal(err)
	}
	hook := func(context.Context, audit.Event) error { return nil }
	req := audit.Request{Actor: "bench", Reason: "benchmark"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := t.Detokenize(ctx, hook, req, tok); err != nil {
			b.Fatal(err)
		}
	}
}

func benchTinkDAEAD(b *testing.B) (d interface {
	EncryptDeterministically(pt, ad []byte) ([]byte, error)
	DecryptDeterministically(ct, ad []byte) ([]byte, error)
}) {
	d, err := daead.New(keysettest.DeterministicAEAD())
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkTinkAESSIVEncrypt is Tink's own deterministic AEAD call on an
// already normalized email: the raw primitive under a reversible token.
func BenchmarkTinkAESSIVEncrypt(b *testing.B) {
	d := benchTinkDAEAD(b)
	pt, ad := []byte("taro.yamada@example.com"), []byte("piikit/token/v1/email/users.bench/acme")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.EncryptDeterministically(pt, ad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTinkAESSIVDecrypt(b *testing.B) {
	d := benchTinkDAEAD(b)
	pt, ad := []byte("taro.yamada@example.com"), []byte("piikit/token/v1/email/users.bench/acme")
	ct, err := d.EncryptDeterministically(pt, ad)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.DecryptDeterministically(ct, ad); err != nil {
			b.Fatal(err)
		}
	}
}
