package beam

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/piikit/piikit/records"
)

func init() {
	register.DoFn5x1[context.Context, JSONRecord, func(JSONRecord), func(Reject), func(Counts), error](&protectJSONFn{})
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(JSONRecord), func(fileMark), error](&readJSONFn{})
	register.Emitter1[JSONRecord]()
}

// ReadJSONLines reads the JSON Lines files that match glob into records,
// each file whole by one worker, with the reader of `piikit export`
// (records.JSONLinesReader): blank lines and a byte order mark skipped, a
// line longer than records.MaxLineSize fails the pipeline.
func ReadJSONLines(s beam.Scope, glob string) beam.PCollection {
	s = s.Scope("piikit.ReadJSONLines")
	recs, _ := beam.ParDo2(s, &readJSONFn{}, matchFiles(s, glob))
	return recs
}

type readJSONFn struct{}

func (fn *readJSONFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(JSONRecord), mark func(fileMark)) error {
	return readFile(ctx, f, func(rc io.Reader) error {
		r := records.NewJSONLinesReader(rc)
		var rows int64
		for {
			text, row, line, err := r.Read()
			if err == io.EOF {
				mark(fileMark{Path: f.Metadata.Path, Rows: rows})
				return nil
			}
			rows++
			if err != nil {
				return err
			}
			emit(JSONRecord{Source: f.Metadata.Path, Row: row, Line: line, Text: strings.TrimRight(text, "\r\n")})
		}
	})
}

// JSONRecord is one JSON object of a table, as one line of JSON Lines:
// where it was read and its text (without its newline).
type JSONRecord struct {
	Source string
	Row    int64 // from 1, in its source
	Line   int64 // from 1, in its source
	Text   string
}

// ProtectJSON applies the policy of cfg to a PCollection of [JSONRecord],
// as `piikit export` does to each line of a JSON Lines table: the output
// objects keep their keys in the input's order, a key the policy does not
// name fails the pipeline (never shown: a key may be data) unless the
// policy says "unnamed: drop", and a value that cannot be protected fails
// the pipeline or, with "on_error: reject", goes to Rejects. Counts and
// Rejects are as for [ProtectCSV]; Records are [JSONRecord]s.
func ProtectJSON(s beam.Scope, cfg Config, recs beam.PCollection) (Result, error) {
	if _, err := cfg.check(); err != nil {
		return Result{}, err
	}
	s = s.Scope("piikit.ProtectJSON")
	out, rejects, counts := beam.ParDo3(s, &protectJSONFn{Config: cfg}, recs)
	return Result{Records: out, Rejects: rejects, Counts: counts}, nil
}

type protectJSONFn struct {
	Config Config // names only: see Config

	bundle
}

func (fn *protectJSONFn) Setup(ctx context.Context) error { return fn.setup(ctx, fn.Config) }

func (fn *protectJSONFn) StartBundle(_ context.Context, _ func(JSONRecord), _ func(Reject), _ func(Counts)) {
	fn.start()
}

func (fn *protectJSONFn) ProcessElement(_ context.Context, r JSONRecord, emit func(JSONRecord), reject func(Reject), _ func(Counts)) error {
	out, rej, err := fn.l.t.JSONLine(r.Row, r.Line, r.Text, fn.tally)
	switch {
	case err != nil:
		return fmt.Errorf("piikit/beam: %s: %w", r.Source, err)
	case rej != nil:
		reject(rejectOf(r.Source, rej))
		return nil
	}
	emit(JSONRecord{Source: r.Source, Row: r.Row, Line: r.Line, Text: string(out)})
	return nil
}

func (fn *protectJSONFn) FinishBundle(_ context.Context, _ func(JSONRecord), _ func(Reject), counts func(Counts)) {
	counts(fn.finish())
}
