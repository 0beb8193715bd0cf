package display

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestGraphemeBreakTest runs Unicode's own grapheme cluster break tests
// (testdata/GraphemeBreakTest-15.0.0.txt, see its header for the source)
// through firstGrapheme, the segmentation display masks use: every line's
// string must split exactly where the line says.
func TestGraphemeBreakTest(t *testing.T) {
	f, err := os.Open("testdata/GraphemeBreakTest-15.0.0.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, failed := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		data, comment, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(data) == "" {
			continue
		}
		lines++
		var s strings.Builder
		var want []string
		for _, cluster := range strings.Split(strings.Trim(strings.TrimSpace(data), "÷ "), "÷") {
			var g strings.Builder
			for _, cp := range strings.Split(cluster, "×") {
				r, err := strconv.ParseUint(strings.TrimSpace(cp), 16, 32)
				if err != nil {
					t.Fatalf("line %q: %v", data, err)
				}
				g.WriteRune(rune(r))
			}
			want = append(want, g.String())
			s.WriteString(g.String())
		}
		var got []string
		for rest := s.String(); rest != ""; {
			n := firstGrapheme(rest)
			got = append(got, rest[:n])
			rest = rest[n:]
		}
		if !slices.Equal(got, want) {
			failed++
			t.Errorf("%s: got %+q, want %+q (%s)", strings.TrimSpace(data), got, want, strings.TrimSpace(comment))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if lines != 602 {
		t.Fatalf("read %d test lines, want 602", lines)
	}
	if failed > 0 {
		t.Errorf("%d of %d lines fail", failed, lines)
	}
}
