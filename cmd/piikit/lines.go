package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// maxLineLen is the longest input line read; longer lines are reported and
// skipped. It leaves room for the longest token of a normalize.MaxLen value.
const maxLineLen = 8 << 10

// revealBatch is how many lines detoken and unmask read per audit event.
const revealBatch = 4096

// errLineTooLong reports an input line longer than maxLineLen.
var errLineTooLong = errors.New("line too long")

// lineReason is the stderr text for a line that failed: the error's
// message, which never holds the value. It is never empty.
func lineReason(err error) string {
	if r := oneLine(err.Error()); r != "" {
		return r
	}
	return "invalid line"
}

// openLines opens --in, or stdin when it is empty or "-".
func openLines(e *env, path string) (io.Reader, func(), error) {
	if path == "" {
		path = "-"
	}
	r, _, closeIn, err := openInput(e, path)
	return r, closeIn, err
}

// readLines calls fn for every line of r, numbered from 1, without its line
// ending ("\n" or "\r\n"). A line longer than maxLineLen is passed with
// errLineTooLong and without its content. fn's error stops the reading.
func readLines(ctx context.Context, r io.Reader, fn func(n int, line []byte, err error) error) error {
	br := bufio.NewReaderSize(r, maxLineLen+2)
	for n := 1; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line, err := br.ReadSlice('\n')
		var lineErr error
		if errors.Is(err, bufio.ErrBufferFull) {
			lineErr = errLineTooLong
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			line = nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		if err == io.EOF && len(line) == 0 && lineErr == nil {
			return nil
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > maxLineLen {
			lineErr, line = errLineTooLong, nil
		}
		if ferr := fn(n, line, lineErr); ferr != nil {
			return ferr
		}
		if err == io.EOF {
			return nil
		}
	}
}

// mapLines runs a command that turns each line of --in (path) or stdin into
// one line of stdout (token, mask): fn appends the output of a line to dst.
// A line that fails (fn's error, or too long) gets an empty output line and
// is reported on stderr as "line N: <reason>", never with its content. It
// returns how many lines were read and how many failed.
func mapLines(ctx context.Context, e *env, path string, fn func(dst []byte, line string) ([]byte, error)) (lines, failed int, err error) {
	src, closeIn, err := openLines(e, path)
	if err != nil {
		return 0, 0, err
	}
	defer closeIn()
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	var buf []byte
	err = readLines(ctx, src, func(n int, line []byte, lineErr error) error {
		lines++
		if lineErr == nil {
			buf, lineErr = fn(buf[:0], string(line))
		}
		if lineErr != nil {
			failed++
			fmt.Fprintf(e.stderr, "line %d: %s\n", n, lineReason(lineErr))
			buf = buf[:0] // never a part of an output
		}
		buf = append(buf, '\n')
		_, err := out.Write(buf)
		return err
	})
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return lines, failed, err
}

// finishLines is the end of a command that writes one line per input line:
// err (the run's), or if lines failed, "F of N lines could not be <done>".
func finishLines(err error, failed, lines int, done string) error {
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d lines could not be %s", failed, lines, done)
	}
	return nil
}

// A revealer turns lines (tokens, masks) back into values for detoken and
// unmask.
type revealer struct {
	// check, if set, refuses a line before its batch is audited: the line
	// is reported with the error's message and never revealed.
	check func(line string) error
	// reveal audits a batch of lines and returns their values, in order. A
	// line it cannot reveal is listed in invalid (by index in lines) and
	// reported with invalidReason. An error means nothing was revealed
	// (the audit failed).
	reveal        func(lines []string) (values []string, invalid []int, err error)
	invalidReason string
}

// checkRevealFiles refuses an --audit-log that is the input, the keyset or
// the KEK file of a command that reveals lines (detoken, unmask).
func checkRevealFiles(in string, ks *keysetSource, af *auditFlags) error {
	var files runFiles
	files.input("--in", in)
	ks.files(&files)
	af.files(&files)
	return files.check()
}

// revealLines runs a command that reveals values (detoken, unmask): it
// reads the lines of --in (path) or stdin, reveals them with r as
// revealBatches does, writes them to stdout and ends as finishLines does
// ("F of N lines could not be <done>").
func revealLines(ctx context.Context, e *env, path, done string, r revealer) error {
	src, closeIn, err := openLines(e, path)
	if err != nil {
		return err
	}
	defer closeIn()
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	lines, failed, err := revealBatches(ctx, e, src, out, r)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return finishLines(err, failed, lines, done)
}

// revealBatches reads src in batches of revealBatch lines and reveals the
// good lines of each batch with one call to r.reveal (one audit event). It
// writes one line to out per input line, in order: the value, or an empty
// line for a line that failed, reported on stderr as "line N: <reason>"
// (never with its content). It returns how many lines were read and how many
// failed; an error of r.reveal stops it before anything of that batch is
// written.
func revealBatches(ctx context.Context, e *env, src io.Reader, out *bufio.Writer, r revealer) (lines, failed int, err error) {
	var (
		first   = 1      // number of the batch's first line
		reasons []string // per line of the batch: why it failed (lineReason, never ""), or "" to reveal it
		todo    []string // the lines to reveal, in order
	)
	flush := func() error {
		var values []string
		invalid := make([]bool, len(todo))
		if len(todo) > 0 {
			var idx []int
			var err error
			if values, idx, err = r.reveal(todo); err != nil {
				return err // nothing revealed
			}
			for _, i := range idx {
				invalid[i] = true
			}
		}
		next := 0
		for i, reason := range reasons {
			if reason == "" {
				j := next
				next++
				if !invalid[j] {
					out.WriteString(values[j])
					out.WriteByte('\n')
					continue
				}
				reason = r.invalidReason
			}
			failed++
			fmt.Fprintf(e.stderr, "line %d: %s\n", first+i, reason)
			out.WriteByte('\n')
		}
		clear(values)
		clear(todo)
		first += len(reasons)
		reasons, todo = reasons[:0], todo[:0]
		return nil
	}
	err = readLines(ctx, src, func(n int, line []byte, lineErr error) error {
		lines = n
		if lineErr == nil && r.check != nil {
			lineErr = r.check(string(line))
		}
		if lineErr != nil {
			reasons = append(reasons, lineReason(lineErr))
		} else {
			reasons = append(reasons, "")
			todo = append(todo, string(line))
		}
		if len(reasons) >= revealBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return lines, failed, err
}
