package records_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
)

// pqUserOut is a table of many column types, its columns deliberately not
// in alphabetical order (parquet.Group would sort them).
type pqUserOut struct {
	UserID string   `parquet:"user_id"`
	Name   *string  `parquet:"name,optional"`
	Email  string   `parquet:"email"`
	Age    int32    `parquet:"age"`
	Score  *float64 `parquet:"score,optional"`
	Signup int32    `parquet:"signup,date"` // days since 1970-01-01
	Card   *string  `parquet:"card,optional"`
	Notes  []byte   `parquet:"notes"` // BYTE_ARRAY, not annotated
	Active bool     `parquet:"active"`
}

// pqUser is pqUserOut and a last column that the policy drops.
type pqUser struct {
	pqUserOut
	Debug int64 `parquet:"debug"`
}

const pqPolicy = `version: 1
region: JP
fields:
  user_id: {transform: pseudonym, kind: id, domain: users.user_id}
  name:    {transform: mask, kind: name, domain: users.name}
  email:   {transform: mask, kind: email, domain: users.email}
  age:     keep
  score:   keep
  signup:  keep
  card:    {transform: token, kind: card, domain: users.card}
  notes:   {transform: redact, value: "[notes]"}
  active:  keep
  debug:   drop
`

func ptr[T any](v T) *T { return &v }

func pqUsers() []pqUser {
	const day = 19814 // 2024-04-01
	return []pqUser{
		{pqUserOut{"U10000001", ptr("山田 太郎"), "taro.yamada@example.jp", 31, ptr(0.5), day, ptr("4111111111111111"), []byte("likes cats"), true}, 1},
		{pqUserOut{"U10000002", nil, "hanako.suzuki@example.com", 45, nil, day + 30, nil, nil, false}, 2},
		{pqUserOut{"U10000003", ptr("Emma Wilson"), "emma.wilson@example.org", 27, ptr(-3.25), day + 365, ptr("5555555555554444"), []byte{}, true}, 3},
		{pqUserOut{"U10000004", ptr(""), "ichiro.sato@example.net", 60, ptr(1e9), day + 3, ptr(""), []byte("call before noon"), false}, 4},
	}
}

// writeParquet writes rows with the writer's defaults, in row groups of
// perGroup rows.
func writeParquet[T any](t testing.TB, rows []T, perGroup int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[T](&buf, parquet.MaxRowsPerRowGroup(int64(perGroup)))
	_, err := w.Write(rows)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// schemaOf returns the schema elements of a Parquet file, as its footer
// holds them.
func schemaOf(t *testing.T, file []byte) []format.SchemaElement {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(file), int64(len(file)))
	require.NoError(t, err)
	return f.Metadata().Schema
}

func TestParquetRoundTrip(t *testing.T) {
	users := pqUsers()
	in := writeParquet(t, users, 3) // two row groups
	tr, keys := recordstest.Transformer(t, pqPolicy), recordstest.Keys(t)
	var out bytes.Buffer
	st, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
	require.NoError(t, err)
	require.Equal(t, int64(4), st.RowsIn)
	require.Equal(t, int64(4), st.RowsOut)
	require.Len(t, st.OutputSHA256, 64)

	// The schema is the input's, the dropped column left out: same order,
	// names, physical and logical types, repetition.
	want := schemaOf(t, in)
	want[0].NumChildren.Set(9)
	want[0].Name = "schema" // not the input's root name
	require.Equal(t, "debug", want[10].Name)
	want = want[:10]
	require.Equal(t, want, schemaOf(t, out.Bytes()))

	got, err := parquet.Read[pqUserOut](bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	require.Len(t, got, len(users))
	for i, u := range users {
		g := got[i]
		require.NotEqual(t, u.UserID, g.UserID)
		require.Equal(t, u.Age, g.Age)
		require.Equal(t, u.Score, g.Score, "row %d: a kept double, null or not", i)
		require.Equal(t, u.Signup, g.Signup)
		require.Equal(t, u.Active, g.Active)
		require.Equal(t, u.Name == nil, g.Name == nil, "row %d: null stays null", i)
		require.Equal(t, u.Card == nil, g.Card == nil, "row %d: null stays null", i)
		if u.Name != nil && *u.Name != "" {
			require.NotEqual(t, *u.Name, *g.Name)
		}
		if u.Card != nil && *u.Card != "" {
			require.NotContains(t, *g.Card, *u.Card)
		}
		require.Equal(t, "[notes]", string(g.Notes), "redact replaces every value, empty or not")
	}
	require.Equal(t, "", *got[3].Name, "an empty value stays empty")
	for _, f := range st.Fields {
		switch f.Name {
		case "name", "card": // keyed: a null and an empty value are not transformed
			require.Equal(t, int64(2), f.Values, f.Name)
		case "debug", "notes", "age", "score": // every value, null or not
			require.Equal(t, int64(4), f.Values, f.Name)
		}
	}

	// Reidentify: masks and tokens come back, the rest stays as exported.
	m := sealedManifest(t, tr.Policy(), st, "parquet", keys)
	r, err := records.NewReidentifier(tr.Policy(), keys, m)
	require.NoError(t, err)
	var events int
	hook := func(context.Context, audit.Event) error { events++; return nil }
	req := audit.Request{Actor: "alice", Reason: "TICKET-42"}
	var back bytes.Buffer
	exported := out.Bytes()
	_, err = r.Parquet(context.Background(), hook, req, bytes.NewReader(exported), int64(len(exported)), &back, nil)
	require.NoError(t, err)
	require.Equal(t, 1, events)
	require.Equal(t, schemaOf(t, exported), schemaOf(t, back.Bytes()), "a reversal keeps the export's schema")
	rev, err := parquet.Read[pqUserOut](bytes.NewReader(back.Bytes()), int64(back.Len()))
	require.NoError(t, err)
	for i, u := range users {
		require.Equal(t, got[i].UserID, rev[i].UserID, "pseudonyms stay")
		require.Equal(t, u.Name, rev[i].Name)
		require.Equal(t, u.Email, rev[i].Email)
		require.Equal(t, u.Card, rev[i].Card)
		require.Equal(t, u.Age, rev[i].Age)
	}

	// Another file than the export reveals nothing, and is not audited.
	events = 0
	back.Reset()
	_, err = r.Parquet(context.Background(), hook, req, bytes.NewReader(in), int64(len(in)), &back, nil)
	require.ErrorIs(t, err, records.ErrNotTheExport)
	require.Zero(t, events)
	require.Zero(t, back.Len())
}

// A column that is not text under a keyed or redact rule stops the run
// before a row is read; keep and drop take it.
func TestParquetNotText(t *testing.T) {
	in := writeParquet(t, pqUsers(), 10)
	for _, rule := range []string{
		"age: {transform: pseudonym, kind: id, domain: users.age}",
		"signup: {transform: pseudonym, kind: id, domain: users.signup}",
		"active: {transform: redact}",
		"score: {transform: token, kind: id, domain: users.score}",
	} {
		name := rule[:strings.IndexByte(rule, ':')]
		policy := strings.Replace(pqPolicy, "  "+name+":", "  "+rule+"\n  x_"+name+":", 1)
		policy = strings.Replace(policy, "  x_"+name+":", "  #", 1)
		tr := recordstest.Transformer(t, policy)
		var out bytes.Buffer
		_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
		require.ErrorIs(t, err, records.ErrValue, rule)
		require.Contains(t, err.Error(), `"`+name+`"`)
		require.Zero(t, out.Len(), "nothing written")
	}
}

type pqNested struct {
	UserID  string   `parquet:"user_id"`
	Tags    []string `parquet:"tags,list"`
	Address struct {
		City string `parquet:"city"`
		Zip  string `parquet:"zip"`
	} `parquet:"address"`
	Email string `parquet:"email"`
}

// Nested and repeated columns may only be dropped.
func TestParquetNested(t *testing.T) {
	rows := []pqNested{{UserID: "U10000001", Tags: []string{"a", "b"}, Email: "taro.yamada@example.jp"}, {UserID: "U10000002", Email: "emma.wilson@example.org"}}
	rows[0].Address.City = "Tokyo"
	in := writeParquet(t, rows, 10)
	base := "version: 1\nfields:\n  user_id: {transform: pseudonym, kind: id, domain: u.id}\n  email: {transform: mask, kind: email, domain: u.email}\n"
	for extra, want := range map[string]error{
		"  tags: keep\n  address: drop\n":      records.ErrMalformed,
		"  tags: drop\n  address: keep\n":      records.ErrMalformed,
		"  tags: drop\n  address.city: keep\n": records.ErrUnnamedField, // a path into a group names no column
	} {
		tr := recordstest.Transformer(t, base+extra)
		var out bytes.Buffer
		_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
		require.ErrorIs(t, err, want, extra)
		require.Zero(t, out.Len())
	}
	for _, policy := range []string{base + "  tags: drop\n  address: drop\n", base + "unnamed: drop\n"} {
		tr := recordstest.Transformer(t, policy)
		var out bytes.Buffer
		st, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
		require.NoError(t, err, policy)
		require.Equal(t, int64(2), st.RowsOut)
		s := schemaOf(t, out.Bytes())
		require.Len(t, s, 3)
		require.Equal(t, "user_id", s[1].Name)
		require.Equal(t, "email", s[2].Name)
		for _, f := range st.Fields {
			if f.Transform == records.Drop {
				require.Equal(t, int64(2), f.Values, "a dropped nested column counts once a row")
			}
		}
	}
}

// A file that is not Parquet, or is damaged, is malformed input: the error
// says so without quoting the file, and nothing is written.
func TestParquetBadInput(t *testing.T) {
	good := writeParquet(t, pqUsers(), 2)
	cases := map[string][]byte{
		"csv":          []byte("user_id,name\nU10000001,山田 太郎\n"),
		"empty":        nil,
		"magic only":   []byte("PAR1"),
		"truncated":    good[:len(good)/2],
		"no footer":    good[:len(good)-8],
		"bad footer":   append(bytes.Clone(good[:len(good)-8]), 0xff, 0xff, 0xff, 0x7f, 'P', 'A', 'R', '1'),
		"cut in pages": append(append(bytes.Clone(good[:4]), good[len(good)/2:]...), []byte{}...),
	}
	// Damaged data pages: the footer is intact, the column data is not.
	damaged := bytes.Clone(good)
	for i := 8; i < len(damaged)/2; i++ {
		damaged[i] ^= 0x5a
	}
	cases["damaged pages"] = damaged
	// A leaf annotated LIST, which annotates only a group (the Parquet
	// format's LogicalTypes.md): the writer of a kept column panics on it.
	cases["leaf annotated LIST"] = withFooter(t, good, func(md *format.FileMetaData) {
		for i := range md.Schema {
			if md.Schema[i].Name == "age" {
				md.Schema[i].LogicalType.Value = &format.ListType{}
			}
		}
	})
	tr := recordstest.Transformer(t, pqPolicy)
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, nil)
			require.ErrorIs(t, err, records.ErrMalformed)
			for _, secret := range []string{"U10000001", "山田", "user_id,name", "taro"} {
				require.NotContains(t, err.Error(), secret)
			}
		})
	}
}

// withFooter returns file with its footer's metadata changed by edit.
func withFooter(t *testing.T, file []byte, edit func(*format.FileMetaData)) []byte {
	t.Helper()
	n := int(binary.LittleEndian.Uint32(file[len(file)-8:]))
	body := file[:len(file)-8-n]
	var md format.FileMetaData
	var proto thrift.CompactProtocol
	require.NoError(t, thrift.Unmarshal(&proto, file[len(body):len(file)-8], &md))
	edit(&md)
	footer, err := thrift.Marshal(&proto, &md)
	require.NoError(t, err)
	out := append(bytes.Clone(body), footer...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(footer)))
	return append(out, "PAR1"...)
}

// A value that cannot be protected rejects its row with on_error: reject;
// the reject file has its row and field, no line and no value.
func TestParquetRejects(t *testing.T) {
	users := pqUsers()
	users[1].Email = "no-at-sign-here"
	in := writeParquet(t, users, 10)
	tr := recordstest.Transformer(t, "on_error: reject\n"+pqPolicy)
	var out, rejects bytes.Buffer
	st, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, &records.StreamOptions{Rejects: &rejects})
	require.NoError(t, err)
	require.Equal(t, int64(1), st.Rejected)
	require.Equal(t, "row,line,field,reason\n2,,email,", rejects.String()[:len("row,line,field,reason\n2,,email,")])
	require.NotContains(t, rejects.String(), "no-at-sign")
	got, err := parquet.Read[pqUserOut](bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	require.Len(t, got, 3)

	// Without reject, the run stops at that row; the error has no value.
	tr = recordstest.Transformer(t, pqPolicy)
	_, err = tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), io.Discard, nil)
	var re *records.RowError
	require.True(t, errors.As(err, &re))
	require.Equal(t, int64(2), re.Row)
	require.Equal(t, "email", re.Field)
	require.NotContains(t, err.Error(), "no-at-sign")
	require.NotContains(t, err.Error(), "line")
}

// A column the policy does not name stops the run (deny by default), and a
// policy column the file lacks too.
func TestParquetUnnamed(t *testing.T) {
	in := writeParquet(t, pqUsers(), 10)
	tr := recordstest.Transformer(t, strings.Replace(pqPolicy, "  debug:   drop\n", "", 1))
	_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), io.Discard, nil)
	require.ErrorIs(t, err, records.ErrUnnamedField)
	require.Contains(t, err.Error(), `"debug"`)
	tr = recordstest.Transformer(t, pqPolicy+"  phone: {transform: mask, kind: phone, domain: users.phone}\n")
	_, err = tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), io.Discard, nil)
	require.ErrorIs(t, err, records.ErrMissingField)
}

type pqWide struct {
	ID    string           `parquet:"id"`
	UUID  [16]byte         `parquet:"uuid,uuid"`
	Old   deprecated.Int96 `parquet:"old"`
	Price int64            `parquet:"price,decimal(2:18)"`
	Bits  [3]byte          `parquet:"bits"`
}

// Values of every physical type are kept as they are, across batches and
// row groups (the reader reuses its buffers).
func TestParquetKeepsTypes(t *testing.T) {
	var rows []pqWide
	for i := range 1000 {
		rows = append(rows, pqWide{ID: fmt.Sprintf("U1%07d", i), UUID: [16]byte{byte(i), byte(i >> 8), 3}, Old: deprecated.Int96{uint32(i), 2, 3}, Price: int64(i) * 101, Bits: [3]byte{byte(i), 1, 2}})
	}
	in := writeParquet(t, rows, 300)
	tr := recordstest.Transformer(t, "version: 1\nfields:\n  id: {transform: pseudonym, kind: id, domain: d.id}\n  uuid: keep\n  old: keep\n  price: keep\n  bits: keep\n")
	var out bytes.Buffer
	_, err := tr.Parquet(context.Background(), bytes.NewReader(in), int64(len(in)), &out, &records.StreamOptions{Workers: 3})
	require.NoError(t, err)
	want := schemaOf(t, in)
	want[0].Name = "schema"
	require.Equal(t, want, schemaOf(t, out.Bytes()))
	got, err := parquet.Read[pqWide](bytes.NewReader(out.Bytes()), int64(out.Len()))
	require.NoError(t, err)
	require.Len(t, got, len(rows))
	for i := range rows {
		require.NotEqual(t, rows[i].ID, got[i].ID)
		got[i].ID = rows[i].ID
		require.Equal(t, rows[i], got[i], "row %d", i)
	}
}
