package beam

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/piikit/piikit/keyset"
)

// ExportCSV reads the CSV files matching glob, applies the policy of cfg
// to every record and writes the protected table to o, with its manifest:
// [ReadCSV], [ProtectCSV] and [WriteCSV] in one scope. It returns an error
// when cfg or o cannot run, before any worker starts: among them, an
// output (or its temporary file) that glob matches, or that is a keyset.
func ExportCSV(s beam.Scope, cfg Config, glob string, o Output) error {
	if err := (sink{o, "csv"}).notInput(glob); err != nil {
		return err
	}
	s = s.Scope("piikit.ExportCSV")
	recs, read := beam.ParDo2(s, &readCSVFn{}, matchFiles(s, glob))
	res, err := ProtectCSV(s, cfg, recs)
	if err != nil {
		return err
	}
	res.read, res.glob = read, glob
	return WriteCSV(s, cfg, o, res)
}

// ExportJSONLines is [ExportCSV] for JSON Lines files: [ReadJSONLines],
// [ProtectJSON] and [WriteJSONLines] in one scope.
func ExportJSONLines(s beam.Scope, cfg Config, glob string, o Output) error {
	if err := (sink{o, "jsonl"}).notInput(glob); err != nil {
		return err
	}
	s = s.Scope("piikit.ExportJSONLines")
	recs, read := beam.ParDo2(s, &readJSONFn{}, matchFiles(s, glob))
	res, err := ProtectJSON(s, cfg, recs)
	if err != nil {
		return err
	}
	res.read, res.glob = read, glob
	return WriteJSONLines(s, cfg, o, res)
}

// errOutputIsInput: a file a run writes is one it reads.
var errOutputIsInput = errors.New("piikit/beam: an output of the run is one of its inputs")

// paths returns every file a run writes to k: the shards, the manifest,
// the rejects, and their temporary files.
func (k sink) paths() []string {
	var ps []string
	for i := range k.Shards {
		ps = append(ps, k.shard(i))
	}
	ps = append(ps, k.ManifestPath(), k.RejectsPath())
	for _, p := range ps[:len(ps):len(ps)] {
		ps = append(ps, temp(p))
	}
	return ps
}

// notInput refuses a sink whose files the input glob matches: a second
// run would read the first's output as input, and the rename that puts
// the output in place would replace a file the run reads.
func (k sink) notInput(glob string) error {
	if err := k.check(); err != nil { // Shards bounded: paths() is small
		return err
	}
	for _, p := range k.paths() {
		if ok, _ := filepath.Match(glob, p); ok || filepath.Clean(glob) == filepath.Clean(p) {
			return fmt.Errorf("%w: the input glob matches %s: write the output elsewhere", errOutputIsInput, p)
		}
	}
	return nil
}

// notConfig refuses a sink that would write over a keyset or the KEK file
// of cfg.
func (k sink) notConfig(cfg Config) error {
	kek, _ := strings.CutPrefix(cfg.MasterKeyURI, keyset.LocalKEKPrefix)
	for _, p := range k.paths() {
		for _, f := range []string{cfg.Keyset, cfg.TokenKeyset, kek} {
			if f != "" && filepath.Clean(f) == filepath.Clean(p) {
				return fmt.Errorf("%w: %s is a keyset or key-encryption key of the run", errOutputIsInput, p)
			}
		}
	}
	return nil
}
