// Package beam applies a piikit policy in an Apache Beam pipeline, so that
// one policy file governs `piikit export` on one machine and the same
// export on Dataflow, Flink or Spark. Its outputs are those of the command:
// the same rows, byte for byte (in another order), and a manifest that
// `piikit reidentify` accepts.
//
// Most pipelines read CSV files, protect them and write sharded output
// with one call:
//
//	cfg := beam.Config{Policy: policyText, Keyset: "gs://keys/prf.json",
//		TokenKeyset: "gs://keys/tokens.json", MasterKeyURI: "gcp-kms://projects/…"}
//	err := beam.ExportCSV(s, cfg, "gs://in/users-*.csv", beam.Output{Prefix: "gs://out/users.pseudo", Shards: 16})
//
// which is [ReadCSV], [ProtectCSV] and [WriteCSV] in turn. Records built
// elsewhere in a pipeline go through [ProtectCSV] ([Record]),
// [ProtectJSON] (JSON objects) or [ProtectStructs] (Go structs with
// piikit tags) alone.
//
// The package is named beam, as Beam's own is: import it under another
// name, e.g. piibeam.
//
// # Key management
//
// A [Config] travels with the pipeline to every worker, since Beam encodes
// the DoFns that hold it: it holds the policy's text, the paths or URIs of
// the encrypted keyset files and the URI of their key-encryption key,
// never key material. Each worker process reads and decrypts the keysets
// once, in the Setup of its first DoFn. A fake-kms:// URI, which holds its
// key, is refused.
//
// # Fail closed
//
// As for the command: a column the policy does not name fails the
// pipeline unless the policy says "unnamed: drop"; a value that cannot be
// protected fails the pipeline with its file, row and field, never its
// value, or with "on_error: reject" goes to the reject file; the shards
// are put in place, and the manifest written, only when every record is
// written.
//
// Dangerous composition: [ReadCSV] (or [ReadJSONLines]), then
// [ProtectCSV] and [WriteCSV] built by hand, lose the check that
// [ExportCSV] and [ExportJSONLines] make before the manifest is written:
// that every file the glob matches was read whole and every record read
// was protected. A runner that goes on after a failed bundle, its outputs
// left out (Beam's Prism may), then has the hand-built pipeline write
// shards and a manifest for the records that got through, with no error.
// Use ExportCSV or ExportJSONLines to protect files; keep the parts for
// records built elsewhere in a pipeline, whose completeness the pipeline
// must check itself.
//
// # What is supported
//
// CSV files with a header line (quoted fields may span lines) and JSON
// Lines files ([ExportJSONLines]); each file is read whole by one worker,
// never split, so a file is a unit of parallelism, and the CSV files of a
// run share one header. Output: N shards, the CSV header in the first, and
// one manifest whose output_sha256 is that of the shards concatenated in
// name order. The finishing step reads the shards once, in order, to hash
// them, and holds the rejected records (never values) in memory to sort
// them. Uncompressed files only; Parquet is not read. A table with no row
// written has an empty first shard, where the export writes the header.
// The free-text transform is not offered here yet.
package beam
