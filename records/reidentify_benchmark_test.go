package records_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
)

// BenchmarkReidentifyCSV reverses the export of the demo users table (five
// reversed columns of 10,000 rows, held to the manifest's counts);
// rows/s = 10,000 / (ns/op × 1e-9).
func BenchmarkReidentifyCSV(b *testing.B) {
	_, out, p, m := demoExport(b, 10000)
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	if err != nil {
		b.Fatal(err)
	}
	r, err := records.NewReidentifier(p, keys, m)
	if err != nil {
		b.Fatal(err)
	}
	hook := func(context.Context, audit.Event) error { return nil }
	req := audit.Request{Reason: "benchmark"}
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.CSV(context.Background(), hook, req, bytes.NewReader(out), io.Discard, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
