package beam_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime/graphx"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	pipepb "github.com/apache/beam/sdks/v2/go/pkg/beam/model/pipeline_v1"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/stretchr/testify/require"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"google.golang.org/protobuf/proto"

	"github.com/piikit/piikit/audit"
	piibeam "github.com/piikit/piikit/beam"
	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

// TestMain runs the pipelines of these tests on the prism runner, in
// process (loopback: no container, no network beyond this machine).
// Prism logs every failed bundle at length: the tests that fail
// pipelines on purpose check the error they return, so the log is kept
// only with PIIKIT_BEAM_LOG=1.
//
// Each loopback run leaves an empty file beamloopbackworker-* in the
// temporary directory (Beam v2.78.0's runnerlib.Execute creates it and
// never removes it, apache/beam#27569), so the tests point TMPDIR at a
// directory of their own and remove it at the end.
func TestMain(m *testing.M) {
	if os.Getenv("PIIKIT_BEAM_LOG") == "" {
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	tmp, err := os.MkdirTemp("", "piikit-beam-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("TMPDIR", tmp)
	code := ptest.MainRet(m)
	os.RemoveAll(tmp)
	os.Exit(code)
}

// fixture is a run's files: the demo policy, the fixture keysets
// encrypted under a KEK file, and the config that names them.
type fixture struct {
	dir    string
	policy []byte
	cfg    piibeam.Config
	keys   *records.Keys
}

func newFixture(t *testing.T, policy []byte) *fixture {
	t.Helper()
	dir := t.TempDir()
	kekPath := filepath.Join(dir, "kek.json")
	require.NoError(t, insecurecleartext.WriteFile(kekPath, keysettest.KEK(), keyset.JSON, keyset.PurposeKEK))
	require.NoError(t, os.Chmod(kekPath, 0o600))
	kek, err := keyset.KEKFromURI(keyset.LocalKEKPrefix + kekPath)
	require.NoError(t, err)
	prf, tokens := filepath.Join(dir, "prf.json"), filepath.Join(dir, "tokens.json")
	require.NoError(t, keyset.WriteFile(prf, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF))
	require.NoError(t, keyset.WriteFile(tokens, keysettest.DeterministicAEAD(), keyset.JSON, kek, keyset.PurposeDeterministicAEAD))
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	require.NoError(t, err)
	return &fixture{dir: dir, policy: policy, keys: keys, cfg: piibeam.Config{
		Policy: string(policy), Keyset: prf, TokenKeyset: tokens, MasterKeyURI: keyset.LocalKEKPrefix + kekPath,
	}}
}

func demoPolicy(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../examples/policies/users.yaml")
	require.NoError(t, err)
	return b
}

// export is what `piikit export` writes for table: its output, rejects
// and manifest (the command runs records.Transformer.CSV and
// records.NewManifest, then SetMAC).
func (f *fixture) export(t *testing.T, table []byte) (out, rejects []byte, m *records.Manifest) {
	t.Helper()
	p, err := records.ParsePolicy(f.policy)
	require.NoError(t, err)
	tr, err := records.New(p, f.keys)
	require.NoError(t, err)
	var o, r bytes.Buffer
	st, err := tr.CSV(context.Background(), bytes.NewReader(table), &o, &records.StreamOptions{Rejects: &r})
	require.NoError(t, err)
	m = records.NewManifest(p, st, "csv", piibeam.Version)
	require.NoError(t, m.SetMAC(f.keys))
	return o.Bytes(), r.Bytes(), m
}

// run runs ExportCSV on the tables written to the fixture's directory
// and returns the output: the shards concatenated in name order.
func (f *fixture) run(t *testing.T, tables map[string][]byte, shards int) (piibeam.Output, []byte, error) {
	t.Helper()
	in := filepath.Join(f.dir, "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	for name, data := range tables {
		require.NoError(t, os.WriteFile(filepath.Join(in, name), data, 0o644))
	}
	o := piibeam.Output{Prefix: filepath.Join(f.dir, "out", "users.pseudo"), Shards: shards}
	require.NoError(t, os.MkdirAll(filepath.Dir(o.Prefix), 0o755))
	p, s := beam.NewPipelineWithRoot()
	require.NoError(t, piibeam.ExportCSV(s, f.cfg, filepath.Join(in, "*.csv"), o))
	if err := ptest.Run(p); err != nil {
		return o, nil, err
	}
	var all []byte
	for i := range shards {
		b, err := os.ReadFile(o.Shard(i, "csv"))
		require.NoError(t, err)
		all = append(all, b...)
	}
	return o, all, nil
}

func sortedLines(b []byte) []string {
	lines := strings.SplitAfter(string(b), "\n")
	slices.Sort(lines)
	return lines
}

func demoTable(t *testing.T, rows int) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, synthetic.WriteCSV(&b, rows, 1)) // the demo's table: seed 1
	return b.Bytes()
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

// TestDemoTableAsExport: the demo table through the pipeline on prism
// gives the rows `piikit export` writes, byte for byte, in some order; the
// merged manifest records what the export's does and `piikit reidentify`
// (records.Reidentifier, its engine) accepts it and restores the table.
func TestDemoTableAsExport(t *testing.T) {
	f := newFixture(t, demoPolicy(t))
	table := demoTable(t, 1000)
	want, wantRejects, wantManifest := f.export(t, table)
	require.Empty(t, wantRejects)

	o, got, err := f.run(t, map[string][]byte{"users.csv": table}, 3)
	require.NoError(t, err)

	header, _, _ := bytes.Cut(want, []byte("\n"))
	require.True(t, bytes.HasPrefix(got, append(header, '\n')), "shard 0 starts with the export's header")
	require.Equal(t, sortedLines(want), sortedLines(got), "the same rows, byte for byte")
	require.NotEqual(t, want, got, "rows are spread over shards (else the test proves less)")
	for i := range 3 {
		fi, err := os.Stat(o.Shard(i, "csv"))
		require.NoError(t, err)
		require.Greater(t, fi.Size(), int64(0), "shard %d holds rows", i)
	}

	m := readManifest(t, o.ManifestPath())
	require.Equal(t, wantManifest.Fields, m.Fields, "per-field counts and key IDs merged across workers")
	require.Equal(t, wantManifest.PolicySHA256, m.PolicySHA256)
	require.Equal(t, [3]int64{1000, 1000, 0}, [3]int64{m.RowsIn, m.RowsOut, m.Rejected})
	require.NoError(t, m.CheckOutput(bytes.NewReader(got)))
	_, err = os.Stat(o.RejectsPath())
	require.ErrorIs(t, err, os.ErrNotExist)

	p, err := records.ParsePolicy(f.policy)
	require.NoError(t, err)
	r, err := records.NewReidentifier(p, f.keys, m)
	require.NoError(t, err)
	var restored bytes.Buffer
	var events []audit.Event
	hook := func(_ context.Context, e audit.Event) error { events = append(events, e); return nil }
	_, err = r.CSV(context.Background(), hook, audit.Request{Actor: "test", Reason: "TEST-16"}, bytes.NewReader(got), &restored, nil)
	require.NoError(t, err)
	require.NotEmpty(t, events)
	// user_id is a pseudonym (irreversible): every other column is
	// restored, and the restored table is what reidentifying the export
	// gives.
	require.Equal(t, withoutFirstColumn(t, table), withoutFirstColumn(t, restored.Bytes()), "reidentify restores the table")
	r, err = records.NewReidentifier(p, f.keys, wantManifest)
	require.NoError(t, err)
	var fromExport bytes.Buffer
	_, err = r.CSV(context.Background(), hook, audit.Request{Actor: "test", Reason: "TEST-16"}, bytes.NewReader(want), &fromExport, nil)
	require.NoError(t, err)
	require.Equal(t, sortedLines(fromExport.Bytes()), sortedLines(restored.Bytes()))
}

// withoutFirstColumn returns the records of a CSV table without their
// first field, sorted.
func withoutFirstColumn(t *testing.T, table []byte) []string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(table)).ReadAll()
	require.NoError(t, err)
	var out []string
	for _, r := range recs {
		out = append(out, strings.Join(r[1:], "\x00"))
	}
	slices.Sort(out)
	return out
}

// TestNoKeyInPipeline: the serialized pipeline holds the names of the
// keysets, never a byte of their keys (nor of the KEK's).
func TestNoKeyInPipeline(t *testing.T) {
	f := newFixture(t, demoPolicy(t))
	p, s := beam.NewPipelineWithRoot()
	require.NoError(t, piibeam.ExportCSV(s, f.cfg, filepath.Join(f.dir, "in", "*.csv"), piibeam.Output{Prefix: filepath.Join(f.dir, "out"), Shards: 2}))
	edges, _, err := p.Build()
	require.NoError(t, err)
	pb, err := graphx.Marshal(edges, &graphx.Options{Environment: &pipepb.Environment{Urn: "beam:env:loopback:v1"}})
	require.NoError(t, err)
	wire, err := proto.Marshal(pb)
	require.NoError(t, err)
	// Beam puts each DoFn, JSON-encoded, in base64 inside the proto:
	// look in every layer.
	layers := unwrap(wire, 3)
	require.True(t, slices.ContainsFunc(layers, func(b []byte) bool { return bytes.Contains(b, []byte(`"Keyset":"`+f.cfg.Keyset+`"`)) }),
		"the pipeline names the keyset (the test looks in the right place)")

	for _, h := range []*tinkkeyset.Handle{keysettest.PRF(), keysettest.DeterministicAEAD(), keysettest.KEK()} {
		for _, secret := range keyMaterial(t, h) {
			for _, enc := range [][]byte{secret, []byte(hex.EncodeToString(secret)), []byte(base64.StdEncoding.EncodeToString(secret)), []byte(base64.RawURLEncoding.EncodeToString(secret))} {
				for _, layer := range layers {
					require.False(t, bytes.Contains(layer, enc), "key material in the serialized pipeline")
				}
			}
		}
	}
}

var base64Run = regexp.MustCompile(`[A-Za-z0-9+/]{16,}={0,2}`)

// unwrap returns b and whatever base64 in it decodes to, depth layers
// down.
func unwrap(b []byte, depth int) [][]byte {
	out := [][]byte{b}
	if depth == 0 {
		return out
	}
	for _, run := range base64Run.FindAll(b, -1) {
		if d, err := base64.StdEncoding.DecodeString(string(run)); err == nil {
			out = append(out, unwrap(d, depth-1)...)
		}
	}
	return out
}

// keyMaterial returns the serialized key of each key of h, and its last 32
// bytes (the key value of a HKDF, AES-SIV or AES-GCM key proto).
func keyMaterial(t *testing.T, h *tinkkeyset.Handle) [][]byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, insecurecleartext.Write(&b, h, keyset.Binary, purposeOf(t, h)))
	var ks tinkpb.Keyset
	require.NoError(t, proto.Unmarshal(b.Bytes(), &ks))
	var out [][]byte
	for _, k := range ks.GetKey() {
		v := k.GetKeyData().GetValue()
		require.GreaterOrEqual(t, len(v), 32)
		out = append(out, v, v[len(v)-32:])
	}
	return out
}

func purposeOf(t *testing.T, h *tinkkeyset.Handle) keyset.Purpose {
	for _, p := range []keyset.Purpose{keyset.PurposePRF, keyset.PurposeDeterministicAEAD, keyset.PurposeKEK} {
		if keyset.Check(h, p) == nil {
			return p
		}
	}
	t.Fatal("fixture of no purpose")
	return ""
}

// A text field's names are found by morphology on the workers with
// Config.Names, as piikit export finds them (Policy.Names): the messages
// of the demo come out as the export's, byte for byte.
func TestMessagesWithNames(t *testing.T) {
	policy, err := os.ReadFile("../examples/policies/messages.yaml")
	require.NoError(t, err)
	f := newFixture(t, policy)
	f.cfg.Names = true
	var table bytes.Buffer
	require.NoError(t, synthetic.WriteMessagesCSV(&table, 200, 50, 1))

	p, err := records.ParsePolicy(policy)
	require.NoError(t, err)
	p.Names = names.Append
	tr, err := records.New(p, f.keys)
	require.NoError(t, err)
	var want bytes.Buffer
	st, err := tr.CSV(context.Background(), bytes.NewReader(table.Bytes()), &want, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	counts := map[string]int64{}
	for _, fs := range st.Fields {
		for _, e := range fs.Entities {
			counts[e.Name] = e.Values
		}
	}
	require.Positive(t, counts["name"], "the messages mention names")
	require.Positive(t, counts["id"], "the messages give user IDs")

	_, got, err := f.run(t, map[string][]byte{"messages.csv": table.Bytes()}, 2)
	require.NoError(t, err)
	require.Equal(t, sortedLines(want.Bytes()), sortedLines(got))
}
