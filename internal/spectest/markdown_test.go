package spectest

// The Markdown side of the vectors: SPEC.md's tables, read so that a test
// can check they hold what testdata/vectors holds.
//
// A table starts on the line after a `<!-- vectors: NAME -->` marker: a header
// row, a separator row, then one row per vector. Each cell is read verbatim
// from between backquotes (an empty pair is the empty string); a cell without
// backquotes is trimmed of spaces.

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// markdownTable returns the rows of the SPEC.md table named name, each a map
// from column header to cell. It fails the test if the table is missing or
// empty.
func markdownTable(t testing.TB, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(specPath())
	if err != nil {
		t.Fatalf("spectest: %v", err)
	}
	defer f.Close()

	marker := "<!-- vectors: " + name + " -->"
	var header []string
	var rows []map[string]string
	inTable := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == marker:
			inTable = true
		case !inTable:
		case !strings.HasPrefix(line, "|"):
			if header != nil {
				inTable = false
			}
		case header == nil:
			header = cells(line)
		case strings.HasPrefix(line, "|---") || strings.HasPrefix(line, "| ---"):
		default:
			c := cells(line)
			if len(c) != len(header) {
				t.Fatalf("spectest: table %q: row has %d cells, header %d: %s", name, len(c), len(header), line)
			}
			row := make(map[string]string, len(c))
			for i, h := range header {
				row[h] = c[i]
			}
			rows = append(rows, row)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("spectest: %v", err)
	}
	if len(rows) == 0 {
		t.Fatalf("spectest: SPEC.md has no vectors table %q", name)
	}
	return rows
}

func cells(line string) []string {
	line = strings.TrimPrefix(strings.TrimSuffix(line, "|"), "|")
	var out []string
	for _, c := range splitCells(line) {
		c = strings.TrimSpace(c)
		if len(c) >= 2 && strings.HasPrefix(c, "`") && strings.HasSuffix(c, "`") {
			c = c[1 : len(c)-1]
		}
		out = append(out, c)
	}
	return out
}

// splitCells splits on '|' outside backquotes, so a cell may hold '|'.
func splitCells(s string) []string {
	var out []string
	var cur strings.Builder
	inCode := false
	for _, r := range s {
		switch {
		case r == '`':
			inCode = !inCode
			cur.WriteRune(r)
		case r == '|' && !inCode:
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	return append(out, cur.String())
}

func specPath() string {
	return filepath.Join(repoRoot(), "SPEC.md")
}
