// Command export runs piikit's policies as an Apache Beam pipeline: it
// protects a users table and a messages table (CSV files) with
// examples/policies/users.yaml and messages.yaml, writing sharded outputs
// and one manifest per table, as `piikit export` would write them.
//
//	go run ./beam/examples/export                       # made-up tables, fresh keys, prism
//	go run ./beam/examples/export --in DIR --keys DIR   # users.csv and messages.csv, prf.json, tokens.json, kek.json
//
// Without --keys it makes fresh keysets under a fresh offline KEK in the
// output directory; without --in, made-up tables of --rows users. The
// runner is prism, in process, unless --runner says otherwise (see the
// README for Dataflow, Flink and Spark).
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	piibeam "github.com/piikit/piikit/beam"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/records/synthetic"
)

var (
	in       = flag.String("in", "", "directory holding users.csv and messages.csv (default: made-up tables)")
	keys     = flag.String("keys", "", "directory holding prf.json, tokens.json and the offline KEK kek.json (default: fresh keys)")
	kekURI   = flag.String("master-key-uri", "", "the KEK of the keysets in --keys (default: local-kek://KEYS/kek.json)")
	policies = flag.String("policies", "examples/policies", "directory holding users.yaml and messages.yaml")
	out      = flag.String("out", "", "output directory (default: a new temporary directory)")
	rows     = flag.Int("rows", 1000, "made-up users, without --in")
	shards   = flag.Int("shards", 4, "output files per table")
)

func main() {
	flag.Parse()
	beam.Init()
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	var err error
	if *out == "" {
		if *out, err = os.MkdirTemp("", "piikit-beam-"); err != nil {
			return err
		}
	}
	if *in == "" {
		if *in, err = makeTables(*out, *rows); err != nil {
			return err
		}
	}
	if *keys == "" {
		if *keys, err = makeKeys(*out); err != nil {
			return err
		}
	}
	if *kekURI == "" {
		*kekURI = keyset.LocalKEKPrefix + join(*keys, "kek.json")
	}
	p, s := beam.NewPipelineWithRoot()
	for _, table := range []string{"users", "messages"} {
		policy, err := os.ReadFile(filepath.Join(*policies, table+".yaml"))
		if err != nil {
			return err
		}
		cfg := piibeam.Config{
			Policy: string(policy), MasterKeyURI: *kekURI,
			Keyset: join(*keys, "prf.json"), TokenKeyset: join(*keys, "tokens.json"),
		}
		o := piibeam.Output{Prefix: join(*out, table+".pseudo"), Shards: *shards}
		if err := piibeam.ExportCSV(s.Scope(table), cfg, join(*in, table+".csv"), o); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	start := time.Now()
	if err := beamx.Run(ctx, p); err != nil {
		return err
	}
	fmt.Printf("piikit beam export: done in %v; outputs and manifests in %s\n", time.Since(start).Round(time.Millisecond), *out)
	return nil
}

// join joins a directory, a local path or a URI such as gs://bucket/dir,
// and a file name (filepath.Join would turn gs:// into gs:/).
func join(dir, name string) string { return strings.TrimSuffix(dir, "/") + "/" + name }

// makeTables writes made-up users.csv and messages.csv (each user sends
// two messages) to dir/in.
func makeTables(dir string, n int) (string, error) {
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		return "", err
	}
	var users bytes.Buffer
	if err := synthetic.WriteCSV(&users, n, 1); err != nil {
		return "", err
	}
	var msgs bytes.Buffer
	w := csv.NewWriter(&msgs)
	w.Write([]string{"message_id", "sender_id", "sent_at", "body"})
	g := synthetic.New(1)
	for i := range n {
		u := g.Next().Record()
		for j := range 2 {
			w.Write([]string{"M" + strconv.Itoa(2*i+j), u[0], "2026-01-02T03:04:05Z", "call me at " + u[4]})
		}
	}
	w.Flush()
	if err := os.WriteFile(filepath.Join(in, "users.csv"), users.Bytes(), 0o644); err != nil {
		return "", err
	}
	return in, os.WriteFile(filepath.Join(in, "messages.csv"), msgs.Bytes(), 0o644)
}

// makeKeys writes a fresh offline KEK (0600) and keysets encrypted under
// it to dir/keys, as `piikit keyset create` would.
func makeKeys(dir string) (string, error) {
	keys := filepath.Join(dir, "keys")
	if err := os.MkdirAll(keys, 0o700); err != nil {
		return "", err
	}
	kekPath := filepath.Join(keys, "kek.json")
	h, err := keyset.New("AES256_GCM")
	if err != nil {
		return "", err
	}
	if err := insecurecleartext.WriteFile(kekPath, h, keyset.JSON, keyset.PurposeKEK); err != nil {
		return "", err
	}
	kek, err := keyset.KEKFromURI(keyset.LocalKEKPrefix + kekPath)
	if err != nil {
		return "", err
	}
	for _, k := range []struct {
		file, template string
		purpose        keyset.Purpose
	}{{"prf.json", "HKDF_SHA256", keyset.PurposePRF}, {"tokens.json", "AES256_SIV", keyset.PurposeDeterministicAEAD}} {
		h, err := keyset.New(k.template)
		if err != nil {
			return "", err
		}
		if err := keyset.WriteFile(filepath.Join(keys, k.file), h, keyset.JSON, kek, k.purpose); err != nil {
			return "", err
		}
	}
	return keys, nil
}
