package records_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
)

// This file is the oracle of the promise records makes: no original value of
// a protected field appears in what an export writes (output, rejects, error
// message), in any layout, width or case. FuzzExportLeaks (leak_fuzz_test.go)
// drives it with generated policies and tables; TestExportLeaksNothing with
// hand-picked ones.

// A leakCase is one export to check: a policy, its input, and every value of
// the input with the rule that governs it.
type leakCase struct {
	policy *records.Policy
	json   bool
	input  []byte
	cells  []leakCell
	// revealed are texts an export may write by design: field names, kept
	// values, redaction values, prefixes.
	revealed []string
	// unnamedRows are the records (from 1) holding a field the policy does
	// not name, in order; for CSV, an unnamed column makes it {1}.
	unnamedRows []int64
}

// A leakCell is one value of the input (or an input key that is data).
type leakCell struct {
	value string
	rule  *records.Field // nil: not named by the policy
	// seed: made only of realistic personal data, so every secret of it is
	// looked for in error messages too (fuzz text may spell the words of
	// an error message by chance).
	seed bool
}

// leakFold is the comparison form of a text: NFKC, full case folding, NFKC.
func leakFold(s string) string {
	s = norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD"))
	return norm.NFKC.String(cases.Fold().String(s))
}

// leakJoiner reports the characters that join the parts of one value
// written in another layout (spaces, dashes, dots, brackets, middle dots):
// they are skipped, so "090-1234-5678" and "09012345678" compare equal.
func leakJoiner(r rune) bool {
	switch r {
	case '.', ',', '\'', '’', '・', '･', '·', '(', ')', '[', ']', '/', '+', '_', 'ー', '\u2212':
		return true
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Pd, unicode.Cf)
}

func leakLetter(r rune) bool { return unicode.In(r, unicode.L, unicode.N, unicode.M) }

// leakRuns splits the folded s into runs of letters, digits and marks.
// Joiners are skipped when join is set and break a run otherwise; any other
// character (a mask character, '@', a quote) breaks a run.
func leakRuns(s string, join bool) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range leakFold(s) {
		switch {
		case leakLetter(r):
			cur.WriteRune(r)
		case join && leakJoiner(r):
		default:
			flush()
		}
	}
	flush()
	return out
}

// splitRuns splits s into maximal runs of digits and of other characters.
func splitRuns(s string) (digits, others []string) {
	start := 0
	rs := []rune(s)
	for i := 1; i <= len(rs); i++ {
		if i == len(rs) || unicode.IsDigit(rs[i]) != unicode.IsDigit(rs[start]) {
			if unicode.IsDigit(rs[start]) {
				digits = append(digits, string(rs[start:i]))
			} else {
				others = append(others, string(rs[start:i]))
			}
			start = i
		}
	}
	return digits, others
}

// secretOK reports whether s is long and varied enough that finding it in an
// output is a leak, not chance. Display masks show runs of at most 4
// letters (reveal options are limited to first+last ≤ 4 for letters) and 6
// digits (a card's first 6), so minBase is 5 when the policy displays
// letters.
func secretOK(s string, minBase int) bool {
	rs := []rune(s)
	distinct := map[rune]bool{}
	base, ascii, digits := 0, true, true
	for _, r := range rs {
		distinct[r] = true
		if r >= utf8.RuneSelf {
			ascii = false
		}
		if !unicode.IsDigit(r) {
			digits = false
		}
		// Hangul jamo and marks join the character before them.
		if !unicode.Is(unicode.M, r) && !(0x1160 <= r && r <= 0x11FF) && !(0xD7B0 <= r && r <= 0xD7FF) {
			base++
		}
	}
	switch {
	case digits:
		return len(rs) >= 7 && len(distinct) >= 3 || len(rs) >= 12 && len(distinct) >= 2
	case ascii:
		return len(rs) >= 6 && len(distinct) >= 4
	}
	return base >= minBase && len(distinct) >= 2
}

// secretsOf lists the normalized pieces of v that must not be written: the
// whole value in every layout, its digit strings (a phone's national number
// without 0 or 81 before it), its words.
func secretsOf(v string, minBase int) []string {
	var out []string
	add := func(s string) {
		if secretOK(s, minBase) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, j := range leakRuns(v, true) {
		add(j)
		digits, others := splitRuns(j)
		for _, d := range digits {
			add(d)
			for _, p := range []string{"0", "81", "1"} {
				if len(d) >= 9 && strings.HasPrefix(d, p) {
					add(d[len(p):])
				}
			}
		}
		for _, o := range others {
			add(o)
		}
	}
	for _, w := range leakRuns(v, false) {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			add(w)
		}
	}
	return out
}

// emailDomain is the part of v after its last '@' when it is a domain name
// (which masks and display masks of emails show), else "".
func emailDomain(v string) string { return domainAfter(v, "@＠") }

// domainAfter is the part of v after the last of ats when it is a domain
// name, else "".
func domainAfter(v, ats string) string {
	at := strings.LastIndexAny(v, ats)
	if at < 0 {
		return ""
	}
	_, n := utf8.DecodeRuneInString(v[at:])
	d := strings.TrimSpace(v[at+n:])
	a, err := idna.Lookup.ToASCII(d)
	// One label is enough: masks keep "localhost" (tokenize refuses it).
	if err != nil || strings.Trim(a, ".") == "" {
		return ""
	}
	return d
}

type leakSecret struct {
	text   string // normalized
	field  string // policy field, or "(unnamed)"
	errors bool   // looked for in error messages and rejects too
}

// secrets lists what c's export must not write, without what the policy
// reveals by design.
func (c *leakCase) secrets() []leakSecret {
	minBase := 3
	for _, f := range c.policy.Fields {
		if f.Transform == records.Display && (f.Kind == kind.Name || f.Kind == kind.Email || f.Kind == kind.ID) {
			minBase = 5
		}
	}
	revealed := append([]string{"null", "true", "false", "row", "line", "field", "reason"}, c.revealed...)
	for _, f := range c.policy.Fields {
		revealed = append(revealed, f.Name, f.Value, f.Options["prefix"], f.Options["pattern"])
	}
	for _, cell := range c.cells {
		if cell.rule == nil {
			continue
		}
		switch {
		case cell.rule.Transform == records.Keep:
			revealed = append(revealed, cell.value)
		case cell.rule.Transform == records.Mask || cell.rule.Transform == records.Display:
			if cell.rule.Kind == kind.Email {
				revealed = append(revealed, emailDomain(cell.value))
			}
		}
	}
	var shown []string
	for _, r := range revealed {
		shown = append(shown, leakRuns(r, true)...)
	}
	var out []leakSecret
	for _, cell := range c.cells {
		field := "(unnamed)"
		if cell.rule != nil {
			if cell.rule.Transform == records.Keep {
				continue
			}
			field = cell.rule.Name
		}
		for _, s := range secretsOf(cell.value, minBase) {
			if slices.ContainsFunc(shown, func(r string) bool { return strings.Contains(r, s) }) {
				continue
			}
			ascii := true
			for _, r := range s {
				if r >= utf8.RuneSelf {
					ascii = false
				}
			}
			digits := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
			out = append(out, leakSecret{text: s, field: field, errors: cell.seed || !ascii || digits})
		}
	}
	return out
}

// texts decodes what an export wrote into its strings (CSV cells; JSON
// strings, numbers and keys), so that escapes and quoting hide nothing.
func texts(data []byte, isJSON bool) []string {
	if len(data) == 0 {
		return nil
	}
	if !isJSON {
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord, r.LazyQuotes = -1, true
		recs, err := r.ReadAll()
		if err != nil {
			return []string{string(data)}
		}
		var out []string
		for _, rec := range recs {
			out = append(out, rec...)
		}
		return out
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case json.Number:
			out = append(out, string(v))
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for k, x := range v {
				out = append(out, k)
				walk(x)
			}
		}
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			if len(bytes.TrimSpace(line)) > 0 {
				out = append(out, string(line))
			}
			continue
		}
		walk(v)
	}
	return out
}

// leakRun is what one export wrote.
type leakRun struct {
	out, rejects []byte
	err          error
}

func runExport(tr *records.Transformer, c *leakCase, workers int) leakRun {
	var out, rej bytes.Buffer
	opts := &records.StreamOptions{Workers: workers, Rejects: &rej}
	var err error
	if c.json {
		_, err = tr.JSONLines(context.Background(), bytes.NewReader(c.input), &out, opts)
	} else {
		_, err = tr.CSV(context.Background(), bytes.NewReader(c.input), &out, opts)
	}
	return leakRun{out.Bytes(), rej.Bytes(), err}
}

// leaks lists the secrets of c found in run, one line each, without values
// (they are test data, but the report says where and which field).
func (c *leakCase) leaks(secrets []leakSecret, run leakRun) map[string]bool {
	channels := []struct {
		name   string
		texts  []string
		errors bool
	}{
		{"output", texts(run.out, c.json), false},
		{"rejects", texts(run.rejects, false), true},
	}
	if run.err != nil {
		channels = append(channels, struct {
			name   string
			texts  []string
			errors bool
		}{"error", []string{run.err.Error()}, true})
	}
	found := map[string]bool{}
	for _, ch := range channels {
		var runs []string
		for _, t := range ch.texts {
			runs = append(runs, leakRuns(t, true)...)
		}
		for _, s := range c.secretsIn(secrets, ch.errors) {
			if slices.ContainsFunc(runs, func(r string) bool { return strings.Contains(r, s.text) }) {
				found[fmt.Sprintf("%s: field %s: %q", ch.name, s.field, s.text)] = true
			}
		}
	}
	return found
}

func (c *leakCase) secretsIn(all []leakSecret, errorText bool) []leakSecret {
	if !errorText {
		return all
	}
	var out []leakSecret
	for _, s := range all {
		if s.errors {
			out = append(out, s)
		}
	}
	return out
}

// withOnError is a copy of p with another on_error; twin is a copy whose
// keyed fields have other domains, so all their outputs change.
func withOnError(p *records.Policy, mode records.OnError, twin bool) *records.Policy {
	q := &records.Policy{Scope: p.Scope, Region: p.Region, Unnamed: p.Unnamed, OnError: mode, Fields: slices.Clone(p.Fields)}
	for i := range q.Fields {
		if twin && q.Fields[i].Domain != "" {
			q.Fields[i].Domain += ".twin"
		}
	}
	return q
}

// leakKeys are the fixture keysets, shared so that derived keys are cached.
var leakKeys = func() *records.Keys {
	k, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	if err != nil {
		panic(err)
	}
	return k
}()

// checkLeakCase runs c's export in both on_error modes and fails t if any
// secret of c is written, or if a field the policy does not name is not
// refused (unnamed: deny) or left out (unnamed: drop). It returns the runs.
func checkLeakCase(t *testing.T, c *leakCase, workers int) []leakRun {
	t.Helper()
	secrets := c.secrets()
	var runs []leakRun
	for _, mode := range []records.OnError{records.OnErrorStop, records.OnErrorReject} {
		tr, err := records.New(withOnError(c.policy, mode, false), leakKeys)
		if err != nil {
			if !errors.Is(err, records.ErrPolicy) {
				t.Fatalf("policy error is not ErrPolicy: %v", err)
			}
			return nil
		}
		run := runExport(tr, c, workers)
		runs = append(runs, run)
		if found := c.leaks(secrets, run); len(found) > 0 {
			// A keyed output (a mask, a pseudonym) may hold a secret by
			// chance. A leak does not depend on the key: it is there with
			// other domains too.
			twin, err := records.New(withOnError(c.policy, mode, true), leakKeys)
			if err != nil {
				t.Fatalf("twin policy: %v", err)
			}
			again := c.leaks(secrets, runExport(twin, c, workers))
			var list []string
			for k := range found {
				if again[k] {
					list = append(list, k)
				}
			}
			slices.Sort(list)
			if len(list) > 0 {
				t.Errorf("on_error %s: protected values written:\n  %s\nerror: %v", mode, strings.Join(list, "\n  "), run.err)
			}
		}
		if row := c.firstUnnamed(); row > 0 && c.policy.Unnamed != records.UnnamedDrop {
			if run.err == nil {
				t.Errorf("on_error %s: record %d has a field the policy does not name, and the export succeeded", mode, row)
			}
			if written := outputRecords(run.out, c.json); written >= row {
				t.Errorf("on_error %s: %d records written, though record %d has a field the policy does not name", mode, written, row)
			}
		}
	}
	return runs
}

// firstUnnamed is the first record with a field the policy does not name
// (even one rejected for a value: an unnamed field stops the export); 0 if
// none.
func (c *leakCase) firstUnnamed() int64 {
	if len(c.unnamedRows) == 0 {
		return 0
	}
	return c.unnamedRows[0]
}

// outputRecords counts the records of an output (the CSV header is not one).
func outputRecords(out []byte, isJSON bool) int64 {
	if isJSON {
		return int64(bytes.Count(out, []byte("\n")))
	}
	recs, _ := csv.NewReader(bytes.NewReader(out)).ReadAll()
	return int64(max(len(recs)-1, 0))
}

// tableCase builds a leakCase from a flat table; for JSON Lines a dotted
// column ("contact.email") becomes a nested object.
func tableCase(p *records.Policy, isJSON bool, header []string, rows [][]string) *leakCase {
	c := &leakCase{policy: p, json: isJSON}
	rules := map[string]*records.Field{}
	for i := range p.Fields {
		rules[p.Fields[i].Name] = &p.Fields[i]
	}
	for _, h := range header {
		if rules[h] == nil {
			c.unnamedRows = []int64{1}
			if !looksLikeColumn(h) {
				c.cells = append(c.cells, leakCell{value: h, seed: true})
			} else {
				c.revealed = append(c.revealed, h)
			}
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if !isJSON {
		w.Write(header)
	}
	for _, row := range rows {
		for i, v := range row {
			c.cells = append(c.cells, leakCell{value: v, rule: rules[header[i]], seed: true})
		}
		if !isJSON {
			w.Write(row)
			continue
		}
		obj := map[string]any{}
		for i, v := range row {
			parts := strings.Split(header[i], ".")
			m := obj
			for _, part := range parts[:len(parts)-1] {
				if m[part] == nil {
					m[part] = map[string]any{}
				}
				m = m[part].(map[string]any)
			}
			m[parts[len(parts)-1]] = v
		}
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(obj)
	}
	w.Flush()
	c.input = buf.Bytes()
	return c
}

// looksLikeColumn: a name made only of ASCII letters, digits, '_', '-', '.'
// is shown in errors by design (records' shownName); fixtures use only such
// names for columns that are not data.
func looksLikeColumn(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '_' || r == '-' || r == '.' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}) < 0
}

// leakValid are values of each kind that every transform accepts.
var leakValid = map[kind.Kind][]string{
	kind.Name:     {"山田 太郎", "ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", "Hanako Suzuki", "ＴＡＲＯ　ＹＡＭＡＤＡ", "やまだ はなこ", "O'Brien-Smith", "渡辺 美咲"},
	kind.Phone:    {"090-1234-5678", "+81 90-8765-4321", "０８０－２２３３－４４５５", "(03) 3456-7890", "07011112222", "+1 (201) 555-0123"},
	kind.Email:    {"taro.yamada@example.com", "Hanako.Suzuki+news@Example.co.jp", "kenta_1985@例え.jp", "misaki.watanabe@docomo.ne.jp"},
	kind.ID:       {"AB1234567", "TK7654321", "XY9081726"},
	kind.Card:     {"4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005", "3530111333300000"},
	kind.MyNumber: {"123456789018", "1234 5678 9018", "２３４５６７８９０１２１", "9876-5432-1093"},
}

var leakKinds = []kind.Kind{kind.Name, kind.Phone, kind.Email, kind.ID, kind.Card, kind.MyNumber}

// leakField is a policy field of kind k under transform t, with the options
// masks of ids need.
func leakField(name string, t records.Transform, k kind.Kind) records.Field {
	f := records.Field{Name: name, Transform: t}
	switch t {
	case records.Pseudonym, records.Token, records.Mask:
		f.Kind, f.Domain = k, "users."+name
	case records.Display:
		f.Kind = k
	}
	if t == records.Mask && k == kind.ID {
		f.Options = map[string]string{"pattern": "[A-Z]{2}[0-9]{7}"}
	}
	return f
}

// Every kind under every transform, in CSV and JSON Lines: the export
// succeeds and writes none of the values.
func TestExportLeaksNothing(t *testing.T) {
	for _, tf := range []records.Transform{records.Pseudonym, records.Token, records.Mask, records.Display, records.Redact, records.Drop} {
		for _, isJSON := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/json=%v", tf, isJSON), func(t *testing.T) {
				p := &records.Policy{Region: "JP", Scope: "acme"}
				var header []string
				for _, k := range leakKinds {
					name := string(k)
					if k == kind.Email {
						name = "contact.email"
					}
					header = append(header, name)
					p.Fields = append(p.Fields, leakField(name, tf, k))
				}
				header = append(header, "plan")
				p.Fields = append(p.Fields, records.Field{Name: "plan", Transform: records.Keep})
				var rows [][]string
				for i := range 8 {
					var row []string
					for _, k := range leakKinds {
						row = append(row, leakValid[k][i%len(leakValid[k])])
					}
					rows = append(rows, append(row, "premium"))
				}
				c := tableCase(p, isJSON, header, rows)
				for _, run := range checkLeakCase(t, c, 2) {
					if run.err != nil {
						t.Fatalf("export failed: %v", run.err)
					}
					if len(run.rejects) > 0 {
						t.Fatalf("rejects: %s", run.rejects)
					}
				}
			})
		}
	}
}

// A column the policy does not name stops the export (deny, the default) or
// is left out (drop); either way its values, and a header that is data, are
// never written.
func TestExportUnnamedLeaksNothing(t *testing.T) {
	for _, unnamed := range []records.Unnamed{records.UnnamedDeny, records.UnnamedDrop} {
		for _, isJSON := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/json=%v", unnamed, isJSON), func(t *testing.T) {
				p := &records.Policy{Region: "JP", Unnamed: unnamed, Fields: []records.Field{
					leakField("phone", records.Mask, kind.Phone), {Name: "plan", Transform: records.Keep},
				}}
				header := []string{"phone", "山田 太郎", "notes", "plan"}
				rows := [][]string{
					{"090-1234-5678", "Hanako Suzuki", "taro.yamada@example.com", "free"},
					{"03-3456-7890", "やまだ はなこ", "4111 1111 1111 1111", "pro"},
				}
				c := tableCase(p, isJSON, header, rows)
				for _, run := range checkLeakCase(t, c, 1) {
					if (run.err == nil) != (unnamed == records.UnnamedDrop) {
						t.Fatalf("unnamed %s: error %v", unnamed, run.err)
					}
					if unnamed == records.UnnamedDeny && !errors.Is(run.err, records.ErrUnnamedField) {
						t.Fatalf("error %v is not ErrUnnamedField", run.err)
					}
				}
			})
		}
	}
}

// The oracle finds values that are written, in another layout, width or
// case: an export that did nothing would be caught for every kind.
func TestLeakOracleFindsValues(t *testing.T) {
	for _, k := range leakKinds {
		for _, v := range leakValid[k] {
			p := &records.Policy{Fields: []records.Field{leakField("f", records.Mask, k)}}
			c := tableCase(p, false, []string{"f"}, [][]string{{v}})
			secrets := c.secrets()
			relaid := strings.ToUpper(norm.NFKC.String(strings.ReplaceAll(v, " ", "・")))
			for _, written := range []string{v, relaid} {
				var out bytes.Buffer
				w := csv.NewWriter(&out)
				w.Write([]string{"f"})
				w.Write([]string{written})
				w.Flush()
				if len(c.leaks(secrets, leakRun{out: out.Bytes()})) == 0 {
					t.Errorf("%s %q written as %q: not found", k, v, written)
				}
				if len(c.leaks(secrets, leakRun{err: fmt.Errorf("records: bad value %s", written)})) == 0 {
					t.Errorf("%s %q in an error: not found", k, v)
				}
			}
		}
	}
	// What the kind's display mask shows by design is not a leak.
	p := &records.Policy{Fields: []records.Field{leakField("f", records.Display, kind.Email)}}
	c := tableCase(p, false, []string{"f"}, [][]string{{"taro.yamada@example.com"}})
	if found := c.leaks(c.secrets(), leakRun{out: []byte("f\nt**********@example.com\n")}); len(found) > 0 {
		t.Errorf("display mask reported as a leak: %v", found)
	}
}
