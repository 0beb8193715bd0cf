package records_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
)

type pqRaw struct {
	ID  string `parquet:"id"`
	Raw []byte `parquet:"raw"` // BYTE_ARRAY, not annotated: text to piikit
}

// Every keyed or text rule on a Parquet text column refuses bytes that
// are not UTF-8; no byte of the value is written, rejected or quoted.
func TestParquetNotUTF8(t *testing.T) {
	for _, rule := range []string{
		"{transform: pseudonym, kind: id, domain: d.raw}",
		"{transform: token, kind: id, domain: d.raw}",
		"{transform: mask, kind: email, domain: d.raw}",
		"{transform: display, kind: email}",
		"{transform: surrogate, kind: name, domain: d.raw}",
		"{transform: text}",
		"{transform: mask, kind: name, domain: d.raw}",
	} {
		in := writeParquet(t, []pqRaw{{"U1", []byte("taro\xff.yamada@example.jp")}, {"U2", []byte("山田\xe3\x81 太郎")}}, 10)
		tr, _ := pqTransformer(t, "version: 1\non_error: reject\nfields:\n  id: keep\n  raw: "+rule+"\n")
		var out, rej bytes.Buffer
		st, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, &records.StreamOptions{Rejects: &rej})
		require.NoError(t, err, rule)
		require.EqualValues(t, 2, st.Rejected, rule)
		for _, s := range []string{"taro", "yamada", "山田", "太郎"} {
			require.NotContains(t, out.String(), s, rule)
			require.NotContains(t, rej.String(), s, rule)
		}
	}
}

// A Parquet file whose schema gives two top-level columns one name is
// refused, whatever the policy says of that name.
func TestParquetDuplicateColumn(t *testing.T) {
	good := writeParquet(t, pqUsers(), 10)
	for _, name := range []string{"email", "debug", "notes"} {
		in := withFooter(t, good, func(md *format.FileMetaData) {
			for i := range md.Schema {
				if md.Schema[i].Name == "debug" {
					md.Schema[i].Name = name
				}
			}
		})
		if name == "debug" {
			in = withFooter(t, good, func(md *format.FileMetaData) {
				for i := range md.Schema {
					if md.Schema[i].Name == "age" {
						md.Schema[i].Name = "debug"
					}
				}
			})
		}
		tr, _ := pqTransformer(t, pqPolicy)
		var out bytes.Buffer
		_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
		require.Error(t, err, name)
		require.Zero(t, out.Len())
	}
}

// The output's schema names nothing of the input's but the columns the
// policy names: the root's name is not the input's (it may hold anything).
func TestParquetRootNameNotCopied(t *testing.T) {
	good := writeParquet(t, pqUsers(), 10)
	in := withFooter(t, good, func(md *format.FileMetaData) { md.Schema[0].Name = "hanako.sato@example.jp" })
	tr, _ := pqTransformer(t, pqPolicy)
	var out bytes.Buffer
	_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
	require.NoError(t, err)
	require.NotContains(t, out.String(), "hanako.sato")
}

// A Parquet column name that is data (a header-less export, a key used as
// a column) is not quoted in the error of an unnamed column.
func TestParquetUnnamedNameNotQuoted(t *testing.T) {
	good := writeParquet(t, pqUsers(), 10)
	in := withFooter(t, good, func(md *format.FileMetaData) {
		for i := range md.Schema {
			if md.Schema[i].Name == "debug" {
				md.Schema[i].Name = "hanako.sato@example.jp"
			}
		}
	})
	tr, _ := pqTransformer(t, pqPolicy)
	_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), io.Discard, nil)
	require.ErrorIs(t, err, records.ErrUnnamedField)
	require.NotContains(t, err.Error(), "hanako")
}

// A text field holding a JSON object (JSON Lines) is not a string: it is
// refused, not passed or flattened.
func TestTextHoldingJSONValue(t *testing.T) {
	tr, _ := pqTransformer(t, "version: 1\nregion: JP\non_error: reject\nfields:\n  id: keep\n  note: {transform: text}\n")
	in := `{"id":1,"note":{"phone":"090-1234-5678","email":"taro.yamada@example.jp"}}` + "\n" +
		`{"id":2,"note":["090-1234-5678"]}` + "\n" +
		`{"id":3,"note":"{\"phone\":\"090-1234-5678\"}"}` + "\n"
	var out, rej bytes.Buffer
	_, err := tr.JSONLines(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: &rej})
	if err != nil {
		require.NotContains(t, err.Error(), "5678")
	}
	require.NotContains(t, out.String(), "1234-5678")
	require.NotContains(t, out.String(), "taro.yamada")
	require.NotContains(t, rej.String(), "5678")
}
