package records_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

// A display rule over a Parquet column checks each value's kind as the
// CSV path does: a value that is not of its kind is rejected, and neither
// it nor any part of it is written or quoted.
func TestParquetDisplayChecksKind(t *testing.T) {
	for _, tc := range []struct{ kind, bad string }{
		{"email", "hanako@localhost"},
		{"email", "hanako@suzuki@example.jp"},
		{"email", "hanako@example.jp (Suzuki Hanako)"},
		{"phone", "090-HANAKO-1"},
		{"phone", "hanako 09012345678"},
		{"card", "4111 1111 1111 1112"}, // Luhn fails
		{"mynumber", "123456789012"},    // its check digit is 8 (My Number ordinance, art. 5)
	} {
		in := writeParquet(t, []pqRaw{{"U1", []byte(tc.bad)}}, 10)
		tr := recordstest.Transformer(t, "version: 1\nregion: JP\non_error: reject\nfields:\n  id: keep\n  raw: {transform: display, kind: "+tc.kind+"}\n")
		var out, rej bytes.Buffer
		st, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, &records.StreamOptions{Rejects: &rej})
		require.NoError(t, err, tc.bad)
		require.EqualValues(t, 1, st.Rejected, tc.bad)
		for _, s := range []string{"hanako", "HANAKO", "localhost", "1112", "9012", "Suzuki"} {
			require.NotContains(t, out.String(), s, tc.bad)
			require.NotContains(t, rej.String(), s, tc.bad)
		}
	}
}

// A display mask is not an entity transform of free text: a policy asking
// for one is refused (a display mask keeps part of the value; text is
// scanned, and what it keeps could not be reversed or checked).
func TestTextEntityDisplayRefused(t *testing.T) {
	for _, e := range []string{"phone", "email", "card", "mynumber", "name"} {
		_, err := records.ParsePolicy([]byte("version: 1\nfields:\n  text: {transform: text, entities: {" + e + ": {transform: display}}}\n"))
		require.ErrorIs(t, err, records.ErrPolicy, e)
	}
}

// A surrogate of kind name over a value that is not a name (an email,
// digits, a URL, a phone) does not pass the value through; and a reading
// whose name column fails is not written either.
func TestSurrogateNotAName(t *testing.T) {
	tr := recordstest.Transformer(t, tiedPolicy+"on_error: reject\n")
	rows := []string{
		"hanako.suzuki@example.jp,ハナコ,Hanako",
		"09012345678,ゼロキュウ,Zerokyu",
		"https://example.jp/suzuki,スズキ,Suzuki",
		"\"山田\u200b太郎\",ヤマダ タロウ,Yamada Taro",
		"\"=HYPERLINK(\"\"x\"\")\",イコール,Equal",
	}
	in := "name,name_kana,name_romaji\n" + strings.Join(rows, "\n") + "\n"
	var out, rej bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: &rej})
	require.NoError(t, err)
	require.EqualValues(t, len(rows), st.Rejected)
	for _, s := range []string{"hanako", "suzuki", "09012345678", "https", "example", "ハナコ", "Hanako", "ゼロキュウ", "Zerokyu", "スズキ", "Suzuki", "HYPERLINK", "イコール", "Equal", "ヤマダ", "Yamada"} {
		require.NotContains(t, out.String(), s)
		require.NotContains(t, rej.String(), s)
	}
}
