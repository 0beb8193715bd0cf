package records_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

func demoTransformer(tb testing.TB) *records.Transformer {
	tb.Helper()
	p, err := records.LoadPolicy("../examples/policies/users.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	if err != nil {
		tb.Fatal(err)
	}
	t, err := records.New(p, keys)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// BenchmarkExportCSV exports the demo users table (every PII column
// transformed); rows/s = 10,000 / (ns/op × 1e-9).
func BenchmarkExportCSV(b *testing.B) {
	t := demoTransformer(b)
	var in bytes.Buffer
	if err := synthetic.WriteCSV(&in, 10000, 1); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(in.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := t.CSV(context.Background(), bytes.NewReader(in.Bytes()), io.Discard, &records.StreamOptions{Rejects: io.Discard}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkExportJSONLines is BenchmarkExportCSV in JSON Lines.
func BenchmarkExportJSONLines(b *testing.B) {
	t := demoTransformer(b)
	var in bytes.Buffer
	if err := synthetic.WriteJSONLines(&in, 10000, 1); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(in.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := t.JSONLines(context.Background(), bytes.NewReader(in.Bytes()), io.Discard, &records.StreamOptions{Rejects: io.Discard}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkExportParquet is BenchmarkExportCSV in Parquet.
func BenchmarkExportParquet(b *testing.B) {
	t := demoTransformer(b)
	var in bytes.Buffer
	if err := synthetic.WriteParquet(&in, 10000, 1); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(in.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := t.Parquet(context.Background(), bytes.NewReader(in.Bytes()), int64(in.Len()), io.Discard, &records.StreamOptions{Rejects: io.Discard}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkField transforms one value of each demo column, to see where an
// export's time goes.
func BenchmarkField(b *testing.B) {
	t := demoTransformer(b)
	g := synthetic.New(1)
	users := make([]synthetic.User, 1000)
	for i := range users {
		users[i] = g.Next()
	}
	for i, name := range synthetic.Header {
		b.Run(name, func(b *testing.B) {
			p := *t.Policy()
			var f records.Field
			for _, x := range p.Fields {
				if x.Name == name {
					f = x
				}
			}
			p.Fields = []records.Field{f}
			keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
			one, err := records.New(&p, keys)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if _, err := one.Map(map[string]any{name: users[n%len(users)].Record()[i]}); err != nil {
					b.Fatal(err)
				}
				n++
			}
		})
	}
}

// BenchmarkCSVCopy is the floor: encoding/csv reading and writing the same
// table with no transform.
func BenchmarkCSVCopy(b *testing.B) {
	var in bytes.Buffer
	if err := synthetic.WriteCSV(&in, 10000, 1); err != nil {
		b.Fatal(err)
	}
	p := &records.Policy{Unnamed: records.UnnamedDeny}
	for _, h := range synthetic.Header {
		p.Fields = append(p.Fields, records.Field{Name: h, Transform: records.Keep})
	}
	t, err := records.New(p, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		if _, err := t.CSV(context.Background(), bytes.NewReader(in.Bytes()), io.Discard, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
