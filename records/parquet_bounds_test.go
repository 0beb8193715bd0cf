package records_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"math"
	"testing"

	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

// Counts and sizes a footer declares are not believed: a row group of
// 2^62 rows, a column chunk of 2^62 bytes or values, a negative count,
// is no panic and no allocation of what the footer says. parquet-go
// ignores some of them (the rows are read from the pages): the run then
// succeeds and protects every value; else it is an error of malformed
// input. No value of the file is written raw or quoted.
func TestParquetHugeDeclaredSizes(t *testing.T) {
	good := writeParquet(t, pqUsers(), 10)
	edits := map[string]func(*format.FileMetaData){
		"file rows":     func(md *format.FileMetaData) { md.NumRows = math.MaxInt64 / 2 },
		"group rows":    func(md *format.FileMetaData) { md.RowGroups[0].NumRows = math.MaxInt64 / 2 },
		"negative rows": func(md *format.FileMetaData) { md.RowGroups[0].NumRows = -5 },
		"group bytes":   func(md *format.FileMetaData) { md.RowGroups[0].TotalByteSize = math.MaxInt64 / 2 },
		"chunk values":  func(md *format.FileMetaData) { md.RowGroups[0].Columns[0].MetaData.NumValues = math.MaxInt64 / 2 },
		"chunk size": func(md *format.FileMetaData) {
			md.RowGroups[0].Columns[0].MetaData.TotalCompressedSize = math.MaxInt64 / 2
		},
		"chunk raw size": func(md *format.FileMetaData) {
			md.RowGroups[0].Columns[0].MetaData.TotalUncompressedSize = math.MaxInt64 / 2
		},
		"chunk offset":    func(md *format.FileMetaData) { md.RowGroups[0].Columns[0].MetaData.DataPageOffset = math.MaxInt64 / 2 },
		"negative offset": func(md *format.FileMetaData) { md.RowGroups[0].Columns[1].MetaData.DataPageOffset = -100 },
		"type length":     func(md *format.FileMetaData) { md.Schema[1].TypeLength.Set(math.MaxInt32) },
	}
	tr := recordstest.Transformer(t, pqPolicy)
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			in := withFooter(t, good, edit)
			var out bytes.Buffer
			_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
			if err != nil {
				require.ErrorIs(t, err, records.ErrMalformed)
			}
			for _, s := range []string{"U1000000", "山田", "taro", "yamada", "4111"} {
				require.NotContains(t, out.String(), s)
				if err != nil {
					require.NotContains(t, err.Error(), s)
				}
			}
		})
	}
}

type pqPubSecret struct {
	Pub    string `parquet:"pub"`
	Secret string `parquet:"secret"`
}

// A kept column whose chunk the footer declares to span the next column's
// pages (or to start on them) would be read on into that column: its raw
// values written as the kept column's. Chunks outside the file's data, or
// overlapping, are refused before a row is read.
func TestParquetChunkOverrun(t *testing.T) {
	good := writeParquet(t, []pqPubSecret{{"public-1", "hanako.suzuki@example.jp"}, {"public-2", "taro.yamada@example.jp"}}, 10)
	edits := map[string]func(pub, secret *format.ColumnMetaData){
		"to the end": func(pub, secret *format.ColumnMetaData) { pub.TotalCompressedSize = math.MaxInt64 / 2 },
		"over the next": func(pub, secret *format.ColumnMetaData) {
			pub.TotalCompressedSize = secret.DataPageOffset + secret.TotalCompressedSize - pub.DataPageOffset
		},
		"on the next": func(pub, secret *format.ColumnMetaData) { pub.DataPageOffset = secret.DataPageOffset },
		"dictionary on the next": func(pub, secret *format.ColumnMetaData) {
			pub.DictionaryPageOffset = secret.DataPageOffset
		},
		"empty": func(pub, secret *format.ColumnMetaData) { pub.TotalCompressedSize = 0 },
	}
	for name, edit := range edits {
		in := withFooter(t, good, func(md *format.FileMetaData) {
			edit(&md.RowGroups[0].Columns[0].MetaData, &md.RowGroups[0].Columns[1].MetaData)
		})
		tr := recordstest.Transformer(t, "version: 1\nfields:\n  pub: keep\n  secret: {transform: pseudonym, kind: email, domain: d.s}\n")
		var out bytes.Buffer
		_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
		require.ErrorIs(t, err, records.ErrMalformed, name)
		require.NotContains(t, out.String(), "hanako", name)
		require.NotContains(t, out.String(), "yamada", name)
	}
}

type pqOne struct {
	ID string `parquet:"id"`
}

// A page header declaring a page of 1 or 2 GiB uncompressed (its first
// page's uncompressed_page_size, rewritten) is no allocation of that size
// and no panic; the values are protected, or the file refused.
func TestParquetHugePageSize(t *testing.T) {
	good := writeParquet(t, []pqOne{{"U10000001"}, {"U10000002"}}, 10)
	require.Equal(t, byte(0x15), good[4])
	require.Equal(t, byte(0x15), good[6])
	// field 2 (uncompressed_page_size), a 2-byte varint in the original
	end := 7
	for good[end]&0x80 != 0 {
		end++
	}
	end++
	for _, big := range []uint64{0xfffffffe, 0x7ffffffe} {
		var v []byte
		for x := big; ; x >>= 7 {
			if x < 0x80 {
				v = append(v, byte(x))
				break
			}
			v = append(v, byte(x)|0x80)
		}
		grow := int64(len(v) - (end - 7))
		in := append(append(append([]byte{}, good[:7]...), v...), good[end:]...)
		in = withFooter(t, in, func(md *format.FileMetaData) {
			md.RowGroups[0].Columns[0].MetaData.TotalCompressedSize += grow
			md.RowGroups[0].Columns[0].MetaData.TotalUncompressedSize += grow
		})
		tr := recordstest.Transformer(t, "version: 1\nfields:\n  id: {transform: pseudonym, kind: id, domain: d.id}\n")
		var out bytes.Buffer
		_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
		if err != nil {
			require.ErrorIs(t, err, records.ErrMalformed)
			require.NotContains(t, err.Error(), "U1000000")
		}
		require.NotContains(t, out.String(), "U1000000")
	}
}

// A footer whose Thrift list declares more elements than it has bytes (a
// footer of 7 bytes declaring 2^31-1 schema elements) is malformed input,
// not an allocation of them: before, the process died of running out of
// memory, a fatal error no recover catches.
func TestParquetFooterListLongerThanItsBytes(t *testing.T) {
	// FileMetaData field 2 (schema), a list of structs, its size a varint:
	// Thrift compact protocol (thrift/doc/specs/thrift-compact-protocol.md).
	for name, footer := range map[string][]byte{
		"schema of 2^31-1": {0x29, 0xfc, 0xff, 0xff, 0xff, 0xff, 0x07},
		"schema of 8":      {0x29, 0x8c, 0x00},
	} {
		t.Run(name, func(t *testing.T) {
			in := append([]byte("PAR1"), footer...)
			in = binary.LittleEndian.AppendUint32(in, uint32(len(footer)))
			in = append(in, "PAR1"...)
			tr := recordstest.Transformer(t, pqPolicy)
			_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), io.Discard, nil)
			require.ErrorIs(t, err, records.ErrMalformed)
		})
	}
}
