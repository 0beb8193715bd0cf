package records

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// These tests exercise the engine's mechanics (order, rejects, errors,
// cancellation) with a stand-in transform whose output is easy to predict;
// tests with tokenize and mask are in export_test.go.

// reverseTransform reverses a value; it fails on values with a '!', and its
// error, like tokenize's and mask's, does not hold the value.
type reverseTransform struct{}

var errBang = errors.New("not a valid value")

func (reverseTransform) apply(v string) (string, error) {
	if strings.Contains(v, "!") {
		return "", errBang
	}
	r := []rune(v)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r), nil
}
func (reverseTransform) keyID() uint32 { return 42 }

func testEngine(t testing.TB, policy string) *Transformer {
	t.Helper()
	return testEngineOf(t, policy, false)
}

// testEngineOf is testEngine, or with reverse the engine of a reversal.
func testEngineOf(t testing.TB, policy string, reverse bool) *Transformer {
	t.Helper()
	p, err := ParsePolicy([]byte(policy))
	require.NoError(t, err)
	e, err := newEngine(p, func(*Field) (valueTransform, error) { return reverseTransform{}, nil }, reverse)
	require.NoError(t, err)
	return &Transformer{e: e}
}

const enginePolicy = `version: 1
fields:
  id: {transform: pseudonym, kind: id, domain: t.id}
  name: {transform: pseudonym, kind: name, domain: t.name}
  plan: keep
  notes: {transform: redact, value: X}
  debug: drop
`

func TestCSV(t *testing.T) {
	tr := testEngine(t, enginePolicy)
	in := "id,name,plan,notes,debug\n1,abc,free,secret,dbg\n2,\"x,y\",pro,,z\n"
	var out, rej bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &StreamOptions{Rejects: &rej})
	require.NoError(t, err)
	require.Equal(t, "id,name,plan,notes\n1,cba,free,X\n2,\"y,x\",pro,X\n", out.String())
	require.Empty(t, rej.String(), "no header without a reject")

	// A byte order mark before the header is not part of the first name.
	out.Reset()
	_, err = tr.CSV(context.Background(), strings.NewReader("\ufeff"+in), &out, nil)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(out.String(), "id,name,plan,notes\n"))
	require.Equal(t, int64(2), st.RowsIn)
	require.Equal(t, int64(2), st.RowsOut)
	require.Equal(t, "name", st.Fields[1].Name)
	require.Equal(t, int64(2), st.Fields[1].Values)
	require.Equal(t, []uint32{42}, st.Fields[1].KeyIDs)
	require.Nil(t, st.Fields[2].KeyIDs)
}

// A column the policy does not name stops the export before any output.
func TestCSVDenyByDefault(t *testing.T) {
	tr := testEngine(t, enginePolicy)
	in := "id,name,plan,notes,debug,email\n1,abc,free,secret,dbg,taro@example.com\n"
	var out bytes.Buffer
	_, err := tr.CSV(context.Background(), strings.NewReader(in), &out, nil)
	require.ErrorIs(t, err, ErrUnnamedField)
	require.Contains(t, err.Error(), `"email"`)
	require.NotContains(t, err.Error(), "taro")
	require.Empty(t, out.String())

	// unless the policy drops unnamed fields.
	tr = testEngine(t, enginePolicy+"unnamed: drop\n")
	out.Reset()
	_, err = tr.CSV(context.Background(), strings.NewReader(in), &out, nil)
	require.NoError(t, err)
	require.Equal(t, "id,name,plan,notes\n1,cba,free,X\n", out.String())
}

func TestCSVMissingField(t *testing.T) {
	tr := testEngine(t, enginePolicy)
	_, err := tr.CSV(context.Background(), strings.NewReader("id,name,plan,notes\n1,a,b,c\n"), io.Discard, nil)
	require.ErrorIs(t, err, ErrMissingField)
	require.Contains(t, err.Error(), `"debug"`)
}

func TestCSVMalformed(t *testing.T) {
	const header = "id,name,plan,notes,debug\n"
	for _, tc := range []struct {
		name, in  string
		row, line int64
		want      string
	}{
		{"ragged short", header + "1,a,b,c,d\n2,secret,b\n", 2, 3, "wrong number of fields"},
		{"ragged long", header + "1,a,b,c,d\n2,a,b,c,d\n3,a,b,c,d,secret\n", 3, 4, "wrong number of fields"},
		{"bare quote", header + "1,a,b,c,d\n2,se\"cret,b,c,d\n", 2, 3, "bare"},
		{"unterminated quote", header + "1,a,b,c,d\n2,\"secret,b,c,d\n", 2, 3, "quoted field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := testEngine(t, enginePolicy)
			var out bytes.Buffer
			st, err := tr.CSV(context.Background(), strings.NewReader(tc.in), &out, &StreamOptions{Workers: 3})
			require.ErrorIs(t, err, ErrMalformed)
			var re *RowError
			require.True(t, errors.As(err, &re), err.Error())
			require.Equal(t, tc.row, re.Row)
			require.Equal(t, tc.line, re.Line)
			require.Contains(t, err.Error(), tc.want)
			require.Contains(t, err.Error(), fmt.Sprintf("row %d (line %d)", tc.row, tc.line))
			require.NotContains(t, err.Error(), "secret")
			// Records before the bad one were processed.
			require.Equal(t, tc.row-1, st.RowsOut)
		})
	}
	tr := testEngine(t, enginePolicy)
	_, err := tr.CSV(context.Background(), strings.NewReader(""), io.Discard, nil)
	require.ErrorIs(t, err, ErrMalformed)
	_, err = tr.CSV(context.Background(), strings.NewReader("id,id\n"), io.Discard, nil)
	require.ErrorIs(t, err, ErrMalformed)
}

func TestCSVValueError(t *testing.T) {
	in := "id,name,plan,notes,debug\n1,ok,b,c,d\n2,secret!,b,c,d\n3,fine,b,c,d\n4,x,b,c,d\n5,bad!,b,c,d\n"
	t.Run("stop", func(t *testing.T) {
		tr := testEngine(t, enginePolicy)
		_, err := tr.CSV(context.Background(), strings.NewReader(in), io.Discard, nil)
		require.ErrorIs(t, err, ErrValue)
		var re *RowError
		require.True(t, errors.As(err, &re))
		require.Equal(t, RowError{Row: 2, Line: 3, Field: "name", Err: re.Err}, *re)
		require.NotContains(t, err.Error(), "secret")
	})
	t.Run("reject", func(t *testing.T) {
		tr := testEngine(t, enginePolicy+"on_error: reject\n")
		var out, rej bytes.Buffer
		_, err := tr.CSV(context.Background(), strings.NewReader(in), &out, nil)
		require.Error(t, err, "a rejecting policy needs a reject output")
		st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &StreamOptions{Rejects: &rej})
		require.NoError(t, err)
		require.Equal(t, "id,name,plan,notes\n1,ko,b,X\n3,enif,b,X\n4,x,b,X\n", out.String())
		recs, err := csv.NewReader(&rej).ReadAll()
		require.NoError(t, err)
		require.Equal(t, [][]string{{"row", "line", "field", "reason"}, {"2", "3", "name", recs[1][3]}, {"5", "6", "name", recs[2][3]}}, recs)
		require.Contains(t, recs[1][3], "not a valid value")
		require.NotContains(t, rej.String(), "secret")
		require.NotContains(t, rej.String(), "bad")
		require.Equal(t, Stats{RowsIn: 5, RowsOut: 3, Rejected: 2}, Stats{RowsIn: st.RowsIn, RowsOut: st.RowsOut, Rejected: st.Rejected})
		require.Equal(t, int64(2), st.Fields[1].Failed)
	})
}

// Output is in input order whatever the number of workers.
func TestCSVOrder(t *testing.T) {
	var in strings.Builder
	in.WriteString("id,name,plan,notes,debug\n")
	const n = 20000
	for i := range n {
		fmt.Fprintf(&in, "%d,name%d,p,n,d\n", i, i)
	}
	for _, workers := range []int{1, 2, 7, 32} {
		tr := testEngine(t, enginePolicy)
		var out bytes.Buffer
		st, err := tr.CSV(context.Background(), strings.NewReader(in.String()), &out, &StreamOptions{Workers: workers})
		require.NoError(t, err)
		require.Equal(t, int64(n), st.RowsOut)
		recs, err := csv.NewReader(&out).ReadAll()
		require.NoError(t, err)
		require.Len(t, recs, n+1)
		for i, r := range recs[1:] {
			want := []rune(fmt.Sprint(i))
			for a, b := 0, len(want)-1; a < b; a, b = a+1, b-1 {
				want[a], want[b] = want[b], want[a]
			}
			if r[0] != string(want) {
				t.Fatalf("workers %d: record %d is %v", workers, i, r)
			}
		}
	}
}

// endless is an input that never ends: only cancellation stops a run.
type endless struct{ header bool }

func (e *endless) Read(p []byte) (int, error) {
	if !e.header {
		e.header = true
		return copy(p, "id,name,plan,notes,debug\n"), nil
	}
	const rec = "1,abc,p,n,d\n"
	n := 0
	for n+len(rec) <= len(p) {
		n += copy(p[n:], rec)
	}
	return n, nil
}

func TestCSVCancel(t *testing.T) {
	tr := testEngine(t, enginePolicy)
	ctx, cancel := context.WithCancel(context.Background())
	var rows int64
	st, err := tr.CSV(ctx, &endless{}, io.Discard, &StreamOptions{Workers: 4, Progress: func(r, _ int64) {
		rows = r
		if r > 10000 {
			cancel()
		}
	}})
	require.ErrorIs(t, err, context.Canceled)
	require.Greater(t, rows, int64(10000))
	require.Less(t, st.RowsIn, int64(1000000))
}

type failingWriter struct{ after int }

var errDiskFull = errors.New("no space left on device")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errDiskFull
	}
	return len(p), nil
}

func TestCSVWriteError(t *testing.T) {
	tr := testEngine(t, enginePolicy)
	_, err := tr.CSV(context.Background(), &endless{}, &failingWriter{after: 1 << 20}, nil)
	require.ErrorIs(t, err, errDiskFull)
	require.Contains(t, err.Error(), "writing output")
	_, err = tr.JSONLines(context.Background(), strings.NewReader(`{"id":"1"}`+"\n"), &failingWriter{}, nil)
	require.ErrorIs(t, err, errDiskFull)
}

func TestJSONLines(t *testing.T) {
	p := `version: 1
fields:
  id: {transform: pseudonym, kind: id, domain: t.id}
  profile.name: {transform: pseudonym, kind: name, domain: t.name}
  contacts.email: {transform: pseudonym, kind: email, domain: t.email}
  tags: {transform: pseudonym, kind: name, domain: t.tag}
  plan: keep
  extra: {transform: redact}
  debug: drop
`
	tr := testEngine(t, p)
	in := `{"id": 123, "profile": {"name": "abc"}, "contacts": [{"email": "xy"}, {"email": "zw"}], "tags": ["ab", null], "plan": {"tier": 1}, "extra": "s", "debug": 1}

{"id": "7", "profile": null, "plan": null}
`
	var out bytes.Buffer
	st, err := tr.JSONLines(context.Background(), strings.NewReader(in), &out, nil)
	require.NoError(t, err)
	// Keys in input order (issue 15: they were sorted).
	require.Equal(t, `{"id":"321","profile":{"name":"cba"},"contacts":[{"email":"yx"},{"email":"wz"}],"tags":["ba",null],"plan":{"tier":1},"extra":""}
{"id":"7","profile":null,"plan":null}
`, out.String())
	require.Equal(t, int64(2), st.RowsOut)
}

func TestJSONLinesErrors(t *testing.T) {
	p := "version: 1\nfields:\n  id: {transform: pseudonym, kind: id, domain: t.id}\n  a.b: keep\n"
	for _, tc := range []struct {
		name, in  string
		row, line int64
		want      error
		text      string
	}{
		{"invalid JSON", "{\"id\":\"1\"}\n\n{\"id\": secret}\n", 2, 3, ErrMalformed, "invalid JSON at byte"},
		{"truncated", "{\"id\":\"1\"}\n{\"id\": \"secret\"\n", 2, 2, ErrMalformed, "truncated"},
		{"not an object", "[\"secret\"]\n", 1, 1, ErrMalformed, "not a JSON object"},
		{"null", "null\n", 1, 1, ErrMalformed, "not a JSON object"},
		{"trailing", "{\"id\":\"1\"} {\"id\":\"secret\"}\n", 1, 1, ErrMalformed, "after the JSON object, at byte 12"},
		{"unnamed", "{\"id\":\"1\",\"email\":\"secret@example.com\"}\n", 1, 1, ErrUnnamedField, "a key at byte 11 of the line (name not shown)"},
		{"unnamed nested", "{\"a\":{\"b\":1,\"c\":\"secret\"}}\n", 1, 1, ErrUnnamedField, `a key in "a" at byte 13 of the line (name not shown)`},
		{"object value", "{\"id\":{\"secret\":1}}\n", 1, 1, ErrValue, "not a string"},
		{"bad value", "{\"id\":\"secret!\"}\n", 1, 1, ErrValue, "not a valid value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := testEngine(t, p)
			_, err := tr.JSONLines(context.Background(), strings.NewReader(tc.in), io.Discard, &StreamOptions{Workers: 2})
			require.ErrorIs(t, err, tc.want)
			var re *RowError
			require.True(t, errors.As(err, &re), err.Error())
			require.Equal(t, tc.row, re.Row, err.Error())
			require.Equal(t, tc.line, re.Line, err.Error())
			require.Contains(t, err.Error(), tc.text)
			require.NotContains(t, err.Error(), "secret")
		})
	}
}

func TestMap(t *testing.T) {
	tr := testEngine(t, "version: 1\nfields:\n  user.name: {transform: pseudonym, kind: name, domain: t.name}\n  user.age: keep\n")
	in := map[string]any{"user": map[string]any{"name": "abc", "age": 30}}
	out, err := tr.Map(in)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"user": map[string]any{"name": "cba", "age": 30}}, out)
	require.Equal(t, "abc", in["user"].(map[string]any)["name"], "the input is not modified")

	_, err = tr.Map(map[string]any{"user": map[string]any{"name": "abc", "email": "secret"}})
	require.ErrorIs(t, err, ErrUnnamedField)
	require.Contains(t, err.Error(), `a key in "user" (name not shown)`)
	require.NotContains(t, err.Error(), "secret")
}

func BenchmarkCSVEngine(b *testing.B) {
	tr := testEngine(b, enginePolicy)
	var in bytes.Buffer
	in.WriteString("id,name,plan,notes,debug\n")
	for i := range 10000 {
		fmt.Fprintf(&in, "%d,name%d,p,n,d\n", i, i)
	}
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		if _, err := tr.CSV(context.Background(), bytes.NewReader(in.Bytes()), io.Discard, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSONLinesEngine is BenchmarkCSVEngine in JSON Lines: the
// engine's own cost, on one worker.
func BenchmarkJSONLinesEngine(b *testing.B) {
	tr := testEngine(b, enginePolicy)
	var in bytes.Buffer
	for i := range 10000 {
		fmt.Fprintf(&in, `{"id":"%d","name":"name%d","plan":"p","notes":"n","debug":"d"}`+"\n", i, i)
	}
	b.SetBytes(int64(in.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.JSONLines(context.Background(), bytes.NewReader(in.Bytes()), io.Discard, &StreamOptions{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// A run whose input blocks (a terminal, a stalled pipe) still ends at once
// when its context is cancelled.
func TestCSVCancelBlockedInput(t *testing.T) {
	tr := testEngine(t, enginePolicy)
	pr, pw := io.Pipe()
	defer pw.Close()
	go pw.Write([]byte("id,name,plan,notes,debug\n1,abc,p,n,d\n"))
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := tr.CSV(ctx, pr, io.Discard, nil)
		errc <- err
	}()
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
}

// A CSV without a header line has its first record read as the header: the
// error must say so without quoting it, and other input-named columns are
// quoted only when they look like column names.
func TestHeaderCellsAreNotQuotedUnlessNames(t *testing.T) {
	p, err := ParsePolicy([]byte("version: 1\nfields:\n  email: keep\n"))
	require.NoError(t, err)
	tr, err := New(p, nil)
	require.NoError(t, err)

	_, err = tr.CSV(context.Background(), strings.NewReader("Taro Yamada,taro@example.com\n"), &bytes.Buffer{}, nil)
	require.ErrorIs(t, err, ErrMalformed)
	require.NotContains(t, err.Error(), "Taro")
	require.NotContains(t, err.Error(), "taro@")
	require.Contains(t, err.Error(), "is it a header line?")

	_, err = tr.CSV(context.Background(), strings.NewReader("email,Taro Yamada\nx,y\n"), &bytes.Buffer{}, nil)
	require.ErrorIs(t, err, ErrUnnamedField)
	require.NotContains(t, err.Error(), "Taro")
	require.Contains(t, err.Error(), "column 2")

	_, err = tr.CSV(context.Background(), strings.NewReader("email,phone_2\nx,y\n"), &bytes.Buffer{}, nil)
	require.ErrorIs(t, err, ErrUnnamedField)
	require.Contains(t, err.Error(), `"phone_2"`)

	_, err = tr.JSONLines(context.Background(), strings.NewReader(`{"email":"x","taro@example.com":1}`+"\n"), &bytes.Buffer{}, nil)
	require.ErrorIs(t, err, ErrUnnamedField)
	require.NotContains(t, err.Error(), "taro@")
}

func TestNewRefusesNilPolicy(t *testing.T) {
	_, err := New(nil, nil)
	require.ErrorIs(t, err, ErrPolicy)
}

// A named field's value is transformed, kept by a keep, redact or drop
// rule, or refused: none passes through untransformed. Numbers are
// transformed as their exact decimal text.
func TestMapValues(t *testing.T) {
	tr := testEngine(t, "version: 1\nfields:\n  id: {transform: pseudonym, kind: id, domain: t.id}\n")
	type named string
	type count int16
	for _, tc := range []struct {
		in   any
		want any
	}{
		{"123", "321"},
		{json.Number("4111111111111111111"), "1111111111111111114"},
		{json.Number("1e3"), "3e1"},
		{named("123"), "321"},
		{float64(123), "321"},
		{float64(-123), "321-"},
		{float64(1<<53 - 1), "1990474529917009"},
		{int(123), "321"},
		{int64(-9223372036854775808), "8085774586302733229-"},
		{uint64(18446744073709551615), "51615590737044764481"},
		{uint8(7), "7"},
		{count(12), "21"},
		{nil, nil},
		{[]any{"12", float64(34), []any{json.Number("56")}, nil}, []any{"21", "43", []any{"65"}, nil}},
	} {
		out, err := tr.Map(map[string]any{"id": tc.in})
		require.NoError(t, err, "%#v", tc.in)
		require.Equal(t, map[string]any{"id": tc.want}, out, "%#v", tc.in)
	}

	cyclic := []any{nil}
	cyclic[0] = cyclic
	for _, in := range []any{
		float64(4111111111111111111), // what json.Unmarshal gives for a card number
		float64(1 << 53),             // 9007199254740993 reads as this too
		-float64(1 << 53),
		1.5, math.NaN(), math.Inf(1), float32(123), 1e300,
		true, map[string]any{"a": "123"}, []string{"123"}, struct{}{}, complex(1, 0),
		[]any{"12", 1.5}, cyclic,
	} {
		out, err := tr.Map(map[string]any{"id": in})
		require.ErrorIs(t, err, ErrValue, "%#v", in)
		require.Nil(t, out)
		require.NotContains(t, err.Error(), "411111")
	}
	_, err := tr.Map(map[string]any{"id": float64(4111111111111111111)})
	require.ErrorContains(t, err, "UseNumber")

	// On the way to a rule, arrays nest, within bounds.
	tr = testEngine(t, "version: 1\nunnamed: drop\nfields:\n  a.id: {transform: pseudonym, kind: id, domain: t.id}\n")
	out, err := tr.Map(map[string]any{"a": []any{[]any{map[string]any{"id": "12"}}}})
	require.NoError(t, err)
	require.Equal(t, map[string]any{"a": []any{[]any{map[string]any{"id": "21"}}}}, out)
	_, err = tr.Map(map[string]any{"a": cyclic})
	require.ErrorIs(t, err, ErrValue)
}

// A nested member's path is the policy's own string: walking a nested
// record allocates no path.
func TestChildPathAllocs(t *testing.T) {
	tr := testEngine(t, "version: 1\nfields:\n  a.b.c: keep\n")
	e := tr.e
	require.Equal(t, "a.b", e.childPath("a", "b"))
	require.Equal(t, "a.b.c", e.childPath("a.b", "c"))
	require.Equal(t, "a.x", e.childPath("a", "x"))
	require.Zero(t, testing.AllocsPerRun(100, func() {
		_ = e.childPath("a", "b")
		_ = e.childPath("a.b", "c")
	}))
}
