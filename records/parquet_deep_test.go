package records_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

// deepSchema returns file with a column "deep" added to its schema: depth
// groups nested one in another, and a text leaf.
func deepSchema(t *testing.T, file []byte, depth int) []byte {
	return withFooter(t, file, func(md *format.FileMetaData) {
		n, _ := md.Schema[0].NumChildren.Get()
		md.Schema[0].NumChildren = thrift.New(n + 1)
		opt := thrift.New(format.Optional)
		for i := range depth {
			md.Schema = append(md.Schema, format.SchemaElement{Name: fmt.Sprintf("deep%d", i), RepetitionType: opt, NumChildren: thrift.New[int32](1)})
		}
		md.Schema[len(md.Schema)-depth].Name = "deep"
		md.Schema = append(md.Schema, format.SchemaElement{Name: "leaf", Type: thrift.New(format.ByteArray), RepetitionType: opt})
	})
}

// A schema nested deeper than MaxDepth is refused before parquet-go builds
// its columns: at 200,000 levels (a footer of 2 MB) parquet-go v0.32.1
// would allocate a path of every depth for every column, terabytes, and
// the process die out of memory.
func TestParquetDeepSchema(t *testing.T) {
	good := writeParquet(t, pqUsers(), 10)
	for _, depth := range []int{records.MaxDepth + 1, 10000, 200000} {
		in := deepSchema(t, good, depth)
		tr := recordstest.Transformer(t, pqPolicy+"  deep: drop\n")
		var out bytes.Buffer
		_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
		require.ErrorIs(t, err, records.ErrMalformed, depth)
		require.ErrorContains(t, err, "nested deeper than", depth)
		require.Zero(t, out.Len())
	}
	// Wide but shallow: many columns, each a path of two names, are
	// within the bound (and refused as unnamed, not as too deep).
	in := withFooter(t, good, func(md *format.FileMetaData) {
		n, _ := md.Schema[0].NumChildren.Get()
		md.Schema[0].NumChildren = thrift.New(n + 1000)
		for i := range 1000 {
			md.Schema = append(md.Schema, format.SchemaElement{Name: fmt.Sprintf("c%d", i), Type: thrift.New(format.ByteArray), RepetitionType: thrift.New(format.Optional)})
		}
	})
	tr := recordstest.Transformer(t, pqPolicy)
	_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), io.Discard, nil)
	require.Error(t, err)
	require.NotContains(t, err.Error(), "nested deeper than")
}
