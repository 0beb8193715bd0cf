package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/piikit/piikit/internal/find"
	"github.com/piikit/piikit/internal/find/names"
	"github.com/piikit/piikit/records/synthetic"
)

// BenchmarkScan scans the demo users table (8 columns) with the number of
// CPUs as workers, and reports rows/s.
func BenchmarkScan(b *testing.B) {
	const rows = 10_000
	var table bytes.Buffer
	if err := synthetic.WriteCSV(&table, rows, 1); err != nil {
		b.Fatal(err)
	}
	f, err := find.New(find.Options{})
	if err != nil {
		b.Fatal(err)
	}
	names.Load()
	for _, withNames := range []bool{true, false} {
		name := "names"
		if !withNames {
			name = "no-names"
		}
		b.Run(name, func(b *testing.B) {
			s := &scanner{finder: f, names: withNames}
			b.SetBytes(int64(table.Len()))
			for b.Loop() {
				if _, err := s.run(context.Background(), bytes.NewReader(table.Bytes()), "csv", 0); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
