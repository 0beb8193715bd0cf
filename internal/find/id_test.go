package find

import (
	"testing"

	"github.com/piikit/piikit/internal/pattern"
	"github.com/piikit/piikit/kind"
)

func idFinderOf(t *testing.T, src string, scheme kind.CheckScheme, entities ...Entity) *Finder {
	t.Helper()
	p, err := pattern.Parse(src, scheme)
	if err != nil {
		t.Fatal(err)
	}
	return newFinder(t, Options{IDPattern: p, Entities: entities})
}

func TestIDPattern(t *testing.T) {
	f := idFinderOf(t, `U[0-9]{8}`, "")
	for _, c := range []struct {
		text string
		want []found
	}{
		{"my account is U10007919", []found{{ID, "U10007919"}}},
		{"友達追加してね ID: U10007919 です", []found{{ID, "U10007919"}}},
		{"IDはU10007919です", []found{{ID, "U10007919"}}},
		{"(U10007919).", []found{{ID, "U10007919"}}},
		{"U10007919/U10007920, U10007921", []found{{ID, "U10007919"}, {ID, "U10007920"}, {ID, "U10007921"}}},
		{"U10007919-", []found{{ID, "U10007919"}}},
		// Full-width forms match as their ASCII characters.
		{"ＩＤ：Ｕ１０００７９１９", []found{{ID, "Ｕ１０００７９１９"}}},
		{"ID U1000791９", []found{{ID, "U1000791９"}}},
		// Inside a longer word, or an email's local part: not an ID.
		{"XU10007919", nil},
		{"U100079190", nil},
		{"U1000791", nil},
		{"U10007919_a", nil},
		{"_U10007919", nil},
		{"Ｘ Ｕ１０００７９１９ａ", nil},
		{"U10007919@example.com", []found{{Email, "U10007919@example.com"}}},
		{"u10007919", nil},
		{"U1000 7919", nil},
	} {
		check(t, f, c.text, c.want)
	}
	only := idFinderOf(t, `U[0-9]{8}`, "", ID)
	check(t, only, "U10007919@example.com", nil)
	check(t, only, "@U10007919", []found{{ID, "U10007919"}}) // a mention
}

func TestIDPatternClasses(t *testing.T) {
	// The characters of the pattern's classes continue a word: a '.' of
	// the class before or after a run is part of it.
	f := idFinderOf(t, `[a-z0-9._]{8}`, "", ID)
	check(t, f, "id: taro-0123", nil) // '-' is not in the class: 4 and 4 characters
	check(t, f, "id: taro.012 ok", []found{{ID, "taro.012"}})
	check(t, f, "id: taro.0123 ok", nil) // 9 characters of the classes
	check(t, f, "id: .taro.012 ok", nil) // '.' is of a class
	check(t, f, "ＩＤ：taro.012です", []found{{ID, "taro.012"}})
	g := idFinderOf(t, `[A-Z]{2}-[0-9]{7}`, "", ID)
	check(t, g, "passport AB-1234567, and CD-7654321.", []found{{ID, "AB-1234567"}, {ID, "CD-7654321"}})
	check(t, g, "AB-12345678", nil)
	check(t, g, "XAB-1234567", nil)
	// Classes of characters beyond ASCII (symbols, which no word rule
	// reads): a character of either class next to a run is part of it.
	h := idFinderOf(t, `[★☆][0-9]{6}[○●]`, "", ID)
	check(t, h, "会員 ★123456○ です", []found{{ID, "★123456○"}})
	check(t, h, "会員 ★123456○● です", nil) // ● is of the last class
	check(t, h, "会員 ●★123456○ です", nil) // so before the run
	check(t, h, "会員 ☆★123456○ です", nil) // ☆ is of the first class
}

func TestIDPatternCheckScheme(t *testing.T) {
	// 79927398713 is the Luhn example of ISO/IEC 7812-1 (and Wikipedia's).
	f := idFinderOf(t, `[0-9]{11}`, kind.CheckLuhn, ID)
	check(t, f, "acct 79927398713 ok", []found{{ID, "79927398713"}})
	check(t, f, "acct 79927398710 ok", nil)
	check(t, f, "acct ７９９２７３９８７１３", []found{{ID, "７９９２７３９８７１３"}})
	m := idFinderOf(t, `MN[0-9]{12}`, kind.CheckMyNumber, ID)
	good := "MN" + myNumber("12345678901", "")
	check(t, m, "no. "+good, []found{{ID, good}})
	check(t, m, "no. MN"+wrongCheck("12345678901"), nil)
}

func TestIDOverlaps(t *testing.T) {
	// A phone, card or email wins over an ID of the same characters: they
	// are checked (number ranges, Luhn, the address), a pattern only
	// shapes; an ID wins over a name.
	f := idFinderOf(t, `[0-9]{11}`, "")
	check(t, f, "tel 09012345678", []found{{Phone, "09012345678"}})
	check(t, f, "id 12345678901", []found{{ID, "12345678901"}})
	c := idFinderOf(t, `[0-9]{16}`, "")
	check(t, c, "card 4111111111111111", []found{{Card, "4111111111111111"}})
	e := idFinderOf(t, `[a-z]{4}[0-9]{4}`, "")
	check(t, e, "mail taro0123@example.com", []found{{Email, "taro0123@example.com"}})
	k := newKnown(t, KnownValue{Name, "taro0123"})
	n := newFinder(t, Options{IDPattern: e.ids.p, Known: k})
	// The same span: the known value wins a tie (SPEC §9.1), a known name.
	check(t, n, "hi taro0123", []found{{Name, "taro0123"}})
}

func TestIDKnown(t *testing.T) {
	k := newKnown(t, KnownValue{ID, "taro_0123"}, KnownValue{ID, "u1234"}, KnownValue{ID, "123456"})
	if k.Skipped() != 1 {
		t.Errorf("skipped %d known IDs, want 1 (u1234: fewer than 6 characters)", k.Skipped())
	}
	f := newFinder(t, Options{Known: k})
	check(t, f, "友達追加してね ID: taro_0123", []found{{ID, "taro_0123"}})
	check(t, f, "ID: ＴＡＲＯ＿０１２３!", []found{{ID, "ＴＡＲＯ＿０１２３"}})
	check(t, f, "ID: taro_01234", nil)
	check(t, f, "ID: u1234", nil)
	check(t, f, "no 123456.", []found{{ID, "123456"}})
	// Not found unless asked for.
	g := newFinder(t, Options{Known: k, Entities: []Entity{Phone}})
	check(t, g, "ID: taro_0123", nil)
}
