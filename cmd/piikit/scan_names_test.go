package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Scan never prints a column name or key that is a personal value, in
// whatever layout the finders read only whole.
func TestScanHidesValueNames(t *testing.T) {
	dir := t.TempDir()
	for i, key := range []string{
		"taro.yamada@example.co.jp", "090.1234.5678", "090-1234-5678", "+81.90.1234.5678", "4111.1111.1111.1111",
	} {
		for _, format := range []string{"jsonl", "csv"} {
			var data string
			if format == "jsonl" {
				data = `{"id":"1","` + key + `":"x"}` + "\n"
			} else {
				data = "id,\"" + key + "\"\n1,x\n"
			}
			path := filepath.Join(dir, "in"+string(rune('a'+i))+"."+format)
			if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"scan", "--names=false", "--in", path}, {"scan", "--names=false", "--json", "--in", path}} {
				stdout, stderr, code := runPiikit(t, "", args...)
				for _, part := range []string{"yamada", "1234", "1111.1111"} {
					if strings.Contains(stdout+stderr, part) {
						t.Errorf("%s %q (exit %d): printed: %s%s", format, key, code, stdout, stderr)
					}
				}
			}
		}
	}
}
