package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/internal/fileio"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

func init() {
	register(&command{
		name:    "demo",
		summary: "export synthetic users and messages tables with public test keys and show the result",
		run:     runDemo,
	})
}

const demoUsage = `Usage: piikit demo [--rows N] [--show N] [--out DIR] [--bench [--format csv|jsonl|parquet] [--table users|messages [--morphology=false]]]

Demo generates a table of made-up users (Japanese and Latin names, Japanese
phone numbers in mixed layouts, emails, My Numbers, user IDs), exports it with
the example policy examples/policies/users.yaml and shows a few rows before
and after. It then generates as many chat messages between these users
(Japanese and English, with their phones, emails, My Numbers, names and user IDs, and
card numbers) and exports them with examples/policies/messages.yaml, whose
text transform replaces each value inside a message by its users column's
output. It needs no setup and no network.

It uses piikit's PUBLIC TEST KEYSETS (keyset/keysettest): their keys are
published in piikit's repository, so what they protect is protected from
nobody. Never use them for real data; make your own with piikit keyset.

--out DIR also writes the policies (users.yaml, messages.yaml), the tables
(users.csv, messages.csv), their exports (users.pseudo.csv,
messages.pseudo.csv) and the exports' manifests to DIR.
--bench writes --rows rows to a temporary file, exports them to another,
and reports rows/s, CPU time per row and peak memory (the README's
measurement); --format jsonl or parquet measures the same table in JSON Lines
or Parquet; --table messages measures --rows messages (CSV) between at most
10,000 users, with the users' values known, and --morphology=false without
finding names by morphology.`

// demoPolicy is examples/policies/users.yaml (a test keeps them equal).
//
//go:embed demo_policy.yaml
var demoPolicy []byte

// maxDemoRows bounds --rows: without --bench the table and its export are
// held in memory (about 200 bytes a row).
const maxDemoRows = 10_000_000

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "demo", demoUsage)
	rows := fs.Int("rows", 1000, "how many users to generate, up to 10,000,000")
	show := fs.Int("show", 5, "how many rows to show before and after")
	outDir := fs.String("out", "", "also write the table, its export and manifest to this `directory`")
	bench := fs.Bool("bench", false, "measure the export of --rows rows: rows/s and peak memory")
	seed := fs.Uint64("seed", 1, "seed of the generator: the same seed gives the same table")
	workers := fs.Int("workers", 0, "records transformed in parallel, 1 to 256 (default: the number of CPUs)")
	format := fs.String("format", "csv", "the format --bench measures: csv, jsonl or parquet")
	benchTable := fs.String("table", "users", "the table --bench measures: users or messages")
	morphology := fs.Bool("morphology", true, "with --bench --table messages: find names by morphology too")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if *format != "csv" && *format != "jsonl" && *format != "parquet" {
		return usagef("--format must be csv, jsonl or parquet")
	}
	if *benchTable != "users" && *benchTable != "messages" || *benchTable == "messages" && *format != "csv" {
		return usagef("--table must be users or messages (messages in CSV)")
	}
	if *rows < 1 || *rows > maxDemoRows || *show < 0 {
		return usagef("--rows must be 1 to %d, --show not negative", maxDemoRows)
	}
	if err := checkWorkers(*workers); err != nil {
		return err
	}
	p, err := records.ParsePolicy(demoPolicy)
	if err != nil {
		return err
	}
	// Public fixture keys: see the warning printed below.
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	if err != nil {
		return err
	}
	t, err := records.New(p, keys)
	if err != nil {
		return err
	}
	if *bench {
		if *benchTable == "messages" {
			return demoBenchMessages(ctx, e, keys, *rows, *seed, *workers, *morphology)
		}
		return demoBench(ctx, e, t, keys, *format, *rows, *seed, *workers)
	}

	var table bytes.Buffer
	if err := synthetic.WriteCSV(&table, *rows, *seed); err != nil {
		return err
	}
	var exported, rejects bytes.Buffer
	job := &exportJob{t: t, keys: keys, format: "csv", in: bytes.NewReader(table.Bytes()), out: &exported, rejects: &rejects, workers: *workers}
	if err := job.run(ctx); err != nil {
		return err
	}

	w := e.stdout
	fmt.Fprintf(w, "piikit demo: %d made-up users, exported with examples/policies/users.yaml\n", *rows)
	fmt.Fprintln(w, "WARNING: this demo uses piikit's PUBLIC TEST KEYS (keyset/keysettest). Anything")
	fmt.Fprintln(w, "they protect is protected from nobody: never use them for real data.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Policy:")
	printPolicy(w, p)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Before (first %d rows of users.csv):\n", *show)
	printCSVHead(w, table.Bytes(), *show)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "After (users.pseudo.csv):\n")
	printCSVHead(w, exported.Bytes(), *show)
	fmt.Fprintln(w)
	printSummary(w, job, "")
	fmt.Fprintln(w)
	if err := printSurrogates(w, keys, csvHead(table.Bytes(), *show)); err != nil {
		return err
	}
	fmt.Fprintln(w, "The same user ID, email or name gives the same output in every row and every")
	fmt.Fprintln(w, "export with the same keys, domain and scope, so joins and counts still work.")
	fmt.Fprintln(w, "Masks keep scripts, layouts and formats; tokens (my_number) come back only")
	fmt.Fprintln(w, "through piikit reidentify, with a reason, for holders of the keyset.")
	fmt.Fprintln(w)
	var msgs bytes.Buffer
	if err := synthetic.WriteMessagesCSV(&msgs, *rows, *rows, *seed); err != nil {
		return err
	}
	mjob, msgsOut, err := demoMessages(ctx, w, keys, table.Bytes(), exported.Bytes(), msgs.Bytes(), *show, *workers)
	if err != nil {
		return err
	}
	if *outDir == "" {
		fmt.Fprintln(w, "\nWrite the files with piikit demo --out DIR; export your own table with piikit export.")
	}

	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			return err
		}
		files := []struct {
			name string
			data func(io.Writer) error
		}{
			{"users.yaml", func(w io.Writer) error { _, err := w.Write(demoPolicy); return err }},
			{"users.csv", func(w io.Writer) error { _, err := w.Write(table.Bytes()); return err }},
			{"users.pseudo.csv", func(w io.Writer) error { _, err := w.Write(exported.Bytes()); return err }},
			{"users.pseudo.csv.manifest.json", func(w io.Writer) error { _, err := job.manifest.WriteTo(w); return err }},
			{"messages.yaml", func(w io.Writer) error { _, err := w.Write(demoMessagesPolicy); return err }},
			{"messages.csv", func(w io.Writer) error { _, err := w.Write(msgs.Bytes()); return err }},
			{"messages.pseudo.csv", func(w io.Writer) error { _, err := w.Write(msgsOut); return err }},
			{"messages.pseudo.csv.manifest.json", func(w io.Writer) error { _, err := mjob.manifest.WriteTo(w); return err }},
		}
		for _, f := range files {
			if err := fileio.WriteFile(filepath.Join(*outDir, f.name), modePublic, f.data); err != nil {
				return err
			}
		}
		fmt.Fprintf(w, "\nWrote users.yaml and messages.yaml (the policies), users.csv, messages.csv, their exports\n(users.pseudo.csv, messages.pseudo.csv) and manifests to %s\n", *outDir)
	}
	return nil
}

// demoBench measures an export of rows rows from a file to a file, the way
// piikit export runs, and reports rows/s and the process's peak memory.
func demoBench(ctx context.Context, e *env, t *records.Transformer, keys *records.Keys, format string, rows int, seed uint64, workers int) error {
	write := map[string]func(io.Writer, int, uint64) error{
		"csv": synthetic.WriteCSV, "jsonl": synthetic.WriteJSONLines, "parquet": synthetic.WriteParquet,
	}[format]
	return benchExport(ctx, e, t, keys, format, "rows", workers, func(w io.Writer) error { return write(w, rows, seed) })
}

// benchUsers bounds the users whose values the messages' export knows in
// demo --bench --table messages: the known values stay the same as the
// messages grow, so that memory measures the stream.
const benchUsers = 10_000

// demoBenchMessages measures the export of rows messages between
// min(rows, benchUsers) users, the users' values known, names found by
// morphology or not.
func demoBenchMessages(ctx context.Context, e *env, keys *records.Keys, rows int, seed uint64, workers int, morphology bool) error {
	nUsers := min(rows, benchUsers)
	var users bytes.Buffer
	if err := synthetic.WriteCSV(&users, nUsers, seed); err != nil {
		return err
	}
	t, _, err := messagesTransformer(keys, users.Bytes(), morphology)
	if err != nil {
		return err
	}
	users = bytes.Buffer{}
	if morphology {
		names.Load() // not part of the measure
	}
	unit := "messages"
	if !morphology {
		unit = "messages (names known only, no morphology)"
	}
	return benchExport(ctx, e, t, keys, "csv", unit, workers, func(w io.Writer) error { return synthetic.WriteMessagesCSV(w, rows, nUsers, seed) })
}

// benchExport writes a table with write to a temporary file, exports it
// to another with t the way piikit export runs, and reports records
// (unit) per second, CPU time per record and the process's peak memory.
func benchExport(ctx context.Context, e *env, t *records.Transformer, keys *records.Keys, format, unit string, workers int, write func(io.Writer) error) error {
	dir, err := os.MkdirTemp("", "piikit-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	inPath := filepath.Join(dir, "in."+format)
	if err := fileio.WriteFile(inPath, modePublic, func(w io.Writer) error {
		bw := bufferedWriter(w)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}); err != nil {
		return err
	}
	fi, err := os.Stat(inPath)
	if err != nil {
		return err
	}
	in, err := os.Open(inPath)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := fileio.Create(filepath.Join(dir, "out."+format), modePublic)
	if err != nil {
		return err
	}
	defer out.Abort()
	bw := bufferedWriter(out)
	job := &exportJob{t: t, keys: keys, format: format, in: in, size: fi.Size(), out: bw, rejects: io.Discard, workers: workers}
	cpu0 := processUsage().cpu
	start := time.Now()
	if err := job.run(ctx); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	elapsed := time.Since(start)
	usage := processUsage()
	n := float64(job.stats.RowsOut)
	rss := "not reported here"
	if usage.peakRSS > 0 {
		rss = fmt.Sprintf("%d MB", usage.peakRSS>>20)
	}
	word, _, _ := strings.Cut(unit, " ")
	fmt.Fprintf(e.stdout, "piikit demo --bench: %s %s (%.1f MB) exported in %.2fs: %s %s/s, %d workers, peak RSS %s\n",
		groupDigits(job.stats.RowsOut), unit, float64(fi.Size())/1e6, elapsed.Seconds(),
		groupDigits(int64(n/elapsed.Seconds())), word, effectiveWorkers(workers), rss)
	// On a shared machine wall time depends on the neighbours; CPU time
	// per row does not, and bounds what the cores can do.
	if cpu := usage.cpu - cpu0; cpu > 0 && n > 0 {
		fmt.Fprintf(e.stdout, "piikit demo --bench: CPU %.2fs, %.1f µs per %s: %s %s per CPU-second\n",
			cpu.Seconds(), cpu.Seconds()/n*1e6, strings.TrimSuffix(word, "s"), groupDigits(int64(n/cpu.Seconds())), word)
	}
	if job.stats.Rejected > 0 {
		fmt.Fprintf(e.stdout, "piikit demo --bench: %s %s rejected\n", groupDigits(job.stats.Rejected), word)
	}
	return nil
}

// resourceUsage is what the operating system reports of this process, in
// rusage_*.go: zero where a platform does not report a figure.
type resourceUsage struct {
	cpu     time.Duration // user and system CPU time so far
	peakRSS int64         // peak resident set size, in bytes
}

// printPolicy lists a policy's fields, one per line.
func printPolicy(w io.Writer, p *records.Policy) {
	var rows [][]string
	for _, f := range p.Fields {
		rows = append(rows, []string{f.Name, string(f.Transform), string(f.Kind), f.Domain})
		for _, en := range f.Entities {
			rows = append(rows, []string{"  " + en.Name, string(en.Transform), "", en.Domain})
		}
	}
	printTable(w, rows)
}

// printCSVHead prints the header and first n records of a CSV table, long
// cells (tokens) cut to fit a terminal.
func printCSVHead(w io.Writer, data []byte, n int) {
	rows := csvHead(data, n)
	for _, rec := range rows {
		for i, c := range rec {
			if !strings.Contains(c, "@") { // emails stay whole: their domain is the point
				rec[i] = shorten(c, 30)
			}
		}
	}
	printTable(w, rows)
}

// csvHead returns the header and first n records of a CSV table the demo
// made, read no further (up to the first that does not parse).
func csvHead(data []byte, n int) [][]string {
	r := csv.NewReader(bytes.NewReader(data))
	var rows [][]string
	for len(rows) <= n {
		rec, err := r.Read()
		if err != nil {
			break
		}
		rows = append(rows, rec)
	}
	return rows
}

// shorten cuts s to at most width terminal cells, ending it with "…", between
// characters (grapheme clusters), never inside one.
func shorten(s string, width int) string {
	if displayWidth(s) <= width {
		return s
	}
	n, end := 0, 0
	for rest, state := s, -1; rest != ""; {
		var g string
		g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if n += clusterWidth(g); n > width-1 {
			break
		}
		end += len(g)
	}
	return s[:end] + "…"
}

// surrogatePolicy shows realistic surrogates, the kana tied to the name.
const surrogatePolicy = `version: 1
unnamed: drop
fields:
  name:      {transform: surrogate, kind: name, domain: users.name}
  name_kana: {transform: surrogate, kind: name, domain: users.name, reading_of: name}
`

// printSurrogates shows the names and readings of users, the header and
// first rows of the users table, under surrogatePolicy.
func printSurrogates(w io.Writer, keys *records.Keys, users [][]string) error {
	p, err := records.ParsePolicy([]byte(surrogatePolicy))
	if err != nil {
		return err
	}
	t, err := records.New(p, keys)
	if err != nil {
		return err
	}
	rows := [][]string{{"name", "name_kana", "", "surrogate", "reading_of: name"}}
	for _, rec := range users[min(1, len(users)):] {
		out, err := t.Map(map[string]any{"name": rec[1], "name_kana": rec[2]})
		if errors.Is(err, records.ErrValue) { // a Latin name has no kana reading to tie
			out, err = t.Map(map[string]any{"name": rec[1], "name_kana": ""})
			out["name_kana"] = "(no tie)"
		}
		if err != nil {
			return err
		}
		rows = append(rows, []string{rec[1], rec[2], "→", out["name"].(string), out["name_kana"].(string)})
	}
	fmt.Fprintln(w, "Or realistic names (transform: surrogate; name_kana with reading_of: name):")
	printTable(w, rows)
	fmt.Fprintln(w)
	return nil
}

// printTable aligns columns by their width on a terminal (see
// displayWidth).
func printTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// displayWidth returns the terminal cells s takes: uniseg's width of each
// grapheme cluster (East Asian wide and full-width characters and emoji take
// two cells, combining marks none; UAX #11, UTS #51), see clusterWidth.
func displayWidth(s string) int {
	n := 0
	for state := -1; s != ""; {
		var g string
		g, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		n += clusterWidth(g)
	}
	return n
}

// clusterWidth is uniseg's width of the grapheme cluster g, plus a cell for
// each half-width katakana (semi-)voiced sound mark (U+FF9E, U+FF9F) after
// its first character: UAX #29 makes these letters Grapheme_Extend, so
// "ﾀﾞ" is one cluster that uniseg v0.4.7 counts as one cell, but a terminal
// gives each its own half-width cell (microsoft/terminal#18087).
func clusterWidth(g string) int {
	_, first := utf8.DecodeRuneInString(g)
	marks := strings.Count(g[first:], "\uFF9E") + strings.Count(g[first:], "\uFF9F")
	return uniseg.StringWidth(g) + marks
}

func effectiveWorkers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

func bufferedWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 256<<10) }
