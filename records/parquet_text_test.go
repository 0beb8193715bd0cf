package records_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

type pqMsg struct {
	ID   int64   `parquet:"id"`
	Text *string `parquet:"text,optional"`
	Raw  []byte  `parquet:"raw"`
}

const pqMsgPolicy = `version: 1
region: JP
on_error: reject
fields:
  id: keep
  text:
    transform: text
  raw:
    transform: text
`

func TestParquetTextHoldsNoValue(t *testing.T) {
	rows := []pqMsg{
		{1, nil, []byte("call 090-1234-5678")},
		{2, ptr("電話は090-1234-5678です"), []byte("\xff\xfe call 090-1234-5678")},
		{3, ptr("call 090\u20091234\u20095678"), []byte("ok")},
		{4, ptr(""), []byte("mail taro.yamada@example.co.jp")},
		{5, ptr("x"), []byte("a\x00 090-1234-5678")},
	}
	in := writeParquet(t, rows, 2)
	tr := recordstest.Transformer(t, pqMsgPolicy)
	var out, rejects bytes.Buffer
	_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, &records.StreamOptions{Rejects: &rejects})
	if err == nil {
		got, err := parquet.Read[pqMsg](bytes.NewReader(out.Bytes()), int64(out.Len()))
		require.NoError(t, err)
		for _, g := range got {
			s := string(g.Raw)
			if g.Text != nil {
				s += *g.Text
			}
			require.NotContains(t, s, "1234-5678")
			require.NotContains(t, s, "1234\u20095678")
			require.NotContains(t, s, "taro.yamada")
		}
		require.Len(t, got, 2, "rows 2, 3 and 5 rejected")
	} else {
		require.NotContains(t, err.Error(), "5678")
	}
	require.NotContains(t, rejects.String(), "5678")
}

type pqTied struct {
	Name *string `parquet:"name,optional"`
	Kana *string `parquet:"kana,optional"`
}

// A reading_of column of a Parquet file is tied to its name column as in
// CSV: the reading of the name's surrogate; a reading whose name is null
// or empty is rejected, as in CSV.
func TestParquetTied(t *testing.T) {
	const policy = `version: 1
on_error: reject
fields:
  name: {transform: surrogate, kind: name, domain: users.name}
  kana: {transform: surrogate, kind: name, domain: users.name, reading_of: name}
`
	rows := []pqTied{{ptr("山田 太郎"), ptr("ヤマダ タロウ")}, {nil, ptr("スズキ ハナコ")}, {ptr(""), ptr("サトウ イチロウ")}, {ptr("佐藤 花子"), nil}}
	in := writeParquet(t, rows, 10)
	tr := recordstest.Transformer(t, policy)
	var out, rejects bytes.Buffer
	st, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, &records.StreamOptions{Rejects: &rejects})
	require.NoError(t, err)
	require.EqualValues(t, 2, st.Rejected)
	require.NotContains(t, rejects.String(), "スズキ")
	require.NotContains(t, rejects.String(), "サトウ")
	got, err := parquet.Read[pqTied](bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	require.Len(t, got, 2)

	var csvOut bytes.Buffer
	_, err = tr.CSV(context.Background(), strings.NewReader("name,kana\n山田 太郎,ヤマダ タロウ\n"), &csvOut, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	require.Equal(t, "name,kana\n"+deref(got[0].Name)+","+deref(got[0].Kana)+"\n", csvOut.String())
	require.Nil(t, got[1].Kana, "a null reading stays null")
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
