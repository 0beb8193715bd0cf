package records

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
)

// StreamOptions tune [Transformer.CSV], [Transformer.JSONLines] and
// [Transformer.Parquet]. The zero value (or nil) is fine for most uses.
type StreamOptions struct {
	// Workers is how many records are transformed in parallel; 0 means
	// runtime.GOMAXPROCS(0). Output order is input order whatever the count.
	Workers int
	// Rejects receives a CSV header "row,line,field,reason" and one line per
	// record left out, when the policy says on_error: reject; nothing when
	// no record is. Required in that case.
	Rejects io.Writer
	// Progress, if set, is called from one goroutine after each batch of
	// records is written, with the records read so far and the bytes of
	// input consumed so far.
	Progress func(rows, bytes int64)
}

// batchSize is the number of records per unit of parallel work: large
// enough to amortize channel operations, small enough to keep memory flat.
const batchSize = 256

// batchBytes bounds the input a batch holds: it ends with the record that
// reaches it, so that batches of long records do not hold batchSize of
// them (up to 4 GiB at MaxLineSize each).
const batchBytes = 1 << 20

// MaxLineSize is the longest JSON line and the longest CSV record (all its
// lines: a quoted field may span several) accepted, in bytes, line ending
// included. A longer one stops the run with [ErrMalformed] before it is
// read whole.
const MaxLineSize = 16 << 20

// readBufSize is the read buffer of both formats.
const readBufSize = 64 << 10

// maxLine is MaxLineSize; tests lower it. A run reads it once, when it
// starts.
var maxLine int64 = MaxLineSize

// tooLong is the error of a record longer than max.
func tooLong(max int64) error {
	return fmt.Errorf("%w: record longer than %d bytes", ErrMalformed, max)
}

// errReadLimit: reading a CSV record went past maxLine (and the read buffer).
var errReadLimit = errors.New("records: record too long")

// bom is the UTF-8 byte order mark, ignored at the start of the input.
const bom = "\ufeff"

// MaxDepth is the deepest nesting of JSON objects and arrays accepted in a
// line; the object of the line is at depth 1.
const MaxDepth = 64

// batch is a run of consecutive records and, once processed, their output.
type batch struct {
	seq     int
	row0    int64         // record number of the first record
	lines   []int64       // input line of each record: one per record
	csv     [][]string    // CSV records: slices of fields
	fields  []string      // the fields of csv, reused
	json    []string      // JSON lines
	pqIn    []parquet.Row // Parquet rows read, reused
	pqOut   []parquet.Row // Parquet rows to write, reused
	bytes   int64         // input bytes consumed up to the end of this batch
	out     bytes.Buffer
	outRows int64
	rejects []RowError
	err     error // first stopping error of process
	readErr error // error that ended reading, after the records of b
	eof     bool  // end of input: b holds no records
	counts  counts
	record  counts // of the record being transformed; see tally
	memo    lineMemo
	raw     []byte // JSON lines: the batch's text, read into (see read)
	arena   []byte // Parquet: the batch's output values (see transform)
	ends    []int  // JSON lines: where each line ends in raw
}

// len is the number of records in b.
func (b *batch) len() int { return len(b.lines) }

// reset empties b for reuse; it keeps no reference to a record's values
// (strings cannot be zeroed, but a reused batch no longer holds them).
func (b *batch) reset() {
	b.lines = b.lines[:0]
	clear(b.csv)
	b.csv = b.csv[:0]
	clear(b.fields)
	b.fields = b.fields[:0]
	clear(b.json)
	b.json = b.json[:0]
	b.pqOut = b.pqOut[:0]
	b.arena = nil
	b.out.Reset()
	b.outRows = 0
	b.rejects = b.rejects[:0]
	b.err, b.readErr, b.eof = nil, nil, false
	b.counts.reset()
}

// tally adds the counts of the record just transformed to b's: all of them
// if it is written, only its failed value if not. So a run's counts
// describe what was written, and a manifest's reveal cap is not looser
// than the export.
func (b *batch) tally(written bool) { settle(&b.counts, &b.record, written) }

// settle adds the counts of one record to total (see batch.tally) and
// resets them.
func settle(total, record *counts, written bool) {
	if written {
		total.add(*record)
	} else {
		total.addFailed(*record)
	}
	record.reset()
}

// format reads and transforms one kind of stream.
type format interface {
	// read fills b with up to batchSize records; io.EOF when there are none.
	read(b *batch) error
	// process transforms the records of b into b.out.
	process(e *engine, b *batch)
}

// batchWriter is a format that writes its batches itself, rather than the
// bytes of b.out (Parquet: the rows go to one writer).
type batchWriter interface {
	writeBatch(b *batch) error
}

// CSV reads CSV with a header line from r (after a UTF-8 byte order mark, if
// any), applies the policy to each record
// and writes CSV to w, in input order. Columns are matched by header name;
// the header of the output lists the columns that remain. Ragged rows, bad
// quoting and values that cannot be transformed are reported with their row
// and line number (never their value); see [RowError].
//
// CSV stops at the first error unless the policy says on_error: reject, in
// which case records with a bad value are left out and reported to
// opts.Rejects. It returns the counts so far also on error, and ctx's error
// if ctx is done; the Stats of a run that succeeds also hold the SHA-256 of
// the output, for its [Manifest].
func (t *Transformer) CSV(ctx context.Context, r io.Reader, w io.Writer, opts *StreamOptions) (*Stats, error) {
	return hashOutput(w, func(w io.Writer) (*Stats, error) { return t.e.csv(ctx, r, w, opts) })
}

// JSONLines reads one JSON object per line from r, applies the policy to
// each (as [Transformer.Map] does) and writes one JSON object per line to w,
// in input order, each object's keys in input order. Empty lines are skipped, and a UTF-8
// byte order mark before the first line. A line that is not one object, has
// a key given twice or is nested deeper than [MaxDepth] is malformed; a
// string that is not valid UTF-8 (invalid bytes, a lone surrogate escape)
// is a value that cannot be transformed, unless it is dropped or redacted.
// Errors and rejects are as for [Transformer.CSV].
func (t *Transformer) JSONLines(ctx context.Context, r io.Reader, w io.Writer, opts *StreamOptions) (*Stats, error) {
	return hashOutput(w, func(w io.Writer) (*Stats, error) { return t.e.jsonLines(ctx, r, w, opts) })
}

// hashOutput runs run on w and, if it succeeds, sets the SHA-256 of what it
// wrote in its Stats.
func hashOutput(w io.Writer, run func(io.Writer) (*Stats, error)) (*Stats, error) {
	h := sha256.New()
	st, err := run(io.MultiWriter(w, h))
	if err == nil && st != nil {
		st.OutputSHA256 = hex.EncodeToString(h.Sum(nil))
	}
	return st, err
}

func (e *engine) csv(ctx context.Context, r io.Reader, w io.Writer, opts *StreamOptions) (*Stats, error) {
	f, header, err := newCSVFormat(r)
	if err != nil {
		return e.stats(newCounts(len(e.list)), 0, 0, 0), err
	}
	f.cols, header, err = e.columns(header)
	if err != nil {
		return e.stats(newCounts(len(e.list)), 0, 0, 0), err
	}
	f.rd.FieldsPerRecord = len(f.cols)
	f.rd.ReuseRecord = true
	return e.stream(ctx, f, appendCSV(nil, header), w, opts)
}

// skipBOM reads a UTF-8 byte order mark at the start of br, if there is
// one, and returns its length.
func skipBOM(br *bufio.Reader) int {
	if b, _ := br.Peek(len(bom)); string(b) == bom {
		n, _ := br.Discard(len(bom))
		return n
	}
	return 0
}

type csvFormat struct {
	rd      *csv.Reader
	cr      *countingReader
	skipped int   // bytes before what rd reads (a byte order mark)
	max     int64 // maxLine
	cols    []column
	row     int64
}

// next reads record f.row+1 (0: the header) and its line. The record may
// not go past MaxLineSize: the input it may read is cut there (plus what
// the read buffer holds ahead), so an endless record is not read whole.
func (f *csvFormat) next() ([]string, int64, error) {
	start := f.rd.InputOffset()
	f.cr.limit = int64(f.skipped) + start + f.max + readBufSize
	rec, err := f.rd.Read()
	if err == io.EOF {
		return nil, 0, err
	}
	var line int
	if len(rec) > 0 {
		line, _ = f.rd.FieldPos(0)
	}
	if err == nil && f.rd.InputOffset()-start > f.max {
		err = errReadLimit
	}
	if err != nil {
		return nil, 0, csvError(err, f.row, int64(line), f.max)
	}
	return rec, int64(line), nil
}

func (f *csvFormat) read(b *batch) error {
	for start := f.cr.n; b.len() < batchSize && f.cr.n-start < batchBytes; {
		f.row++
		rec, line, err := f.next()
		if err == io.EOF {
			f.row--
			break
		}
		if err != nil {
			return err
		}
		// rec is the reader's, reused: its fields go to b's.
		n := len(b.fields)
		b.fields = append(b.fields, rec...)
		b.csv = append(b.csv, b.fields[n:len(b.fields):len(b.fields)])
		b.lines = append(b.lines, line)
	}
	b.bytes = f.cr.n
	if b.len() == 0 {
		return io.EOF
	}
	return nil
}

// appendCSV appends rec to dst as one line of CSV, as encoding/csv's
// Writer writes it (FuzzAppendCSV compares them) without its buffer: fields
// separated by commas, the line ended by LF, a field quoted when
// csvQuoted says so, its quotes doubled and everything else as it is.
func appendCSV(dst []byte, rec []string) []byte {
	for i, field := range rec {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendCSVField(dst, field)
	}
	return append(dst, '\n')
}

// appendCSVField appends one field of appendCSV's.
func appendCSVField[T string | []byte](dst []byte, field T) []byte {
	if !csvQuoted(field) {
		return append(dst, field...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(field); i++ {
		if field[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, field[i])
	}
	return append(dst, '"')
}

// csvQuoted reports whether encoding/csv's Writer quotes field: one that
// holds a comma, a quote, CR or LF, starts with white space, or is `\.`
// (a line that ends data in PostgreSQL's COPY).
func csvQuoted[T string | []byte](field T) bool {
	if len(field) == 0 {
		return false
	}
	if string(field) == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		if csvSpecial[field[i]] {
			return true
		}
	}
	switch c := field[0]; {
	case c < utf8.RuneSelf:
		return unicode.IsSpace(rune(c))
	case c != 0xc2 && (c < 0xe1 || 0xe3 < c):
		// Unicode's White_Space past ASCII is U+0085, U+00A0, U+1680,
		// U+2000–U+205F and U+3000: their UTF-8 starts with C2 or E1–E3.
		// Japanese text mostly starts otherwise, and is not decoded.
		return false
	}
	// The first character, from at most its bytes (a short conversion
	// that does not escape is not allocated).
	r, _ := utf8.DecodeRuneInString(string(field[:min(len(field), utf8.UTFMax)]))
	return unicode.IsSpace(r)
}

// csvSpecial are the bytes that make csvQuoted quote a field.
var csvSpecial = [256]bool{',': true, '"': true, '\r': true, '\n': true}

// csvError rewrites an error reading record row (0: the header), which
// starts at line, without the input text (encoding/csv's messages hold
// none, but say so explicitly by construction).
func csvError(err error, row, line, max int64) error {
	if errors.Is(err, errReadLimit) {
		if row == 0 {
			return fmt.Errorf("%w: CSV header longer than %d bytes", ErrMalformed, max)
		}
		return &RowError{Row: row, Line: line, Err: tooLong(max)}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		what := "bad quoting"
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			what = "wrong number of fields (ragged row)"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			what = "bare \" in a field that is not quoted"
		case errors.Is(pe.Err, csv.ErrQuote):
			what = "extraneous or missing \" in a quoted field"
		}
		if row == 0 {
			return fmt.Errorf("%w: CSV header (line %d): %s", ErrMalformed, pe.StartLine, what)
		}
		return &RowError{Row: row, Line: int64(pe.StartLine), Err: fmt.Errorf("%w: %s", ErrMalformed, what)}
	}
	return fmt.Errorf("records: reading input: %w", err)
}

func (f *csvFormat) process(e *engine, b *batch) {
	for i, rec := range b.csv {
		if b.out.Available() < 1024 {
			b.out.Grow(4096) // so that a record is appended in place
		}
		line, err := e.appendRow(b.out.AvailableBuffer(), f.cols, rec, &b.record)
		b.tally(err == nil)
		if err != nil {
			// What the record wrote before it failed is not kept in the
			// buffer's room either (appendRow clears it if it grew).
			clear(b.out.AvailableBuffer()[:b.out.Available()])
			if !b.fail(e, b.row0+int64(i), b.lines[i], err) {
				return
			}
			continue
		}
		b.out.Write(line)
		b.outRows++
	}
}

// fail records err for a record and reports whether the batch goes on.
func (b *batch) fail(e *engine, row, line int64, err error) bool {
	re, reject := e.rowError(row, line, err)
	if reject {
		b.rejects = append(b.rejects, *re)
		return true
	}
	b.err = re
	return false
}

// rowError makes err, a record's error, its RowError, and reports whether
// the policy rejects the record (on_error: reject, and a value that cannot
// be transformed) rather than stopping the run.
func (e *engine) rowError(row, line int64, err error) (*RowError, bool) {
	re := &RowError{Row: row, Line: line, Err: err}
	var fe *fieldError
	if errors.As(err, &fe) {
		re.Field, re.Err = fe.field, fe.err
	}
	return re, e.onError == OnErrorReject && errors.Is(err, ErrValue)
}

func (e *engine) jsonLines(ctx context.Context, r io.Reader, w io.Writer, opts *StreamOptions) (*Stats, error) {
	return e.stream(ctx, newJSONFormat(r), nil, w, opts)
}

func newJSONFormat(r io.Reader) *jsonFormat {
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, readBufSize)
	skipBOM(br) // RFC 8259 §8.1: a parser may ignore it
	return &jsonFormat{br: br, cr: cr, max: maxLine}
}

type jsonFormat struct {
	br   *bufio.Reader
	cr   *countingReader
	max  int64 // maxLine
	line int64
	row  int64
	buf  []byte // next's line
}

func (f *jsonFormat) read(b *batch) error {
	// The lines of a batch are read into one buffer and become one string,
	// whose substrings they are: one allocation per batch, not per line.
	buf := b.raw[:0]
	ends := b.ends[:0]
	var err error
	for len(ends) < batchSize && len(buf) < batchBytes {
		start := len(buf)
		buf, err = f.readLine(buf)
		if err != nil {
			clear(buf[start:]) // a line too long: part of it was read
			buf = buf[:start]
			break
		}
		if blank(buf[start:]) {
			buf = buf[:start]
			continue
		}
		f.row++
		ends = append(ends, len(buf))
		b.lines = append(b.lines, f.line)
	}
	text, start := string(buf), 0
	for _, end := range ends {
		b.json = append(b.json, text[start:end])
		start = end
	}
	clear(buf) // no value lingers in a reused buffer
	b.raw, b.ends = buf[:0], ends[:0]
	if err != nil && err != io.EOF {
		return err
	}
	b.bytes = f.cr.n - int64(f.br.Buffered())
	if b.len() == 0 {
		return io.EOF
	}
	return nil
}

// next returns the next line that is not blank, and counts it as a row.
func (f *jsonFormat) next() (string, error) {
	for {
		buf, err := f.readLine(f.buf[:0])
		var line string
		if err == nil && !blank(buf) {
			line = string(buf)
		}
		clear(buf) // no value lingers in a reused buffer
		f.buf = buf[:0]
		if err != nil {
			return "", err
		}
		if line != "" {
			f.row++
			return line, nil
		}
	}
}

// readLine appends the next line to buf.
func (f *jsonFormat) readLine(buf []byte) ([]byte, error) {
	start := len(buf)
	for {
		part, err := f.br.ReadSlice('\n')
		buf = append(buf, part...)
		if int64(len(buf)-start) > f.max {
			return buf, &RowError{Row: f.row + 1, Line: f.line + 1, Err: tooLong(f.max)}
		}
		switch err {
		case nil:
			f.line++
			return buf, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			if len(buf) == start {
				return buf, io.EOF
			}
			f.line++
			return buf, nil
		default:
			return buf, fmt.Errorf("records: reading input: %w", err)
		}
	}
}

func (f *jsonFormat) process(e *engine, b *batch) {
	out := jsonSink{&b.out}
	for i, line := range b.json {
		if b.out.Available() < 1024 {
			b.out.Grow(4096) // so that values are appended in place (openStr)
		}
		row := b.row0 + int64(i)
		v, err := parseLine(line, &b.memo)
		if err != nil {
			b.err = &RowError{Row: row, Line: b.lines[i], Err: err}
			return
		}
		mark := out.mark()
		err = e.object("", &v, &b.record, out)
		b.memo.recycle(v.members)
		b.tally(err == nil)
		if err != nil {
			out.reset(mark) // nothing of a record that fails is written
			if !b.fail(e, row, b.lines[i], err) {
				return
			}
			continue
		}
		b.out.WriteByte('\n')
		b.outRows++
	}
}

// stream runs one run: the pipeline reads f, transforms its batches and
// hands them back in input order to the run's output.
func (e *engine) stream(ctx context.Context, f format, header []byte, w io.Writer, opts *StreamOptions) (*Stats, error) {
	if opts == nil {
		opts = &StreamOptions{}
	}
	out := newRunOutput(e, w, opts)
	if bw, ok := f.(batchWriter); ok {
		out.emit = bw.writeBatch
	}
	if e.onError == OnErrorReject && opts.Rejects == nil {
		return out.stats(), errors.New("records: the policy rejects records (on_error: reject) but no reject output is set")
	}
	if len(header) > 0 {
		if _, err := w.Write(header); err != nil {
			return out.stats(), fmt.Errorf("records: writing output: %w", err)
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := newPipeline(e, workers)
	go p.read(ctx, f)
	p.work(ctx, e, f, workers)
	err := p.inOrder(ctx, out.write)
	return out.stats(), err
}

// pipeline moves batches from one reader through the workers to one
// writer, which takes them in input order. At most 2×workers+2 batches are
// in flight, so memory does not grow with the input.
type pipeline struct {
	free chan *batch // batches to read into
	todo chan *batch // batches read, to transform
	done chan *batch // batches transformed, in any order; closed after the last
}

func newPipeline(e *engine, workers int) *pipeline {
	n := 2*workers + 2
	p := &pipeline{free: make(chan *batch, n), todo: make(chan *batch, n), done: make(chan *batch, n)}
	for range n {
		p.free <- &batch{counts: newCounts(len(e.list)), record: newCounts(len(e.list))}
	}
	return p
}

// read reads batches of f into todo until the input ends, reading fails
// or ctx is done. It may block in f's reader after the run has ended (a
// terminal on stdin, a stalled network): nothing waits for it. It ends when
// that Read returns, and touches nothing the caller sees.
func (p *pipeline) read(ctx context.Context, f format) {
	defer close(p.todo)
	var row int64 = 1
	for seq := 0; ; seq++ {
		var b *batch
		select {
		case b = <-p.free:
		case <-ctx.Done():
			return
		}
		b.reset()
		b.seq, b.row0 = seq, row
		err := f.read(b)
		if err == io.EOF {
			b.eof = true
			p.todo <- b
			return
		}
		row += int64(b.len())
		b.readErr = err
		p.todo <- b
		if err != nil {
			return
		}
	}
}

// work starts the workers: each transforms the batches of todo into done.
// done is closed when todo is and the workers are finished.
func (p *pipeline) work(ctx context.Context, e *engine, f format, workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range p.todo {
				if b.err == nil && ctx.Err() == nil {
					f.process(e, b)
				}
				p.done <- b
			}
		}()
	}
	go func() { wg.Wait(); close(p.done) }()
}

// inOrder gives the transformed batches to write in input order, up to
// the end of the input, ctx's end, or the first error of write, and
// returns the batches write took to the reader.
func (p *pipeline) inOrder(ctx context.Context, write func(*batch) error) error {
	pending := make(map[int]*batch, cap(p.free))
	next := 0
	for {
		var b *batch
		select {
		case b = <-p.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if b == nil { // done closed: the reader stopped for ctx
			if err := ctx.Err(); err != nil {
				return err
			}
			return context.Canceled
		}
		pending[b.seq] = b
		for b := pending[next]; b != nil; b = pending[next] {
			delete(pending, next)
			next++
			if b.eof {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := write(b); err != nil {
				return err
			}
			p.free <- b
		}
	}
}

// runOutput is where a run's batches go, in input order: their records to
// the output, their rejects to the reject file, their counts to the run's,
// and the count so far to the progress callback.
type runOutput struct {
	e        *engine
	w        io.Writer
	rejects  *csv.Writer // its header is written with the first reject
	progress func(rows, bytes int64)
	emit     func(*batch) error // writes a batch's records; nil: b.out to w
	total    counts
	rowsIn   int64
	rowsOut  int64
	rejected int64
}

func newRunOutput(e *engine, w io.Writer, opts *StreamOptions) *runOutput {
	o := &runOutput{e: e, w: w, progress: opts.Progress, total: newCounts(len(e.list))}
	if opts.Rejects != nil {
		o.rejects = csv.NewWriter(opts.Rejects)
	}
	return o
}

func (o *runOutput) stats() *Stats { return o.e.stats(o.total, o.rowsIn, o.rowsOut, o.rejected) }

// write takes batch b: its records, counts and rejects, and then its
// error, which ends the run.
func (o *runOutput) write(b *batch) error {
	// The records before a stopping error are written: they are complete
	// and protected. The caller's output is temporary until the run
	// succeeds (see the command's atomic output).
	if o.emit != nil {
		if err := o.emit(b); err != nil {
			return err
		}
	} else if _, err := o.w.Write(b.out.Bytes()); err != nil {
		return fmt.Errorf("records: writing output: %w", err)
	}
	o.rowsIn += int64(b.len())
	var re *RowError
	if errors.As(b.err, &re) && re.Row >= b.row0 {
		o.rowsIn = re.Row // the failing record was read, not written
	}
	o.rowsOut += b.outRows
	o.total.add(b.counts)
	if err := o.reject(b.rejects); err != nil {
		return err
	}
	if b.err != nil {
		return b.err
	}
	if b.readErr != nil {
		return b.readErr
	}
	if o.progress != nil {
		o.progress(o.rowsIn, b.bytes)
	}
	return nil
}

// reject lists the records left out.
func (o *runOutput) reject(rs []RowError) error {
	if o.rejects == nil {
		return nil
	}
	for _, r := range rs {
		if o.rejected == 0 {
			o.rejects.Write([]string{"row", "line", "field", "reason"})
		}
		o.rejected++
		line := "" // Parquet has no lines
		if r.Line > 0 {
			line = strconv.FormatInt(r.Line, 10)
		}
		o.rejects.Write([]string{strconv.FormatInt(r.Row, 10), line, r.Field, r.Reason()})
	}
	o.rejects.Flush()
	if err := o.rejects.Error(); err != nil {
		return fmt.Errorf("records: writing rejects: %w", err)
	}
	return nil
}

// countingReader counts the bytes read, and reads no more than limit
// (when not 0): past it, errReadLimit.
type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.limit > 0 {
		if c.n >= c.limit {
			return 0, errReadLimit
		}
		if int64(len(p)) > c.limit-c.n {
			p = p[:c.limit-c.n]
		}
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
