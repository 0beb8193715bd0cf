package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/piikit/piikit/internal/find"
	"github.com/piikit/piikit/internal/find/names"
	"github.com/piikit/piikit/records"
)

func init() {
	register(&command{
		name:    "scan",
		summary: "count the personal values in each column of a CSV or JSON Lines file",
		run:     runScan,
	})
}

const scanUsage = `Usage: piikit scan --in FILE [--format csv|jsonl] [--names=false] [--known FILE] [--json]

Scan reads a CSV (with a header) or JSON Lines file and reports, per column
(a JSON field by its path, a.b.c), how many values it holds and how many
phone numbers, emails, My Numbers, card numbers and person names it finds in
them, as piikit's free-text finders find them (SPEC.md §7.8). It never
prints a value: a column or key that does not look like a name, or in which
something is found (a CSV without a header line has data there), is shown
as "column N" or "*" and counted. An auditor runs it on a file before it
leaves.

Names are found with a morphological dictionary (loaded on the first
Japanese text; --names=false skips it and finds names only in --known).
--known FILE is a CSV whose header names entities (name, phone, email,
mynumber, card), one column each: every value in it is found wherever it
appears, whatever its width, case or spacing. A column whose name says My
Number (my_number, individual_number, 個人番号…) is the context a 12-digit
number needs to be read as one.

An export of piikit keeps formats on purpose: a masked phone is still a
phone. When the file has a manifest (FILE.manifest.json, or --manifest), the
columns it lists as pseudonymized, tokenized, masked or redacted are marked
"protected" and their findings do not count; the manifest must describe
this very file (its SHA-256), or the scan fails. --manifest none ignores it.

Exit status: 0 when nothing is found outside protected columns, 3 when
something is, 1 on an error (unreadable or malformed input, invalid UTF-8),
2 on a usage mistake.`

// exitFindings is scan's exit status when it finds personal values.
const exitFindings = 3

// scanBatch is how many values a worker scans at a time.
const scanBatch = 512

func runScan(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "scan", scanUsage)
	in := fs.String("in", "", "the `file` to scan, - for stdin")
	format := fs.String("format", "", "csv or jsonl (default: from the file extension)")
	withNames := fs.Bool("names", true, "find names with the morphological dictionary")
	knownPath := fs.String("known", "", "a CSV `file` of known values, one column per entity (name, phone, email, mynumber, card)")
	region := fs.String("region", "JP", "the default `region` of phone numbers without a country code")
	manifestPath := fs.String("manifest", "", "the export's manifest `file` (default: FILE.manifest.json if it exists; none: ignore it)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	workers := fs.Int("workers", 0, "values scanned in parallel, 1 to 256 (default: the number of CPUs)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if *in == "" {
		return usagef("--in is required")
	}
	fmtName, err := formatOf(*format, *in)
	if err != nil {
		return err
	}
	if err := checkWorkers(*workers); err != nil {
		return err
	}
	var known *find.Known
	if *knownPath != "" {
		if known, err = loadKnown(ctx, *knownPath, *region); err != nil {
			return err
		}
	}
	finder, err := find.New(find.Options{Region: *region, Known: known, Entities: scanEntities[:]}) // IDs: not scanned for
	if err != nil {
		return usageErr(err)
	}
	var m *records.Manifest
	if m, err = scanManifest(*in, *manifestPath, fmtName); err != nil {
		return err
	}

	src, _, closeIn, err := openInput(e, *in)
	if err != nil {
		return err
	}
	defer closeIn()
	h := sha256.New()
	s := &scanner{finder: finder, names: *withNames}
	rep, err := s.run(ctx, io.TeeReader(src, h), fmtName, *workers)
	if err != nil {
		return err
	}
	if m != nil {
		if _, err := io.Copy(h, src); err != nil { // what follows a last blank line
			return err
		}
		if hex.EncodeToString(h.Sum(nil)) != m.OutputSHA256 {
			return records.ErrNotTheExport
		}
		rep.protect(m)
	}
	if *asJSON {
		err = rep.writeJSON(e.stdout)
	} else {
		err = rep.writeTable(e.stdout)
	}
	if err != nil {
		return err
	}
	if rep.Findings > 0 {
		return exitStatus(exitFindings)
	}
	return nil
}

// loadKnown reads the known values of a CSV whose columns are entities.
func loadKnown(ctx context.Context, path, region string) (*find.Known, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var vs []find.KnownValue
	err = records.ReadValues(ctx, f, "csv", func(v records.Value) error {
		ent, ok := entityNamed(v.Field)
		if !ok {
			return fmt.Errorf("column %s is not an entity (name, phone, email, mynumber, card)", v.Field)
		}
		if v.Text != "" {
			vs = append(vs, find.KnownValue{Entity: ent, Value: v.Text})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("--known %s: %w", path, err)
	}
	k, err := find.NewKnown(vs, find.KnownOptions{Region: region})
	if err != nil {
		return nil, fmt.Errorf("--known %s: %w", path, err)
	}
	return k, nil
}

// scanEntities are the entities scan counts, in the order it shows them.
var scanEntities = [...]find.Entity{find.Phone, find.Email, find.MyNumber, find.Card, find.Name}

func entityNamed(s string) (find.Entity, bool) {
	for _, e := range scanEntities {
		if e.String() == s {
			return e, true
		}
	}
	return 0, false
}

// scanManifest reads the manifest of the scanned file: the one named, or
// the one beside it if there is one; nil with "none" or none found.
func scanManifest(in, path, format string) (*records.Manifest, error) {
	switch {
	case path == "none":
		return nil, nil
	case path == "" && in == "-":
		return nil, nil
	case path == "":
		path = in + ".manifest.json"
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := records.ReadManifest(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.Format != format {
		return nil, fmt.Errorf("%s: %w: it describes a %s file", path, records.ErrManifest, m.Format)
	}
	return m, nil
}

// scanner counts the findings of a table's values.
type scanner struct {
	finder *find.Finder
	names  bool
}

// scanValue is a value to scan, with its column's index.
type scanValue struct {
	col       int
	myNumber  bool // its column's name says My Number
	row, line int64
	text      string
}

// tally is the counts of a worker, per column index.
type tally [][len(scanEntities) + 1]int64 // [0]: values; then per entity of scanEntities

func (t *tally) add(col int, i int) {
	for len(*t) <= col {
		*t = append(*t, [len(scanEntities) + 1]int64{})
	}
	(*t)[col][i]++
}

// run reads the table from r and scans its values on workers goroutines.
func (s *scanner) run(ctx context.Context, r io.Reader, format string, workers int) (*scanReport, error) {
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []scanValue, workers)
	tallies := make([]tally, workers+1) // the last: the reader's, of column names
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				if errs[w] != nil {
					continue
				}
				if errs[w] = s.scanBatch(b, &tallies[w]); errs[w] != nil {
					cancel()
				}
			}
		}()
	}
	rep := &scanReport{}
	cols := map[string]int{}
	var b []scanValue
	err := records.ReadValues(ctx, r, format, func(v records.Value) error {
		c, ok := cols[v.Field]
		if !ok {
			c = len(rep.Columns)
			cols[v.Field] = c
			name, err := s.columnName(v, c, &tallies[workers])
			if err != nil {
				return err
			}
			rep.Columns = append(rep.Columns, newScanColumn(name))
		}
		rep.Rows = max(rep.Rows, v.Row)
		b = append(b, scanValue{col: c, myNumber: rep.Columns[c].myNumber, row: v.Row, line: v.Line, text: v.Text})
		if len(b) == scanBatch {
			select {
			case batches <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
			b = nil
		}
		return nil
	})
	if err == nil && len(b) > 0 {
		batches <- b
	}
	close(batches)
	wg.Wait()
	// A worker's error comes first: it is why the read was cancelled.
	for _, werr := range errs {
		if werr != nil {
			return nil, werr
		}
	}
	if err != nil {
		return nil, err
	}
	for _, t := range tallies {
		for c, counts := range t {
			col := rep.Columns[c]
			col.Values += counts[0]
			for i, n := range counts[1:] {
				*col.Found.of(i) += n
			}
		}
	}
	rep.total()
	return rep, nil
}

// columnName is how the report shows the column of v, the c-th seen: its
// name (a CSV header cell, a JSON path), or "column N" when the finders
// find a value in it — a CSV file without a header line has data there,
// and JSON may use values as keys. What they find there is counted, once,
// into t.
func (s *scanner) columnName(v records.Value, c int, t *tally) (string, error) {
	shown := v.Field
	var fs []find.Finding
	for part := range strings.SplitSeq(v.Field, ".") {
		var err error
		if fs, err = s.find(fs[:0], scanValue{col: c, text: part}); err != nil {
			return "", &records.RowError{Row: v.Row, Line: v.Line, Err: err}
		}
		for _, f := range fs {
			t.add(c, 1+entityIndex(f.Entity))
			shown = "column " + strconv.Itoa(c+1)
		}
	}
	return shown, nil
}

// scanBatch counts the findings of b's values into t.
func (s *scanner) scanBatch(b []scanValue, t *tally) error {
	var fs []find.Finding
	for _, v := range b {
		t.add(v.col, 0)
		var err error
		if fs, err = s.find(fs[:0], v); err != nil {
			return &records.RowError{Row: v.row, Line: v.line, Err: err}
		}
		for _, f := range fs {
			t.add(v.col, 1+entityIndex(f.Entity))
		}
	}
	return nil
}

// myNumberContext is written before a value of a My Number column, so that
// the finder's context rule reads it as one.
const myNumberContext = "My Number: "

// find appends the findings of one value to dst: the finders', the phones,
// cards and My Numbers they skip only for a stop character next to them
// (which free text refuses: "tel_090-1234-5678"), then the names the
// morphology finds that overlap none of them.
func (s *scanner) find(dst []find.Finding, v scanValue) ([]find.Finding, error) {
	text := v.text
	if v.myNumber {
		text = myNumberContext + text
	}
	dst, stopped, err := s.finder.AppendChecked(dst, nil, text)
	if err != nil {
		return dst, err
	}
	dst = append(dst, stopped...)
	if !s.names {
		return dst, nil
	}
	n := len(dst)
	dst, err = names.Append(dst, text)
	if err != nil {
		return dst[:n], err
	}
	out := n
	for _, f := range dst[n:] {
		if !overlapsAny(dst[:n], f) {
			dst[out] = f
			out++
		}
	}
	return dst[:out], nil
}

func overlapsAny(fs []find.Finding, f find.Finding) bool {
	for _, g := range fs {
		if g.Start < f.End && f.Start < g.End {
			return true
		}
	}
	return false
}

func entityIndex(e find.Entity) int {
	for i, x := range scanEntities {
		if x == e {
			return i
		}
	}
	return 0
}

// myNumberColumn reports whether a column's name says it holds My
// Numbers: folded (lower case, without _ - . and spaces) it contains
// mynumber, individualnumber, kojinbango, マイナンバー or 個人番号.
func myNumberColumn(name string) bool {
	folded := strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.', ' ':
			return -1
		}
		return r
	}, strings.ToLower(name))
	for _, w := range []string{"mynumber", "individualnumber", "kojinbango", "マイナンバー", "個人番号"} {
		if strings.Contains(folded, w) {
			return true
		}
	}
	return false
}

// scanReport is what scan prints, as a table or as JSON.
type scanReport struct {
	Rows    int64         `json:"rows"`
	Columns []*scanColumn `json:"columns"`
	// Findings counts what was found outside protected columns: the exit
	// status is 3 when it is not 0.
	Findings int64 `json:"findings"`
}

type scanColumn struct {
	Name   string `json:"column"`
	Values int64  `json:"values"`
	// Protected is the transform the export's manifest gives the column
	// (mask, token…), when it is one that protects it.
	Protected string     `json:"protected,omitempty"`
	Found     scanCounts `json:"found"`
	myNumber  bool
}

// scanCounts are the findings of a column per entity, in the order of
// scanEntities.
type scanCounts struct {
	Phone    int64 `json:"phone"`
	Email    int64 `json:"email"`
	MyNumber int64 `json:"mynumber"`
	Card     int64 `json:"card"`
	Name     int64 `json:"name"`
}

// of returns the count of entity i of scanEntities.
func (c *scanCounts) of(i int) *int64 {
	return [...]*int64{&c.Phone, &c.Email, &c.MyNumber, &c.Card, &c.Name}[i]
}

func newScanColumn(name string) *scanColumn {
	return &scanColumn{Name: name, myNumber: myNumberColumn(name)}
}

func (c *scanColumn) found() (n int64) {
	for i := range scanEntities {
		n += *c.Found.of(i)
	}
	return n
}

func (r *scanReport) total() {
	r.Findings = 0
	for _, c := range r.Columns {
		if c.Protected == "" {
			r.Findings += c.found()
		}
	}
}

// protect marks the columns the manifest says the export protected.
func (r *scanReport) protect(m *records.Manifest) {
	byName := make(map[string]records.Transform, len(m.Fields))
	for _, f := range m.Fields {
		byName[f.Name] = f.Transform
	}
	for _, c := range r.Columns {
		switch t := byName[c.Name]; t {
		case records.Pseudonym, records.Token, records.Mask, records.Display, records.Redact:
			c.Protected = string(t)
		}
	}
	r.total()
}

func (r *scanReport) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func (r *scanReport) writeTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "column\tvalues\t")
	for _, e := range scanEntities {
		fmt.Fprintf(tw, "%s\t", e)
	}
	fmt.Fprintln(tw)
	for _, c := range r.Columns {
		fmt.Fprintf(tw, "%s\t%s\t", c.Name, groupDigits(c.Values))
		for i := range scanEntities {
			fmt.Fprintf(tw, "%s\t", groupDigits(*c.Found.of(i)))
		}
		if c.Protected != "" {
			fmt.Fprintf(tw, "  protected (%s)", c.Protected)
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "piikit scan: %s rows, %s personal values found outside protected columns\n", groupDigits(r.Rows), groupDigits(r.Findings))
	return err
}
