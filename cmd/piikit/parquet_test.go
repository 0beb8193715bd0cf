package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"os"
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

// The same table as CSV and as Parquet exports to the same values, with
// manifests that agree; the Parquet export reidentifies to the table.
func TestExportParquetMatchesCSV(t *testing.T) {
	const n = 700 // three batches and a part
	dir := exportDir(t, n)
	pq, err := os.Create(filepath.Join(dir, "users.parquet"))
	require.NoError(t, err)
	require.NoError(t, synthetic.WriteParquet(pq, n, 1))
	require.NoError(t, pq.Close())

	for _, format := range []string{"csv", "parquet"} {
		_, stderr, code := runPiikit(t, "", exportArgs(dir, "--in", filepath.Join(dir, "users."+format), "--out", filepath.Join(dir, "users.pseudo."+format), "--quiet")...)
		require.Equal(t, 0, code, stderr)
	}
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
