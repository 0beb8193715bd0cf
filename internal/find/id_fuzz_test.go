package find

import (
	"regexp"
	"testing"
	"unicode"

	"golang.org/x/text/width"

	"github.com/piikit/piikit/internal/checkdigit"
	"github.com/piikit/piikit/internal/pattern"
	"github.com/piikit/piikit/kind"
)

// idShape is the pattern of FuzzIDPattern as a regular expression: the
// reference the finder is checked against, with Luhn over its digits.
var idShape = regexp.MustCompile(`^[A-Z]{2}[0-9]{6}$`)

// FuzzIDPattern checks the ID finder against a reference written another
// way: every finding, its full-width forms narrowed (x/text/width), matches the pattern as a regular
// expression, passes Luhn, and has no letter, digit or '_' next to it; and
// every run of the text that does so is found.
func FuzzIDPattern(f *testing.F) {
	for _, s := range []string{"AB123455", "ID:AB123455です", "xAB123455", "ＡＢ１２３４５５", "AB123455@x.jp", "AB123456"} {
		f.Add(s)
	}
	c := newIDChecker(f)
	f.Fuzz(func(t *testing.T, text string) { c.check(t, text) })
}

func TestIDGenerated(t *testing.T) {
	pieces := []string{"A", "B", "Ｚ", "1", "2", "3", "4", "5", "0", "９", " ", "_", "@", "-", ".", "は", "x", "é", "AB1234", "55"}
	c := newIDChecker(t)
	generate(7, pieces, 20, func(text string) { c.check(t, text) })
}

type idChecker struct{ fd *Finder }

func newIDChecker(t testing.TB) idChecker {
	p, err := pattern.Parse(`[A-Z]{2}[0-9]{6}`, kind.CheckLuhn)
	if err != nil {
		t.Fatal(err)
	}
	fd, err := New(Options{IDPattern: p, Entities: []Entity{ID}})
	if err != nil {
		t.Fatal(err)
	}
	return idChecker{fd}
}

func (c idChecker) check(t *testing.T, text string) {
	got, err := c.fd.Find(text)
	if err != nil {
		return // invalid UTF-8: FuzzFind checks the errors
	}
	var want []Finding
	rs := []rune(text)
	offs := make([]int, len(rs)+1)
	for i, r := range rs {
		offs[i+1] = offs[i] + len(string(r))
	}
	alone := func(i int) bool {
		return i < 0 || i >= len(rs) || !(unicode.IsLetter(rs[i]) && !japanese(rs[i]) || unicode.IsDigit(rs[i]) || rs[i] == '_')
	}
	for i := 0; i+8 <= len(rs); i++ {
		v := width.Narrow.String(string(rs[i : i+8]))
		if idShape.MatchString(v) && checkdigit.Luhn(v[2:]) && alone(i-1) && alone(i+8) && (i+8 == len(rs) || rs[i+8] != '@' && rs[i+8] != '＠' && rs[i+8] != '﹫') {
			want = append(want, Finding{ID, offs[i], offs[i+8]})
			i += 7
		}
	}
	if len(got) != len(want) {
		t.Fatalf("Find(%q) = %v, want %v", text, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("Find(%q) = %v, want %v", text, got, want)
		}
	}
}
