package beam

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
	"github.com/piikit/piikit/records/synthetic"
)

// demoRecords returns the demo's table (seed 1) as Records, and a
// protecting DoFn of the demo policy as a worker holds it.
func demoRecords(b *testing.B, rows int) ([]Record, *protectCSVFn) {
	b.Helper()
	policy, err := os.ReadFile("../examples/policies/users.yaml")
	require.NoError(b, err)
	t := recordstest.Transformer(b, string(policy))
	var table bytes.Buffer
	require.NoError(b, synthetic.WriteCSV(&table, rows, 1))
	r, err := records.NewCSVReader(&table)
	require.NoError(b, err)
	var recs []Record
	for {
		rec, row, line, err := r.Read()
		if err == io.EOF {
			break
		}
		require.NoError(b, err)
		recs = append(recs, Record{Source: "users.csv", Row: row, Line: line, Header: r.Header(), Fields: rec})
	}
	fn := &protectCSVFn{bundle: bundle{l: &loaded{policy: t.Policy(), keys: recordstest.Keys(b), t: t}}, tables: map[string]*records.CSVTable{}}
	return recs, fn
}

// BenchmarkProtectCSV is the work of a worker per CSV record: protect it
// (the demo policy) and encode it for its shard.
func BenchmarkProtectCSV(b *testing.B) {
	recs, fn := demoRecords(b, 1000)
	key := &keyCSVFn{Shards: 16}
	var out []Record
	emit := func(r Record) { out = append(out, r) }
	reject := func(Reject) { b.Fatal("reject") }
	fn.start()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		out = out[:0]
		require.NoError(b, fn.ProcessElement(context.Background(), recs[i%len(recs)], emit, reject, nil))
		key.ProcessElement(out[0])
		i++
	}
}

// BenchmarkKeyCSV is the encoding of a protected record for its shard
// alone.
func BenchmarkKeyCSV(b *testing.B) {
	recs, _ := demoRecords(b, 100)
	key := &keyCSVFn{Shards: 16}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		key.ProcessElement(recs[i%len(recs)])
		i++
	}
}
