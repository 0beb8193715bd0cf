package records

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// StreamOptions tune [Transformer.CSV] and [Transformer.JSONLines]. The zero
// value (or nil) is fine for most uses.
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

// MaxLineSize is the longest JSON line (and CSV record) accepted, in bytes.
const MaxLineSize = 16 << 20

// batch is a run of consecutive records and, once processed, their output.
type batch struct {
	seq     int
	row0    int64      // record number of the first record
	lines   []int64    // input line of each record: one per record
	csv     [][]string // CSV records
	json    [][]byte   // JSON lines
	bytes   int64      // input bytes consumed up to the end of this batch
	out     bytes.Buffer
	outRows int64
	rejects []RowError
	err     error // first stopping error of process
	readErr error // error that ended reading, after the records of b
	eof     bool  // end of input: b holds no records
	counts  counts
}

// len is the number of records in b.
func (b *batch) len() int { return len(b.lines) }

func (b *batch) reset() {
	b.lines = b.lines[:0]
	b.csv = b.csv[:0]
	b.json = b.json[:0]
	b.out.Reset()
	b.outRows = 0
	b.rejects = b.rejects[:0]
	b.err, b.readErr, b.eof = nil, nil, false
	b.counts.reset()
}

// format reads and transforms one kind of stream.
type format interface {
	// read fills b with up to batchSize records; io.EOF when there are none.
	read(b *batch) error
	// process transforms the records of b into b.out.
	process(e *engine, b *batch)
}

// CSV reads CSV with a header line from r, applies the policy to each record
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
// in input order, with keys sorted. Empty lines are skipped. Errors and
// rejects are as for [Transformer.CSV].
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
	cr := &countingReader{r: r}
	rd := csv.NewReader(bufio.NewReaderSize(cr, 64<<10))
	rd.ReuseRecord = false
	header, err := rd.Read()
	if err == io.EOF {
		return e.stats(newCounts(len(e.list)), 0, 0, 0), fmt.Errorf("%w: empty input, no CSV header", ErrMalformed)
	}
	if err != nil {
		return e.stats(newCounts(len(e.list)), 0, 0, 0), csvError(err, 0)
	}
	// Spreadsheets often start CSV files with a UTF-8 byte order mark.
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	cols, outHeader, err := e.columns(header)
	if err != nil {
		return e.stats(newCounts(len(e.list)), 0, 0, 0), err
	}
	rd.FieldsPerRecord = len(header)
	var hb bytes.Buffer
	hw := csv.NewWriter(&hb)
	hw.Write(outHeader)
	hw.Flush()
	f := &csvFormat{rd: rd, cr: cr, cols: cols}
	return e.stream(ctx, f, hb.Bytes(), w, opts)
}

type csvFormat struct {
	rd   *csv.Reader
	cr   *countingReader
	cols []*rule
	row  int64
}

func (f *csvFormat) read(b *batch) error {
	for b.len() < batchSize {
		rec, err := f.rd.Read()
		if err == io.EOF {
			break
		}
		f.row++
		if err != nil {
			return csvError(err, f.row)
		}
		line, _ := f.rd.FieldPos(0)
		b.csv = append(b.csv, rec)
		b.lines = append(b.lines, int64(line))
	}
	b.bytes = f.cr.n
	if b.len() == 0 {
		return io.EOF
	}
	return nil
}

// csvError rewrites an encoding/csv error without the input text (its
// messages hold none, but say so explicitly by construction).
func csvError(err error, row int64) error {
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
	w := csv.NewWriter(&b.out)
	defer w.Flush() // also when the batch stops: no record is left half written
	var out []string
	for i, rec := range b.csv {
		var err error
		out, err = e.row(f.cols, rec, out, &b.counts)
		if err != nil {
			if !b.fail(e, b.row0+int64(i), b.lines[i], err) {
				return
			}
			continue
		}
		w.Write(out)
		b.outRows++
	}
}

// fail records err for a record and reports whether the batch goes on.
func (b *batch) fail(e *engine, row, line int64, err error) bool {
	re := &RowError{Row: row, Line: line, Err: err}
	var fe *fieldError
	if errors.As(err, &fe) {
		re.Field, re.Err = fe.field, fe.err
	}
	if e.onError == OnErrorReject && errors.Is(err, ErrValue) {
		b.rejects = append(b.rejects, *re)
		return true
	}
	b.err = re
	return false
}

func (e *engine) jsonLines(ctx context.Context, r io.Reader, w io.Writer, opts *StreamOptions) (*Stats, error) {
	cr := &countingReader{r: r}
	f := &jsonFormat{br: bufio.NewReaderSize(cr, 64<<10), cr: cr}
	return e.stream(ctx, f, nil, w, opts)
}

type jsonFormat struct {
	br   *bufio.Reader
	cr   *countingReader
	line int64
	row  int64
	buf  []byte
}

func (f *jsonFormat) read(b *batch) error {
	for b.len() < batchSize {
		line, err := f.readLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		f.row++
		b.json = append(b.json, line)
		b.lines = append(b.lines, f.line)
	}
	b.bytes = f.cr.n - int64(f.br.Buffered())
	if b.len() == 0 {
		return io.EOF
	}
	return nil
}

func (f *jsonFormat) readLine() ([]byte, error) {
	f.buf = f.buf[:0]
	for {
		part, err := f.br.ReadSlice('\n')
		f.buf = append(f.buf, part...)
		if len(f.buf) > MaxLineSize {
			return nil, &RowError{Row: f.row + 1, Line: f.line + 1, Err: fmt.Errorf("%w: line longer than %d bytes", ErrMalformed, MaxLineSize)}
		}
		switch err {
		case nil:
			f.line++
			return bytes.Clone(f.buf), nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			if len(f.buf) == 0 {
				return nil, io.EOF
			}
			f.line++
			return bytes.Clone(f.buf), nil
		default:
			return nil, fmt.Errorf("records: reading input: %w", err)
		}
	}
}

func (f *jsonFormat) process(e *engine, b *batch) {
	enc := json.NewEncoder(&b.out)
	enc.SetEscapeHTML(false)
	for i, line := range b.json {
		row := b.row0 + int64(i)
		m, err := decodeObject(line)
		if err != nil {
			b.err = &RowError{Row: row, Line: b.lines[i], Err: err}
			return
		}
		out, err := e.object("", m, &b.counts)
		if err != nil {
			if !b.fail(e, row, b.lines[i], err) {
				return
			}
			continue
		}
		if err := enc.Encode(out); err != nil {
			b.err = &RowError{Row: row, Line: b.lines[i], Err: fmt.Errorf("records: encoding output: %w", err)}
			return
		}
		b.outRows++
	}
}

// decodeObject decodes one JSON object. Its errors say where the syntax
// breaks, never which character is there.
func decodeObject(line []byte) (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	var m map[string]any
	err := d.Decode(&m)
	if err == nil && d.More() {
		err = errors.New("trailing data")
	}
	if err == nil && m == nil {
		err = errors.New("null")
	}
	if err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("%w: invalid JSON at byte %d of the line", ErrMalformed, se.Offset)
		case errors.As(err, &te):
			return nil, fmt.Errorf("%w: the line is not a JSON object", ErrMalformed)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("%w: truncated JSON", ErrMalformed)
		}
		return nil, fmt.Errorf("%w: the line is not a JSON object", ErrMalformed)
	}
	return m, nil
}

// stream runs the pipeline: one reader, Workers transformers, one writer
// that puts batches back in input order. At most 2×Workers+2 batches are in
// flight, so memory does not grow with the input.
func (e *engine) stream(ctx context.Context, f format, header []byte, w io.Writer, opts *StreamOptions) (*Stats, error) {
	if opts == nil {
		opts = &StreamOptions{}
	}
	total := newCounts(len(e.list))
	var rowsIn, rowsOut, rejected int64
	stats := func() *Stats { return e.stats(total, rowsIn, rowsOut, rejected) }
	if e.onError == OnErrorReject && opts.Rejects == nil {
		return stats(), errors.New("records: the policy rejects records (on_error: reject) but no reject output is set")
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var rejects *csv.Writer // its header is written with the first reject
	if opts.Rejects != nil {
		rejects = csv.NewWriter(opts.Rejects)
	}
	if len(header) > 0 {
		if _, err := w.Write(header); err != nil {
			return stats(), fmt.Errorf("records: writing output: %w", err)
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	inFlight := 2*workers + 2
	free := make(chan *batch, inFlight)
	for range inFlight {
		free <- &batch{counts: newCounts(len(e.list))}
	}
	todo := make(chan *batch, inFlight)
	done := make(chan *batch, inFlight)

	// The reader may block in r.Read after the run has ended (a terminal
	// on stdin, a stalled network): nothing waits for it. It ends when Read
	// returns, and touches nothing the caller sees.
	go func() { // reader
		defer close(todo)
		var row int64 = 1
		for seq := 0; ; seq++ {
			var b *batch
			select {
			case b = <-free:
			case <-ctx.Done():
				return
			}
			b.reset()
			b.seq, b.row0 = seq, row
			err := f.read(b)
			if err == io.EOF {
				b.eof = true
				todo <- b
				return
			}
			row += int64(b.len())
			b.readErr = err
			todo <- b
			if err != nil {
				return
			}
		}
	}()
	var workerWG sync.WaitGroup
	for range workers {
		workerWG.Add(1)
		go func() {
			defer workerWG.Done()
			for b := range todo {
				if b.err == nil && ctx.Err() == nil {
					f.process(e, b)
				}
				done <- b
			}
		}()
	}
	go func() { workerWG.Wait(); close(done) }()

	// Writer: put batches back in order.
	pending := make(map[int]*batch, inFlight)
	next := 0
	var err error
	finished := false
	for err == nil && !finished {
		var b *batch
		select {
		case b = <-done:
		case <-ctx.Done():
			err = ctx.Err()
			continue
		}
		if b == nil { // done closed: the reader stopped for ctx
			err = ctx.Err()
			if err == nil {
				err = context.Canceled
			}
			continue
		}
		pending[b.seq] = b
		for {
			b, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if b.eof {
				finished = true
				break
			}
			if ctx.Err() != nil {
				err = ctx.Err()
				break
			}
			// The records before a stopping error are written: they are
			// complete and protected. The caller's output is temporary until
			// the run succeeds (see the command's atomic output).
			if _, werr := w.Write(b.out.Bytes()); werr != nil {
				err = fmt.Errorf("records: writing output: %w", werr)
				break
			}
			rowsIn += int64(b.len())
			if b.err != nil {
				var re *RowError
				if errors.As(b.err, &re) && re.Row >= b.row0 {
					rowsIn = re.Row // the failing record was read, not written
				}
			}
			rowsOut += b.outRows
			total.add(b.counts)
			for _, r := range b.rejects {
				if rejected == 0 {
					rejects.Write([]string{"row", "line", "field", "reason"})
				}
				rejected++
				rejects.Write([]string{strconv.FormatInt(r.Row, 10), strconv.FormatInt(r.Line, 10), r.Field, oneLine(bare(r.Err))})
			}
			if rejects != nil {
				rejects.Flush()
				if rerr := rejects.Error(); rerr != nil {
					err = fmt.Errorf("records: writing rejects: %w", rerr)
					break
				}
			}
			if b.err != nil {
				err = b.err
				break
			}
			if b.readErr != nil {
				err = b.readErr
				break
			}
			if opts.Progress != nil {
				opts.Progress(rowsIn, b.bytes)
			}
			free <- b
		}
	}
	return stats(), err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
