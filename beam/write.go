package beam

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/piikit/piikit/records"
)

func init() {
	register.DoFn1x2[Record, int, []byte](&keyCSVFn{})
	register.DoFn1x2[JSONRecord, int, []byte](&keyJSONFn{})
	register.DoFn4x2[context.Context, int, func(*[]byte) bool, func(*Counts) bool, shardFile, error](&writeShardFn{})
	register.DoFn6x1[context.Context, []byte, func(*shardFile) bool, func(*Counts) bool, func(*Reject) bool, func(*fileMark) bool, error](&finishFn{})
	register.Iter1[[]byte]()
	register.Iter1[shardFile]()
	register.Iter1[Counts]()
	register.Iter1[Reject]()
}

// Output says where [WriteCSV] and [WriteJSONLines] write a run.
type Output struct {
	// Prefix names the files: the shards are PREFIX-SSSSS-of-NNNNN.csv
	// (or .jsonl), the manifest PREFIX.manifest.json and the rejected
	// records PREFIX.rejects.csv. Any scheme a Beam filesystem is
	// registered for.
	Prefix string
	// Shards is the number of output files, 1 to 100,000.
	Shards int
}

// Shard returns the path of shard i of a run in format ("csv" or "jsonl").
func (o Output) Shard(i int, format string) string {
	return fmt.Sprintf("%s-%05d-of-%05d.%s", o.Prefix, i, o.Shards, format)
}

// maxShards bounds Output.Shards: the shard names have five digits.
const maxShards = 100_000

// ManifestPath is the path of the manifest of the run written to o.
func (o Output) ManifestPath() string { return o.Prefix + ".manifest.json" }

// RejectsPath is the path of the reject file of the run written to o.
func (o Output) RejectsPath() string { return o.Prefix + ".rejects.csv" }

func (o Output) check() error {
	if o.Shards < 1 || o.Shards > maxShards {
		return fmt.Errorf("piikit/beam: %d shards: want 1 to %d", o.Shards, maxShards)
	}
	if o.Prefix == "" {
		return errors.New("piikit/beam: no output prefix")
	}
	return nil
}

// sink is an Output in a format.
type sink struct {
	Output
	Format string // "csv" or "jsonl", as in manifests
}

func (k sink) shard(i int) string { return k.Shard(i, k.Format) }

// temp is where a file is written until the run succeeds.
func temp(name string) string { return name + ".piikit-tmp" }

// WriteCSV writes the result of [ProtectCSV] to o's shards, with one
// manifest for the whole run (counts and key IDs merged across workers) in
// the format of `piikit export`'s. Shard 0 starts with the header line and
// the others hold records only, so the shards concatenated in name order
// are one CSV table, and that table is the output the manifest describes
// (its output_sha256): `cat PREFIX-*-of-*.csv | piikit reidentify --in - …`
// restores it. Rows are the bytes `piikit export` writes (encoding/csv);
// their order is not the input's.
//
// Shards are written to temporary files and put in place only when every
// shard is written, with the manifest last; a run that fails leaves no
// manifest, so no output presented as complete. Only after [ExportCSV]'s
// reading does it check that every input file was read whole: after a
// hand-built [ReadCSV] it cannot (see "Dangerous composition" in the
// package doc).
func WriteCSV(s beam.Scope, cfg Config, o Output, res Result) error {
	return write(s.Scope("piikit.WriteCSV"), cfg, sink{o, "csv"}, res, &keyCSVFn{Shards: o.Shards})
}

// WriteJSONLines writes the result of [ProtectJSON] to o's shards, one
// object per line, with one manifest, as [WriteCSV] does.
func WriteJSONLines(s beam.Scope, cfg Config, o Output, res Result) error {
	return write(s.Scope("piikit.WriteJSONLines"), cfg, sink{o, "jsonl"}, res, &keyJSONFn{Shards: o.Shards})
}

func write(s beam.Scope, cfg Config, k sink, res Result, key any) error {
	if err := k.check(); err != nil {
		return err
	}
	if err := k.notConfig(cfg); err != nil {
		return err
	}
	if _, err := cfg.check(); err != nil {
		return err
	}
	counts := beam.SideInput{Input: res.Counts}
	lines := beam.GroupByKey(s, beam.ParDo(s, key, res.Records))
	written := beam.ParDo(s, &writeShardFn{Sink: k}, lines, counts)
	read := res.read
	if !read.IsValid() {
		read = beam.CreateList(s, []fileMark{})
	}
	beam.ParDo0(s, &finishFn{Config: cfg, Sink: k, Glob: res.glob}, beam.Impulse(s),
		beam.SideInput{Input: written}, counts, beam.SideInput{Input: res.Rejects}, beam.SideInput{Input: read})
	return nil
}

// keyCSVFn encodes a record as `piikit export` does, keyed by its shard.
type keyCSVFn struct {
	Shards int

	buf bytes.Buffer
	w   *csv.Writer // to buf, made once: its 4 KiB buffer is not per record
}

func (fn *keyCSVFn) ProcessElement(r Record) (int, []byte) {
	if fn.w == nil {
		fn.w = csv.NewWriter(&fn.buf)
	}
	fn.buf.Reset()
	fn.w.Write(r.Fields)
	fn.w.Flush()
	return shardOf(r.Source, r.Row, fn.Shards), bytes.Clone(fn.buf.Bytes())
}

// keyJSONFn is keyCSVFn for JSON objects: the line and its newline.
type keyJSONFn struct{ Shards int }

func (fn *keyJSONFn) ProcessElement(r JSONRecord) (int, []byte) {
	return shardOf(r.Source, r.Row, fn.Shards), append([]byte(r.Text), '\n')
}

// shardFile is a shard written to its temporary file.
type shardFile struct {
	Shard int
	Rows  int64
}

type writeShardFn struct{ Sink sink }

func (fn *writeShardFn) ProcessElement(ctx context.Context, shard int, lines func(*[]byte) bool, counts func(*Counts) bool) (shardFile, error) {
	var head []byte
	if shard == 0 {
		var err error
		if head, err = header(fn.Sink.Format, counts); err != nil {
			return shardFile{}, err
		}
	}
	name := temp(fn.Sink.shard(shard))
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return shardFile{}, err
	}
	defer fs.Close()
	f, err := fs.OpenWrite(ctx, name)
	if err != nil {
		return shardFile{}, err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	w.Write(head)
	res := shardFile{Shard: shard}
	var line []byte
	for lines(&line) {
		w.Write(line)
		res.Rows++
	}
	if err := cmp.Or(w.Flush(), f.Close()); err != nil {
		return shardFile{}, fmt.Errorf("piikit/beam: writing %s: %w", name, err)
	}
	return res, nil
}

// header returns the header line of a run's first shard: for CSV, the one
// output header of its counts, none when no record was written.
func header(format string, counts func(*Counts) bool) ([]byte, error) {
	if format != "csv" {
		return nil, nil
	}
	total, err := merge(counts)
	if err != nil || len(total.Headers) == 0 {
		return nil, err
	}
	if len(total.Headers) > 1 {
		return nil, errHeaders
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(total.Headers[0])
	w.Flush()
	return b.Bytes(), nil
}

// merge merges the counts of a run.
func merge(counts func(*Counts) bool) (Counts, error) {
	var total, c Counts
	for counts(&c) {
		var err error
		if total, err = MergeCounts(total, c); err != nil {
			return Counts{}, err
		}
		c = Counts{}
	}
	return total, nil
}

var errHeaders = fmt.Errorf("%w: the input files have different headers: a run writes one table", records.ErrMalformed)

// finishFn runs once, when every shard is written: it merges the counts,
// writes the shards no record went to, hashes the shards in order, writes
// the rejects, puts the shards in place and writes the manifest last.
type finishFn struct {
	Config Config
	Sink   sink
	Glob   string // of an Export: its files must all have been read

	l *loaded
}

func (fn *finishFn) Setup(ctx context.Context) error {
	var err error
	fn.l, err = fn.Config.load(ctx)
	return err
}

func (fn *finishFn) ProcessElement(ctx context.Context, _ []byte, files func(*shardFile) bool, counts func(*Counts) bool, rejects func(*Reject) bool, read func(*fileMark) bool) error {
	total, err := merge(counts)
	if err != nil {
		return err
	}
	if err := fn.allRead(ctx, read, total.RowsIn); err != nil {
		return err
	}
	if len(total.Fields) == 0 { // no record: the policy's fields, all zero
		total = countsOf(fn.l.t.NewTally().Stats())
	}
	if len(total.Headers) > 1 {
		return errHeaders
	}
	written := make([]bool, fn.Sink.Shards)
	var sf shardFile
	var rows int64
	for files(&sf) {
		written[sf.Shard] = true
		rows += sf.Rows
	}
	if rows != total.RowsOut {
		return fmt.Errorf("piikit/beam: %d records written, %d counted: not writing a manifest", rows, total.RowsOut)
	}
	fs, err := filesystem.New(ctx, fn.Sink.Prefix)
	if err != nil {
		return err
	}
	defer fs.Close()
	for i, ok := range written {
		if ok {
			continue
		}
		var head []byte
		if i == 0 {
			if head, err = header(fn.Sink.Format, slicesIter([]Counts{total})); err != nil {
				return err
			}
		}
		if err := filesystem.Write(ctx, fs, temp(fn.Sink.shard(i)), head); err != nil {
			return err
		}
	}
	sum, err := fn.hashShards(ctx, fs)
	if err != nil {
		return err
	}
	stats := total.stats()
	stats.OutputSHA256 = sum
	m := records.NewManifest(fn.l.policy, stats, fn.Sink.Format, Version)
	if err := m.SetMAC(fn.l.keys); err != nil {
		return err
	}
	if err := fn.writeRejects(ctx, fs, rejects, total.Rejected); err != nil {
		return err
	}
	// An output without a manifest is not known to be complete: the old
	// manifest goes first, the new one last.
	if err := remove(ctx, fs, fn.Sink.ManifestPath()); err != nil {
		return err
	}
	for i := range fn.Sink.Shards {
		if err := filesystem.Rename(ctx, fs, temp(fn.Sink.shard(i)), fn.Sink.shard(i)); err != nil {
			return err
		}
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return err
	}
	return writeAtomic(ctx, fs, fn.Sink.ManifestPath(), b.Bytes())
}

// hashShards returns the hex SHA-256 of the shards concatenated in order.
func (fn *finishFn) hashShards(ctx context.Context, fs filesystem.Interface) (string, error) {
	h := sha256.New()
	for i := range fn.Sink.Shards {
		r, err := fs.OpenRead(ctx, temp(fn.Sink.shard(i)))
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, r)
		r.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeRejects writes the rejected records, sorted by source and row, in
// the reject file format of `piikit export` with the source first; with
// none, it removes a reject file an earlier run left.
func (fn *finishFn) writeRejects(ctx context.Context, fs filesystem.Interface, rejects func(*Reject) bool, n int64) error {
	if n == 0 {
		return remove(ctx, fs, fn.Sink.RejectsPath())
	}
	var all []Reject
	var r Reject
	for rejects(&r) {
		all = append(all, r)
	}
	if int64(len(all)) != n {
		return fmt.Errorf("piikit/beam: %d rejects listed, %d counted", len(all), n)
	}
	slices.SortFunc(all, func(a, b Reject) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Row, b.Row))
	})
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"source", "row", "line", "field", "reason"})
	for _, r := range all {
		w.Write([]string{r.Source, strconv.FormatInt(r.Row, 10), strconv.FormatInt(r.Line, 10), r.Field, r.Reason})
	}
	w.Flush()
	return writeAtomic(ctx, fs, fn.Sink.RejectsPath(), b.Bytes())
}

// writeAtomic writes data to a temporary file and renames it to name.
func writeAtomic(ctx context.Context, fs filesystem.Interface, name string, data []byte) error {
	if err := filesystem.Write(ctx, fs, temp(name), data); err != nil {
		return err
	}
	return filesystem.Rename(ctx, fs, temp(name), name)
}

// remove removes name if it exists.
func remove(ctx context.Context, fs filesystem.Interface, name string) error {
	found, err := fs.List(ctx, name)
	if err != nil || len(found) == 0 {
		return err
	}
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("piikit/beam: cannot remove the previous run's %s on this filesystem", name)
	}
	return rm.Remove(ctx, name)
}

// slicesIter is an iterator over cs, as Beam gives a side input.
func slicesIter(cs []Counts) func(*Counts) bool {
	return func(c *Counts) bool {
		if len(cs) == 0 {
			return false
		}
		*c, cs = cs[0], cs[1:]
		return true
	}
}

// errIncomplete: a run's output would not hold all of its input.
var errIncomplete = errors.New("piikit/beam: not every input record was read and protected: not writing a manifest")

// allRead checks, for an Export, that every file its glob matches was
// read whole (read) and that the records read are those counted (rowsIn).
// A runner that goes on after a failed bundle (Beam's Prism may, with the
// failed bundle's outputs left out) would otherwise have this step write
// a manifest for the records that got through, or for an empty table.
func (fn *finishFn) allRead(ctx context.Context, read func(*fileMark) bool, rowsIn int64) error {
	if fn.Glob == "" {
		return nil
	}
	done := make(map[string]bool)
	var rows int64
	var m fileMark
	for read(&m) {
		done[m.Path] = true
		rows += m.Rows
	}
	fs, err := filesystem.New(ctx, fn.Glob)
	if err != nil {
		return err
	}
	defer fs.Close()
	matched, err := fs.List(ctx, fn.Glob)
	if err != nil {
		return err
	}
	for _, p := range matched {
		if !done[p] {
			return errIncomplete
		}
	}
	if len(matched) == 0 || len(done) != len(matched) || rows != rowsIn {
		return errIncomplete
	}
	return nil
}
