package beam_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/stretchr/testify/require"

	piibeam "github.com/piikit/piikit/beam"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

const usersHeader = "user_id,name,name_kana,email,phone,my_number,signup_date,plan\n"

// TestRejects: with on_error: reject, a record whose value cannot be
// protected goes to the reject file with its file, row, line, field and
// reason, never its value, as the export lists it; the other rows are the
// export's, spread over two files.
func TestRejects(t *testing.T) {
	f := newFixture(t, demoPolicy(t))
	a := usersHeader +
		"U10000001,山田 太郎,ヤマダ タロウ,taro.yamada@example.jp,090-1234-5678,123456789018,2020-01-01,free\n" +
		"U10000002,佐藤 花子,サトウ ハナコ,hanako.sato@example.jp,not-a-phone-SECRET,123456789018,2020-01-01,free\n"
	b := usersHeader +
		"U10000003,鈴木 一郎,スズキ イチロウ,SECRET-no-at-sign,090-1234-5678,123456789018,\"2020-01-01\nlate\",free\n" +
		"U10000004,Emma Wilson,エマ・ウィルソン,emma.wilson@example.com,+81 80 1111 2222,,2020-01-01,free\n"
	wantA, rejA, _ := f.export(t, []byte(a))
	wantB, rejB, _ := f.export(t, []byte(b))

	o, got, err := f.run(t, map[string][]byte{"a.csv": []byte(a), "b.csv": []byte(b)}, 2)
	require.NoError(t, err)
	_, bodyB, _ := strings.Cut(string(wantB), "\n")
	require.Equal(t, sortedLines(append(wantA, bodyB...)), sortedLines(got))

	rej, err := os.ReadFile(o.RejectsPath())
	require.NoError(t, err)
	require.NotContains(t, string(rej), "SECRET")
	recs, err := csv.NewReader(bytes.NewReader(rej)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"source", "row", "line", "field", "reason"}, recs[0])
	require.Len(t, recs, 3)
	// The export's reject lines, with the file first.
	require.Equal(t, filepath.Join(f.dir, "in", "a.csv")+","+strings.Split(string(rejA), "\n")[1], strings.Join(recs[1], ","))
	require.Equal(t, filepath.Join(f.dir, "in", "b.csv")+","+strings.Split(string(rejB), "\n")[1], strings.Join(recs[2], ","))

	m := readManifest(t, o.ManifestPath())
	require.Equal(t, [3]int64{4, 2, 2}, [3]int64{m.RowsIn, m.RowsOut, m.Rejected})
	require.NoError(t, m.CheckOutput(bytes.NewReader(got)))
}

// TestFailsClosed: what stops `piikit export` fails the pipeline, with the
// file and row but never the value, and leaves no manifest and no shard
// in place.
func TestFailsClosed(t *testing.T) {
	stop := strings.Replace(string(demoPolicy(t)), "on_error: reject", "on_error: stop", 1)
	require.Contains(t, stop, "on_error: stop")
	row := "U10000001,山田 太郎,ヤマダ タロウ,taro.yamada@example.jp,090-1234-5678,123456789018,2020-01-01,free\n"
	for _, tc := range []struct {
		name, policy string
		tables       map[string]string
		want         string
	}{
		{"unnamed column", stop, map[string]string{"a.csv": strings.TrimSuffix(usersHeader, "\n") + ",SECRET@example.com\n" + strings.TrimSuffix(row, "\n") + ",x\n"}, "not named in the policy"},
		{"value with on_error stop", stop, map[string]string{"a.csv": usersHeader + strings.Replace(row, "090-1234-5678", "SECRET-phone", 1)}, `row 1 (line 2), field "phone"`},
		{"ragged row", stop, map[string]string{"a.csv": usersHeader + "U1,SECRET\n"}, "ragged row"},
		{"bad quoting", stop, map[string]string{"a.csv": usersHeader + "U1,\"SECRET\n"}, "quoted field"},
		{"empty file", stop, map[string]string{"a.csv": ""}, "no CSV header"},
		{"two headers", stop, map[string]string{
			"a.csv": usersHeader + row,
			"b.csv": "name,user_id,name_kana,email,phone,my_number,signup_date,plan\n山田 太郎,U10000001,ヤマダ タロウ,taro.yamada@example.jp,090-1234-5678,123456789018,2020-01-01,free\n",
		}, "different headers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, []byte(tc.policy))
			tables := map[string][]byte{}
			for k, v := range tc.tables {
				tables[k] = []byte(v)
			}
			o, _, err := f.run(t, tables, 2)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
			require.NotContains(t, err.Error(), "SECRET")
			for _, p := range []string{o.ManifestPath(), o.Shard(0, "csv"), o.Shard(1, "csv")} {
				_, err := os.Stat(p)
				require.ErrorIs(t, err, os.ErrNotExist, p)
			}
		})
	}
}

// TestConfigRefused: a configuration that cannot run, or would put a key
// in the pipeline, fails when the pipeline is built.
func TestConfigRefused(t *testing.T) {
	f := newFixture(t, demoPolicy(t))
	for name, mod := range map[string]func(*piibeam.Config){
		"fake KMS":        func(c *piibeam.Config) { c.MasterKeyURI = "fake-kms://CM2b3_MDElQKSAowdHlwZS5nb29nbGVhcGlzLmNvbQ" },
		"no KEK":          func(c *piibeam.Config) { c.MasterKeyURI = "" },
		"no keyset":       func(c *piibeam.Config) { c.Keyset = "" },
		"bad policy":      func(c *piibeam.Config) { c.Policy = "version: 1\nfields: {a: {transform: nope}}\n" },
		"no token keyset": func(c *piibeam.Config) { c.TokenKeyset = "" },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := f.cfg
			mod(&cfg)
			_, s := beam.NewPipelineWithRoot()
			err := piibeam.ExportCSV(s, cfg, filepath.Join(f.dir, "*.csv"), piibeam.Output{Prefix: filepath.Join(f.dir, "out"), Shards: 1})
			require.Error(t, err)
			require.NotContains(t, err.Error(), "CM2b3")
		})
	}
	_, s := beam.NewPipelineWithRoot()
	require.Error(t, piibeam.ExportCSV(s, f.cfg, "x", piibeam.Output{Prefix: "out", Shards: 0}))
}

// TestJSONLinesAsExport: the demo table in JSON Lines through the pipeline
// gives the lines `piikit export` writes, and a manifest of format jsonl
// that reidentify's check accepts.
func TestJSONLinesAsExport(t *testing.T) {
	f := newFixture(t, demoPolicy(t))
	var table bytes.Buffer
	require.NoError(t, synthetic.WriteJSONLines(&table, 300, 1))
	p, err := records.ParsePolicy(f.policy)
	require.NoError(t, err)
	tr, err := records.New(p, f.keys)
	require.NoError(t, err)
	var want, rej bytes.Buffer
	st, err := tr.JSONLines(context.Background(), bytes.NewReader(table.Bytes()), &want, &records.StreamOptions{Rejects: &rej})
	require.NoError(t, err)

	in := filepath.Join(f.dir, "users.jsonl")
	require.NoError(t, os.WriteFile(in, table.Bytes(), 0o644))
	o := piibeam.Output{Prefix: filepath.Join(f.dir, "users.pseudo"), Shards: 2}
	pl, s := beam.NewPipelineWithRoot()
	require.NoError(t, piibeam.ExportJSONLines(s, f.cfg, in, o))
	require.NoError(t, ptest.Run(pl))
	var got []byte
	for i := range 2 {
		b, err := os.ReadFile(o.Shard(i, "jsonl"))
		require.NoError(t, err)
		got = append(got, b...)
	}
	require.Equal(t, sortedLines(want.Bytes()), sortedLines(got))
	m := readManifest(t, o.ManifestPath())
	require.Equal(t, "jsonl", m.Format)
	require.Equal(t, st.Fields, m.Fields)
	require.NoError(t, m.CheckOutput(bytes.NewReader(got)))
}

// TestOutputsNotInputs: an output of the run (a shard, the manifest, the
// rejects, or their temporary files) that the input glob matches, or that
// is a keyset or the KEK file, fails when the pipeline is built: a second
// run would read the first's output as input, and the rename at the end
// would replace a file the run reads.
func TestOutputsNotInputs(t *testing.T) {
	f := newFixture(t, demoPolicy(t))
	in := filepath.Join(f.dir, "in")
	for name, tc := range map[string]struct {
		glob   string
		prefix string
	}{
		"shard matches the glob":    {filepath.Join(in, "*.csv"), filepath.Join(in, "users.pseudo")},
		"rejects match the glob":    {filepath.Join(in, "*.rejects.csv"), filepath.Join(in, "x")},
		"manifest matches the glob": {filepath.Join(in, "*"), filepath.Join(in, "x")},
		"temp file matches":         {filepath.Join(in, "*.piikit-tmp"), filepath.Join(in, "x")},
		"keyset is the manifest":    {filepath.Join(in, "*.csv"), strings.TrimSuffix(f.cfg.Keyset, ".json") + ".x"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := f.cfg
			if name == "keyset is the manifest" {
				cfg.Keyset = filepath.Join(f.dir, "k.manifest.json")
				tc.prefix = filepath.Join(f.dir, "k")
			}
			_, s := beam.NewPipelineWithRoot()
			err := piibeam.ExportCSV(s, cfg, tc.glob, piibeam.Output{Prefix: tc.prefix, Shards: 2})
			require.Error(t, err)
		})
	}
	_, s := beam.NewPipelineWithRoot()
	require.NoError(t, piibeam.ExportCSV(s, f.cfg, filepath.Join(in, "*.csv"), piibeam.Output{Prefix: filepath.Join(f.dir, "out", "users.pseudo"), Shards: 2}))
}
