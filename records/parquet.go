package records

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pqformat "github.com/parquet-go/parquet-go/format"

	"github.com/piikit/piikit/audit"
)

// Parquet reads a Parquet file of size bytes from r, applies the policy to
// each row and writes a Parquet file to w, row groups streamed in input
// order. The output has the input's schema less the columns dropped: the
// same columns in the same order, with their physical and logical types,
// repetition (required or optional) and field IDs; a null stays null. It is
// compressed with Snappy, in row groups of at most [ParquetRowGroupBytes]
// (before compression), and carries none of the input's key/value metadata
// (which may describe dropped columns, or hold anything) nor the name of
// its schema's root (it is "schema").
//
// Top-level columns are matched by name. A column whose rule is keyed
// (pseudonym, token, mask, display) or redact must hold text: BYTE_ARRAY,
// annotated STRING or not annotated; keep and drop take any column. Nested
// and repeated columns (groups, lists, maps) may only be dropped. Either
// mismatch stops the run before any row is read, with an error wrapping
// [ErrValue] or [ErrMalformed]; so does a file that is not Parquet or is
// damaged, whose schema nests groups deeper than [MaxDepth], or whose
// column chunks overlap or run past the data. Errors of the Parquet reader are not shown (they may quote the
// file's bytes): the error says what failed, and where.
//
// Errors, rejects and [Stats] are as for [Transformer.CSV]; a [RowError]
// has no line (Line is 0). r must not change during the run.
func (t *Transformer) Parquet(ctx context.Context, r io.ReaderAt, size int64, w io.Writer, opts *StreamOptions) (*Stats, error) {
	if err := parquetSupported(); err != nil {
		return nil, err
	}
	return hashOutput(w, func(w io.Writer) (*Stats, error) { return t.e.parquet(ctx, r, size, w, opts) })
}

// Parquet reverses an export in Parquet, as [Reidentifier.CSV] does, except
// that the input is checked against the manifest before the audit event is
// reported and anything is read: a file that is not the export reveals
// nothing. in must not change during the run: it is checked again at the
// end, and a file that changed is an error wrapping [ErrNotTheExport]
// (what was written to out must then be discarded). See the example of
// [Transformer.Parquet].
func (r *Reidentifier) Parquet(ctx context.Context, hook audit.Hook, req audit.Request, in io.ReaderAt, size int64, out io.Writer, opts *StreamOptions) (*Stats, error) {
	if err := parquetSupported(); err != nil {
		return nil, err
	}
	if err := r.checkParquet(in, size); err != nil {
		return nil, err
	}
	st, err := r.reveal(ctx, hook, req, nil, func(e *engine) (*Stats, error) { return e.parquet(ctx, in, size, out, opts) })
	if err != nil {
		return st, err
	}
	// Read at random, the file may have been replaced after it was
	// hashed: what was revealed must be what the manifest describes.
	return st, r.checkParquet(in, size)
}

// checkParquet checks the SHA-256 of the size bytes of in against the
// manifest's.
func (r *Reidentifier) checkParquet(in io.ReaderAt, size int64) error {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(in, 0, size)); err != nil {
		return fmt.Errorf("records: reading input: %w", err)
	}
	return checkSum(h.Sum(nil), r.outputSum)
}

// pqRootName names the root of every output schema: the input's root
// name is not a column the policy names, and may hold anything.
const pqRootName = "schema"

// ParquetRowGroupBytes bounds the row groups [Transformer.Parquet] writes:
// a row group is written out when its buffered columns reach this size, so
// that memory does not grow with the input.
const ParquetRowGroupBytes = 32 << 20

// parquetError is a failure of the Parquet reader or writer. Its message is
// piikit's own: the library's may quote bytes of the file (its magic
// header, say), so it is kept for errors.Is and errors.As only.
type parquetError struct {
	what  string
	cause error
}

func (e *parquetError) Error() string   { return fmt.Sprintf("%s: Parquet: %s", ErrMalformed, e.what) }
func (e *parquetError) Unwrap() []error { return []error{ErrMalformed, e.cause} }

// pqCol is how a leaf column of the input is written.
type pqCol struct {
	column       // of its top-level field
	out    int   // index of the column in the output; -1 if not written
	first  bool  // the first leaf of its top-level field: drops count there
	keep   bool  // its rule keeps the value as it is
	def    int16 // maximum definition level
}

// parquetFormat reads the row groups of a file in order, and writes the
// rows of each batch to one writer.
type parquetFormat struct {
	groups []parquet.RowGroup
	g      int          // current row group
	rows   parquet.Rows // of groups[g]; nil before it is opened
	row    int64        // rows read
	total  int64        // rows in the file
	size   int64
	cols   []pqCol // per leaf column of the input
	w      *parquet.GenericWriter[any]
	mark   int64 // w.Size() after the last flush
}

func (e *engine) parquet(ctx context.Context, r io.ReaderAt, size int64, w io.Writer, opts *StreamOptions) (st *Stats, err error) {
	fail := func(err error) (*Stats, error) { return e.stats(newCounts(len(e.list)), 0, 0, 0), err }
	f, err := openParquet(r, size)
	if err != nil {
		return fail(err)
	}
	pf := &parquetFormat{groups: f.RowGroups(), total: f.NumRows(), size: size}
	fields, err := pf.compile(e, f.Root())
	if err != nil {
		return fail(err)
	}
	// The writer panics on a column type it cannot write (a leaf annotated
	// LIST, say), which only a malformed file has.
	err = guard("a column of a type that cannot be written", func() error {
		schema := parquet.NewSchema(pqRootName, fields)
		pf.w = parquet.NewGenericWriter[any](w, schema, parquet.Compression(&parquet.Snappy))
		return nil
	})
	if err != nil {
		return fail(err)
	}
	defer pf.closeRows()
	st, err = e.stream(ctx, pf, nil, w, opts)
	if err != nil {
		return st, err
	}
	if err := guard("writing the output", pf.w.Close); err != nil {
		return st, err
	}
	return st, nil
}

// openParquet reads the footer of a Parquet file.
func openParquet(r io.ReaderAt, size int64) (f *parquet.File, err error) {
	err = guard("not a Parquet file, or a damaged one", func() error {
		if err := checkSchemaShape(r, size); err != nil {
			return err
		}
		f, err = parquet.OpenFile(r, size, parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true), parquet.ReadBufferSize(64<<10))
		return err
	})
	return f, err
}

// maxSchemaPaths bounds the names in the paths of all of a schema's
// columns (a column at depth d has d+1), which parquet-go v0.32.1 allocates
// when it opens a file: a footer of a few megabytes nesting a million
// groups would make it allocate terabytes, and the process die of it.
const maxSchemaPaths = 1 << 20

// checkSchemaShape decodes the footer of the file, before parquet-go
// opens it, and refuses a schema nested deeper than [MaxDepth] or whose
// columns' paths hold more than maxSchemaPaths names in all.
func checkSchemaShape(r io.ReaderAt, size int64) error {
	var tail [8]byte
	if size < int64(len(tail)) {
		return errors.New("too short")
	}
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if string(tail[4:]) != "PAR1" || n > size-8 {
		return errors.New("no footer") // parquet-go says the rest
	}
	footer := make([]byte, n)
	if _, err := r.ReadAt(footer, size-8-n); err != nil {
		return err
	}
	var md pqformat.FileMetaData
	if err := thrift.Unmarshal(&boundedProtocol{max: len(footer)}, footer, &md); err != nil {
		return err
	}
	if err := checkChunks(&md, size-8-n); err != nil {
		return err
	}
	open := make([]int32, 0, 16) // children still to come, per open group
	paths := 0
	for i := range md.Schema {
		paths += len(open) + 1
		if len(open) > MaxDepth || paths > maxSchemaPaths {
			return &parquetError{what: fmt.Sprintf("a schema nested deeper than %d levels, or of more than %d column path names", MaxDepth, maxSchemaPaths), cause: ErrMalformed}
		}
		if k, ok := md.Schema[i].NumChildren.Get(); ok && k > 0 {
			open = append(open, k)
			continue
		}
		for len(open) > 0 {
			if open[len(open)-1]--; open[len(open)-1] > 0 {
				break
			}
			open = open[:len(open)-1]
		}
	}
	return nil
}

// boundedProtocol is Thrift's compact protocol, whose lists, sets and maps
// may not declare more elements than there are bytes left of the max they
// are read from (an element takes one at least). parquet-go's decoder allocates what a
// list declares before it reads it: a footer of a few bytes declaring 2³¹
// schema elements would make it allocate hundreds of gigabytes, and the
// process die of it (a fatal error, no panic to recover).
type boundedProtocol struct {
	thrift.CompactProtocol
	max int
}

func (p *boundedProtocol) NewReaderFromBytes(b []byte) thrift.BytesReader {
	return boundedReader{p.CompactProtocol.NewReaderFromBytes(b), p.max}
}

type boundedReader struct {
	thrift.BytesReader
	max int
}

var errLongList = errors.New("a list longer than its bytes")

func (r boundedReader) ReadList() (thrift.List, error) {
	l, err := r.BytesReader.ReadList()
	if err == nil && int(l.Size) > r.max-r.BytesRead() {
		err = errLongList
	}
	return l, err
}

func (r boundedReader) ReadSet() (thrift.Set, error) {
	l, err := r.ReadList()
	return thrift.Set(l), err
}

func (r boundedReader) ReadMap() (thrift.Map, error) {
	m, err := r.BytesReader.ReadMap()
	if err == nil && int(m.Size) > r.max-r.BytesRead() {
		err = errLongList
	}
	return m, err
}

// checkChunks refuses a footer whose column chunks are not each within
// the file's data (from byte 4 to end, where the footer starts) and
// disjoint from one another: parquet-go reads a chunk as far as its
// declared size, so a kept column declared to span the next column's
// pages would write that column's values (its raw personal data) as its
// own.
func checkChunks(md *pqformat.FileMetaData, end int64) error {
	type span struct{ from, to int64 }
	var spans []span
	for _, rg := range md.RowGroups {
		for _, c := range rg.Columns {
			m := &c.MetaData
			from := m.DataPageOffset
			if d := m.DictionaryPageOffset; d > 0 && d < from {
				from = d
			}
			if from < 4 || m.TotalCompressedSize <= 0 || m.TotalCompressedSize > end-from {
				return &parquetError{what: "a column chunk outside the file's data", cause: ErrMalformed}
			}
			spans = append(spans, span{from, from + m.TotalCompressedSize})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	for i := 1; i < len(spans); i++ {
		if spans[i].from < spans[i-1].to {
			return &parquetError{what: "column chunks that overlap", cause: ErrMalformed}
		}
	}
	return nil
}

// guard runs fn and turns its error, or its panic (the Parquet library may
// panic on a damaged file), into a parquetError that says what failed.
func guard(what string, fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &parquetError{what: what, cause: errors.New("the Parquet library panicked")}
		}
	}()
	if err := fn(); err != nil {
		var pe *parquetError
		if errors.As(err, &pe) {
			return err
		}
		return &parquetError{what: what, cause: err}
	}
	return nil
}

// compile matches the top-level columns of the file to the rules (as a CSV
// header is, by engine.columns) and returns the root of the output's
// schema: the columns written, in input order, each of the input's type
// and repetition.
func (f *parquetFormat) compile(e *engine, root *parquet.Column) (pqGroup, error) {
	fields := root.Columns()
	names := make([]string, len(fields))
	named := false
	for i, c := range fields {
		names[i] = c.Name()
		_, ok := e.rules[c.Name()]
		named = named || ok
	}
	if !named {
		return nil, fmt.Errorf("%w: the Parquet file has none of the policy's columns", ErrMalformed)
	}
	cols, _, err := e.columns(names)
	if err != nil {
		return nil, err
	}
	var out pqGroup
	leaf0 := make([]int, len(fields)) // the first leaf column of each field
	for i, c := range fields {
		col := cols[i]
		leaf0[i] = len(f.cols)
		name := shownName(c.Name(), i+1)
		if !c.Leaf() || c.Repeated() {
			if col.write {
				return nil, fmt.Errorf("%w: Parquet column %s is nested or repeated: piikit writes flat columns only (drop it in the policy)", ErrMalformed, name)
			}
			first := true
			for range leaves(c) { // in order, as the file's leaf columns
				f.cols = append(f.cols, pqCol{column: col, out: -1, first: first})
				first = false
			}
			continue
		}
		pc := pqCol{column: col, out: -1, first: true, def: int16(c.MaxDefinitionLevel())}
		if r := col.rule; r != nil && !r.drop {
			_, pc.keep = r.t.(keepTransform)
			if !pc.keep && !isText(c.Type()) {
				return nil, &fieldError{field: r.field.Name, err: fmt.Errorf("%w: the Parquet column is %s, not text: only keep and drop take it", ErrValue, typeName(c.Type()))}
			}
		}
		if col.write {
			pc.out = len(out)
			out = append(out, pqField{Node: leafNode(c), name: c.Name()})
		}
		f.cols = append(f.cols, pc)
	}
	for i := range f.cols {
		if src := f.cols[i].source; src >= 0 {
			f.cols[i].source = leaf0[src] // a surrogate field: a flat leaf
		}
	}
	if len(f.cols) > parquet.MaxColumnIndex {
		return nil, fmt.Errorf("%w: Parquet file with more than %d columns", ErrMalformed, parquet.MaxColumnIndex)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: the policy drops every column of the Parquet file", ErrMalformed)
	}
	return out, nil
}

// leaves returns the leaf columns under c, c itself if it is one.
func leaves(c *parquet.Column) []*parquet.Column {
	if c.Leaf() {
		return []*parquet.Column{c}
	}
	var out []*parquet.Column
	for _, s := range c.Columns() {
		out = append(out, leaves(s)...)
	}
	return out
}

// isText reports whether a column of type t holds text: BYTE_ARRAY,
// annotated STRING or not annotated.
func isText(t parquet.Type) bool {
	if t.Kind() != parquet.ByteArray {
		return false
	}
	if lt := t.LogicalType(); lt != nil && lt.Value != nil {
		_, ok := lt.Value.(*pqformat.StringType)
		return ok
	}
	if ct := t.ConvertedType(); ct != nil {
		return *ct == deprecated.UTF8
	}
	return true
}

// typeName names a column type in an error: its physical type, and its
// logical type if any.
func typeName(t parquet.Type) string {
	s := t.Kind().String()
	if lt := t.LogicalType(); lt != nil && lt.Value != nil {
		s += " (" + lt.String() + ")"
	}
	return s
}

// leafNode is the node of an output column: a leaf of c's type and
// repetition, with its field ID.
func leafNode(c *parquet.Column) parquet.Node {
	n := parquet.Leaf(c.Type())
	if c.Optional() {
		n = parquet.Optional(n)
	}
	if id := c.ID(); id != 0 {
		n = parquet.FieldID(n, id)
	}
	return n
}

// pqGroup is the root of an output schema: its fields in the order given
// (parquet.Group sorts them by name).
type pqGroup []parquet.Field

func (g pqGroup) ID() int                     { return 0 }
func (g pqGroup) String() string              { return "group" }
func (g pqGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g pqGroup) Optional() bool              { return false }
func (g pqGroup) Repeated() bool              { return false }
func (g pqGroup) Required() bool              { return true }
func (g pqGroup) Leaf() bool                  { return false }
func (g pqGroup) Fields() []parquet.Field     { return g }
func (g pqGroup) Encoding() encoding.Encoding { return nil }
func (g pqGroup) Compression() compress.Codec { return nil }
func (g pqGroup) GoType() reflect.Type        { return reflect.TypeFor[map[string]any]() }

// pqField is a named field of a pqGroup.
type pqField struct {
	parquet.Node
	name string
}

func (f pqField) Name() string { return f.name }

// Value is for Go values built from rows, which piikit does not use.
func (f pqField) Value(reflect.Value) reflect.Value { return reflect.Value{} }

func (f *parquetFormat) closeRows() {
	if f.rows != nil {
		f.rows.Close()
		f.rows = nil
	}
}

func (f *parquetFormat) read(b *batch) (err error) {
	err = guard(fmt.Sprintf("reading row %d", f.row+1), func() error { return f.fill(b) })
	if err == nil && b.len() == 0 {
		return io.EOF
	}
	return err
}

// fill reads up to batchSize rows into b.pqIn, going through the row
// groups in order. The rows are copied: the reader reuses its buffers.
func (f *parquetFormat) fill(b *batch) error {
	b.pqIn = b.pqIn[:cap(b.pqIn)]
	if len(b.pqIn) < batchSize {
		b.pqIn = append(b.pqIn, make([]parquet.Row, batchSize-len(b.pqIn))...)
	}
	n, size := 0, 0
	for n < batchSize && f.g < len(f.groups) && size < batchBytes {
		if f.rows == nil {
			f.rows = f.groups[f.g].Rows()
		}
		// A few rows at a time, so that a batch ends soon after batchBytes.
		k, err := f.rows.ReadRows(b.pqIn[n:min(batchSize, n+parquetReadRows)])
		for i := n; i < n+k; i++ {
			for _, v := range b.pqIn[i] {
				if v.Column() >= len(f.cols) {
					return errors.New("a value of a column the schema does not have")
				}
			}
			b.pqIn[i] = cloneRow(b.pqIn[i])
			b.lines = append(b.lines, 0)
			for _, v := range b.pqIn[i] {
				size += 16
				if isBytes(v) {
					size += len(v.ByteArray())
				}
			}
		}
		n += k
		f.row += int64(k)
		switch {
		case err == io.EOF:
			f.closeRows()
			f.g++
		case err != nil:
			return err
		case k == 0:
			return errors.New("the reader made no progress")
		}
	}
	b.pqIn = b.pqIn[:n]
	if f.total > 0 {
		b.bytes = f.size * f.row / f.total
	}
	return nil
}

// parquetReadRows is how many rows fill reads at a time.
const parquetReadRows = 16

// cloneRow copies the byte arrays (and INT96 values, also held by
// pointer) of row, whose values the reader may reuse, into new memory.
func cloneRow(row parquet.Row) parquet.Row {
	n := 0
	for _, v := range row {
		if isBytes(v) {
			n += len(v.ByteArray())
		}
	}
	buf := make([]byte, 0, n)
	for i, v := range row {
		var c parquet.Value
		switch {
		case v.IsNull():
			continue
		case v.Kind() == parquet.Int96:
			c = parquet.Int96Value(v.Int96())
		case isBytes(v):
			s := len(buf)
			buf = append(buf, v.ByteArray()...)
			b := buf[s:len(buf):len(buf)]
			c = parquet.ByteArrayValue(b)
			if v.Kind() == parquet.FixedLenByteArray {
				c = parquet.FixedLenByteArrayValue(b)
			}
		default:
			continue
		}
		row[i] = c.Level(v.RepetitionLevel(), v.DefinitionLevel(), v.Column())
	}
	return row
}

func isBytes(v parquet.Value) bool {
	return v.Kind() == parquet.ByteArray || v.Kind() == parquet.FixedLenByteArray
}

func (f *parquetFormat) process(e *engine, b *batch) {
	for i, in := range b.pqIn {
		var out parquet.Row
		if n := len(b.pqOut); n < cap(b.pqOut) {
			out = b.pqOut[:n+1][n][:0] // reuse the row of an earlier batch
		}
		out, err := f.transform(e, in, out, b)
		b.tally(err == nil)
		if err != nil {
			if !b.fail(e, b.row0+int64(i), 0, err) {
				return
			}
			continue
		}
		b.pqOut = append(b.pqOut, out)
		b.outRows++
	}
}

// transform transforms one row into out (reused). Dropped, kept and redacted
// fields count each row's value, null or not; a keyed field counts the
// values it transforms (a null stays null, as a JSON null does).
func (f *parquetFormat) transform(e *engine, in, out parquet.Row, b *batch) (parquet.Row, error) {
	c := &b.record
	for _, v := range in {
		pc := &f.cols[v.Column()]
		r := pc.rule
		switch {
		case pc.out < 0: // dropped; its leaves' values are not read
			if r != nil && pc.first && v.RepetitionLevel() == 0 {
				c.values[r.index]++
			}
		case r == nil || pc.keep || v.IsNull():
			// Passed through by a reversal, kept, or null.
			if r != nil && (pc.keep || r.field.Transform == Redact) {
				c.values[r.index]++
			}
			out = append(out, v.Level(v.RepetitionLevel(), v.DefinitionLevel(), pc.out))
		case pc.source >= 0:
			s, err := e.tied(r, sourceText(in, pc.source), string(v.ByteArray()), c)
			if err != nil {
				return out, err
			}
			out = append(out, parquet.ByteArrayValue([]byte(s)).Level(v.RepetitionLevel(), v.DefinitionLevel(), pc.out))
		default:
			// The batch's values share its arena, which is never reused:
			// the writer may hold them until it flushes.
			if b.arena == nil {
				b.arena = make([]byte, 0, 32<<10) // a batch's values, most often
			}
			at := len(b.arena)
			var err error
			if b.arena, err = e.appendValue(b.arena, r, string(v.ByteArray()), c); err != nil {
				return out, err
			}
			s := b.arena[at:len(b.arena):len(b.arena)]
			out = append(out, parquet.ByteArrayValue(s).Level(v.RepetitionLevel(), v.DefinitionLevel(), pc.out))
		}
	}
	return out, nil
}

// sourceText is the text of leaf column col in row (flat: one value), or
// "" if it is null: the name a ReadingOf column reads.
func sourceText(row parquet.Row, col int) string {
	for _, v := range row {
		if v.Column() == col {
			if v.IsNull() {
				return ""
			}
			return string(v.ByteArray())
		}
	}
	return ""
}

// writeBatch writes the rows of b, and ends the row group when it holds
// ParquetRowGroupBytes.
func (f *parquetFormat) writeBatch(b *batch) error {
	if len(b.pqOut) == 0 {
		return nil
	}
	return guard("writing the output", func() error {
		if _, err := f.w.WriteRows(b.pqOut); err != nil {
			return err
		}
		if f.w.Size()-f.mark >= ParquetRowGroupBytes {
			if err := f.w.Flush(); err != nil {
				return err
			}
			f.mark = f.w.Size()
		}
		return nil
	})
}

// parquetSupported refuses Parquet on 32-bit ARM, where parquet-go v0.32.1
// reads 64-bit values from unaligned memory and the process dies of
// SIGBUS (seen under qemu-arm in CI): an error, rather than a crash.
func parquetSupported() error {
	if runtime.GOARCH == "arm" {
		return fmt.Errorf("records: Parquet on 32-bit ARM: %w (parquet-go reads 64-bit values unaligned there)", errors.ErrUnsupported)
	}
	return nil
}
