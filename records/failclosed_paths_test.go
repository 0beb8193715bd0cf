package records_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

type pqRaw struct {
	ID  string `parquet:"id"`
	Raw []byte `parquet:"raw"` // BYTE_ARRAY, not annotated: text to piikit
}

// Every keyed or text rule on a Parquet text column refuses bytes that
// are not UTF-8, lone surrogates included; no byte of the value is written, rejected or quoted.
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
		in := writeParquet(t, []pqRaw{{"U1", []byte("taro\xff.yamada@example.jp")}, {"U2", []byte("山田\xe3\x81 太郎")},
			// A lone surrogate encoded as UTF-8 (CESU-8, WTF-8): not UTF-8.
			{"U3", []byte("taro\xed\xa0\x80yamada@example.jp")}, {"U4", []byte("山田\xed\xb2\x80太郎")}}, 10)
		tr := recordstest.Transformer(t, "version: 1\non_error: reject\nfields:\n  id: keep\n  raw: "+rule+"\n")
		var out, rej bytes.Buffer
		st, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, &records.StreamOptions{Rejects: &rej})
		require.NoError(t, err, rule)
		require.EqualValues(t, 4, st.Rejected, rule)
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
		tr := recordstest.Transformer(t, pqPolicy)
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
	tr := recordstest.Transformer(t, pqPolicy)
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
	tr := recordstest.Transformer(t, pqPolicy)
	_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), io.Discard, nil)
	require.ErrorIs(t, err, records.ErrUnnamedField)
	require.NotContains(t, err.Error(), "hanako")
}

// A text field holding a JSON object (JSON Lines) is not a string: it is
// refused, not passed or flattened.
func TestTextHoldingJSONValue(t *testing.T) {
	tr := recordstest.Transformer(t, "version: 1\nregion: JP\non_error: reject\nfields:\n  id: keep\n  note: {transform: text}\n")
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

type textNote struct {
	Body  string   `piikit:"text,phone=mask:users.phone,email=token:users.email"`
	Lines []string `piikit:"text,phone=mask:users.phone"`
}

// A text tag reached through an unexported embedded struct, a pointer, a
// slice and a map is applied; a text it cannot protect (invalid UTF-8, a
// hidden number) fails, and the error holds no value.
func TestProtectTextTagEverywhere(t *testing.T) {
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	require.NoError(t, err)
	type message struct {
		textNote
		ID int
	}
	in := message{textNote: textNote{Body: "call 090-1234-5678 or taro.yamada@example.jp", Lines: []string{"tel 090-1234-5678"}}, ID: 1}
	out, err := records.Protect(keys, map[string]*message{"a": &in})
	require.NoError(t, err)
	got := out["a"]
	require.NotContains(t, got.Body+strings.Join(got.Lines, ""), "1234-5678")
	require.NotContains(t, got.Body, "taro.yamada")
	require.Contains(t, got.Body, "call ")

	for _, bad := range []string{"call 090-1234-5678 \xff", "call 0\u200b90-1234-5678", "090\u00ad1234\u00ad5678"} {
		in := message{textNote: textNote{Body: bad}}
		_, err := records.Protect(keys, in)
		require.Error(t, err, "%q", bad)
		require.NotContains(t, err.Error(), "5678")
	}
}

// A JSON Lines record given to Transformer.JSONLine (Beam's records are
// built by any code) is one object: a second object or any data after it
// is refused, not dropped or passed.
func TestJSONLineOneObject(t *testing.T) {
	tr := recordstest.Transformer(t, "version: 1\nfields:\n  email: {transform: mask, kind: email, domain: u.email}\n")
	tally := tr.NewTally()
	for _, text := range []string{
		`{"email":"a@example.jp"}` + "\n" + `{"email":"taro.yamada@example.jp"}`,
		`{"email":"a@example.jp"} {"email":"taro.yamada@example.jp"}`,
		`{"email":"a@example.jp"}` + "\x00taro.yamada@example.jp",
		`{"email":"a@example.jp","email":"taro.yamada@example.jp"}`,
		`{"email":"a@example.jp","EMAIL":"taro.yamada@example.jp"}`,
		`{"email":"a@example.jp","em\u0061il":"taro.yamada@example.jp"}`,
	} {
		out, rej, err := tr.JSONLine(1, 1, text, tally)
		require.True(t, err != nil || rej != nil, text)
		require.NotContains(t, string(out), "taro")
		if err != nil {
			require.NotContains(t, err.Error(), "taro", text)
		}
	}
}

// swapAfter is a file that reads as a until n bytes have been read, and as b
// after: an export replaced while reidentify reads it.
type swapAfter struct {
	a, b []byte
	n    int
	read int
}

func (s *swapAfter) ReadAt(p []byte, off int64) (int, error) {
	src := s.a
	if s.read >= s.n {
		src = s.b
	}
	if off >= int64(len(src)) {
		return 0, io.EOF
	}
	k := copy(p, src[off:])
	s.read += k
	if k < len(p) {
		return k, io.EOF
	}
	return k, nil
}

// A Parquet export that changes while reidentify reads it (the manifest's
// file when hashed, another one when read) is an error: the manifest binds
// what was read, not only what was hashed.
func TestParquetReidentifyChangedDuringRun(t *testing.T) {
	const policy = "version: 1\nfields:\n  id: {transform: token, kind: id, domain: d.id}\n"
	type row struct {
		ID string `parquet:"id"`
	}
	tr, keys := recordstest.Transformer(t, policy), recordstest.Keys(t)
	export := func(ids ...string) ([]byte, *records.Stats) {
		var rows []row
		for _, id := range ids {
			rows = append(rows, row{id})
		}
		in := writeParquet(t, rows, 10)
		var out bytes.Buffer
		st, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
		require.NoError(t, err)
		return out.Bytes(), st
	}
	a, st := export("U00000001")
	b, _ := export("U00000002")
	require.Len(t, b, len(a))
	m := records.NewManifest(tr.Policy(), st, "parquet", "test")
	require.NoError(t, m.SetMAC(keys))
	r, err := records.NewReidentifier(tr.Policy(), keys, m)
	require.NoError(t, err)
	hook := func(context.Context, audit.Event) error { return nil }
	var out bytes.Buffer
	_, err = r.Parquet(context.Background(), hook, audit.Request{Actor: "a", Reason: "r"}, &swapAfter{a: a, b: b, n: len(a)}, int64(len(a)), &out, nil)
	require.ErrorIs(t, err, records.ErrNotTheExport)
}

// A cell written by a surrogate or text rule never starts with a formula
// character the input did not start with.
func TestNoFormulaStartFromSurrogateOrText(t *testing.T) {
	tr := recordstest.Transformer(t, "version: 1\nregion: JP\non_error: reject\nfields:\n  name: {transform: surrogate, kind: name, domain: u.name}\n  note: {transform: text}\n")
	in := "name,note\n" +
		"Mr. Smith,taro.yamada@example.jp wrote\n" +
		"-Smith,090-1234-5678 called\n" +
		"'Brien,+81 90-1234-5678 called\n" +
		"山田 太郎,@taro.yamada@example.jp\n" +
		"=Smith,=HYPERLINK(taro.yamada@example.jp)\n" +
		"O'Brien,%taro.yamada@example.jp\n" +
		"Dr. Yamada,|090-1234-5678\n"
	var out, rej bytes.Buffer
	_, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: &rej})
	require.NoError(t, err)
	inRows := strings.Split(in, "\n")
	outRows := strings.Split(out.String(), "\n")
	require.GreaterOrEqual(t, len(outRows), 5, "most rows written: %s", rej.String())
	const formula = "=+-@|%\t\r＝＋－＠｜％"
	for _, row := range outRows[1:] {
		for _, cell := range strings.Split(row, ",") {
			cell = strings.TrimPrefix(cell, `"`)
			if cell == "" {
				continue
			}
			r := []rune(cell)[0]
			if strings.ContainsRune(formula, r) {
				found := false
				for _, ir := range inRows[1:] {
					for _, ic := range strings.Split(ir, ",") {
						if ic != "" && []rune(ic)[0] == r {
							found = true
						}
					}
				}
				require.True(t, found, "cell %q starts with %q, which no input cell did", cell, r)
			}
		}
	}
	require.NotContains(t, out.String(), "taro.yamada")
	require.NotContains(t, out.String(), "1234-5678")
}

// A text field of a log line (key=value, a URL, a logged JSON object)
// writes none of its values: each is replaced, or the record rejected.
func TestTextLogLinesHoldNoValue(t *testing.T) {
	tr := recordstest.Transformer(t, "version: 1\nregion: JP\non_error: reject\nfields:\n  id: keep\n  note: {transform: text}\n")
	for _, text := range []string{
		`{"name":"\u5c71\u7530\u592a\u90ce","tel":"090-1234-5678"}`,
		`GET /login?email=taro.yamada%40example.jp&tel=090-1234-5678`,
		`level=info phone=090-1234-5678 mail=taro.yamada@example.jp`,
		`mail: taro.yamada&#64;example.jp`,
	} {
		in := "id,note\n1,\"" + strings.ReplaceAll(text, `"`, `""`) + "\"\n"
		var out, rej bytes.Buffer
		_, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: &rej})
		require.NoError(t, err)
		for _, s := range []string{`\u5c71`, "taro.yamada", "1234-5678"} {
			require.NotContains(t, out.String(), s, text)
			require.NotContains(t, rej.String(), s, text)
		}
	}
}
