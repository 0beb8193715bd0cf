package beam

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/piikit/piikit/records"
)

func init() {
	// FieldStats holds named string types: JSON is its one encoding, the
	// manifest's.
	beam.RegisterCoder(reflect.TypeOf(Counts{}), encodeCounts, decodeCounts)
}

// Counts are the counts of part of a run, as its manifest records them:
// records read, written and rejected, and per policy field the values
// transformed and the key IDs that made them. Merge the Counts of a run
// with [MergeCounts].
type Counts struct {
	RowsIn   int64                `json:"rows_in"`
	RowsOut  int64                `json:"rows_out"`
	Rejected int64                `json:"rows_rejected"`
	Fields   []records.FieldStats `json:"fields"`
	// Headers are the output headers of the CSV records written, one of
	// each: a run writes one table, so a merged Counts with two is an
	// error.
	Headers [][]string `json:"headers,omitempty"`
}

func encodeCounts(c Counts) ([]byte, error) { return json.Marshal(c) }

func decodeCounts(b []byte) (Counts, error) {
	var c Counts
	err := json.Unmarshal(b, &c)
	return c, err
}

func countsOf(s *records.Stats) Counts {
	return Counts{RowsIn: s.RowsIn, RowsOut: s.RowsOut, Rejected: s.Rejected, Fields: s.Fields}
}

// MergeCounts adds b to a: rows and values are summed per field, key IDs
// and headers united. Both must count fields of the same policy.
func MergeCounts(a, b Counts) (Counts, error) {
	if len(a.Fields) == 0 {
		a.Fields = slices.Clone(b.Fields)
		b.Fields = nil
	}
	if b.Fields != nil && len(a.Fields) != len(b.Fields) {
		return Counts{}, fmt.Errorf("piikit/beam: counts of %d and %d fields: not one policy", len(a.Fields), len(b.Fields))
	}
	out := Counts{RowsIn: a.RowsIn + b.RowsIn, RowsOut: a.RowsOut + b.RowsOut, Rejected: a.Rejected + b.Rejected}
	out.Fields = slices.Clone(a.Fields)
	for i := range b.Fields {
		f, g := &out.Fields[i], b.Fields[i]
		if f.Name != g.Name {
			return Counts{}, fmt.Errorf("piikit/beam: counts of fields %q and %q: not one policy", f.Name, g.Name)
		}
		f.Values += g.Values
		f.Failed += g.Failed
		f.Irreversible += g.Irreversible
		f.KeyIDs = unite(f.KeyIDs, g.KeyIDs)
	}
	out.Headers = slices.Clone(a.Headers)
	for _, h := range b.Headers {
		out.Headers = addHeader(out.Headers, h)
	}
	return out, nil
}

// addHeader adds h to hs unless hs holds it.
func addHeader(hs [][]string, h []string) [][]string {
	if slices.ContainsFunc(hs, func(o []string) bool { return slices.Equal(o, h) }) {
		return hs
	}
	return append(hs, h)
}

// unite returns the key IDs of a and b, sorted, each once.
func unite(a, b []uint32) []uint32 {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// stats returns c as the Stats of a run, for its manifest.
func (c Counts) stats() *records.Stats {
	return &records.Stats{RowsIn: c.RowsIn, RowsOut: c.RowsOut, Rejected: c.Rejected, Fields: c.Fields}
}
