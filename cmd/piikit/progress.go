package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress reports how a long run goes on stderr: a bar redrawn in place on
// a terminal (rows, rows/s, ETA when the input size is known), a plain line
// every plainEvery otherwise. It is called from a single goroutine.
type progress struct {
	w     io.Writer
	tty   bool
	label string
	total int64 // input bytes, 0 if unknown
	start time.Time
	last  time.Time
	now   func() time.Time
	drawn bool
}

// Redraw and plain-line intervals.
var (
	ttyEvery   = 100 * time.Millisecond
	plainEvery = 5 * time.Second
)

func newProgress(w io.Writer, tty bool, label string, total int64) *progress {
	p := &progress{w: w, tty: tty, label: label, total: total, now: time.Now}
	p.start = p.now()
	p.last = p.start
	return p
}

// update is the StreamOptions.Progress callback.
func (p *progress) update(rows, bytes int64) {
	if p == nil {
		return
	}
	now := p.now()
	every := plainEvery
	if p.tty {
		every = ttyEvery
	}
	if now.Sub(p.last) < every {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(rows) / elapsed
	}
	if !p.tty {
		fmt.Fprintf(p.w, "%s: %s rows, %s rows/s\n", p.label, groupDigits(rows), groupDigits(int64(rate)))
		return
	}
	var b strings.Builder
	b.WriteString("\r\x1b[K")
	if p.total > 0 && bytes > 0 {
		frac := min(float64(bytes)/float64(p.total), 1)
		const width = 24
		fill := int(frac * width)
		fmt.Fprintf(&b, "[%s%s] %3.0f%%  ", strings.Repeat("█", fill), strings.Repeat("░", width-fill), frac*100)
		fmt.Fprintf(&b, "%s rows  %s rows/s", groupDigits(rows), groupDigits(int64(rate)))
		if frac > 0 {
			eta := time.Duration(elapsed*(1-frac)/frac) * time.Second
			fmt.Fprintf(&b, "  ETA %s", eta.Round(time.Second))
		}
	} else {
		fmt.Fprintf(&b, "%s: %s rows  %s rows/s", p.label, groupDigits(rows), groupDigits(int64(rate)))
	}
	io.WriteString(p.w, b.String())
	p.drawn = true
}

// finish clears the bar so that the summary starts on a clean line.
func (p *progress) finish() {
	if p != nil && p.tty && p.drawn {
		io.WriteString(p.w, "\r\x1b[K")
	}
}

// groupDigits writes n with thousands separators: 1234567 → 1,234,567.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
