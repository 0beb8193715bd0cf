package records_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"log"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

func readValues(t *testing.T, in, format string) ([]records.Value, error) {
	t.Helper()
	var vs []records.Value
	err := records.ReadValues(context.Background(), strings.NewReader(in), format, func(v records.Value) error {
		vs = append(vs, v)
		return nil
	})
	return vs, err
}

func TestReadValuesCSV(t *testing.T) {
	vs, err := readValues(t, "\ufeffname,note\n山田,\"a\nb\"\nx,y\n", "csv")
	require.NoError(t, err)
	require.Equal(t, []records.Value{
		{Row: 1, Line: 2, Field: "name", Text: "山田"},
		{Row: 1, Line: 2, Field: "note", Text: "a\nb"},
		{Row: 2, Line: 4, Field: "name", Text: "x"},
		{Row: 2, Line: 4, Field: "note", Text: "y"},
	}, vs)

	// A header cell that is not a name may be data: shown by position,
	// and given as a value.
	vs, err = readValues(t, "id,taro@example.jp\n1,2\n", "csv")
	require.NoError(t, err)
	require.Equal(t, []records.Value{
		{Row: 0, Line: 1, Field: "column 2", Text: "taro@example.jp"},
		{Row: 1, Line: 2, Field: "id", Text: "1"},
		{Row: 1, Line: 2, Field: "column 2", Text: "2"},
	}, vs)
}

func TestReadValuesJSONLines(t *testing.T) {
	in := `{"id":7,"user":{"email":"a@example.jp","tags":["x",["y"]],"ok":true,"n":null},"by":{"taro@example.jp":"090"}}` + "\n\n" +
		`{"id":"8"}`
	vs, err := readValues(t, in, "jsonl")
	require.NoError(t, err)
	require.Equal(t, []records.Value{
		{Row: 1, Line: 1, Field: "id", Text: "7"},
		{Row: 1, Line: 1, Field: "user.email", Text: "a@example.jp"},
		{Row: 1, Line: 1, Field: "user.tags", Text: "x"},
		{Row: 1, Line: 1, Field: "user.tags", Text: "y"},
		{Row: 1, Line: 1, Field: "by.*", Text: "taro@example.jp"},
		{Row: 1, Line: 1, Field: "by.*", Text: "090"},
		{Row: 2, Line: 3, Field: "id", Text: "8"},
	}, vs)
}

func TestReadValuesErrors(t *testing.T) {
	for _, tc := range []struct {
		name, format, in string
		want             error
		msg              string
	}{
		{"empty", "csv", "", records.ErrMalformed, "empty input"},
		{"ragged", "csv", "a,b\n1,SECRET,3\n", records.ErrMalformed, "row 1 (line 2): malformed input: wrong number of fields"},
		{"quote", "csv", "a\n\"SECRET\n", records.ErrMalformed, "extraneous or missing"},
		{"utf8 csv", "csv", "a,b\n1,SECRET\xff\n", records.ErrMalformed, `row 1 (line 2), field "b"`},
		{"utf8 header", "csv", "a,SECRET\xff\n", records.ErrMalformed, `field "column 2"`},
		{"utf8 json", "jsonl", `{"a":{"b":"SECRET\xff"}}`, records.ErrMalformed, `row 1 (line 1)`},
		{"surrogate nested", "jsonl", `{"a":{"b":"SECRET\udc00"}}`, records.ErrMalformed, `row 1 (line 1), field "a.b"`},
		{"surrogate", "jsonl", `{"a":"SECRET\ud800"}`, records.ErrMalformed, `field "a"`},
		{"syntax", "jsonl", "{\"a\":1}\n{\"a\":SECRET}\n", records.ErrMalformed, "row 2 (line 2)"},
		{"twice", "jsonl", `{"a":1,"a":"SECRET"}`, records.ErrMalformed, "row 1"},
		{"format", "xml", "", nil, `format "xml"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readValues(t, tc.in, tc.format)
			require.Error(t, err)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
			}
			require.Contains(t, err.Error(), tc.msg)
			require.NotContains(t, err.Error(), "SECRET")
		})
	}
}

// ApplyField gives a value the output its column gets in an export.
func TestApplyFieldIsTheExport(t *testing.T) {
	tr := demoTransformer(t)
	var in bytes.Buffer
	require.NoError(t, synthetic.WriteCSV(&in, 50, 3))
	out, _ := exportCSV(t, tr, in.Bytes())
	ins, err := csv.NewReader(&in).ReadAll()
	require.NoError(t, err)
	outs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, ins[0], outs[0], "the demo policy drops no column")
	for r := 1; r < len(ins); r++ {
		for c, name := range ins[0] {
			got, written, err := tr.ApplyField(name, ins[r][c])
			require.NoError(t, err)
			require.True(t, written)
			require.Equal(t, outs[r][c], got, "row %d, %s", r, name)
		}
	}
}

func TestApplyField(t *testing.T) {
	tr := demoTransformer(t)
	_, _, err := tr.ApplyField("password", "SECRET")
	require.ErrorIs(t, err, records.ErrUnnamedField)
	_, _, err = tr.ApplyField("taro@example.jp", "SECRET")
	require.ErrorIs(t, err, records.ErrUnnamedField)
	require.NotContains(t, err.Error(), "taro")
	out, written, err := tr.ApplyField("phone", "SECRET")
	require.ErrorIs(t, err, records.ErrValue)
	require.False(t, written)
	require.Empty(t, out)
	require.NotContains(t, err.Error(), "SECRET")
	out, written, err = tr.ApplyField("email", "")
	require.NoError(t, err)
	require.True(t, written)
	require.Empty(t, out)

	p, err := records.ParsePolicy([]byte("version: 1\nunnamed: drop\nfields:\n  a: drop\n  b: {transform: redact, value: x}\n"))
	require.NoError(t, err)
	tr, err = records.New(p, nil)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, in, out string
		written       bool
	}{{"a", "v", "", false}, {"c", "v", "", false}, {"b", "v", "x", true}, {"b", "", "x", true}} {
		out, written, err := tr.ApplyField(tc.name, tc.in)
		require.NoError(t, err)
		require.Equal(t, tc.written, written, tc.name)
		require.Equal(t, tc.out, out, tc.name)
	}
}

func ExampleReadValues() {
	in := `{"user":{"email":"taro@example.jp","tags":["beta"]},"by":{"hanako@example.jp":1}}`
	err := records.ReadValues(context.Background(), strings.NewReader(in), "jsonl", func(v records.Value) error {
		fmt.Printf("row %d %s: %d bytes\n", v.Row, v.Field, len(v.Text))
		return nil
	})
	fmt.Println(err)
	// Output:
	// row 1 user.email: 15 bytes
	// row 1 user.tags: 4 bytes
	// row 1 by.*: 17 bytes
	// row 1 by.*: 1 bytes
	// <nil>
}

func ExampleTransformer_ApplyField() {
	p, err := records.ParsePolicy([]byte(examplePolicy))
	if err != nil {
		log.Fatal(err)
	}
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	t, err := records.New(p, keys)
	if err != nil {
		log.Fatal(err)
	}
	// The outputs the user_id and phone columns get in an export
	// (ExampleTransformer_CSV).
	fmt.Println(t.ApplyField("user_id", "U10000001"))
	fmt.Println(t.ApplyField("phone", "090-1234-5678"))
	fmt.Println(t.ApplyField("notes", "call back"))
	fmt.Println(t.ApplyField("password", "hunter2"))
	// Output:
	// fredzepps5xvczwvflwjepw7tihhy true <nil>
	// 090-3488-1134 true <nil>
	//  false <nil>
	//  false records: field "password": field not named in the policy
}
