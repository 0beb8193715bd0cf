package keysettest_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyTestsImportFixtures fails when non-test code of this module imports
// keysettest or records/recordstest (which uses it): its keys are public, so
// production code must never use them. The demo command, the examples and
// recordstest itself are the deliberate exceptions.
func TestOnlyTestsImportFixtures(t *testing.T) {
	const self = "github.com/piikit/piikit/keyset/keysettest"
	root := filepath.Join("..", "..")
	allowed := func(rel string) bool {
		return strings.HasPrefix(rel, "examples/") ||
			strings.HasPrefix(rel, "keyset/keysettest/") ||
			strings.HasPrefix(rel, "records/recordstest/") ||
			strings.HasPrefix(rel, "cmd/piikit/demo")
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if (p == self || p == "github.com/piikit/piikit/records/recordstest") && !allowed(rel) {
				t.Errorf("%s imports %s: fixture keys are public, use them only in tests", rel, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
