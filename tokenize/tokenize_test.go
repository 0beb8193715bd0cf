package tokenize_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go/v2/daead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/tokenize"
)

func newP(t *testing.T, f kind.Field) *tokenize.Pseudonymizer {
	t.Helper()
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), f)
	require.NoError(t, err)
	return p
}

func newT(t *testing.T, h *tinkkeyset.Handle, f kind.Field) *tokenize.Tokenizer {
	t.Helper()
	tk, err := tokenize.NewTokenizer(h, f)
	require.NoError(t, err)
	return tk
}

func pseudonym(t *testing.T, p *tokenize.Pseudonymizer, v string) string {
	t.Helper()
	s, err := p.Pseudonym(v)
	require.NoError(t, err, "value %q", v)
	return s
}

// sameToken checks that every value gets one token, from both a
// Pseudonymizer and a Tokenizer.
func sameToken(t *testing.T, f kind.Field, values ...string) {
	t.Helper()
	p := newP(t, f)
	tk := newT(t, keysettest.DeterministicAEAD(), f)
	wantP := pseudonym(t, p, values[0])
	wantT, err := tk.Token(values[0])
	require.NoError(t, err)
	for _, v := range values[1:] {
		require.Equal(t, wantP, pseudonym(t, p, v), "pseudonym of %q", v)
		got, err := tk.Token(v)
		require.NoError(t, err)
		require.Equal(t, wantT, got, "token of %q", v)
	}
}

func TestNormalizationEquivalences(t *testing.T) {
	sameToken(t, kind.Field{Kind: kind.Email, Domain: "users.email"},
		"Taro.Yamada@Example.COM", "taro.yamada@example.com", " ＴＡＲＯ．ＹＡＭＡＤＡ＠ＥＸＡＭＰＬＥ．ＣＯＭ ")
	sameToken(t, kind.Field{Kind: kind.Phone, Domain: "users.phone", Region: "JP"},
		"090-1234-5678", "+81 90 1234 5678", "０９０－１２３４－５６７８", "(090) 1234-5678")
	sameToken(t, kind.Field{Kind: kind.Name, Domain: "users.name"},
		"山田　太郎", "山田 太郎", " 山田  太郎 ")
	sameToken(t, kind.Field{Kind: kind.Name, Domain: "users.name"},
		"ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ")
	sameToken(t, kind.Field{Kind: kind.ID, Domain: "users.id"},
		"1234-5678-9012", "１２３４５６７８９０１２", "1234 5678 9012")
}

func TestDomainScopeAndKindSeparate(t *testing.T) {
	const v = "taro.yamada123"
	seen := map[string]string{}
	for _, k := range []kind.Kind{kind.Name, kind.ID} {
		for _, d := range []string{"users.a", "users.b"} {
			for _, s := range []string{"", "acme", "globex"} {
				f := kind.Field{Kind: k, Domain: d, Scope: s}
				name := fmt.Sprint(k, d, s)
				for _, tok := range []string{pseudonym(t, newP(t, f), v), mustToken(t, newT(t, keysettest.DeterministicAEAD(), f), v)} {
					prev, dup := seen[tok]
					require.False(t, dup, "%s collides with %s", name, prev)
					seen[tok] = name
				}
			}
		}
	}
}

func mustToken(t *testing.T, tk *tokenize.Tokenizer, v string) string {
	t.Helper()
	s, err := tk.Token(v)
	require.NoError(t, err)
	return s
}

func TestPseudonymSizeAndPrefix(t *testing.T) {
	f := kind.Field{Kind: kind.Email, Domain: "users.email"}
	base := pseudonym(t, newP(t, f), "a@example.com")
	require.Len(t, base, 29) // base32 of 2 + 16 bytes
	for size, n := range map[int]int{12: 23, 16: 29, 20: 36, 32: 55} {
		f.Size = size
		got := pseudonym(t, newP(t, f), "a@example.com")
		require.Len(t, got, n)
		// A shorter pseudonym is a prefix of a longer one's bytes, not a
		// different PRF: check the shared characters.
		require.Equal(t, base[:22], got[:22])
	}
	for _, size := range []int{-1, 1, 11, 33, 64} {
		f.Size = size
		_, err := tokenize.NewPseudonymizer(keysettest.PRF(), f)
		require.ErrorIs(t, err, tokenize.ErrInvalidField, "size %d", size)
	}
	f.Size = 0
	f.Prefix = "tok_"
	got := pseudonym(t, newP(t, f), "a@example.com")
	require.Equal(t, "tok_"+base, got)
	for _, prefix := range []string{"-x", "_x", "a b", "a,b", "a\"b", "=cmd", strings.Repeat("a", 33), "é"} {
		f.Prefix = prefix
		_, err := tokenize.NewPseudonymizer(keysettest.PRF(), f)
		require.ErrorIs(t, err, tokenize.ErrInvalidField, "prefix %q", prefix)
		_, err = tokenize.NewTokenizer(keysettest.DeterministicAEAD(), f)
		require.ErrorIs(t, err, tokenize.ErrInvalidField, "prefix %q", prefix)
	}
}

// The text of every token is lower-case base32: URL- and CSV-safe.
func TestTokenAlphabet(t *testing.T) {
	f := kind.Field{Kind: kind.Name, Domain: "users.name"}
	p := newP(t, f)
	tk := newT(t, keysettest.DeterministicAEAD(), f)
	for i := range 200 {
		v := fmt.Sprintf("name %d", i)
		for _, s := range []string{pseudonym(t, p, v), mustToken(t, tk, v)} {
			require.Regexp(t, `^[a-z2-7]+$`, s)
		}
	}
}

func TestKeyRotation(t *testing.T) {
	f := kind.Field{Kind: kind.Email, Domain: "users.email", Scope: "acme"}
	old := newP(t, f)
	rotated, err := tokenize.NewPseudonymizer(keysettest.PRFRotated(), f)
	require.NoError(t, err)
	require.Equal(t, keysettest.PRFKeyID, old.KeyID())
	require.Equal(t, keysettest.PRFRotatedPrimaryKeyID, rotated.KeyID())
	id := keysettest.PRFKeyID
	require.Equal(t, [2]byte{byte(id >> 24), byte(id >> 16)}, old.KeyTag())
	a, b := pseudonym(t, old, "a@example.com"), pseudonym(t, rotated, "a@example.com")
	require.NotEqual(t, a, b)
	// The key tag makes versions visibly different: the first three
	// characters encode 15 of its 16 bits.
	require.NotEqual(t, a[:3], b[:3])
	require.Equal(t, a[:3], pseudonym(t, old, "b@example.com")[:3])

	tOld := newT(t, keysettest.DeterministicAEAD(), f)
	tNew := newT(t, keysettest.DeterministicAEADRotated(), f)
	require.Equal(t, keysettest.DeterministicAEADKeyID, tOld.KeyID())
	require.Equal(t, keysettest.DeterministicAEADRotatedKeyID, tNew.KeyID())
	oldTok, newTok := mustToken(t, tOld, "a@example.com"), mustToken(t, tNew, "a@example.com")
	require.NotEqual(t, oldTok, newTok)
	var events []audit.Event
	vals, err := tNew.Detokenize(context.Background(), recorder(&events), audit.Request{Reason: "rotation test"}, oldTok, newTok)
	require.NoError(t, err)
	require.Equal(t, []string{"a@example.com", "a@example.com"}, vals)
	require.Len(t, events, 1)
	require.ElementsMatch(t, []uint32{keysettest.DeterministicAEADKeyID, keysettest.DeterministicAEADRotatedKeyID}, events[0].KeyIDs)

	// The old keyset does not know the new key.
	_, err = tOld.Detokenize(context.Background(), recorder(&events), audit.Request{Reason: "x"}, newTok)
	require.ErrorIs(t, err, tokenize.ErrInvalidToken)
}

// A keyset where two keys share a key tag is refused.
func TestKeyTagCollision(t *testing.T) {
	var ks map[string]any
	require.NoError(t, json.Unmarshal(keysettest.CleartextJSON("prf_rotated.json"), &ks))
	keys := ks["key"].([]any)
	second := keys[1].(map[string]any)
	clash := keysettest.PRFKeyID&0xffff0000 | 0x1234
	second["keyId"] = clash
	ks["primaryKeyId"] = clash
	b, err := json.Marshal(ks)
	require.NoError(t, err)
	h, err := insecurecleartextkeyset.Read(tinkkeyset.NewJSONReader(strings.NewReader(string(b))))
	require.NoError(t, err)
	_, err = tokenize.NewPseudonymizer(h, kind.Field{Kind: kind.Email, Domain: "users.email"})
	require.ErrorIs(t, err, tokenize.ErrKeyTagCollision)
}

func TestValueErrors(t *testing.T) {
	secret := "taro.yamada"
	cases := []struct {
		f    kind.Field
		v    string
		want error
	}{
		{kind.Field{Kind: kind.Email}, "", tokenize.ErrEmpty},
		{kind.Field{Kind: kind.Email}, "   ", tokenize.ErrEmpty},
		{kind.Field{Kind: kind.Email}, secret + "@exa\xffmple.com", tokenize.ErrInvalidUTF8},
		{kind.Field{Kind: kind.Email}, secret + "@" + strings.Repeat("x", 1100), tokenize.ErrTooLong},
		{kind.Field{Kind: kind.Email}, secret, tokenize.ErrInvalidValue},
		{kind.Field{Kind: kind.Email}, "090-1234-5678", tokenize.ErrInvalidValue},
		{kind.Field{Kind: kind.Phone, Region: "JP"}, secret + "@example.com", tokenize.ErrInvalidValue},
		{kind.Field{Kind: kind.Phone}, "090-1234-5678", tokenize.ErrInvalidValue},
		{kind.Field{Kind: kind.Name}, secret + "\x00", tokenize.ErrInvalidValue},
		{kind.Field{Kind: kind.ID}, "1234", tokenize.ErrLowEntropy},
		{kind.Field{Kind: kind.ID}, "yes", tokenize.ErrLowEntropy},
		{kind.Field{Kind: kind.ID}, "１２-３４５", tokenize.ErrLowEntropy},
		{kind.Field{Kind: kind.ID}, "---", tokenize.ErrEmpty},
	}
	for _, c := range cases {
		c.f.Domain = "users.x"
		p := newP(t, c.f)
		tk := newT(t, keysettest.DeterministicAEAD(), c.f)
		_, errP := p.Pseudonym(c.v)
		_, errT := tk.Token(c.v)
		dst := []byte("keep")
		out, errA := p.AppendPseudonym(dst, c.v)
		require.Equal(t, "keep", string(out))
		out, errB := tk.AppendToken(dst, c.v)
		require.Equal(t, "keep", string(out))
		for _, err := range []error{errP, errT, errA, errB} {
			require.ErrorIs(t, err, c.want, "%s %q", c.f.Kind, c.v)
			require.NotContains(t, err.Error(), "taro")
			require.NotContains(t, err.Error(), "1234")
		}
	}
	// The opt-in accepts short IDs.
	f := kind.Field{Kind: kind.ID, Domain: "users.pin", InsecureAllowShortIDs: true}
	pseudonym(t, newP(t, f), "1234")
	mustToken(t, newT(t, keysettest.DeterministicAEAD(), f), "1234")
	// Six characters pass without it.
	f.InsecureAllowShortIDs = false
	pseudonym(t, newP(t, f), "123456")
}

func TestFieldErrors(t *testing.T) {
	prf, tok := keysettest.PRF(), keysettest.DeterministicAEAD()
	for _, c := range []struct {
		f    kind.Field
		want error
		says string
	}{
		{kind.Field{Kind: kind.Email}, tokenize.ErrInvalidField, "invalid domain"},
		{kind.Field{Kind: kind.Email, Domain: "users/email"}, tokenize.ErrInvalidField, "invalid domain"},
		{kind.Field{Kind: kind.Email, Domain: "d", Scope: "a b"}, tokenize.ErrInvalidField, "invalid scope"},
		{kind.Field{Domain: "d"}, kind.ErrUnknown, "unknown kind"},
		{kind.Field{Kind: "ssn", Domain: "d"}, kind.ErrUnknown, "unknown kind"},
		{kind.Field{Kind: kind.Generic, Domain: "d"}, kind.ErrOption, "does not apply"},
		{kind.Field{Kind: kind.Email, Domain: "d", Region: "JP"}, kind.ErrOption, "region does not apply"},
		{kind.Field{Kind: kind.Phone, Domain: "d", Region: "XX"}, tokenize.ErrInvalidField, "unknown phone region"},
	} {
		_, err := tokenize.NewPseudonymizer(prf, c.f)
		require.ErrorIs(t, err, c.want)
		require.ErrorIs(t, err, tokenize.ErrInvalidField)
		require.ErrorContains(t, err, c.says)
		_, err = tokenize.NewTokenizer(tok, c.f)
		require.ErrorIs(t, err, c.want)
		require.ErrorIs(t, err, tokenize.ErrInvalidField)
	}
	_, err := tokenize.NewTokenizer(tok, kind.Field{Kind: kind.Email, Domain: "d", Size: 16})
	require.ErrorIs(t, err, tokenize.ErrInvalidField)

	f := kind.Field{Kind: kind.Email, Domain: "d"}
	_, err = tokenize.NewPseudonymizer(tok, f)
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)
	_, err = tokenize.NewTokenizer(prf, f)
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)
	_, err = tokenize.NewPseudonymizer(nil, f)
	require.Error(t, err)
	_, err = tokenize.NewTokenizer(nil, f)
	require.Error(t, err)

	// Token keys without Tink's prefix would not name their key.
	tmpl := daead.AESSIVKeyTemplate()
	tmpl.OutputPrefixType = tinkpb.OutputPrefixType_RAW
	raw, err := tinkkeyset.NewHandle(tmpl)
	require.NoError(t, err)
	_, err = tokenize.NewTokenizer(raw, f)
	require.ErrorIs(t, err, tokenize.ErrTokenKeyset)
}

func recorder(events *[]audit.Event) audit.Hook {
	var mu sync.Mutex
	return func(_ context.Context, e audit.Event) error {
		mu.Lock()
		defer mu.Unlock()
		*events = append(*events, e)
		return nil
	}
}

func TestDetokenizeAudits(t *testing.T) {
	f := kind.Field{Kind: kind.Phone, Domain: "users.phone", Scope: "acme", Region: "JP"}
	tk := newT(t, keysettest.DeterministicAEAD(), f)
	a, b := mustToken(t, tk, "090-1234-5678"), mustToken(t, tk, "03-1234-5678")
	ctx := context.Background()
	var events []audit.Event
	req := audit.Request{Actor: "support@example.com", Reason: "ticket 42"}
	vals, err := tk.Detokenize(ctx, recorder(&events), req, a, b, a)
	require.NoError(t, err)
	require.Equal(t, []string{"+819012345678", "+81312345678", "+819012345678"}, vals)
	require.Len(t, events, 1)
	e := events[0]
	require.Equal(t, "detokenize", e.Operation)
	require.Equal(t, "phone", e.Kind)
	require.Equal(t, "users.phone", e.Domain)
	require.Equal(t, "acme", e.Scope)
	require.Equal(t, []uint32{keysettest.DeterministicAEADKeyID}, e.KeyIDs)
	require.Equal(t, 3, e.Count)
	require.Equal(t, req.Actor, e.Actor)
	require.Equal(t, req.Reason, e.Reason)
	require.False(t, e.Time.IsZero())
	ej, err := json.Marshal(e)
	require.NoError(t, err)
	require.NotContains(t, string(ej), "9012345678", "event holds a value") // not 4 digits: the time may hold them
	require.NotContains(t, string(ej), a[5:], "event holds a token")

	// No reason: nothing is decrypted, the hook is not called.
	events = nil
	vals, err = tk.Detokenize(ctx, recorder(&events), audit.Request{Actor: "x"}, a)
	require.ErrorIs(t, err, audit.ErrBadRequest)
	require.Nil(t, vals)
	require.Empty(t, events)
	// No hook: refused.
	vals, err = tk.Detokenize(ctx, nil, req, a)
	require.ErrorIs(t, err, audit.ErrHookFailed)
	require.Nil(t, vals)
	// A failing hook: nothing revealed.
	vals, err = tk.Detokenize(ctx, func(context.Context, audit.Event) error { return errors.New("audit log down") }, req, a)
	require.ErrorIs(t, err, audit.ErrHookFailed)
	require.Nil(t, vals)
}

func TestDetokenizeRefusesBadTokens(t *testing.T) {
	f := kind.Field{Kind: kind.Email, Domain: "users.email", Scope: "acme", Prefix: "tok_"}
	tk := newT(t, keysettest.DeterministicAEADRotated(), f)
	good := mustToken(t, tk, "taro.yamada@example.com")
	body := strings.TrimPrefix(good, "tok_")

	other := func(g kind.Field) string {
		return mustToken(t, newT(t, keysettest.DeterministicAEADRotated(), g), "taro.yamada@example.com")
	}
	flip := func(s string, i int) string {
		c := byte('a')
		if s[i] == 'a' {
			c = 'b'
		}
		return s[:i] + string(c) + s[i+1:]
	}
	bad := map[string]string{
		"other domain":       other(kind.Field{Kind: kind.Email, Domain: "orders.email", Scope: "acme", Prefix: "tok_"}),
		"other scope":        other(kind.Field{Kind: kind.Email, Domain: "users.email", Scope: "globex", Prefix: "tok_"}),
		"no scope":           other(kind.Field{Kind: kind.Email, Domain: "users.email", Prefix: "tok_"}),
		"other kind":         other(kind.Field{Kind: kind.Name, Domain: "users.email", Scope: "acme", Prefix: "tok_"}),
		"no prefix":          body,
		"other prefix":       "tik_" + body,
		"upper case":         "tok_" + strings.ToUpper(body),
		"padded":             good + "=",
		"line break":         "tok_" + body[:8] + "\n" + body[8:],
		"truncated by one":   good[:len(good)-1],
		"truncated by eight": good[:len(good)-8],
		"only the prefix":    "tok_",
		"empty":              "",
		"garbage":            "tok_!!!!",
		"tampered key ID":    flip(good, 6),
		"tampered SIV":       flip(good, 20),
		"tampered end":       flip(good, len(good)-2),
		"extra byte":         good + "aa",
		"short":              "tok_" + body[:32],
		"huge":               "tok_" + strings.Repeat("a", 10000),
	}
	// Non-canonical trailing bits: the last character carries unused bits.
	last := body[len(body)-1]
	for _, c := range "abcdefghijklmnopqrstuvwxyz234567" {
		if byte(c) != last {
			cand := good[:len(good)-1] + string(c)
			if _, err := tk.Detokenize(context.Background(), recorder(new([]audit.Event)), audit.Request{Reason: "x"}, cand); err != nil {
				require.ErrorIs(t, err, tokenize.ErrInvalidToken)
			} else {
				t.Fatalf("non-canonical spelling %q accepted", cand)
			}
		}
	}

	// A key that is disabled or deleted no longer detokenizes its tokens.
	oldTok := mustToken(t, newT(t, keysettest.DeterministicAEAD(), f), "taro.yamada@example.com")
	m := tinkkeyset.NewManagerFromHandle(keysettest.DeterministicAEADRotated())
	require.NoError(t, m.Disable(keysettest.DeterministicAEADKeyID))
	disabled, err := m.Handle()
	require.NoError(t, err)
	m = tinkkeyset.NewManagerFromHandle(keysettest.DeterministicAEADRotated())
	require.NoError(t, m.Delete(keysettest.DeterministicAEADKeyID))
	deleted, err := m.Handle()
	require.NoError(t, err)

	ctx := context.Background()
	req := audit.Request{Reason: "test"}
	for name, tok := range bad {
		t.Run(name, func(t *testing.T) {
			var events []audit.Event
			vals, err := tk.Detokenize(ctx, recorder(&events), req, good, tok)
			require.ErrorIs(t, err, tokenize.ErrInvalidToken)
			var ite *tokenize.InvalidTokensError
			require.ErrorAs(t, err, &ite)
			require.Equal(t, []int{1}, ite.Indexes)
			require.Equal(t, []string{"taro.yamada@example.com", ""}, vals)
			require.Len(t, events, 1)
			require.Equal(t, 1, events[0].Count)
			require.NotContains(t, err.Error(), body[:10])
		})
	}
	for name, h := range map[string]*tinkkeyset.Handle{"disabled": disabled, "deleted": deleted} {
		t.Run(name, func(t *testing.T) {
			tk := newT(t, h, f)
			vals, err := tk.Detokenize(ctx, recorder(new([]audit.Event)), req, oldTok)
			require.ErrorIs(t, err, tokenize.ErrInvalidToken)
			require.Equal(t, tokenize.ErrInvalidToken.Error(), err.Error())
			require.Equal(t, []string{""}, vals)
		})
	}
}

// Formatting a Pseudonymizer or Tokenizer in any way prints its description,
// never its fields (which hold keys).
func TestNoKeyMaterialInFormatting(t *testing.T) {
	f := kind.Field{Kind: kind.Email, Domain: "users.email", Scope: "acme"}
	p := newP(t, f)
	tk := newT(t, keysettest.DeterministicAEAD(), f)
	for _, v := range []fmt.Stringer{p, tk} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q", "%T"} {
			got := fmt.Sprintf(verb, v)
			if verb == "%T" {
				continue
			}
			require.Equal(t, v.String(), got, verb)
		}
		require.Contains(t, v.String(), "users.email")
		b, err := json.Marshal(v)
		require.NoError(t, err)
		require.Equal(t, "{}", string(b))
	}
	require.Equal(t, fmt.Sprintf(`tokenize.Pseudonymizer{email, domain "users.email", scope "acme", key %d}`, p.KeyID()), p.String())
	require.Equal(t, fmt.Sprintf(`tokenize.Tokenizer{email, domain "users.email", scope "acme", key %d}`, tk.KeyID()), tk.String())
	var nilP *tokenize.Pseudonymizer
	require.Equal(t, "tokenize.Pseudonymizer(nil)", fmt.Sprint(nilP))
}

func TestConcurrentUse(t *testing.T) {
	f := kind.Field{Kind: kind.Email, Domain: "users.email"}
	p := newP(t, f)
	tk := newT(t, keysettest.DeterministicAEAD(), f)
	values := make([]string, 64)
	wantP := make([]string, len(values))
	wantT := make([]string, len(values))
	for i := range values {
		values[i] = fmt.Sprintf("user%d@example.com", i)
		wantP[i] = pseudonym(t, p, values[i])
		wantT[i] = mustToken(t, tk, values[i])
	}
	// Phone numbers go through libphonenumber's shared caches.
	ph := newP(t, kind.Field{Kind: kind.Phone, Domain: "users.phone", Region: "JP"})
	wantPhone := pseudonym(t, ph, "090-1234-5678")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, v := range []string{"090-1234-5678", "+81 90 1234 5678", "０９０－１２３４－５６７８"} {
				if got, err := ph.Pseudonym(v); err != nil || got != wantPhone {
					t.Errorf("phone: %q %v", got, err)
				}
			}
		})
	}
	for g := range 8 {
		wg.Go(func() {
			for r := range 50 {
				i := (g*7 + r) % len(values)
				if got, err := p.Pseudonym(values[i]); err != nil || got != wantP[i] {
					t.Errorf("pseudonym %d: %q %v", i, got, err)
				}
				if got, err := tk.Token(values[i]); err != nil || got != wantT[i] {
					t.Errorf("token %d: %q %v", i, got, err)
				}
				vals, err := tk.Detokenize(context.Background(), func(context.Context, audit.Event) error { return nil }, audit.Request{Reason: "r"}, wantT[i])
				if err != nil || vals[0] != values[i] {
					t.Errorf("detokenize %d: %v", i, err)
				}
			}
		})
	}
	wg.Wait()
}
