package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

// readParquetTable reads a Parquet file of string columns as a table: its
// column names, then its rows, as a CSV file reads.
func readParquetTable(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var header []string
	for _, c := range f.Root().Columns() {
		header = append(header, c.Name())
	}
	table := [][]string{header}
	r := parquet.NewReader(f)
	defer r.Close()
	rows := make([]parquet.Row, 100)
	for {
		n, err := r.ReadRows(rows)
		for _, row := range rows[:n] {
			rec := make([]string, len(row))
			for i, v := range row {
				rec[i] = v.String()
			}
			table = append(table, rec)
		}
		if err != nil {
			break
		}
	}
	require.Equal(t, int(f.NumRows()), len(table)-1)
	return table
}

func readCSVTable(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	table, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	return table
}

func readManifest(t *testing.T, path string) *records.Manifest {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	m, err := records.ReadManifest(f)
	require.NoError(t, err)
	return m
}

// exportBoth writes the demo table of n users as users.csv and
// users.parquet, and exports each (users.pseudo.csv, users.pseudo.parquet).
func exportBoth(t *testing.T, n int) string {
	t.Helper()
	dir := exportDir(t, n)
	pq, err := os.Create(filepath.Join(dir, "users.parquet"))
	require.NoError(t, err)
	require.NoError(t, synthetic.WriteParquet(pq, n, 1))
	require.NoError(t, pq.Close())
	for _, format := range []string{"csv", "parquet"} {
		_, stderr, code := runPiikit(t, "", exportArgs(dir, "--in", filepath.Join(dir, "users."+format), "--out", filepath.Join(dir, "users.pseudo."+format), "--quiet")...)
		require.Equal(t, 0, code, stderr)
	}
	return dir
}

// The same table as CSV and as Parquet exports to the same values, with
// manifests that agree; the Parquet export reidentifies to the table.
func TestExportParquetMatchesCSV(t *testing.T) {
	const n = 700 // three batches and a part
	dir := exportBoth(t, n)
	csvOut := readCSVTable(t, filepath.Join(dir, "users.pseudo.csv"))
	pqOut := readParquetTable(t, filepath.Join(dir, "users.pseudo.parquet"))
	require.Equal(t, csvOut, pqOut)

	mc := readManifest(t, filepath.Join(dir, "users.pseudo.csv.manifest.json"))
	mp := readManifest(t, filepath.Join(dir, "users.pseudo.parquet.manifest.json"))
	require.Equal(t, "parquet", mp.Format)
	require.Equal(t, mc.RowsIn, mp.RowsIn)
	require.Equal(t, int64(n), mp.RowsOut)
	require.Equal(t, mc.Fields, mp.Fields)
	out, err := os.ReadFile(filepath.Join(dir, "users.pseudo.parquet"))
	require.NoError(t, err)
	sum := sha256.Sum256(out)
	require.Equal(t, hex.EncodeToString(sum[:]), mp.OutputSHA256)

	// Reidentify: the Parquet export comes back to the table, pseudonyms
	// aside.
	back := filepath.Join(dir, "users.back.parquet")
	_, stderr, code := runPiikit(t, "", []string{"reidentify", "--policy", filepath.Join(dir, "users.yaml"),
		"--keyset", filepath.Join(dir, "prf.json"), "--token-keyset", filepath.Join(dir, "daead.json"), "--insecure-cleartext-keyset",
		"--reason", "TICKET-1", "--actor", "test", "--in", filepath.Join(dir, "users.pseudo.parquet"), "--out", back, "--quiet"}...)
	require.Equal(t, 0, code, stderr)
	orig := readCSVTable(t, filepath.Join(dir, "users.csv"))
	got := readParquetTable(t, back)
	require.Len(t, got, len(orig))
	for i := range orig {
		require.Equal(t, orig[i][1:], got[i][1:], "row %d", i)
		if i > 0 {
			require.Equal(t, pqOut[i][0], got[i][0], "pseudonyms stay")
		}
	}
	fi, err := os.Stat(back)
	require.NoError(t, err)
	require.Zero(t, fi.Mode().Perm()&^modePrivate, "values in clear: the owner's only")

	// A Parquet input is a file: not standard input.
	_, stderr, code = runPiikit(t, "", exportArgs(dir, "--in", "-", "--out", filepath.Join(dir, "x.parquet"))...)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "--in must be a file")
	// A CSV file named .parquet is malformed input; nothing is written.
	_, stderr, code = runPiikit(t, "", exportArgs(dir, "--in", filepath.Join(dir, "users.csv"), "--format", "parquet", "--out", filepath.Join(dir, "x.parquet"))...)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "malformed input: Parquet: not a Parquet file")
	require.NotContains(t, stderr, "user")
	require.NoFileExists(t, filepath.Join(dir, "x.parquet"))
}

// hyparquet runs the independent reader and writer of
// testdata/hyparquet/check.mjs (hyparquet, pure JavaScript: see its
// package.json). Without node or `npm ci` there, the test is skipped, unless
// PIIKIT_HYPARQUET=1 (as in CI) makes it fail.
func hyparquet(t *testing.T, args ...string) []byte {
	t.Helper()
	_, nodeErr := exec.LookPath("node")
	_, modErr := os.Stat("testdata/hyparquet/node_modules/hyparquet-writer")
	if nodeErr != nil || modErr != nil {
		if os.Getenv("PIIKIT_HYPARQUET") == "1" {
			t.Fatal("PIIKIT_HYPARQUET=1 but node or testdata/hyparquet/node_modules is missing: run npm ci --prefix cmd/piikit/testdata/hyparquet")
		}
		t.Skip("node or testdata/hyparquet/node_modules missing (npm ci --prefix cmd/piikit/testdata/hyparquet)")
	}
	cmd := exec.Command("node", append([]string{"testdata/hyparquet/check.mjs"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	return out
}

// hyFile is a Parquet file as hyparquet reads it.
type hyFile struct {
	NumRows int               `json:"num_rows"`
	Schema  []json.RawMessage `json:"schema"`
	Rows    [][]*string       `json:"rows"`
}

func hyRead(t *testing.T, path string) hyFile {
	t.Helper()
	var f hyFile
	require.NoError(t, json.Unmarshal(hyparquet(t, "read", path), &f))
	return f
}

// hyTable is f's column names and rows, a null read as "".
func hyTable(t *testing.T, f hyFile) [][]string {
	t.Helper()
	var header []string
	for _, e := range f.Schema[1:] {
		var el struct{ Name string }
		require.NoError(t, json.Unmarshal(e, &el))
		header = append(header, el.Name)
	}
	table := [][]string{header}
	for _, r := range f.Rows {
		rec := make([]string, len(r))
		for i, v := range r {
			if v != nil {
				rec[i] = *v
			}
		}
		table = append(table, rec)
	}
	return table
}

// An independent reader (hyparquet) finds in piikit's Parquet output the
// input's columns, its row count and the values of the CSV export of the
// same rows; and piikit reads what an independent writer (hyparquet-writer)
// wrote, nulls included.
func TestParquetIndependentReader(t *testing.T) {
	const n = 300
	dir := exportBoth(t, n)
	in := hyRead(t, filepath.Join(dir, "users.parquet"))
	out := hyRead(t, filepath.Join(dir, "users.pseudo.parquet"))
	require.Equal(t, n, out.NumRows)
	require.Len(t, out.Rows, n)
	// The columns are the input's; the root is named "schema", not the
	// input's root name (which may hold anything).
	require.Equal(t, in.Schema[1:], out.Schema[1:])
	require.JSONEq(t, `{"name":"schema","num_children":8}`, string(out.Schema[0]))
	require.Equal(t, readCSVTable(t, filepath.Join(dir, "users.pseudo.csv")), hyTable(t, out))

	// hyparquet-writer's file: optional columns (its default), nulls where
	// the CSV copy has empty cells, which piikit keeps empty.
	table := readCSVTable(t, filepath.Join(dir, "users.csv"))
	type column struct {
		Name string    `json:"name"`
		Type string    `json:"type"`
		Data []*string `json:"data"`
	}
	var cols []column
	for j, name := range table[0] {
		c := column{Name: name, Type: "STRING"}
		for i, rec := range table[1:] {
			if i%7 == 3 && name != "user_id" {
				rec[j] = ""
				c.Data = append(c.Data, nil)
				continue
			}
			c.Data = append(c.Data, &rec[j])
		}
		cols = append(cols, c)
	}
	js, err := json.Marshal(map[string]any{"columns": cols})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hy.json"), js, 0o600))
	hyparquet(t, "write", filepath.Join(dir, "hy.json"), filepath.Join(dir, "hy.parquet"))
	require.NoError(t, writeCSV(filepath.Join(dir, "hy.csv"), table))
	for _, format := range []string{"csv", "parquet"} {
		_, stderr, code := runPiikit(t, "", exportArgs(dir, "--in", filepath.Join(dir, "hy."+format), "--out", filepath.Join(dir, "hy.pseudo."+format), "--quiet")...)
		require.Equal(t, 0, code, stderr)
	}
	hyIn := hyRead(t, filepath.Join(dir, "hy.parquet"))
	hyOut := hyRead(t, filepath.Join(dir, "hy.pseudo.parquet"))
	require.Equal(t, withLogicalTypes(t, hyIn.Schema)[1:], withLogicalTypes(t, hyOut.Schema)[1:])
	require.Contains(t, string(hyOut.Schema[1]), `"OPTIONAL"`)
	require.Equal(t, readCSVTable(t, filepath.Join(dir, "hy.pseudo.csv")), hyTable(t, hyOut))
	for i, r := range hyOut.Rows {
		for j, v := range r {
			require.Equal(t, hyIn.Rows[i][j] == nil, v == nil, "row %d column %d: null stays null", i+1, j)
		}
	}
}

// withLogicalTypes decodes schema elements, giving a column annotated with
// the legacy converted type UTF8 alone its equivalent logical type STRING
// (the Parquet format's LogicalTypes.md), which piikit's output adds.
func withLogicalTypes(t *testing.T, schema []json.RawMessage) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, e := range schema {
		var m map[string]any
		require.NoError(t, json.Unmarshal(e, &m))
		if m["converted_type"] == "UTF8" && m["logical_type"] == nil {
			m["logical_type"] = map[string]any{"type": "STRING"}
		}
		out = append(out, m)
	}
	return out
}

func writeCSV(path string, table [][]string) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(table); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o600)
}
