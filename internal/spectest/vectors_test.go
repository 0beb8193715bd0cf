package spectest

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestVectorsMatchSpec checks that every file of testdata/vectors holds the
// vectors of its SPEC.md table, no more, no less, in the same order, and that
// every table has its file: the two never drift apart.
func TestVectorsMatchSpec(t *testing.T) {
	var checked []string
	check := func(name string, ok bool) {
		require.True(t, ok, name)
		checked = append(checked, name)
	}
	check(checkSet[KeysetAD](t))
	check(checkSet[KeysetEncrypted](t))
	check(checkSet[Derive](t))
	check(checkSet[Normalize](t))
	check(checkSet[PseudonymSteps](t))
	check(checkSet[Pseudonym](t))
	check(checkSet[Token](t))
	check(checkSet[MaskTweak](t))
	check(checkSet[Mask](t))
	check(checkSet[Surrogate](t))
	check(checkSet[Display](t))
	check(checkSet[PolicyHash](t))
	check(checkSet[ManifestMAC](t))
	check(checkSet[Export](t))
	slices.Sort(checked)

	spec, err := os.ReadFile(specPath())
	require.NoError(t, err)
	var tables []string
	for _, m := range regexp.MustCompile(`(?m)^<!-- vectors: (\S+) -->$`).FindAllSubmatch(spec, -1) {
		tables = append(tables, string(m[1]))
	}
	slices.Sort(tables)
	require.Equal(t, checked, tables, "SPEC.md's vector tables and the sets checked here")

	files, err := filepath.Glob(filepath.Join(repoRoot(), "testdata", "vectors", "*.json"))
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	slices.Sort(names)
	require.Equal(t, checked, names, "the files of testdata/vectors and the sets checked here")
}

// checkSet checks V's file against its SPEC.md table.
func checkSet[V Vector](t *testing.T) (string, bool) {
	var zero V
	name := zero.SetName()
	return name, t.Run(name, func(t *testing.T) {
		s := Load[V](t)
		require.Equal(t, documentedFields(reflect.TypeOf(zero)), slices.Sorted(maps.Keys(s.Fields)),
			"fields documents each field of a vector")
		for k, doc := range s.Fields {
			require.NotEmpty(t, doc, k)
		}
		require.NotEmpty(t, s.Spec)
		require.NotEmpty(t, s.Description)

		rows := markdownTable(t, name)
		if name == "pseudonym-steps" {
			rows = transpose(t, rows)
		}
		want := fromMarkdown[V](t, rows)
		require.Len(t, s.Vectors, len(want))
		for i := range want {
			keepUntabled(&want[i], s.Vectors[i])
			require.Equal(t, want[i], s.Vectors[i], "vector %d: SPEC.md's table, then the JSON", i)
		}
	})
}

// TestExportPolicyMatchesSpec: the export set's policy is the one SPEC.md
// §7.6 shows (an indented block).
func TestExportPolicyMatchesSpec(t *testing.T) {
	s := Load[Export](t)
	spec, err := os.ReadFile(specPath())
	require.NoError(t, err)
	require.NotEmpty(t, s.Policy)
	var block strings.Builder
	for line := range strings.Lines(s.Policy) {
		block.WriteString("    " + line)
	}
	require.Contains(t, string(spec), "\n\n"+block.String()+"\n")
}

// TestMarkdownCells: how the Markdown tables write each kind of cell.
func TestMarkdownCells(t *testing.T) {
	require.Equal(t, map[string]any{"pattern": "ID[0-9]{10}", "check-scheme": "luhn", "masked-domain": true},
		cellValue(t, "pattern=ID[0-9]{10}; check-scheme=luhn; masked-domain", "options", reflect.TypeOf(map[string]any{})).Interface())
	require.Equal(t, []int{0, 4}, cellValue(t, "0,4", "pair", reflect.TypeOf([]int{})).Interface())
	require.Equal(t, "a\u3000b", cellValue(t, `"a\u3000b"`, "json", reflect.TypeOf("")).Interface())
	require.Equal(t, false, cellValue(t, "no", "yesno", reflect.TypeOf(true)).Interface())
	require.Equal(t, 16, cellValue(t, "16", "int", reflect.TypeOf(0)).Interface())
}

// documentedFields are the JSON names of a vector type's fields, sorted.
func documentedFields(typ reflect.Type) []string {
	var out []string
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// transpose reads a table of `step | value` rows as one vector.
func transpose(t *testing.T, rows []map[string]string) []map[string]string {
	t.Helper()
	one := map[string]string{}
	for _, r := range rows {
		require.Len(t, r, 2)
		one[r["step"]] = r["value"]
	}
	return []map[string]string{one}
}

// keepUntabled copies into want the fields of got that SPEC.md does not
// tabulate (md:"-"); the golden tests check them by what they compute.
func keepUntabled[V Vector](want *V, got V) {
	w := reflect.ValueOf(want).Elem()
	g := reflect.ValueOf(got)
	for i := range w.NumField() {
		if w.Type().Field(i).Tag.Get("md") == "-" {
			w.Field(i).Set(g.Field(i))
		}
	}
}

// fromMarkdown reads each row of a SPEC.md table as a V, by V's md tags. It
// fails if a column is missing or not read.
func fromMarkdown[V Vector](t *testing.T, rows []map[string]string) []V {
	t.Helper()
	out := make([]V, len(rows))
	for i, row := range rows {
		v := reflect.ValueOf(&out[i]).Elem()
		read := 0
		for j := range v.NumField() {
			f := v.Type().Field(j)
			header, enc, _ := strings.Cut(f.Tag.Get("md"), ",")
			if header == "-" {
				continue
			}
			require.NotEmpty(t, header, "field %s has no md tag", f.Name)
			cell, ok := row[header]
			require.True(t, ok, "no column %q", header)
			v.Field(j).Set(cellValue(t, cell, enc, f.Type))
			read++
		}
		require.Equal(t, len(row), read, "a column of row %d is not in the JSON: %v", i, row)
	}
	return out
}

// cellValue is a cell written as enc (see [Vector]) as a value of typ.
func cellValue(t *testing.T, cell, enc string, typ reflect.Type) reflect.Value {
	t.Helper()
	var v any
	switch enc {
	case "":
		v = cell
	case "json":
		var s string
		require.NoError(t, json.Unmarshal([]byte(cell), &s), cell)
		v = s
	case "int":
		n, err := strconv.Atoi(cell)
		require.NoError(t, err)
		v = n
	case "yesno":
		require.Contains(t, []string{"yes", "no"}, cell)
		v = cell == "yes"
	case "options":
		var m map[string]any
		for o := range strings.SplitSeq(cell, "; ") {
			if o == "" {
				continue
			}
			if m == nil {
				m = map[string]any{}
			}
			if name, val, ok := strings.Cut(o, "="); ok {
				m[name] = val
			} else {
				m[name] = true
			}
		}
		v = m
	case "pair":
		var p []int
		if cell != "" {
			a, b, ok := strings.Cut(cell, ",")
			require.True(t, ok, cell)
			first, err := strconv.Atoi(a)
			require.NoError(t, err)
			last, err := strconv.Atoi(b)
			require.NoError(t, err)
			p = []int{first, last}
		}
		v = p
	default:
		t.Fatalf("unknown cell encoding %q", enc)
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return reflect.Zero(typ)
	}
	require.Equal(t, typ, rv.Type())
	return rv
}
