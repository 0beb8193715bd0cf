package beam

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/piikit/piikit/records"
)

func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(Record), func(fileMark), error](&readCSVFn{})
	register.Emitter1[fileMark]()
	register.Iter1[fileMark]()
	register.DoFn5x1[context.Context, Record, func(Record), func(Reject), func(Counts), error](&protectCSVFn{})
	register.Emitter1[Record]()
	register.Emitter1[Reject]()
	register.Emitter1[Counts]()
}

// Record is one CSV record of a table: where it was read, the header of
// its table and its fields, in the header's order. The header is not a
// record. [ProtectCSV] returns records of the same shape, with the
// output's header and fields.
type Record struct {
	Source string // the file it was read from, or any name of its table
	Row    int64  // from 1, in its source
	Line   int64  // where the record starts in its source, from 1
	Header []string
	Fields []string
}

// Reject is a record the policy left out (on_error: reject): where it is,
// which field and why — never its value.
type Reject struct {
	Source string
	Row    int64
	Line   int64
	Field  string
	Reason string
}

// ReadCSV reads the CSV files that match glob (a local path or any scheme
// a Beam filesystem is registered for), each with its header line, into
// records. Each file is read whole by one worker, with the reader of
// `piikit export` (records.CSVReader): quoted fields may span lines, a
// byte order mark is skipped, a ragged row or bad quoting fails the
// pipeline with the file, row and line, never the text.
func ReadCSV(s beam.Scope, glob string) beam.PCollection {
	s = s.Scope("piikit.ReadCSV")
	recs, _ := beam.ParDo2(s, &readCSVFn{}, matchFiles(s, glob))
	return recs
}

// fileMark is a file of the input read whole, with the number of records
// read from it.
type fileMark struct {
	Path string
	Rows int64
}

// matchFiles returns the files that match glob, at least one.
func matchFiles(s beam.Scope, glob string) beam.PCollection {
	return fileio.ReadMatches(s, fileio.MatchFiles(s, glob, fileio.MatchEmptyDisallow()), fileio.ReadUncompressed())
}

// readFile opens f and reads it with read; errors name the file.
func readFile(ctx context.Context, f fileio.ReadableFile, read func(io.Reader) error) error {
	rc, err := f.Open(ctx)
	if err != nil {
		return fmt.Errorf("piikit/beam: %s: %w", f.Metadata.Path, err)
	}
	defer rc.Close()
	if err := read(rc); err != nil {
		return fmt.Errorf("piikit/beam: %s: %w", f.Metadata.Path, err)
	}
	return nil
}

type readCSVFn struct{}

func (fn *readCSVFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(Record), mark func(fileMark)) error {
	return readFile(ctx, f, func(rc io.Reader) error {
		r, err := records.NewCSVReader(rc)
		if err != nil {
			return err
		}
		header := r.Header()
		var rows int64
		for {
			rec, row, line, err := r.Read()
			if err == io.EOF {
				mark(fileMark{Path: f.Metadata.Path, Rows: rows})
				return nil
			}
			rows++
			if err != nil {
				return err
			}
			emit(Record{Source: f.Metadata.Path, Row: row, Line: line, Header: header, Fields: rec})
		}
	})
}

// Result is what [ProtectCSV] and [ProtectJSON] return.
type Result struct {
	// Records are the protected records ([Record]), each with the
	// output's header.
	Records beam.PCollection
	// Rejects are the records the policy left out ([Reject]); empty
	// unless the policy says on_error: reject.
	Rejects beam.PCollection
	// Counts are per-field counts ([Counts]), one element per bundle of
	// work: merge them with [MergeCounts].
	Counts beam.PCollection

	// read marks each file of an Export read whole (fileMark), and glob
	// is the Export's: the manifest is written only if every file the glob
	// matches was read whole and every record read was counted.
	read beam.PCollection
	glob string
}

// ProtectCSV applies the policy of cfg to a PCollection of [Record], as
// `piikit export` does to each record of a CSV table: each field named in
// the policy is transformed, a column the policy does not name fails the
// pipeline unless the policy says "unnamed: drop", and a value that cannot
// be protected fails the pipeline with its source, row and field (never
// the value) or, with "on_error: reject", goes to Rejects.
//
// ProtectCSV checks cfg now, so that a policy that cannot run fails when
// the pipeline is built; the workers read the keysets when they start.
func ProtectCSV(s beam.Scope, cfg Config, recs beam.PCollection) (Result, error) {
	if _, err := cfg.check(); err != nil {
		return Result{}, err
	}
	s = s.Scope("piikit.ProtectCSV")
	out, rejects, counts := beam.ParDo3(s, &protectCSVFn{Config: cfg}, recs)
	return Result{Records: out, Rejects: rejects, Counts: counts}, nil
}

type protectCSVFn struct {
	Config Config // names only: see Config

	bundle
	tables map[string]*records.CSVTable // by input header
	// last is the table of the previous record and lastIn its input
	// header: a file's records share one, whose key is not made again.
	last   *records.CSVTable
	lastIn []string
}

func (fn *protectCSVFn) Setup(ctx context.Context) error {
	fn.tables = make(map[string]*records.CSVTable)
	return fn.setup(ctx, fn.Config)
}

func (fn *protectCSVFn) StartBundle(_ context.Context, _ func(Record), _ func(Reject), _ func(Counts)) {
	fn.start()
}

func (fn *protectCSVFn) table(header []string) (*records.CSVTable, error) {
	if fn.last != nil && slices.Equal(header, fn.lastIn) {
		return fn.last, nil
	}
	key := headerKey(header)
	t := fn.tables[key]
	if t == nil {
		var err error
		if t, err = fn.l.t.CSVTable(header); err != nil {
			return nil, err
		}
		fn.tables[key] = t
	}
	fn.last, fn.lastIn = t, slices.Clone(header)
	return t, nil
}

func (fn *protectCSVFn) ProcessElement(_ context.Context, r Record, emit func(Record), reject func(Reject), _ func(Counts)) error {
	t, err := fn.table(r.Header)
	if err != nil {
		return fmt.Errorf("piikit/beam: %s: %w", r.Source, err)
	}
	out, rej, err := t.Record(r.Row, r.Line, r.Fields, fn.tally)
	switch {
	case err != nil:
		return fmt.Errorf("piikit/beam: %s: %w", r.Source, err)
	case rej != nil:
		reject(rejectOf(r.Source, rej))
		return nil
	}
	fn.written[t] = true
	emit(Record{Source: r.Source, Row: r.Row, Line: r.Line, Header: t.Header(), Fields: out})
	return nil
}

func (fn *protectCSVFn) FinishBundle(_ context.Context, _ func(Record), _ func(Reject), counts func(Counts)) {
	counts(fn.finish())
}

// bundle is what the protecting DoFns share: the Transformer of their
// Config, loaded once per worker, and the counts of the bundle.
type bundle struct {
	l       *loaded
	tally   *records.Tally
	written map[*records.CSVTable]bool // the tables of the CSV records written in this bundle
}

func (b *bundle) setup(ctx context.Context, cfg Config) error {
	var err error
	b.l, err = cfg.load(ctx)
	return err
}

func (b *bundle) start() {
	b.tally = b.l.t.NewTally()
	b.written = make(map[*records.CSVTable]bool)
}

// finish returns the counts of the bundle.
func (b *bundle) finish() Counts {
	c := countsOf(b.tally.Stats())
	for t := range b.written {
		c.Headers = addHeader(c.Headers, t.Header())
	}
	b.tally = nil
	return c
}

func rejectOf(source string, e *records.RowError) Reject {
	return Reject{Source: source, Row: e.Row, Line: e.Line, Field: e.Field, Reason: e.Reason()}
}

// headerKey is a map key for a header, one per header: each field after
// its length. (A CSV field may hold any character, a NUL too: fields
// joined by a separator would give two headers one key, and the records
// of one the columns of the other.)
func headerKey(h []string) string {
	var b strings.Builder
	for _, f := range h {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
	}
	return b.String()
}

// shardOf is the shard of a record: a hash of where it was read, so that
// a retried bundle puts each record in the same shard.
func shardOf(source string, row int64, shards int) int {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%d", source, row)
	return int(h.Sum64() % uint64(shards))
}
