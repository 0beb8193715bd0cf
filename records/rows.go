package records

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
)

// This file gives the record-at-a-time form of [Transformer.CSV] and
// [Transformer.JSONLines], for callers that spread one table's records over
// many machines (the Beam transform of github.com/piikit/piikit/beam): the
// same reader, the same rules and the same output bytes per record, with
// the counts of a [Tally] merged by the caller.

// CSVReader reads a CSV table one record at a time exactly as
// [Transformer.CSV] reads it: a UTF-8 byte order mark skipped, the header
// line first (it is not a record), every record as long as the header,
// none longer than [MaxLineSize], and errors that give the row and line,
// never the text.
type CSVReader struct {
	f      *csvFormat
	header []string
}

// NewCSVReader reads the header line of r. An empty input is [ErrMalformed].
func NewCSVReader(r io.Reader) (*CSVReader, error) {
	f, header, err := newCSVFormat(r)
	if err != nil {
		return nil, err
	}
	f.rd.FieldsPerRecord = len(header)
	return &CSVReader{f: f, header: header}, nil
}

// newCSVFormat starts reading CSV from r and returns its header.
func newCSVFormat(r io.Reader) (*csvFormat, []string, error) {
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, readBufSize)
	// Spreadsheets often start CSV files with a UTF-8 byte order mark: it
	// goes before encoding/csv sees it, so a quoted first name is quoted.
	f := &csvFormat{cr: cr, skipped: skipBOM(br), max: maxLine}
	f.rd = csv.NewReader(br)
	header, _, err := f.next()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%w: empty input, no CSV header", ErrMalformed)
	}
	if err != nil {
		return nil, nil, err
	}
	return f, header, nil
}

// Header returns the header line.
func (r *CSVReader) Header() []string { return r.header }

// Read returns the next record, its row number (from 1) and the input line
// where it starts; io.EOF after the last. An error is a *[RowError] or
// wraps [ErrMalformed], and ends the table.
func (r *CSVReader) Read() (rec []string, row, line int64, err error) {
	r.f.row++
	rec, line, err = r.f.next()
	if err != nil {
		r.f.row--
		return nil, 0, 0, err
	}
	return rec, r.f.row, line, nil
}

// JSONLinesReader reads a JSON Lines table one line at a time exactly as
// [Transformer.JSONLines] reads it: a UTF-8 byte order mark skipped, blank
// lines skipped, none longer than [MaxLineSize]. The lines are checked
// when they are transformed ([Transformer.JSONLine]).
type JSONLinesReader struct{ f *jsonFormat }

// NewJSONLinesReader returns a reader of r.
func NewJSONLinesReader(r io.Reader) *JSONLinesReader {
	return &JSONLinesReader{f: newJSONFormat(r)}
}

// Read returns the next line that is not blank (with its line ending, if
// any), its row number (from 1) and its line number; io.EOF after the
// last. An error is a *[RowError] or wraps [ErrMalformed], and ends the
// table.
func (r *JSONLinesReader) Read() (text string, row, line int64, err error) {
	text, err = r.f.next()
	if err != nil {
		return "", 0, 0, err
	}
	return text, r.f.row, r.f.line, nil
}

// Tally counts what a caller transformed record by record, as a stream
// counts it: [Tally.Stats] are the counts of the records written, with
// rejected and failed records counted as [Stats] says. A Tally is not safe
// for concurrent use; merge the Stats of several.
type Tally struct {
	e                       *engine
	total, record           counts
	rowsIn, rowsOut, reject int64
}

// NewTally returns an empty Tally for records of t.
func (t *Transformer) NewTally() *Tally {
	n := len(t.e.list)
	return &Tally{e: t.e, total: newCounts(n), record: newCounts(n)}
}

// Stats returns the counts so far. OutputSHA256 is not set: the caller
// that writes the output hashes it.
func (t *Tally) Stats() *Stats { return t.e.stats(t.total, t.rowsIn, t.rowsOut, t.reject) }

// settle counts the record just transformed, and says what becomes of it:
// written (err nil), left out and listed (rejected), or the end of the run
// (stop).
func (t *Tally) settle(row, line int64, err error) (rejected *RowError, stop error) {
	t.rowsIn++
	settle(&t.total, &t.record, err == nil)
	if err == nil {
		t.rowsOut++
		return nil, nil
	}
	re, reject := t.e.rowError(row, line, err)
	if reject {
		t.reject++
		return re, nil
	}
	return nil, re
}

// CSVTable applies a policy to the records of CSV tables with one header,
// one record at a time. Make one with [Transformer.CSVTable]; it is safe
// for concurrent use.
type CSVTable struct {
	e      *engine
	cols   []column
	header []string
}

// CSVTable checks a CSV header against the policy as [Transformer.CSV]
// does (a column the policy does not name, a policy field the header lacks,
// a column given twice) and returns the table that transforms its records.
func (t *Transformer) CSVTable(header []string) (*CSVTable, error) {
	cols, out, err := t.e.columns(header)
	if err != nil {
		return nil, err
	}
	return &CSVTable{e: t.e, cols: cols, header: out}, nil
}

// Header returns the header line of the output.
func (c *CSVTable) Header() []string { return c.header }

// Record transforms record rec (row and line as [CSVReader.Read] gives
// them) and counts it in tally, which must come from the same Transformer.
// It returns the output record, or the record's *[RowError] when the policy
// rejects it (on_error: reject and a value that cannot be transformed),
// or an error that must stop the run. rec is not modified.
func (c *CSVTable) Record(row, line int64, rec []string, tally *Tally) (out []string, rejected *RowError, stop error) {
	if len(rec) != len(c.cols) {
		return nil, nil, &RowError{Row: row, Line: line, Err: fmt.Errorf("%w: wrong number of fields (ragged row)", ErrMalformed)}
	}
	out, err := c.e.row(c.cols, rec, &tally.record)
	rejected, stop = tally.settle(row, line, err)
	if err != nil {
		return nil, rejected, stop
	}
	return out, nil, nil
}

// JSONLine transforms one JSON Lines record, line (one object, its line
// ending optional), as [Transformer.JSONLines] does, and counts it in
// tally. It returns the output line without its newline, or the record's
// *[RowError] when the policy rejects it, or an error that must stop the
// run.
func (t *Transformer) JSONLine(row, line int64, text string, tally *Tally) (out []byte, rejected *RowError, stop error) {
	v, err := parseLine(text, nil)
	if err != nil {
		return nil, nil, &RowError{Row: row, Line: line, Err: err}
	}
	var b bytes.Buffer
	err = t.e.object("", &v, &tally.record, jsonSink{&b})
	rejected, stop = tally.settle(row, line, err)
	if err != nil {
		return nil, rejected, stop
	}
	return b.Bytes(), nil, nil
}
