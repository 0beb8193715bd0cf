package beam_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	piibeam "github.com/piikit/piikit/beam"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
)

// The pipeline names the keysets and the KEK; the workers read them.
func ExampleExportCSV() {
	dir, err := os.MkdirTemp("", "piikit-beam-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	kekURI, prf := exampleKeys(dir) // in production: a KMS key URI and gs:// paths
	policy := "version: 1\nscope: acme\nfields:\n  user_id: {transform: pseudonym, kind: id, domain: users.user_id}\n  plan: keep\n"
	table := "user_id,plan\nU10000001,free\nU10000002,premium\nU10000001,free\n"
	if err := os.WriteFile(filepath.Join(dir, "users.csv"), []byte(table), 0o644); err != nil {
		log.Fatal(err)
	}

	cfg := piibeam.Config{Policy: policy, Keyset: prf, MasterKeyURI: kekURI}
	o := piibeam.Output{Prefix: filepath.Join(dir, "users.pseudo"), Shards: 1}
	p, s := beam.NewPipelineWithRoot()
	if err := piibeam.ExportCSV(s, cfg, filepath.Join(dir, "users.csv"), o); err != nil {
		log.Fatal(err)
	}
	if err := ptest.Run(p); err != nil { // beamx.Run(ctx, p) in a program
		log.Fatal(err)
	}
	out, _ := os.ReadFile(o.Shard(0, "csv"))
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	fmt.Println(lines[0], len(lines)-1, "rows")
	f, _ := os.Open(o.ManifestPath())
	defer f.Close()
	m, err := records.ReadManifest(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Format, m.RowsOut, m.Fields[0].Name, m.Fields[0].Values)
	// Output:
	// user_id,plan 3 rows
	// csv 3 user_id 3
}

// exampleKeys writes keysettest's PRF keyset (public keys: tests only)
// encrypted under an offline KEK file, and returns the KEK's URI and the
// keyset's path.
func exampleKeys(dir string) (kekURI, prf string) {
	kekPath := filepath.Join(dir, "kek.json")
	if err := insecurecleartext.WriteFile(kekPath, keysettest.KEK(), keyset.JSON, keyset.PurposeKEK); err != nil {
		log.Fatal(err)
	}
	kek, err := keyset.KEKFromURI(keyset.LocalKEKPrefix + kekPath)
	if err != nil {
		log.Fatal(err)
	}
	prf = filepath.Join(dir, "prf.json")
	if err := keyset.WriteFile(prf, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF); err != nil {
		log.Fatal(err)
	}
	return keyset.LocalKEKPrefix + kekPath, prf
}

func ExampleMergeCounts() {
	a := piibeam.Counts{RowsIn: 2, RowsOut: 2, Fields: []records.FieldStats{{Name: "user_id", Values: 2, KeyIDs: []uint32{7}}}}
	b := piibeam.Counts{RowsIn: 3, RowsOut: 2, Rejected: 1, Fields: []records.FieldStats{{Name: "user_id", Values: 2, Failed: 1, KeyIDs: []uint32{7}}}}
	c, err := piibeam.MergeCounts(a, b)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.RowsIn, c.RowsOut, c.Rejected, c.Fields[0].Values, c.Fields[0].Failed, c.Fields[0].KeyIDs)
	// Output:
	// 5 4 1 4 1 [7]
}
