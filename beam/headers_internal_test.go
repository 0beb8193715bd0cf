package beam

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

// newCSVFn is a protecting DoFn of policy as a worker holds it.
func newCSVFn(t *testing.T, policy string) *protectCSVFn {
	t.Helper()
	tr := recordstest.Transformer(t, policy)
	fn := &protectCSVFn{bundle: bundle{l: &loaded{policy: tr.Policy(), keys: recordstest.Keys(t), t: tr}}, tables: map[string]*records.CSVTable{}}
	fn.start()
	return fn
}

// Two headers whose cells differ but join to the same text (a header cell
// may hold a NUL) are two tables: a record is never transformed by the
// columns of another header. Before, the second header's records were
// read with the first header's table, and its email column, shifted by
// one, was written as the kept note.
func TestHeadersThatJoinAlike(t *testing.T) {
	fn := newCSVFn(t, "version: 1\nunnamed: drop\nfields:\n  email: {transform: mask, kind: email, domain: u.email}\n  note: keep\n")
	h1 := []string{"x\x00y", "email", "note", "z", "w"}
	h2 := []string{"x", "y", "email", "note", "z\x00w"}
	var out []Record
	emit := func(r Record) { out = append(out, r) }
	reject := func(Reject) { t.Fatal("reject") }
	require.NoError(t, fn.ProcessElement(context.Background(), Record{Source: "a.csv", Row: 1, Line: 2, Header: h1, Fields: []string{"1", "hanako.sato@example.jp", "n", "3", "4"}}, emit, reject, nil))
	err := fn.ProcessElement(context.Background(), Record{Source: "b.csv", Row: 1, Line: 2, Header: h2, Fields: []string{"1", "jiro.suzuki@example.jp", "taro.yamada@example.jp", "note", "5"}}, emit, reject, nil)
	if err == nil {
		for _, r := range out {
			require.NotContains(t, strings.Join(r.Fields, ","), "taro.yamada", "a raw email written")
		}
	}
	require.NotContains(t, strings.Join(out[len(out)-1].Fields, ","), "taro.yamada")
}
