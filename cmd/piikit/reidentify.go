package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/records"
)

func init() {
	register(&command{
		name:    "reidentify",
		summary: "turn the tokens and masks of an export back into values (audited)",
		run:     runReidentify,
	})
}

const reidentifyUsage = `Usage: piikit reidentify --policy P.yaml --keyset K [--token-keyset K2] --master-key-uri URI --reason WHY --in users.pseudo.csv --out users.csv

Reidentify reverses the reversible fields of an export made by piikit export
(reversible tokens and format-preserving masks) for holders of its keysets.
Pseudonyms, display masks and redacted fields cannot be reversed and stay as
they are. The policy must be the one that made the export, and the export's
manifest (default IN.manifest.json) says which key made each masked field.
The manifest must be the input's own: its MAC must verify with the keysets
(an edited manifest is refused) and the input must have the SHA-256 it
records. The output is kept only if the input matches: with --out -, the
input is checked before anything is written (--in - then needs --out FILE).

--reason is required. Before anything is revealed, one audit line (JSON: who,
why, domains, key IDs, and how many values the manifest records as
reversible; never a value) is appended to --audit-log, or written to stderr;
if it cannot be written, nothing is revealed. An input holding more values
than its manifest records stops with an error before the extra ones are
revealed. A Parquet export is checked against its manifest before anything
is read or audited.`

func runReidentify(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reidentify", reidentifyUsage)
	var sf streamFlags
	sf.add(fs, "the policy `file` that made the export", "the exported `file`, - for stdin (then --manifest is required)")
	manifestPath := fs.String("manifest", "", "the export's manifest `file` (default: IN.manifest.json)")
	var af auditFlags
	af.add(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	fmtName, err := sf.check()
	if err != nil {
		return err
	}
	req, err := af.request()
	if err != nil {
		return err
	}
	if *manifestPath == "" && sf.in == "-" {
		return usagef("--manifest is required with --in -")
	}
	if sf.in == "-" && sf.out == "-" {
		// Standard input is checked against the manifest only once read:
		// the output must wait in a file until it is.
		return usagef("--in - needs --out FILE: the input is checked against the manifest before the output is kept")
	}
	if *manifestPath == "" {
		*manifestPath = sf.in + ".manifest.json"
	}
	files := sf.files()
	files.input("--manifest", *manifestPath)
	af.files(files)
	if err := files.check(); err != nil {
		return err
	}
	p, err := records.LoadPolicy(sf.policy)
	if err != nil {
		return err
	}
	mf, err := os.Open(*manifestPath)
	if err != nil {
		return fmt.Errorf("reading the manifest: %w", err)
	}
	m, err := records.ReadManifest(mf)
	mf.Close()
	if err != nil {
		return err
	}
	if m.Format != fmtName {
		return fmt.Errorf("the manifest is of a %s export, the input is read as %s", m.Format, fmtName)
	}
	keys, err := loadPolicyKeys(ctx, p, &sf.root, &sf.tokens)
	if err != nil {
		return err
	}
	r, err := records.NewReidentifier(p, keys, m)
	if err != nil {
		return err
	}
	hook := af.hook(e)

	// Values in clear: readable by their owner only.
	run, err := startRun(e, &sf, "piikit reidentify", modePrivate)
	if err != nil {
		return err
	}
	defer run.close()
	if sf.out == "-" && fmtName != "parquet" { // Parquet is checked first anyway
		// What goes to stdout cannot be taken back: check the input first,
		// through the file the run reads, so that a file put in its place
		// after the check is not the one read.
		if err := checkExport(m, run.in); err != nil {
			return err
		}
	}
	var stats *records.Stats
	switch fmtName {
	case "jsonl":
		stats, err = r.JSONLines(ctx, hook, req, run.in, run.out, run.options())
	case "parquet":
		var ra io.ReaderAt
		if ra, err = readerAt(run.in); err == nil {
			stats, err = r.Parquet(ctx, hook, req, ra, run.size, run.out, run.options())
		}
	default:
		stats, err = r.CSV(ctx, hook, req, run.in, run.out, run.options())
	}
	run.progress.finish()
	if err != nil {
		return err
	}
	if err := run.commit(); err != nil {
		return err
	}
	if !sf.quiet {
		var n int64
		for _, f := range stats.Fields {
			if f.Transform == records.Token || f.Transform == records.Mask || f.Transform == records.Text {
				n += f.Values - f.Irreversible // those stayed masked
			}
		}
		fmt.Fprintf(e.stderr, "piikit reidentify: %s rows, %s values revealed (%s)\n", groupDigits(stats.RowsOut), groupDigits(n), strings.Join(r.Fields(), ", "))
	}
	return nil
}

// checkExport reads in, the run's input file, reports whether it is the
// export m describes, and rewinds it for the run.
func checkExport(m *records.Manifest, in io.Reader) error {
	f, ok := in.(io.ReadSeeker)
	if !ok {
		return usagef("--out - needs --in FILE: the input is checked against the manifest before anything is written")
	}
	if err := m.CheckOutput(f); err != nil {
		return err
	}
	_, err := f.Seek(0, io.SeekStart)
	return err
}

// auditFlags are the flags of the commands that reveal values: who asks,
// why, and where the audit lines go.
type auditFlags struct {
	reason, actor, log string
}

func (a *auditFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&a.reason, "reason", "", "why the values are needed (a ticket, a legal hold reference); required")
	fs.StringVar(&a.actor, "actor", defaultActor(), "who asks (default: $USER, or the account running piikit)")
	fs.StringVar(&a.log, "audit-log", "", "append the audit lines to this `file` (default: stderr)")
}

// defaultActor names whoever runs piikit, so an audit line says who acted
// even when --actor is not given.
func defaultActor() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// files adds the audit log, which the run appends to, to its outputs.
func (a *auditFlags) files(r *runFiles) { r.output("--audit-log", a.log) }

// request returns the audit request of the flags; a missing or invalid
// reason or actor is a usage error. The command requires an actor (the
// library lets a hook find it elsewhere): an audit line must say who.
func (a *auditFlags) request() (audit.Request, error) {
	if a.reason == "" {
		return audit.Request{}, usagef("--reason is required: say why the values are needed")
	}
	if a.actor == "" {
		return audit.Request{}, usagef("--actor is required: say who asks (no $USER or account name was found)")
	}
	req := audit.Request{Actor: a.actor, Reason: a.reason}
	if err := req.Validate(); err != nil {
		return audit.Request{}, usageErr(err)
	}
	return req, nil
}

// hook is the audit hook the flags describe (see auditHook).
func (a *auditFlags) hook(e *env) audit.Hook { return auditHook(e.stderr, a.log) }

// auditHook writes each event as one JSON line to the file at path
// (appended and synced) or, with no path, to stderr.
func auditHook(stderr io.Writer, path string) audit.Hook {
	return func(ctx context.Context, ev audit.Event) error {
		line, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		line = append(line, '\n')
		return uninterrupted(func() error {
			if path == "" {
				_, err := stderr.Write(append([]byte("audit: "), line...))
				return err
			}
			return appendSynced(path, line)
		})
	}
}

// appendSynced appends line to the file at path, created with mode 0600,
// and syncs it.
func appendSynced(path string, line []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, modePrivate)
	if err != nil {
		return err
	}
	if _, err = f.Write(line); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
