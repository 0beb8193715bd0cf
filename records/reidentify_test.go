package records_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

// reversedColumns are the columns of the demo policy
// (examples/policies/users.yaml) that a Reidentifier reverses.
var reversedColumns = []string{"name", "name_kana", "email", "phone", "my_number"}

// nonEmpty counts the non-empty cells of cols in a CSV table: the values an
// export of it protects reversibly, and a reidentification reveals.
func nonEmpty(t *testing.T, table []byte, cols []string) int {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(table)).ReadAll()
	require.NoError(t, err)
	n := 0
	for _, c := range cols {
		i := -1
		for j, h := range recs[0] {
			if h == c {
				i = j
			}
		}
		require.GreaterOrEqual(t, i, 0, c)
		for _, rec := range recs[1:] {
			if rec[i] != "" {
				n++
			}
		}
	}
	return n
}

// changed counts the cells of got that differ from exported: the values a
// reidentification wrote.
func changed(t *testing.T, exported, got []byte) int {
	t.Helper()
	a, err := csv.NewReader(bytes.NewReader(exported)).ReadAll()
	require.NoError(t, err)
	b, err := csv.NewReader(bytes.NewReader(got)).ReadAll()
	require.NoError(t, err)
	n := 0
	for i := range b {
		for j := range b[i] {
			if b[i][j] != a[i][j] {
				n++
			}
		}
	}
	return n
}

func demoExport(tb testing.TB, rows int) (in, out []byte, p *records.Policy, m *records.Manifest) {
	tb.Helper()
	var buf bytes.Buffer
	require.NoError(tb, synthetic.WriteCSV(&buf, rows, 3))
	tr := demoTransformer(tb)
	var exported bytes.Buffer
	st, err := tr.CSV(context.Background(), bytes.NewReader(buf.Bytes()), &exported, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(tb, err)
	require.Zero(tb, st.Rejected)
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	require.NoError(tb, err)
	return buf.Bytes(), exported.Bytes(), tr.Policy(), sealedManifest(tb, tr.Policy(), st, "csv", keys)
}

// sealedManifest is the manifest of a run, with its MAC.
func sealedManifest(tb testing.TB, p *records.Policy, st *records.Stats, format string, keys *records.Keys) *records.Manifest {
	tb.Helper()
	m := records.NewManifest(p, st, format, "test")
	require.NoError(tb, m.SetMAC(keys))
	return m
}

// The audit event says how many values the run reveals, before it reveals
// any; the run reveals exactly that many.
func TestReidentifyAuditCount(t *testing.T) {
	in, out, p, m := demoExport(t, 500)
	want := nonEmpty(t, in, reversedColumns)
	require.Positive(t, want)

	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	r, err := records.NewReidentifier(p, keys, m)
	require.NoError(t, err)
	var back bytes.Buffer
	var events []audit.Event
	hook := func(_ context.Context, e audit.Event) error {
		require.Zero(t, back.Len(), "the event comes before anything is written")
		events = append(events, e)
		return nil
	}
	_, err = r.CSV(context.Background(), hook, audit.Request{Actor: "alice", Reason: "TICKET-42"}, bytes.NewReader(out), &back, nil)
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Equal(t, want, events[0].Count)
	require.Equal(t, want, changed(t, out, back.Bytes()), "revealed as many values as audited")

	// A failing hook reveals nothing, in either format.
	fail := func(context.Context, audit.Event) error { return errors.New("audit log down") }
	back.Reset()
	_, err = r.CSV(context.Background(), fail, audit.Request{Reason: "r"}, bytes.NewReader(out), &back, nil)
	require.ErrorIs(t, err, audit.ErrHookFailed)
	require.Zero(t, back.Len())
	_, err = r.JSONLines(context.Background(), fail, audit.Request{Reason: "r"}, strings.NewReader(`{"email":"x"}`+"\n"), &back, nil)
	require.ErrorIs(t, err, audit.ErrHookFailed)
	require.Zero(t, back.Len())
}

// An input with more reversible values than its manifest records (rows
// added, or a manifest edited down) reveals no more than the audit event
// declared, and fails.
func TestReidentifyRefusesMoreThanTheManifest(t *testing.T) {
	_, out, p, m := demoExport(t, 300)
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	ok := func(context.Context, audit.Event) error { return nil }
	req := audit.Request{Reason: "r"}

	// The same rows twice.
	body := out[bytes.IndexByte(out, '\n')+1:]
	doubled := append(bytes.Clone(out), body...)
	r, err := records.NewReidentifier(p, keys, m)
	require.NoError(t, err)
	var count int
	var back bytes.Buffer
	_, err = r.CSV(context.Background(), func(_ context.Context, e audit.Event) error { count = e.Count; return nil }, req, bytes.NewReader(doubled), &back, &records.StreamOptions{Workers: 4})
	require.ErrorIs(t, err, records.ErrManifest)
	var re *records.RowError
	require.ErrorAs(t, err, &re)
	// Only whole lines: the output of a stopped batch may end mid-record.
	written := back.Bytes()[:bytes.LastIndexByte(back.Bytes(), '\n')+1]
	require.LessOrEqual(t, changed(t, doubled, written), count)

	// A manifest that records one email fewer than the export holds.
	email := -1
	for i := range m.Fields {
		if m.Fields[i].Name == "email" {
			email = i
		}
	}
	require.GreaterOrEqual(t, email, 0)
	m.Fields[email].Values--
	_, err = records.NewReidentifier(p, keys, m)
	require.ErrorIs(t, err, records.ErrManifestAuth, "an edited manifest is refused")
	require.NoError(t, m.SetMAC(keys)) // as if the export had held one fewer
	r, err = records.NewReidentifier(p, keys, m)
	require.NoError(t, err)
	back.Reset()
	_, err = r.CSV(context.Background(), ok, req, bytes.NewReader(out), &back, &records.StreamOptions{Workers: 1})
	require.ErrorIs(t, err, records.ErrManifest)
	require.ErrorAs(t, err, &re)
	require.Equal(t, "email", re.Field)

	// Negative counts, or counts that do not add up, are not a manifest.
	m.Fields[email].Values = -1
	require.NoError(t, m.SetMAC(keys))
	_, err = records.NewReidentifier(p, keys, m)
	require.ErrorIs(t, err, records.ErrManifest)
	require.NotErrorIs(t, err, records.ErrManifestAuth)
	for i := range m.Fields {
		m.Fields[i].Values, m.Fields[i].Irreversible = math.MaxInt64, 0
	}
	require.NoError(t, m.SetMAC(keys))
	_, err = records.NewReidentifier(p, keys, m)
	require.ErrorIs(t, err, records.ErrManifest)
	require.NotErrorIs(t, err, records.ErrManifestAuth)

	_, err = records.NewReidentifier(nil, keys, m)
	require.ErrorIs(t, err, records.ErrPolicy)
}

// Values masked irreversibly stay as they are: they are not counted, and
// reveal nothing.
func TestReidentifyAuditCountSkipsIrreversible(t *testing.T) {
	p, err := records.ParsePolicy([]byte(`version: 1
fields:
  email: {transform: mask, kind: email, domain: users.email, options: {short: irreversible}}
`))
	require.NoError(t, err)
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	tr, err := records.New(p, keys)
	require.NoError(t, err)
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader("email\nal@example.jp\ntaro.yamada@example.jp\nbo@example.jp\n"), &out, nil)
	require.NoError(t, err)
	r, err := records.NewReidentifier(p, keys, sealedManifest(t, p, st, "csv", keys))
	require.NoError(t, err)
	var got audit.Event
	var back bytes.Buffer
	rst, err := r.CSV(context.Background(), func(_ context.Context, e audit.Event) error { got = e; return nil }, audit.Request{Reason: "r"}, bytes.NewReader(out.Bytes()), &back, nil)
	require.NoError(t, err)
	require.Equal(t, 1, got.Count)
	require.Equal(t, 1, changed(t, out.Bytes(), back.Bytes()))
	require.Equal(t, int64(3), rst.Fields[0].Values)
	require.Equal(t, int64(2), rst.Fields[0].Irreversible, "two values stayed masked")
}

// Each run has its own count: runs may follow each other or overlap.
func TestReidentifyRunsCountApart(t *testing.T) {
	_, out, p, m := demoExport(t, 100)
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	r, err := records.NewReidentifier(p, keys, m)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			var back bytes.Buffer
			_, errs[i] = r.CSV(context.Background(), func(context.Context, audit.Event) error { return nil }, audit.Request{Reason: "r"}, bytes.NewReader(out), &back, nil)
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
}
