package records_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
)

// TestRecordAtATimeAsStream: reading with CSVReader and transforming with
// CSVTable.Record gives the bytes, rejects and Stats of Transformer.CSV,
// with a quoted field over two lines, a byte order mark and rejects.
func TestRecordAtATimeAsStream(t *testing.T) {
	in := "\ufeffuser_id,name,name_kana,email,phone,my_number,signup_date,plan\n" +
		"U10000001,\"山田 太郎\",ヤマダ タロウ,taro.yamada@example.jp,090-1234-5678,123456789018,\"2020-01-01\nnoon\",free\n" +
		"U10000002,佐藤 花子,サトウ ハナコ,hanako.sato@example.jp,not-a-phone-SECRET,123456789018,2020-01-01,free\n" +
		"U10000004,Emma Wilson,エマ・ウィルソン,emma.wilson@example.com,+81 80 1111 2222,,2020-01-01,free\n"
	tr := demoTransformer(t)
	var want, wantRej bytes.Buffer
	wantStats, err := tr.CSV(context.Background(), strings.NewReader(in), &want, &records.StreamOptions{Rejects: &wantRej})
	require.NoError(t, err)
	wantStats.OutputSHA256 = ""

	r, err := records.NewCSVReader(strings.NewReader(in))
	require.NoError(t, err)
	table, err := tr.CSVTable(r.Header())
	require.NoError(t, err)
	var got, gotRej bytes.Buffer
	w, rw := csv.NewWriter(&got), csv.NewWriter(&gotRej)
	w.Write(table.Header())
	rw.Write([]string{"row", "line", "field", "reason"})
	tally := tr.NewTally()
	for {
		rec, row, line, err := r.Read()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		out, rej, err := table.Record(row, line, rec, tally)
		require.NoError(t, err)
		if rej != nil {
			rw.Write([]string{strconv.FormatInt(rej.Row, 10), strconv.FormatInt(rej.Line, 10), rej.Field, rej.Reason()})
			continue
		}
		w.Write(out)
	}
	w.Flush()
	rw.Flush()
	require.Equal(t, want.String(), got.String())
	require.Equal(t, wantRej.String(), gotRej.String())
	require.Equal(t, wantStats, tally.Stats())
	require.NotContains(t, gotRej.String(), "SECRET")
}

// TestRecordAtATimeErrors: a header or record that stops the stream stops
// the record-at-a-time form with the same error.
func TestRecordAtATimeErrors(t *testing.T) {
	tr := demoTransformer(t)
	_, err := records.NewCSVReader(strings.NewReader(""))
	require.ErrorIs(t, err, records.ErrMalformed)

	_, err = tr.CSVTable([]string{"user_id", "name", "SECRET@example.com"})
	require.ErrorIs(t, err, records.ErrUnnamedField)
	require.NotContains(t, err.Error(), "SECRET")

	r, err := records.NewCSVReader(strings.NewReader("a,b\n1,2\n3\n"))
	require.NoError(t, err)
	_, _, _, err = r.Read()
	require.NoError(t, err)
	_, _, _, err = r.Read()
	var re *records.RowError
	require.True(t, errors.As(err, &re), "%v", err)
	require.Equal(t, [2]int64{2, 3}, [2]int64{re.Row, re.Line})
	require.ErrorIs(t, err, records.ErrMalformed)

	header := strings.Split("user_id,name,name_kana,email,phone,my_number,signup_date,plan", ",")
	table, err := tr.CSVTable(header)
	require.NoError(t, err)
	_, _, err = table.Record(1, 2, []string{"only one"}, tr.NewTally())
	require.ErrorIs(t, err, records.ErrMalformed, "a record not as long as the header stops")
}

// TestJSONLineAtATimeAsStream: JSONLinesReader and Transformer.JSONLine
// give the lines, rejects and Stats of Transformer.JSONLines, blank lines
// and a byte order mark skipped.
func TestJSONLineAtATimeAsStream(t *testing.T) {
	in := "\ufeff" + `{"user_id":"U10000001","name":"山田 太郎","name_kana":"ヤマダ タロウ","email":"taro.yamada@example.jp","phone":"090-1234-5678","my_number":"123456789018","signup_date":"2020-01-01","plan":"free"}` + "\n\n" +
		`{"plan":"free","user_id":"U10000002","name":"佐藤 花子","name_kana":"サトウ ハナコ","email":"hanako.sato@example.jp","phone":"not-a-phone-SECRET","my_number":null,"signup_date":"2020-01-01"}` + "\n" +
		`{"user_id":"U10000004","name":"Emma Wilson","name_kana":"エマ・ウィルソン","email":"emma.wilson@example.com","phone":"+81 80 1111 2222","my_number":"123456789018","signup_date":"2020-01-01","plan":"free"}`
	tr := demoTransformer(t)
	var want, wantRej bytes.Buffer
	wantStats, err := tr.JSONLines(context.Background(), strings.NewReader(in), &want, &records.StreamOptions{Rejects: &wantRej})
	require.NoError(t, err)
	wantStats.OutputSHA256 = ""

	r := records.NewJSONLinesReader(strings.NewReader(in))
	var got bytes.Buffer
	var rejects [][2]int64
	tally := tr.NewTally()
	for {
		text, row, line, err := r.Read()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		out, rej, err := tr.JSONLine(row, line, text, tally)
		require.NoError(t, err)
		if rej != nil {
			rejects = append(rejects, [2]int64{rej.Row, rej.Line})
			require.Equal(t, "phone", rej.Field)
			continue
		}
		got.Write(out)
		got.WriteByte('\n')
	}
	require.Equal(t, want.String(), got.String())
	require.Equal(t, [][2]int64{{2, 3}}, rejects, "row 2 starts at line 3, after the blank line")
	require.Equal(t, wantStats, tally.Stats())
	require.Contains(t, wantRej.String(), "2,3,phone,")
}
