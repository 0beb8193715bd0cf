package records

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records/synthetic"
)

// oddRecords are demo records that take the rare ways: values to quote
// (a comma, a quote, a leading space, a line break, `\.`), empty values,
// and values that cannot be transformed.
var oddRecords = [][]string{
	{"U1234568", "Yamadakawa, Tarozaemon", "ヤマダカワ タロウザエモン", "ab.cdefg@example.com", "090-1234-5678", "123456789018", "2024-01-01", " pro"},
	{"U1234567", "Yamadakawa, Tarozaemon", "ヤマダカワ タロウザエモン", `a"b@example.com`, "090-1234-5678", "123456789018", "2024-01-01", "pro"},
	{"", "", "", "", "", "", "", ""},
	{"U2345678", " Tarozaemon Yamadakawa", "ヤマダカワ タロウザエモン", "tarozaemon@example.com", "+81 90 1111 2222", "", `\.`, "a\nb"},
	{"U1", "Tarozaemon Yamadakawa", "ヤマダカワ タロウザエモン", "tarozaemon@example.com", "+81 90 1111 2222", "", "x", "plan"},
	{"U3456789", "Tarozaemon Yamadakawa", "ヤマダカワ タロウザエモン", "tarozaemon@example.com", "12", "", "x", "plan"},
	{"U3456781", `Taro"zaemon Yamadakawa`, "ヤマダカワ タロウザエモン", "tarozaemon@例え.jp", "０９０-１２３４-５６７８", "", "\u3000x", "\"q\""},
	{"U3456782", "Taro\xffzaemon", "ヤマダカワ", "t@example.com", "+81 90 1111 2222", "", "x", "\xff"},
}

// demoEngine is the engine of the demo users policy.
func demoEngine(t *testing.T) *engine {
	t.Helper()
	p, err := LoadPolicy("../examples/policies/users.yaml")
	require.NoError(t, err)
	keys, err := NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	require.NoError(t, err)
	tr, err := New(p, keys)
	require.NoError(t, err)
	return tr.e
}

// appendRow, which appends each value where it goes, writes what
// appendCSV writes of row's fields, counts what row counts and fails as
// row fails, leaving its buffer as it was.
func TestAppendRowIsRowAsCSV(t *testing.T) {
	e := demoEngine(t)
	cols, _, err := e.columns(synthetic.Header)
	require.NoError(t, err)
	recs := oddRecords
	g := synthetic.New(7)
	for range 2000 {
		recs = append(recs, g.Next().Record())
	}
	for i, rec := range recs {
		want, wc := newCounts(len(e.list)), newCounts(len(e.list))
		fields, werr := e.row(cols, rec, &want)
		got, gerr := e.appendRow([]byte("prev\n"), cols, rec, &wc)
		require.Equal(t, want, wc, "record %d", i)
		if werr != nil {
			require.EqualError(t, gerr, werr.Error(), "record %d", i)
			require.Equal(t, "prev\n", string(got))
			continue
		}
		require.NoError(t, gerr, "record %d", i)
		require.Equal(t, "prev\n"+string(appendCSV(nil, fields)), string(got), "record %d", i)
	}
}

// csvQuoted and appendCSVField read bytes as they read the same string.
func FuzzAppendCSVFieldBytes(f *testing.F) {
	for _, s := range []string{"", "a", `\.`, " lead", "\u3000全角", "\u0085", "a,b", `say "hi"`, "\xff", "\xe3\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		require.Equal(t, csvQuoted(s), csvQuoted([]byte(s)))
		require.Equal(t, appendCSVField([]byte("x"), s), appendCSVField([]byte("x"), []byte(s)))
	})
}

// A value appended to openStr's buffer and written by closeStr is what str
// writes of it.
func FuzzJSONSinkAppended(f *testing.F) {
	for _, s := range []string{"", "plain", "山田　太郎", "a\"b\\c", "\x00\n", "\u2028", "\xff\xe2\x80", strings.Repeat("é", 300)} {
		f.Add(s, 0)
		f.Add(s, 5000)
	}
	f.Fuzz(func(t *testing.T, s string, room int) {
		var want, got bytes.Buffer
		jsonSink{&want}.str(s)
		got.Grow(min(max(room, 0), 1<<16)) // the value fits in place, or not
		out := jsonSink{&got}
		out.closeStr(append(out.openStr(), s...), false)
		require.Equal(t, want.Bytes(), got.Bytes())
		var m mapSink
		m.closeStr(append(m.openStr(), s...), false)
		require.Equal(t, s, m.build())
	})
}

// Values appended to a JSON line are encoding/json's strings.
func TestJSONSinkAppendedIsJSON(t *testing.T) {
	var b bytes.Buffer
	out := jsonSink{&b}
	out.closeStr(append(out.openStr(), `a"b`...), false)
	var s string
	require.NoError(t, json.Unmarshal(b.Bytes(), &s))
	require.Equal(t, `a"b`, s)
}

// csvQuoted quotes a field that starts with white space, whatever
// character it is, and decodes only the lead bytes white space has.
func TestCSVQuotedFirstRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r) + "x"
		want := unicode.IsSpace(r) || strings.ContainsRune(",\"\r\n", r)
		if csvQuoted(s) != want || csvQuoted([]byte(s)) != want {
			t.Fatalf("csvQuoted(%q) = %v, want %v", s, csvQuoted(s), want)
		}
	}
}

// Pseudonyms and tokens, whatever their prefix, are plain outputs: never
// quoted in CSV, written as they are in JSON.
func TestPlainOutputs(t *testing.T) {
	keys, err := NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	require.NoError(t, err)
	plainChar := func(c byte) bool {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'
	}
	g := synthetic.New(11)
	var values []string
	for range 200 {
		u := g.Next()
		values = append(values, u.UserID, u.Email, u.MyNumber)
	}
	n := 0
	for _, tr := range []Transform{Pseudonym, Token} {
		for _, k := range []string{"id", "email"} {
			for _, prefix := range []string{"", "mn_", "Z9.a-b_c", "0"} {
				p := &Policy{Fields: []Field{{Name: "v", Transform: tr, Kind: kind.Kind(k), Domain: "d", Options: map[string]string{"prefix": prefix}}}}
				if prefix == "" {
					p.Fields[0].Options = nil
				}
				x, err := New(p, keys)
				require.NoError(t, err)
				r := x.e.rules["v"]
				require.True(t, r.plain)
				for _, v := range values {
					out, _, err := r.app.appendTo(nil, v)
					if err != nil {
						continue
					}
					n++
					require.True(t, plainChar(out[0]) && out[0] != '.' && out[0] != '_' && out[0] != '-', "%q", out)
					for _, c := range out {
						require.True(t, plainChar(c), "%q", out)
					}
					require.False(t, csvQuoted(out))
					require.True(t, plainJSON(out))
				}
			}
		}
	}
	require.Greater(t, n, 1000)
}

// A CSV record that fails after some of its values were written leaves
// none of them in the batch's buffer, whether the buffer grew or not.
func TestFailedRowLeavesNoOutput(t *testing.T) {
	e := demoEngine(t)
	cols, _, err := e.columns(synthetic.Header)
	require.NoError(t, err)
	// A long name (the buffer grows within the record) and a My Number
	// that is not one, written after it.
	failing := []string{"U9999999", strings.Repeat("山田太郎 ", 100) + "山田", "ヤマダカワ タロウザエモン",
		"tarozaemon@example.com", "+81 90 1111 2222", "1234\x015678", "x", "y"}
	pseudonym, written, err := (&Transformer{e: e}).ApplyField("user_id", failing[0])
	require.NoError(t, err)
	require.True(t, written)
	for _, room := range []int{0, 1100, 1 << 20} { // 1100: the record does not fit
		b := &batch{counts: newCounts(len(e.list)), record: newCounts(len(e.list)), row0: 1}
		b.out.Grow(room)
		b.csv, b.lines = [][]string{failing}, []int64{2}
		(&csvFormat{cols: cols}).process(e, b)
		require.Len(t, b.rejects, 1)
		require.Zero(t, b.outRows)
		require.NotContains(t, string(b.out.Bytes()[:b.out.Cap()]), pseudonym, "room %d", room)
	}
}
