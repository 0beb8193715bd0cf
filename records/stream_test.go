package records

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/tokenize"
)

// These tests pin what JSON Lines and CSV readers do with input that Go's
// decoders accept without a word: each has a documented meaning or a clear
// error (SPEC.md §7.2), and nothing passes raw.

const streamPolicy = `version: 1
fields:
  id: {transform: pseudonym, kind: id, domain: t.id}
  a.b: {transform: pseudonym, kind: name, domain: t.name}
  plan: keep
  note: {transform: redact, value: X}
  debug: drop
`

func runJSONLines(t *testing.T, policy, in string) (string, *Stats, string, error) {
	t.Helper()
	tr := testEngine(t, policy)
	var out, rej bytes.Buffer
	st, err := tr.JSONLines(context.Background(), strings.NewReader(in), &out, &StreamOptions{Rejects: &rej, Workers: 2})
	return out.String(), st, rej.String(), err
}

// Invalid UTF-8 and lone surrogate escapes are refused as CSV refuses
// invalid UTF-8: encoding/json would turn each into U+FFFD, and two
// different IDs would share one pseudonym.
func TestJSONLinesInvalidText(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"invalid byte", "U1\xff2"},
		{"truncated rune", "U1\xe3\x81"},
		{"lone high surrogate", `U1\ud800Z`},
		{"lone high surrogate at end", `U1\uD800`},
		{"lone low surrogate", `U1\udc00`},
		{"high then not low", `U1\ud800\u0041`},
		{"high then high", `U1\ud800\ud800`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := runJSONLines(t, streamPolicy, `{"id":"`+tc.value+`"}`+"\n")
			require.ErrorIs(t, err, ErrValue)
			require.ErrorIs(t, err, tokenize.ErrInvalidUTF8, "the error CSV gives")
			var re *RowError
			require.True(t, errors.As(err, &re), err.Error())
			require.Equal(t, RowError{Row: 1, Line: 1, Field: "id", Err: re.Err}, *re)

			// In arrays and nested objects, and under keep.
			for _, in := range []string{
				`{"id":["x","` + tc.value + `"]}`,
				`{"a":{"b":"` + tc.value + `"}}`,
				`{"a":[{"b":"x"},{"b":"` + tc.value + `"}]}`,
				`{"plan":"` + tc.value + `"}`,
				`{"plan":{"tier":["` + tc.value + `"]}}`,
			} {
				_, _, _, err := runJSONLines(t, streamPolicy, in+"\n")
				require.ErrorIs(t, err, ErrValue, in)
				require.ErrorIs(t, err, tokenize.ErrInvalidUTF8, in)
			}

			// A record that holds one is rejected, never written.
			out, st, rej, err := runJSONLines(t, streamPolicy+"on_error: reject\n",
				`{"id":"1"}`+"\n"+`{"id":"2","plan":"`+tc.value+`"}`+"\n"+`{"id":"3"}`+"\n")
			require.NoError(t, err)
			require.Equal(t, `{"id":"1"}`+"\n"+`{"id":"3"}`+"\n", out)
			require.Equal(t, int64(1), st.Rejected)
			require.Contains(t, rej, "2,2,plan,")

			// Dropped and redacted values are not written: they are fine.
			out, _, _, err = runJSONLines(t, streamPolicy, `{"debug":"`+tc.value+`","note":"`+tc.value+`"}`+"\n")
			require.NoError(t, err)
			require.Equal(t, `{"note":"X"}`+"\n", out)

			// In a key, it is malformed input.
			_, _, _, err = runJSONLines(t, streamPolicy+"unnamed: drop\n", `{"id":"1","`+tc.value+`":1}`+"\n")
			require.ErrorIs(t, err, ErrMalformed)
			require.Contains(t, err.Error(), "key")
		})
	}

	// Valid pairs and escaped backslashes are text.
	out, _, _, err := runJSONLines(t, streamPolicy, `{"id":"a\ud83d\ude00b","plan":"\\ud800"}`+"\n")
	require.NoError(t, err)
	require.Equal(t, `{"id":"b😀a","plan":"\\ud800"}`+"\n", out)

	// A reidentification keeps what it does not reverse: not such values.
	tr := testEngineOf(t, streamPolicy, true)
	_, err = tr.JSONLines(context.Background(), strings.NewReader(`{"id":"1","other":"\udfff"}`+"\n"), io.Discard, nil)
	require.ErrorIs(t, err, ErrValue)
	require.ErrorIs(t, err, tokenize.ErrInvalidUTF8)
}

// A key given twice is refused at every level, as a repeated CSV header
// name is; keys are compared as decoded, exactly (as policy names match).
func TestJSONLinesDuplicateKeys(t *testing.T) {
	for _, in := range []string{
		`{"id":"1","id":"secret"}`,
		`{"id":"1","plan":1,"\u0069d":"secret"}`,
		`{"a":{"b":"x","b":"secret"}}`,
		`{"a":[{"b":"x"},{"b":"y","b":"secret"}]}`,
		`{"plan":{"k":1,"k":"secret"}}`,
		`{"plan":[[{"k":1,"k":"secret"}]]}`,
		`{"debug":{"k":1,"k":"secret"}}`,
		`{"id":"1","k01":1,"k02":1,"k03":1,"k04":1,"k05":1,"k06":1,"k07":1,"k08":1,"k09":1,"k10":1,"k11":1,"k12":1,"k13":1,"k14":1,"k15":1,"k16":1,"k17":1,"k18":1,"k19":1,"k20":1,"k21":1,"k22":1,"k23":1,"k24":1,"k25":1,"k26":1,"k27":1,"k28":1,"k29":1,"k30":1,"k31":1,"k32":1,"k33":1,"k34":1,"k17":"secret"}`,
	} {
		_, _, _, err := runJSONLines(t, streamPolicy+"unnamed: drop\n", "{}\n"+in+"\n")
		require.ErrorIs(t, err, ErrMalformed, in)
		require.Contains(t, err.Error(), "row 2 (line 2)", in)
		require.Contains(t, err.Error(), "twice", in)
		require.NotContains(t, err.Error(), "secret", in)
	}
	// The same key in two objects, and keys that differ in case, are fine.
	out, _, _, err := runJSONLines(t, streamPolicy, `{"plan":[{"k":1},{"k":2}],"a":{"b":"xy"}}`+"\n"+`{"plan":{"K":1,"k":2}}`+"\n")
	require.NoError(t, err)
	require.Equal(t, `{"plan":[{"k":1},{"k":2}],"a":{"b":"yx"}}`+"\n"+`{"plan":{"K":1,"k":2}}`+"\n", out)
}

// A JSON key the policy does not name is never quoted: it may be data (an
// email or a user ID used as a key). The error gives its position.
func TestJSONLinesUnnamedKeyNotShown(t *testing.T) {
	for _, tc := range []struct{ in, where string }{
		{`{"id":"1","yamada_taro":1}`, "a key at byte 11 of the line"},
		{`{"id":"1", "U10000001":1}`, "a key at byte 12 of the line"},
		{`{"a":{"b":"x","taro.yamada":1}}`, `a key in "a" at byte 15 of the line`},
		{`{"a":[{"b":"x"},{"taro":1}]}`, `a key in "a" at byte 18 of the line`},
		{`{"id":"1","taro\u0040example.com":1}`, "a key at byte 11 of the line"},
	} {
		_, _, _, err := runJSONLines(t, streamPolicy, tc.in+"\n")
		require.ErrorIs(t, err, ErrUnnamedField, tc.in)
		require.Contains(t, err.Error(), tc.where+" (name not shown)", tc.in)
		for _, s := range []string{"yamada", "taro", "U1000"} {
			require.NotContains(t, err.Error(), s, tc.in)
		}
	}
	// A name of the policy that holds no object is named: it is not data.
	_, _, _, err := runJSONLines(t, streamPolicy, `{"a":"secret"}`+"\n")
	require.ErrorIs(t, err, ErrUnnamedField)
	require.Contains(t, err.Error(), `field "a"`)
	require.NotContains(t, err.Error(), "secret")

	// Map has no line: no position.
	tr := testEngine(t, streamPolicy)
	_, err = tr.Map(map[string]any{"a": map[string]any{"yamada": 1}})
	require.ErrorIs(t, err, ErrUnnamedField)
	require.Contains(t, err.Error(), `a key in "a" (name not shown)`)
	require.NotContains(t, err.Error(), "yamada")
}

// JSON Lines that are not one object, and other shapes.
func TestJSONLinesShapes(t *testing.T) {
	deep := strings.Repeat(`{"k":`, MaxDepth) + "1" + strings.Repeat("}", MaxDepth)
	deeper := strings.Repeat(`[`, MaxDepth) + `"secret"` + strings.Repeat("]", MaxDepth)
	for _, tc := range []struct {
		name, in string
		want     error
		text     string
	}{
		{"trailing object", `{"id":"1"} {"id":"secret"}`, ErrMalformed, "after the JSON object"},
		{"trailing garbage", `{"id":"1"}secret`, ErrMalformed, "after the JSON object"},
		{"trailing bracket", `{"id":"1"}]`, ErrMalformed, "after the JSON object"},
		{"trailing brace", `{"id":"1"} }`, ErrMalformed, "after the JSON object"},
		{"number", `12345`, ErrMalformed, "not a JSON object"},
		{"string", `"secret"`, ErrMalformed, "not a JSON object"},
		{"array", `[{"id":"secret"}]`, ErrMalformed, "not a JSON object"},
		{"too deep", `{"id":"1","plan":` + deeper + `}`, ErrMalformed, "nested deeper than"},
		{"too deep, dropped", `{"id":"1","debug":` + deep + `}`, ErrMalformed, "nested deeper than"},
		{"not JSON white space", "\u00a0", ErrMalformed, "invalid JSON"},
		{"NUL", "{\"id\":\"1\x00\"}", ErrMalformed, "invalid JSON"},
		{"CR between records", "{\"id\":\"1\"}\r{\"id\":\"secret\"}", ErrMalformed, "after the JSON object"},
		{"BOM not first", "{\"id\":\"1\"}\n\ufeff{\"id\":\"2\"}", ErrMalformed, "invalid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := runJSONLines(t, streamPolicy, tc.in+"\n")
			require.ErrorIs(t, err, tc.want)
			var re *RowError
			require.True(t, errors.As(err, &re), err.Error())
			require.Contains(t, err.Error(), tc.text)
			require.NotContains(t, err.Error(), "secret")
		})
	}

	// Nesting up to MaxDepth, numbers as written (1e400 does not overflow),
	// CRLF, blank lines, a BOM before the first line, and an escaped NUL
	// (kept values keep it; keyed transforms refuse control characters).
	in := "\ufeff" + `{"plan":` + strings.Repeat("[", MaxDepth-1) + "1e400" + strings.Repeat("]", MaxDepth-1) + "}\r\n \t\r\n" + `{"plan":"a\u0000b"}` + "\n"
	out, st, _, err := runJSONLines(t, streamPolicy, in)
	require.NoError(t, err)
	require.Equal(t, `{"plan":`+strings.Repeat("[", MaxDepth-1)+"1e400"+strings.Repeat("]", MaxDepth-1)+"}\n"+`{"plan":"a\u0000b"}`+"\n", out)
	require.Equal(t, int64(2), st.RowsOut)
}

// The manifest's counts describe what was written: values of a rejected
// record are not among the values (a reidentification could otherwise
// reveal more than the export holds), only the value that failed is counted,
// as failed.
func TestStatsCountWrittenRecordsOnly(t *testing.T) {
	policy := enginePolicy + "on_error: reject\n"
	csvIn := "id,name,plan,notes,debug\n1,ok,p,n,d\n2,bad!,p,n,d\n3,ok,p,n,d\n"
	jsonIn := `{"id":"1","name":"ok","plan":"p","notes":"n","debug":"d"}` + "\n" +
		`{"id":"2","name":"bad!","plan":"p","notes":"n","debug":"d"}` + "\n" +
		`{"id":"3","name":"ok","plan":{"k":"\ud800"},"notes":"n","debug":"d"}` + "\n" +
		`{"id":"4","name":"ok","plan":"p","notes":"n","debug":"d"}` + "\n"
	for _, run := range []struct {
		name string
		fn   func(tr *Transformer, rej io.Writer) (*Stats, error)
		rej  int64
	}{
		{"csv", func(tr *Transformer, rej io.Writer) (*Stats, error) {
			return tr.CSV(context.Background(), strings.NewReader(csvIn), io.Discard, &StreamOptions{Rejects: rej})
		}, 1},
		{"jsonl", func(tr *Transformer, rej io.Writer) (*Stats, error) {
			return tr.JSONLines(context.Background(), strings.NewReader(jsonIn), io.Discard, &StreamOptions{Rejects: rej})
		}, 2},
	} {
		t.Run(run.name, func(t *testing.T) {
			var rej bytes.Buffer
			st, err := run.fn(testEngine(t, policy), &rej)
			require.NoError(t, err)
			require.Equal(t, run.rej, st.Rejected)
			require.Equal(t, int64(2), st.RowsOut)
			recs, err := csv.NewReader(&rej).ReadAll()
			require.NoError(t, err)
			require.Len(t, recs, int(run.rej)+1)
			for _, f := range st.Fields {
				require.Equal(t, int64(2), f.Values, "field %s: values of written records only", f.Name)
			}
			require.Equal(t, int64(1), st.Fields[1].Failed, "name failed once")
			require.Equal(t, []uint32{42}, st.Fields[0].KeyIDs)
			m := NewManifest(testEngine(t, policy).Policy(), st, run.name, "test")
			require.Equal(t, int64(2), m.Fields[1].Values)
		})
	}
}

// A CSV record is bounded like a JSON line, however many lines its quoted
// fields span, and is not buffered whole when longer. (The bound is lowered
// for the test: the race detector makes 16 MiB records slow.)
func TestRecordSize(t *testing.T) {
	defer func(n int64) { maxLine = n }(maxLine)
	maxLine = 200_000
	const header = "id,name,plan,notes,debug\n"
	record := func(size int64, sep string) string {
		// "1,a,<plan>,n,d\n" with a plan that makes the record size bytes.
		fill := int(size) - len("1,a,\"\",n,d\n")
		plan := strings.Repeat("p", fill/2) + sep + strings.Repeat("p", fill-fill/2-len(sep))
		return "1,a,\"" + plan + "\",n,d\n"
	}
	for _, sep := range []string{"", "\n", "\r\n", "\n\n\n"} {
		tr := testEngine(t, enginePolicy)
		in := header + "1,a,p,n,d\n" + record(maxLine, sep) + "3,a,p,n,d\n"
		st, err := tr.CSV(context.Background(), strings.NewReader(in), io.Discard, nil)
		require.NoError(t, err, "%q", sep)
		require.Equal(t, int64(3), st.RowsOut)

		in = header + "1,a,p,n,d\n" + record(maxLine+1, sep) + "3,a,p,n,d\n"
		st, err = tr.CSV(context.Background(), strings.NewReader(in), io.Discard, nil)
		require.ErrorIs(t, err, ErrMalformed, "%q", sep)
		require.Contains(t, err.Error(), "row 2 (line 3): malformed input: record longer than 200000 bytes")
		require.Equal(t, int64(1), st.RowsOut)
	}
	// An endless record fails once past the bound, without reading on.
	tr := testEngine(t, enginePolicy)
	src := &endlessField{}
	_, err := tr.CSV(context.Background(), io.MultiReader(strings.NewReader(header+"1,\""), src), io.Discard, nil)
	require.ErrorIs(t, err, ErrMalformed)
	require.Contains(t, err.Error(), "row 1 (line 2): malformed input: record longer than")
	require.Less(t, src.n, maxLine+2*readBufSize)
	// The header too.
	_, err = tr.CSV(context.Background(), io.MultiReader(strings.NewReader("id,"), &endlessField{}), io.Discard, nil)
	require.ErrorIs(t, err, ErrMalformed)
	require.Contains(t, err.Error(), "CSV header longer than")

	// JSON lines: the same bound, line ending included.
	line := func(size int64) string {
		return `{"plan":"` + strings.Repeat("p", int(size)-len(`{"plan":""}`+"\n")) + `"}` + "\n"
	}
	_, err = tr.JSONLines(context.Background(), strings.NewReader(line(maxLine)), io.Discard, nil)
	require.NoError(t, err)
	_, err = tr.JSONLines(context.Background(), strings.NewReader(`{}`+"\n"+line(maxLine+1)), io.Discard, nil)
	require.ErrorIs(t, err, ErrMalformed)
	require.Contains(t, err.Error(), "row 2 (line 2): malformed input: record longer than 200000 bytes")
}

// endlessField is a field that never ends.
type endlessField struct{ n int64 }

func (e *endlessField) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	return len(p), nil
}

// CSV shapes: a byte order mark before the header is ignored, also before
// a quoted name; blank lines are skipped; a CR inside a field is data.
// (Ragged rows and bad quoting: TestCSVMalformed; invalid UTF-8 is refused
// by keyed transforms, and kept by keep, as any byte.)
func TestCSVShapes(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"\ufeff\"id\",name,plan,notes,debug\n1,abc,p,n,d\n", "id,name,plan,notes\n1,cba,p,X\n"},
		{"id,name,plan,notes,debug\r\n\r\n1,abc,a\rb,n,d\r\n\n", "id,name,plan,notes\n1,cba,\"a\rb\",X\n"},
	} {
		var out bytes.Buffer
		_, err := testEngine(t, enginePolicy).CSV(context.Background(), strings.NewReader(tc.in), &out, nil)
		require.NoError(t, err, "%q", tc.in)
		require.Equal(t, tc.out, out.String())
	}
	// Only one mark, before the header: elsewhere it is data.
	_, err := testEngine(t, enginePolicy).CSV(context.Background(), strings.NewReader("\ufeff\ufeffid,name,plan,notes,debug\n"), io.Discard, nil)
	require.ErrorIs(t, err, ErrUnnamedField)
}

// A key the policy does not name stops the export even in a record that a
// bad value rejects, whichever key comes first: unnamed fields are never
// rejects (SPEC.md §7.3). Found by FuzzExportLeaks: the record used to stop
// at its first error in key order, so "zz" was never looked at.
func TestJSONLinesUnnamedKeyInRejectedRecord(t *testing.T) {
	policy := streamPolicy + "on_error: reject\n"
	for _, line := range []string{
		`{"id":"\ud800","zz":"hanako@example.com"}`,
		`{"a":{"b":"\ud800"},"zz":"hanako@example.com"}`,
		`{"0":"hanako@example.com","id":"\ud800"}`,
		`{"a":{"b":"\ud800","zz":"hanako@example.com"}}`,
	} {
		t.Run(line, func(t *testing.T) {
			out, _, rej, err := runJSONLines(t, policy, `{"id":"U1"}`+"\n"+line+"\n")
			require.ErrorIs(t, err, ErrUnnamedField)
			require.NotErrorIs(t, err, ErrValue)
			var re *RowError
			require.True(t, errors.As(err, &re), err.Error())
			require.Equal(t, int64(2), re.Row)
			require.Empty(t, rej, "an unnamed field is not a reject")
			require.NotContains(t, out+err.Error(), "hanako")
		})
	}
	// Without an unnamed key the same record is a reject.
	_, st, rej, err := runJSONLines(t, policy, `{"id":"\ud800","a":{"b":"\ud800"}}`+"\n")
	require.NoError(t, err)
	require.Equal(t, int64(1), st.Rejected)
	require.Contains(t, rej, "1,1,")
}

// FuzzAppendCSV checks appendCSV against encoding/csv's Writer, which
// wrote the records before it.
func FuzzAppendCSV(f *testing.F) {
	for _, rec := range [][]string{
		{"a", "b"}, {""}, {"", ""}, {`\.`}, {` lead`, "\tx", "\u3000全角", "\u0085"}, {`say "hi"`, "a,b", "cr\r", "lf\n", "\r\n"},
		{"山田 太郎", "ヤマダ", "+81 90-1234-5678"}, {"\xff", `"`},
	} {
		f.Add(strings.Join(rec, "\x00"))
	}
	f.Fuzz(func(t *testing.T, joined string) {
		rec := strings.Split(joined, "\x00")
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		if err := w.Write(rec); err != nil {
			t.Skip()
		}
		w.Flush()
		if got := appendCSV(nil, rec); string(got) != want.String() {
			t.Fatalf("appendCSV(%q) = %q, encoding/csv writes %q", rec, got, want.String())
		}
	})
}

// A batch holds at most batchBytes of input and the record that crosses
// it, however few records that is: 256 records of up to MaxLineSize each
// would hold gigabytes per batch, and (2×workers+2) batches are in flight.
func TestBatchBytes(t *testing.T) {
	const n, size = 20, batchBytes / 4
	field := strings.Repeat("a", size)
	var csvIn, jsonIn strings.Builder
	csvIn.WriteString("v\n")
	for range n {
		csvIn.WriteString(field + "\n")
		jsonIn.WriteString(`{"v":"` + field + "\"}\n")
	}
	cf, _, err := newCSVFormat(strings.NewReader(csvIn.String()))
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]format{"csv": cf, "jsonl": newJSONFormat(strings.NewReader(jsonIn.String()))} {
		total := 0
		for {
			b := &batch{}
			if err := f.read(b); err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(name, err)
			}
			if b.len() > 5 { // 4 records reach batchBytes, the 5th crosses it
				t.Errorf("%s: a batch of %d records of %d bytes", name, b.len(), size)
			}
			total += b.len()
		}
		if total != n {
			t.Errorf("%s: %d records read, want %d", name, total, n)
		}
	}
}
