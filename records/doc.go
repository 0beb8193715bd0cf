// Package records applies a privacy policy to whole records: CSV, JSON
// Lines and Parquet tables, decoded JSON objects and Go structs. It is what
// `piikit export` runs, and what a data pipeline embeds to hand out
// pseudonymized tables.
//
// Most callers parse a policy, load their keysets and stream a table:
//
//	p, err := records.LoadPolicy("users.yaml")
//	keys, err := records.NewKeys(rootPRF, tokenAEAD) // keyset handles
//	t, err := records.New(p, keys)
//	stats, err := t.CSV(ctx, in, out, &records.StreamOptions{Rejects: rejects})
//	manifest := records.NewManifest(p, stats, "csv", version)
//	err = manifest.SetMAC(keys) // binds it to the output; tamper-evident
//
// A [Policy] says, per field, which [Transform] applies — a pseudonym or a
// reversible token (package tokenize), a format-preserving or display mask
// (package mask), redact, keep or drop — with its [Kind], domain, scope and
// options; or [Text], which replaces the personal values inside a message
// by the rule of each entity (package freetext) and keeps the rest. Policies are YAML (or JSON) files, checked on load with errors
// that name the line and the field ([PolicyError]); SPEC.md §7 defines the
// format. Go types carry their policy in struct tags and go through
// [Protect]; [Secret] keeps a value out of fmt, log/slog and JSON.
//
// # Security
//
// Deny by default: a field that the policy does not name stops the run
// ([ErrUnnamedField]) unless the policy says "unnamed: drop", so a column
// added upstream never leaks. Fail closed: a value that cannot be
// transformed (not a phone number, invalid UTF-8, too short to mask) is
// never written; the run stops, or with "on_error: reject" the record is
// left out and listed, with its row, line and field but never its value.
// An empty value stays empty: it holds nothing to protect. No error of this
// package holds a value.
//
// Pseudonyms, tokens and masks are deterministic: they reveal which records
// share a value and how often (see tokenize and mask). Fields that share a
// domain join across tables on purpose (users.user_id and
// messages.sender_id); a scope per recipient makes two recipients' exports
// unlinkable.
//
// Re-identification is a separate, audited act: a [Reidentifier] reverses
// the tokens and masks of an export for holders of its keysets, and reports
// an audit event before it reveals anything.
//
// # Streams
//
// [Transformer.CSV], [Transformer.JSONLines] and [Transformer.Parquet] read,
// transform and write in batches across [StreamOptions].Workers goroutines,
// with the output in input order and memory bounded whatever the input size;
// they stop when their context is done. A Parquet output keeps the input's
// schema (columns in order, types, nullability) less the columns dropped. A caller that writes a file should write to a
// temporary file and rename it when the run succeeds, as `piikit export`
// does, so that a failed run leaves nothing presented as complete.
//
// # Key management
//
// [Keys] holds the root PRF keyset (pseudonyms and masks) and the AES-SIV
// keyset (reversible tokens), checked for their purpose by [NewKeys]. New
// outputs use each keyset's primary key; the [Manifest] of an export
// records the key ID per field, which is how masked values (which have no
// room for a key ID) are reversed after a rotation.
//
// # Compatibility
//
// Outputs are those of tokenize and mask, specified in SPEC.md §3–§6; the
// policy format and the manifest are specified in SPEC.md §7 and versioned
// ("version: 1", "manifest_version": 1).
package records
