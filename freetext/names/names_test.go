package names_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/internal/textcorpus"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
)

func newProtector(t testing.TB) *freetext.Protector {
	t.Helper()
	p, err := freetext.New(keysettest.PRF(), nil, freetext.Options{
		Names: names.Append,
		Rules: map[kind.Kind]freetext.Rule{
			kind.Name:  {Transform: kind.Mask, Field: kind.Field{Domain: "line.name"}},
			kind.Phone: {Transform: kind.Mask, Field: kind.Field{Domain: "line.phone"}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Names too short for a reversible mask are never left and never fail the
// message: each is replaced by a surrogate of its script, the honorific
// kept, the same in every message.
func TestShortNames(t *testing.T) {
	p := newProtector(t)
	for _, tc := range []struct{ text, name, rest string }{
		{"林さん、明日の件よろしく", "林", "さん、明日の件よろしく"},
		{"蓮くん、また明日ね", "蓮", "くん、また明日ね"},
		{"れんちゃんおはよう", "れん", "ちゃんおはよう"},
		{"Hi Ken, see you", "Ken", ", see you"},
		{"山田太郎様、ご予約ありがとうございます", "山田太郎", "様、ご予約ありがとうございます"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := p.ProtectResult(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if res.Replaced != 1 || res.Irreversible != 1 {
				t.Errorf("%q → %q: %d replaced, %d irreversibly; want 1, 1", tc.text, res.Text, res.Replaced, res.Irreversible)
			}
			i := strings.Index(res.Text, tc.rest)
			if i <= 0 || i+len(tc.rest) != len(res.Text) || strings.Contains(res.Text[:i], tc.name) {
				t.Errorf("%q → %q: the name is not replaced, or the rest changed", tc.text, res.Text)
			}
			again, err := p.Protect(tc.text)
			if err != nil || again != res.Text {
				t.Errorf("not deterministic: %q, then %q", res.Text, again)
			}
		})
	}
}

// Programs that import freetext without freetext/names carry none of the
// morphological dictionary.
func TestFreetextDoesNotLinkKagome(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/piikit/piikit/freetext").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v: %s", err, out)
	}
	if !strings.Contains(string(out), "github.com/piikit/piikit/internal/find\n") {
		t.Fatalf("go list -deps gave no dependency of freetext: %s", out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "kagome") || strings.HasSuffix(dep, "internal/find/names") {
			t.Errorf("freetext depends on %s", dep)
		}
	}
}

// Under a surrogate rule every message of the corpus is protected (none
// refused) and every name found is replaced by a surrogate, as under the
// mask rule of TestCorpus.
func TestCorpusSurrogates(t *testing.T) {
	rules := lineRules()
	rules[kind.Name] = freetext.Rule{Transform: kind.Surrogate, Field: kind.Field{Domain: "users.name"}}
	p, err := freetext.New(keysettest.PRF(), keysettest.DeterministicAEAD(), freetext.Options{Rules: rules, Names: names.Append})
	if err != nil {
		t.Fatal(err)
	}
	msgs := append(textcorpus.Generate(textcorpus.Seed, textcorpus.Count), textcorpus.HandWritten()...)
	found, replaced := 0, 0
	for _, m := range msgs {
		fs, err := p.Find(m.Text)
		if err != nil {
			t.Fatalf("%s: Find: %v", m.ID, err)
		}
		res, err := p.ProtectResult(m.Text)
		if err != nil {
			t.Errorf("%s refused: %v", m.ID, err)
			continue
		}
		for _, f := range fs {
			if f.Entity == kind.Name {
				found++
			}
		}
		for _, c := range res.Counts {
			if c.Entity == kind.Name {
				replaced += c.Replaced
				if c.Irreversible != c.Replaced {
					t.Errorf("%s: %d of %d surrogates counted irreversible", m.ID, c.Irreversible, c.Replaced)
				}
			}
		}
	}
	t.Logf("%d messages, %d names found, %d replaced by surrogates", len(msgs), found, replaced)
	if found == 0 || replaced != found {
		t.Errorf("%d names found, %d replaced", found, replaced)
	}
}
