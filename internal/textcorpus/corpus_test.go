package textcorpus_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/internal/phone"
	"github.com/piikit/piikit/internal/textcorpus"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
)

var update = flag.Bool("update", false, "rewrite testdata/messages.jsonl from Generate")

const corpusFile = "testdata/messages.jsonl"

// TestGeneratedFile checks that testdata/messages.jsonl is what Generate
// makes; go test -run TestGeneratedFile -update rewrites it.
func TestGeneratedFile(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, textcorpus.WriteJSONL(&buf, textcorpus.Generate(textcorpus.Seed, textcorpus.Count)))
	if *update {
		require.NoError(t, os.WriteFile(corpusFile, buf.Bytes(), 0o644))
	}
	file, err := os.ReadFile(corpusFile)
	require.NoError(t, err)
	require.True(t, bytes.Equal(buf.Bytes(), file), "%s is not Generate(Seed, Count): run go test -run TestGeneratedFile -update", corpusFile)
	back, err := textcorpus.ReadJSONL(bytes.NewReader(file))
	require.NoError(t, err)
	require.Equal(t, textcorpus.Generate(textcorpus.Seed, textcorpus.Count), back, "the file reads back as written")
}

func TestGenerateDeterministic(t *testing.T) {
	a, b := textcorpus.Generate(7, 200), textcorpus.Generate(7, 200)
	require.Equal(t, a, b)
	require.NotEqual(t, a, textcorpus.Generate(8, 200))
}

func generated(t *testing.T) []textcorpus.Message {
	t.Helper()
	f, err := os.Open(corpusFile)
	require.NoError(t, err)
	defer f.Close()
	msgs, err := textcorpus.ReadJSONL(f)
	require.NoError(t, err)
	require.Len(t, msgs, textcorpus.Count)
	return msgs
}

// My Number context words the corpus puts near every My Number; a 12-digit
// ordinary number never shares a message with one.
var myNumberWords = []string{"マイナンバー", "個人番号", "my number", "mynumber", "individual number"}

func hasMyNumberWord(text string) bool {
	l := strings.ToLower(text)
	return slices.ContainsFunc(myNumberWords, func(w string) bool { return strings.Contains(l, w) })
}

// validator checks the values of a corpus with the project's own rules.
type validator struct {
	phones, emails, names *normalize.Normalizer
}

func newValidator(t *testing.T) *validator {
	v := &validator{}
	var err error
	v.phones, err = normalize.New(normalize.Phone, normalize.Options{Region: "JP"})
	require.NoError(t, err)
	v.emails, err = normalize.New(normalize.Email, normalize.Options{})
	require.NoError(t, err)
	v.names, err = normalize.New(normalize.Name, normalize.Options{})
	require.NoError(t, err)
	return v
}

func isDigit(r rune) bool { _, ok := phone.Digit(r); return ok }

// runeBefore and runeAfter are the characters around a span (utf8.RuneError
// at the text's ends).
func runeBefore(text string, i int) rune { r, _ := utf8.DecodeLastRuneInString(text[:i]); return r }
func runeAfter(text string, i int) rune  { r, _ := utf8.DecodeRuneInString(text[i:]); return r }

func digitsOf(v string) string {
	var b strings.Builder
	for _, r := range v {
		if d, ok := phone.Digit(r); ok {
			b.WriteByte(byte('0' + d))
		}
	}
	return b.String()
}

func validPhone(v string) bool {
	n, err := phonenumbers.Parse(v, "JP")
	return err == nil && phonenumbers.IsValidNumber(n)
}

func isASCIIWord(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-')
}

func isLatinLetter(r rune) bool { return unicode.In(r, unicode.Latin) }

// checkSpan returns why s is not a value of its entity, or "".
func (v *validator) checkSpan(m textcorpus.Message, s textcorpus.Span) string {
	before, after := runeBefore(m.Text, s.Start), runeAfter(m.Text, s.End)
	nd := len(digitsOf(s.Value))
	switch s.Entity {
	case textcorpus.Phone:
		if _, err := v.phones.Normalize(s.Value); err != nil {
			return "phone rule refuses it: " + err.Error()
		}
		if !validPhone(s.Value) {
			return "not a valid number by the phone metadata"
		}
		if isDigit(before) || phone.Plus(before) || isDigit(after) {
			return "a digit touches it"
		}
	case textcorpus.Email:
		if _, err := v.emails.Normalize(s.Value); err != nil {
			return "email rule refuses it: " + err.Error()
		}
		if isASCIIWord(before) || before == '.' || isASCIIWord(after) || (after == '.' && isASCIIWord(runeAfter(m.Text, s.End+1))) {
			return "the address goes on past the span"
		}
	case textcorpus.MyNumber:
		if err := mask.Valid(kind.MyNumber, s.Value); err != nil || nd != 12 {
			return "not 12 digits with a valid My Number check digit"
		}
		if !hasMyNumberWord(m.Text) {
			return "no context word"
		}
		if isDigit(before) || isDigit(after) {
			return "a digit touches it"
		}
	case textcorpus.Card:
		if err := mask.Valid(kind.Card, s.Value); err != nil || nd < 13 || nd > 19 {
			return "not 13–19 digits, Luhn-valid"
		}
		if isDigit(before) || isDigit(after) {
			return "a digit touches it"
		}
	case textcorpus.Name:
		if _, err := v.names.Normalize(s.Value); err != nil {
			return "name rule refuses it: " + err.Error()
		}
		if isLatinLetter(before) || isLatinLetter(after) {
			return "a Latin letter touches it"
		}
	case textcorpus.None:
		return v.checkOrdinary(m, s.Value)
	}
	return ""
}

// checkOrdinary checks that no run of digits and phone separators in an
// ordinary value is a valid phone number written as phones are (from a
// trunk 0 or a plus: "EJ123456789JP" holds 123456789, an Osaka number
// without its 0, and stays a tracking number), a Luhn-valid 12–19 digit
// number, or a My Number in a message with a context word.
func (v *validator) checkOrdinary(m textcorpus.Message, value string) string {
	for _, run := range strings.FieldsFunc(value, func(r rune) bool { return !isDigit(r) && !phone.Separator(r) }) {
		d := digitsOf(run)
		switch {
		case d == "":
		case strings.IndexFunc(strings.TrimLeftFunc(run, phone.Separator), func(r rune) bool { d, ok := phone.Digit(r); return ok && d != 0 || !ok && !phone.Plus(r) }) != 0 && validPhone(run):
			return "a valid phone number"
		case len(d) >= 12 && len(d) <= 19 && mask.Valid(kind.Card, d) == nil:
			return "a Luhn-valid number"
		case len(d) == 12 && mask.Valid(kind.MyNumber, d) == nil && hasMyNumberWord(m.Text):
			return "a valid My Number near a context word"
		}
	}
	return ""
}

// problems validates every message of msgs and returns the span counts per
// entity and what is wrong.
func (v *validator) problems(msgs []textcorpus.Message) (counts map[string]int, bad []string) {
	counts = map[string]int{}
	for _, m := range msgs {
		if err := textcorpus.Check(m); err != nil {
			bad = append(bad, err.Error())
			continue
		}
		for _, s := range m.Spans {
			counts[s.Entity]++
			if why := v.checkSpan(m, s); why != "" {
				bad = append(bad, fmt.Sprintf("%s: %s span %q: %s\n\t%s", m.ID, s.Entity, s.Value, why, m.Text))
			}
		}
		// Every number in a message is labelled, as personal or ordinary.
		for i, r := range m.Text {
			if isDigit(r) && !slices.ContainsFunc(m.Spans, func(s textcorpus.Span) bool { return s.Start <= i && i < s.End }) {
				bad = append(bad, fmt.Sprintf("%s: unlabelled digit at byte %d\n\t%s", m.ID, i, m.Text))
				break
			}
		}
	}
	return counts, bad
}

func checkCorpus(t *testing.T, msgs []textcorpus.Message) map[string]int {
	t.Helper()
	counts, bad := newValidator(t).problems(msgs)
	for _, b := range bad {
		t.Error(b)
	}
	return counts
}

// TestValidatorCatches: each mislabelled message is caught, for the reason
// given.
func TestValidatorCatches(t *testing.T) {
	v := newValidator(t)
	for _, tc := range []struct{ line, why string }{
		{"カード⟦card:4111 1111 1111 1112⟧", "Luhn"},
		{"カード⟦card:411111111116⟧", "13–19"},
		{"⟦none:4111-1111-1111-1111⟧ ギフト", "Luhn-valid"},
		{"⟦mynumber:123456789018⟧です", "no context word"},
		{"マイナンバー⟦mynumber:123456789012⟧", "check digit"},
		{"マイナンバーの件、⟦none:123456789018⟧", "context word"},
		{"電話は⟦phone:090-0234-5678⟧", "not a valid number"},
		{"電話は0⟦phone:90-1234-5678⟧", "digit touches"},
		{"⟦none:注文090-1234-5678⟧", "valid phone"},
		{"メール⟦email:taro@example.co⟧.jp", "goes on"},
		{"メール⟦email:taro@@example.jp⟧", "email rule"},
		{"en Hi ⟦name:Ke⟧n", "Latin letter"},
		{"在庫⟦none:3個⟧、4個", "unlabelled digit"},
	} {
		msgs, err := textcorpus.ParseMarked(tc.line, "v")
		require.NoError(t, err, tc.line)
		_, bad := v.problems(msgs)
		require.True(t, slices.ContainsFunc(bad, func(b string) bool { return strings.Contains(b, tc.why) }), "%s: %q", tc.line, bad)
	}
}

func TestGeneratedCorpus(t *testing.T) {
	msgs := generated(t)
	counts := checkCorpus(t, msgs)
	t.Logf("%d messages; spans: %s", len(msgs), formatCounts(counts))
	for _, e := range textcorpus.Entities {
		min := 300
		if e == textcorpus.Name {
			min = 500
		}
		require.GreaterOrEqual(t, counts[e], min, "%s spans", e)
	}
	require.GreaterOrEqual(t, counts[textcorpus.None], 1000, "ordinary (hard-negative) spans")

	var ja, short, long int
	for _, m := range msgs {
		if m.Lang == "ja" {
			ja++
		}
		if len(m.Text) < 60 {
			short++
		}
		if len(m.Text) > 200 {
			long++
		}
	}
	t.Logf("%d Japanese, %d English; %d over 200 bytes", ja, len(msgs)-ja, long)
	require.Zero(t, short, "messages under 60 bytes")
	require.Less(t, long, len(msgs)/20, "messages over 200 bytes")
	require.InDelta(t, 2*len(msgs)/3, ja, float64(len(msgs)/10), "about two in three Japanese")
}

// TestGeneratedCoverage checks that the corpus holds each hard case the
// issue lists, many times over.
func TestGeneratedCoverage(t *testing.T) {
	msgs := generated(t)
	nameValues := map[string]bool{}
	for _, m := range msgs {
		for _, s := range m.Spans {
			if s.Entity == textcorpus.Name {
				nameValues[s.Value] = true
			}
		}
	}
	cases := []struct {
		name   string
		entity string
		match  func(m textcorpus.Message, s textcorpus.Span) bool
	}{
		{"phone, full-width digits", textcorpus.Phone, func(_ textcorpus.Message, s textcorpus.Span) bool {
			return strings.ContainsRune(s.Value, '０') || strings.ContainsAny(s.Value, "１２３４５６７８９")
		}},
		{"phone, +81", textcorpus.Phone, func(_ textcorpus.Message, s textcorpus.Span) bool { return strings.HasPrefix(s.Value, "+81") }},
		{"phone, (0xx)", textcorpus.Phone, func(_ textcorpus.Message, s textcorpus.Span) bool { return strings.HasPrefix(s.Value, "(0") }},
		{"phone, no separator, glued to Japanese", textcorpus.Phone, func(m textcorpus.Message, s textcorpus.Span) bool {
			return digitsOf(s.Value) == s.Value && unicode.In(runeBefore(m.Text, s.Start), unicode.Han, unicode.Hiragana, unicode.Katakana)
		}},
		{"phone, prolonged sound mark as dash", textcorpus.Phone, func(_ textcorpus.Message, s textcorpus.Span) bool { return strings.ContainsRune(s.Value, 'ー') }},
		{"phone, Japanese fixed line", textcorpus.Phone, func(_ textcorpus.Message, s textcorpus.Span) bool {
			d := digitsOf(s.Value)
			return (strings.HasPrefix(d, "0") || strings.HasPrefix(d, "81")) && strings.TrimPrefix(strings.TrimPrefix(d, "81"), "0")[0] <= '6'
		}},
		{"phone, +1", textcorpus.Phone, func(_ textcorpus.Message, s textcorpus.Span) bool { return strings.HasPrefix(s.Value, "+1") }},
		{"email, glued to Japanese after", textcorpus.Email, func(m textcorpus.Message, s textcorpus.Span) bool {
			return unicode.In(runeAfter(m.Text, s.End), unicode.Han, unicode.Hiragana, unicode.Katakana)
		}},
		{"email, full-width ＠", textcorpus.Email, func(_ textcorpus.Message, s textcorpus.Span) bool { return strings.ContainsRune(s.Value, '＠') }},
		{"email, IDN domain", textcorpus.Email, func(_ textcorpus.Message, s textcorpus.Span) bool {
			_, d, _ := strings.Cut(s.Value, "@")
			return strings.ContainsFunc(d, func(r rune) bool { return r >= utf8.RuneSelf })
		}},
		{"email, upper case", textcorpus.Email, func(_ textcorpus.Message, s textcorpus.Span) bool { return strings.ToUpper(s.Value) == s.Value }},
		{"mynumber, separators", textcorpus.MyNumber, func(_ textcorpus.Message, s textcorpus.Span) bool { return digitsOf(s.Value) != s.Value }},
		{"mynumber, English context", textcorpus.MyNumber, func(m textcorpus.Message, _ textcorpus.Span) bool { return m.Lang == "en" }},
		{"card, 15 digits", textcorpus.Card, func(_ textcorpus.Message, s textcorpus.Span) bool { return len(digitsOf(s.Value)) == 15 }},
		{"card, 19 digits", textcorpus.Card, func(_ textcorpus.Message, s textcorpus.Span) bool { return len(digitsOf(s.Value)) == 19 }},
		{"name, honorific after", textcorpus.Name, func(m textcorpus.Message, s textcorpus.Span) bool {
			return strings.HasPrefix(m.Text[s.End:], "さん") || strings.HasPrefix(m.Text[s.End:], "様") || strings.HasPrefix(m.Text[s.End:], "先生")
		}},
		{"name, no honorific", textcorpus.Name, func(m textcorpus.Message, s textcorpus.Span) bool {
			return m.Lang == "ja" && !strings.ContainsAny(m.Text[s.End:min(s.End+9, len(m.Text))], "さん様くちゃ先生")
		}},
		{"name, Latin after Dear/Hi", textcorpus.Name, func(m textcorpus.Message, s textcorpus.Span) bool {
			return strings.HasSuffix(m.Text[:s.Start], "Dear ") || strings.HasSuffix(m.Text[:s.Start], "Hi ")
		}},
		{"12 digits, valid check digit, no context", textcorpus.None, func(m textcorpus.Message, s textcorpus.Span) bool {
			d := digitsOf(s.Value)
			return len(d) == 12 && mask.Valid(kind.MyNumber, d) == nil
		}},
		{"Luhn-invalid 16 digits", textcorpus.None, func(_ textcorpus.Message, s textcorpus.Span) bool { return len(digitsOf(s.Value)) == 16 }},
		{"ordinary word also labelled a name elsewhere", textcorpus.None, func(_ textcorpus.Message, s textcorpus.Span) bool { return nameValues[s.Value] }},
		{"price", textcorpus.None, func(_ textcorpus.Message, s textcorpus.Span) bool {
			return strings.HasSuffix(s.Value, "円") || strings.HasPrefix(s.Value, "¥")
		}},
		{"postal code", textcorpus.None, func(_ textcorpus.Message, s textcorpus.Span) bool { return strings.HasPrefix(s.Value, "〒") }},
	}
	for _, c := range cases {
		n := 0
		for _, m := range msgs {
			for _, s := range m.Spans {
				if s.Entity == c.entity && c.match(m, s) {
					n++
				}
			}
		}
		t.Logf("%-45s %4d", c.name, n)
		require.GreaterOrEqual(t, n, 10, c.name)
	}
}

func TestHandWritten(t *testing.T) {
	msgs := textcorpus.HandWritten()
	counts := checkCorpus(t, msgs)
	t.Logf("%d hand-written messages; spans: %s", len(msgs), formatCounts(counts))
	require.GreaterOrEqual(t, len(msgs), 100)
	ids := map[string]bool{}
	for _, m := range msgs {
		require.False(t, ids[m.ID])
		ids[m.ID] = true
	}
}

func formatCounts(counts map[string]int) string {
	var parts []string
	for _, e := range append(slices.Clone(textcorpus.Entities), textcorpus.None) {
		parts = append(parts, fmt.Sprintf("%s %d", e, counts[e]))
	}
	return strings.Join(parts, ", ")
}

func TestParseMarkedErrors(t *testing.T) {
	for _, src := range []string{
		"電話は⟦phone:090⟧",    // fine, for contrast below
		"電話は⟦phone:0901234", // unclosed
		"電話は⟦phone⟧です",      // no value
		"⟦address:東京⟧",      // unknown entity
		"⟦name:山田⟧⟦name:⟧",  // empty value
	} {
		_, err := textcorpus.ParseMarked(src, "x")
		if src == "電話は⟦phone:090⟧" {
			require.NoError(t, err)
			continue
		}
		require.ErrorIs(t, err, textcorpus.ErrFormat, src)
	}
}

func TestReadJSONLRejects(t *testing.T) {
	for _, line := range []string{
		`{"id":"a","lang":"ja","text":"abc","spans":[{"start":0,"end":2,"entity":"name","value":"ab"},{"start":1,"end":3,"entity":"none","value":"bc"}]}`,
		`{"id":"a","lang":"ja","text":"abc","spans":[{"start":0,"end":2,"entity":"name","value":"xx"}]}`,
		`{"id":"a","lang":"ja","text":"山","spans":[{"start":0,"end":1,"entity":"name","value":"\xe5"}]}`,
		`{"id":"a","lang":"ja","text":"abc","spans":[{"start":0,"end":4,"entity":"name","value":"abc"}]}`,
		`{"id":"a","text":"abc","extra":1}`,
	} {
		_, err := textcorpus.ReadJSONL(strings.NewReader(line + "\n"))
		require.ErrorIs(t, err, textcorpus.ErrFormat, line)
	}
}
