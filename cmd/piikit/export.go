package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/internal/fileio"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
)

func init() {
	register(&command{
		name:    "export",
		summary: "pseudonymize a CSV, JSON Lines or Parquet table with a policy",
		run:     runExport,
	})
}

const exportUsage = `Usage: piikit export --policy P.yaml --keyset K [--token-keyset K2] --master-key-uri URI --in users.csv --out users.pseudo.csv

Export applies a policy to every record of a CSV (with a header), JSON
Lines or Parquet table: each field named in the policy is pseudonymized, tokenized,
masked, redacted, kept or dropped; a field the policy does not name stops the
export unless the policy says "unnamed: drop". A value that cannot be
protected is never written: the export stops with its row number and field
(or, with "on_error: reject", leaves the record out and lists it in the
reject file, without the value).

--keyset is the root PRF keyset (pseudonyms and masks), --token-keyset the
AES-SIV keyset (reversible tokens); only those the policy needs are read, and
both are opened with --master-key-uri.

The output appears only when complete (it is written to a temporary file and
renamed), with a manifest beside it (OUT.manifest.json: the policy's and the
output's SHA-256, key IDs per field, counts and piikit version; no values)
and, when records were rejected, OUT.rejects.csv; a reject file an earlier
run left is removed. No output may be another file of the run (an input,
the policy, a keyset, a KEK file, another output). --in and --out may
be - for stdin and stdout (a failed run may then have written part of its
output: trust the exit status); the format comes from the file extension
(.csv, .jsonl, .parquet) or --format. A Parquet output has the input's
schema less the columns dropped; a Parquet input must be a file (not -),
its nested columns dropped, its columns that are not text kept or dropped.
Progress and a summary go to stderr.`

// exportJob is one run of export, also used by the demo.
type exportJob struct {
	t         *records.Transformer
	keys      *records.Keys // authenticate the manifest
	format    string
	in        io.Reader
	size      int64 // of in, for Parquet
	out       io.Writer
	rejects   io.Writer
	workers   int
	progress  *progress
	stats     *records.Stats
	manifest  *records.Manifest
	rejectsAt string
}

func (j *exportJob) run(ctx context.Context) error {
	defer gcHeadroom()()
	opts := &records.StreamOptions{Workers: j.workers, Rejects: j.rejects}
	if j.progress != nil {
		opts.Progress = j.progress.update
	}
	var err error
	switch j.format {
	case "jsonl":
		j.stats, err = j.t.JSONLines(ctx, j.in, j.out, opts)
	case "parquet":
		var ra io.ReaderAt
		if ra, err = readerAt(j.in); err == nil {
			j.stats, err = j.t.Parquet(ctx, ra, j.size, j.out, opts)
		}
	default:
		j.stats, err = j.t.CSV(ctx, j.in, j.out, opts)
	}
	j.progress.finish()
	if err != nil {
		return err
	}
	j.manifest = records.NewManifest(j.t.Policy(), j.stats, j.format, version())
	return j.manifest.SetMAC(j.keys)
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", exportUsage)
	var sf streamFlags
	sf.add(fs, "the policy `file` (YAML or JSON)", "the input `file`, - for stdin")
	manifestPath := fs.String("manifest", "", "where to write the manifest `file` (default: OUT.manifest.json; none with --out -)")
	rejectsPath := fs.String("rejects", "", "where to list rejected records, a CSV `file` (default: OUT.rejects.csv, when the policy rejects records)")
	workers := fs.Int("workers", 0, "records transformed in parallel, 1 to 256 (default: the number of CPUs)")
	knownPath := fs.String("known", "", "a CSV `file` of known values that text fields find (such as the users table); overrides the policy's known.file")
	knownColumns := fs.String("known-columns", "", "the `columns` of --known and their entities, as col=entity,… (such as display_name=name,phone=phone); overrides the policy's known.columns")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	fmtName, err := sf.check()
	if err != nil {
		return err
	}
	if err := checkWorkers(*workers); err != nil {
		return err
	}
	// Every file is named before anything is written: an output must not
	// be any other file of the run.
	if sf.out != "-" {
		if *manifestPath == "" {
			*manifestPath = sf.out + ".manifest.json"
		}
		if *rejectsPath == "" {
			*rejectsPath = sf.out + ".rejects.csv"
		}
	}
	p, err := records.LoadPolicy(sf.policy)
	if err != nil {
		return err
	}
	if err := setKnown(p, *knownPath, *knownColumns); err != nil {
		return err
	}
	files := sf.files()
	if p.Known != nil { // the known values are read too (the users table)
		flag := "--known"
		if *knownPath == "" {
			flag = "the policy's known.file"
		}
		files.input(flag, p.Known.File)
	}
	files.output("--manifest", *manifestPath)
	files.output("--rejects", *rejectsPath)
	if err := files.check(); err != nil {
		return err
	}
	// Text fields find names by morphology too.
	p.Names = names.Append
	keys, err := loadPolicyKeys(ctx, p, &sf.root, &sf.tokens)
	if err != nil {
		return err
	}
	t, err := records.New(p, keys)
	if err != nil {
		return err
	}

	run, err := startRun(e, &sf, "piikit export", modePublic)
	if err != nil {
		return err
	}
	defer run.close()
	job := &exportJob{t: t, keys: keys, format: fmtName, in: run.in, size: run.size, out: run.out, workers: *workers, progress: run.progress}
	// The rejects are temporary until the run succeeds, as the output is.
	var rejFile *fileio.File
	defer func() {
		if rejFile != nil {
			rejFile.Abort()
		}
	}()
	if p.OnError == records.OnErrorReject {
		if *rejectsPath == "" {
			return usagef("the policy rejects records: give --rejects FILE with --out -")
		}
		if rejFile, err = fileio.Create(*rejectsPath, modePublic); err != nil {
			return err
		}
		job.rejects, job.rejectsAt = rejFile, *rejectsPath
	}

	if err := job.run(ctx); err != nil {
		if ctx.Err() != nil {
			if sf.out == "-" {
				return fmt.Errorf("interrupted after %d rows", job.stats.RowsIn)
			}
			return fmt.Errorf("interrupted after %d rows; no output written", job.stats.RowsIn)
		}
		return err
	}
	if rejFile != nil && job.stats.Rejected == 0 {
		rejFile.Abort()
		rejFile = nil
	}
	if err := uninterrupted(func() error {
		return commitExport(run, rejFile, *rejectsPath, *manifestPath, job.manifest)
	}); err != nil {
		return err
	}
	if !sf.quiet {
		printSummary(e.stderr, job, *manifestPath)
	}
	return nil
}

// commitExport puts the files of a successful export in place, so that
// the files beside the output all describe this run: it removes the old
// manifest first (an output without a manifest is not known to be
// complete), renames the output, renames the rejects file (rej, nil when no
// record was rejected) or removes the one an earlier run left at
// rejectsPath, and writes the manifest last.
func commitExport(out *streamRun, rej *fileio.File, rejectsPath, manifestPath string, m *records.Manifest) error {
	if err := removeStale(manifestPath); err != nil {
		return err
	}
	if err := out.commit(); err != nil {
		return err
	}
	if rej != nil {
		if err := rej.Commit(); err != nil {
			return err
		}
	} else if err := removeStale(rejectsPath); err != nil {
		return err
	}
	if manifestPath == "" {
		return nil
	}
	return fileio.WriteFile(manifestPath, modePublic, func(w io.Writer) error {
		_, err := m.WriteTo(w)
		return err
	})
}

// removeStale removes what an earlier run left at path, if anything: a
// file, or a symlink. A directory there is an error.
func removeStale(path string) error {
	if path == "" {
		return nil
	}
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.IsDir():
		return fmt.Errorf("%s is a directory", path)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("removing the previous run's %s: %w", path, err)
	}
	return nil
}

// loadPolicyKeys loads the keysets the policy needs, and only those.
func loadPolicyKeys(ctx context.Context, p *records.Policy, root, tokens *keysetSource) (*records.Keys, error) {
	var rootH, tokensH *tinkkeyset.Handle
	var err error
	needRoot, needTokens := p.Keysets()
	if needRoot {
		if rootH, err = root.load(ctx, keyset.PurposePRF); err != nil {
			return nil, err
		}
	}
	if needTokens {
		if tokensH, err = tokens.load(ctx, keyset.PurposeDeterministicAEAD); err != nil {
			return nil, err
		}
	}
	return records.NewKeys(rootH, tokensH)
}

// printSummary writes the counts of a run: rows, then one line per field.
func printSummary(w io.Writer, j *exportJob, manifestPath string) {
	s := j.stats
	fmt.Fprintf(w, "piikit export: %s rows in, %s out, %s rejected\n", groupDigits(s.RowsIn), groupDigits(s.RowsOut), groupDigits(s.Rejected))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  field\ttransform\tkind\tdomain\tvalues\tkey IDs")
	for _, f := range s.Fields {
		ids := make([]string, len(f.KeyIDs))
		for i, id := range f.KeyIDs {
			ids[i] = strconv.FormatUint(uint64(id), 10)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", f.Name, f.Transform, dash(string(f.Kind)), dash(f.Domain), groupDigits(f.Values), dash(strings.Join(ids, ",")))
	}
	tw.Flush()
	for _, f := range s.Fields {
		switch {
		case f.Irreversible == 0:
		case f.Transform == records.Text:
			fmt.Fprintf(w, "note: %s of the values replaced in %q cannot be reidentified (names, pseudonyms, redactions, values too short to mask reversibly)\n", groupDigits(f.Irreversible), f.Name)
		default:
			fmt.Fprintf(w, "note: %s values of %q were too short to mask reversibly and cannot be reidentified\n", groupDigits(f.Irreversible), f.Name)
		}
	}
	if j.format == "jsonl" && s.RowsIn > 0 {
		// JSON objects may leave fields out; a rule that never applied is
		// most likely a misspelt path.
		for _, f := range s.Fields {
			if f.Values == 0 && f.Failed == 0 {
				fmt.Fprintf(w, "note: no record has field %q (or only null)\n", f.Name)
			}
		}
	}
	if j.rejectsAt != "" && s.Rejected > 0 {
		fmt.Fprintf(w, "rejected rows: %s\n", j.rejectsAt)
	}
	if manifestPath != "" {
		fmt.Fprintf(w, "manifest: %s\n", manifestPath)
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// setKnown sets the known values of p's text fields from the --known and
// --known-columns flags, where given.
func setKnown(p *records.Policy, path, columns string) error {
	if path == "" && columns == "" {
		return nil
	}
	if p.Known == nil {
		p.Known = new(records.Known)
	}
	if path != "" {
		p.Known.File = path
	}
	if columns != "" {
		p.Known.Columns = make(map[string]kind.Kind)
		for _, c := range strings.Split(columns, ",") {
			col, e, ok := strings.Cut(c, "=")
			if !ok || col == "" || !slices.Contains(freetext.Entities, kind.Kind(e)) {
				return usagef("--known-columns: want col=entity,… with entities phone, email, mynumber, card, id or name")
			}
			p.Known.Columns[col] = kind.Kind(e)
		}
	}
	if p.Known.File == "" {
		return usagef("--known-columns needs a file of known values: give --known FILE")
	}
	return nil
}
