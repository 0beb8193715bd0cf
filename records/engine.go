package records

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/kind"
)

// Errors of transformations; branch with errors.Is. None of them, nor any
// error of this package, holds a field's value.
var (
	// ErrUnnamedField: the input has a field the policy does not name, and the
	// policy denies unnamed fields.
	ErrUnnamedField = errors.New("records: field not named in the policy")
	// ErrMissingField: the policy names a CSV column the input does not have.
	ErrMissingField = errors.New("records: policy names a field the input does not have")
	// ErrValue: a value could not be transformed (it is not of its kind, it is
	// invalid UTF-8, too short, not a string). The value was not written.
	ErrValue = errors.New("records: value cannot be transformed")
	// ErrMalformed: the input is not well-formed CSV or JSON Lines, or not a
	// Parquet file piikit reads (damaged, or with nested columns to write).
	ErrMalformed = errors.New("records: malformed input")
)

// RowError is a problem with one record of a stream: where it is, which
// field, and why — never the value.
type RowError struct {
	Row   int64  // record number, from 1 (the CSV header is not a record)
	Line  int64  // line of the input where the record starts, from 1; 0 in Parquet
	Field string // empty when the whole record is at fault
	Err   error
}

func (e *RowError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "records: row %d", e.Row)
	if e.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ", field %q", e.Field)
	}
	fmt.Fprintf(&b, ": %s", bare(e.Err))
	return b.String()
}

// bare is err's message without this package's prefix, for nesting.
func bare(err error) string { return strings.TrimPrefix(err.Error(), "records: ") }

func (e *RowError) Unwrap() error { return e.Err }

// Reason is the reason of a rejected record as the reject file lists it:
// one line, without the package prefix, never a value.
func (e *RowError) Reason() string { return oneLine(bare(e.Err)) }

// fieldError is a value-level failure before the row is known.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string {
	return fmt.Sprintf("records: field %q: %s", e.field, bare(e.err))
}
func (e *fieldError) Unwrap() error { return e.err }

// inputFieldError is a fieldError about a field the input names and the
// policy does not: its name comes from the input, so it is shown only as
// shownName made it.
type inputFieldError struct {
	name string // from shownName
	err  error
}

func (e *inputFieldError) Error() string {
	return fmt.Sprintf("records: field %s: %s", e.name, bare(e.err))
}
func (e *inputFieldError) Unwrap() error { return e.err }

// keyError is about a JSON key the policy does not name. A key may be data
// (JSON often uses IDs or emails as keys), so it is never shown: the error
// names the object that holds it, whose path the policy names, and, in a
// JSON line, the key's position.
type keyError struct {
	parent string // path of the object holding the key; "" at the top
	key    string // never shown
	offset int    // of the key in its line, from 1; 0 if unknown
}

func (e *keyError) Error() string {
	var b strings.Builder
	b.WriteString("records: a key")
	if e.parent != "" {
		fmt.Fprintf(&b, " in %q", e.parent)
	}
	if e.offset > 0 {
		fmt.Fprintf(&b, " at byte %d of the line", e.offset)
	}
	fmt.Fprintf(&b, " (name not shown): %s", bare(ErrUnnamedField))
	return b.String()
}
func (e *keyError) Unwrap() error { return ErrUnnamedField }

// errUnnamedKey is returned by member for a key the policy does not name;
// object makes it a keyError.
var errUnnamedKey = errors.New("unnamed key")

// shownName is how an error names a column or field that comes from the
// input: quoted when it looks like a column name or a path of them (ASCII
// letters, digits, '_', '-', '.', at most 64 bytes, starting with a letter
// or '_'), otherwise by position ("column 3") or not at all, since an input
// "name" may be a person's data (a CSV without a header line, JSON that uses
// values as keys).
func shownName(name string, column int) string {
	if looksLikeName(name) {
		return strconv.Quote(name)
	}
	if column > 0 {
		return fmt.Sprintf("in column %d (name not shown)", column)
	}
	return "(name not shown)"
}

func looksLikeName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// valueTransform turns one value into its protected form (or back). The
// implementations bind tokenize and mask (bind.go) and the unkeyed rules
// below. They are safe for concurrent use and their errors hold no value.
type valueTransform interface {
	apply(value string) (string, error)
	// keyID is the ID of the key that makes new outputs, 0 if unkeyed.
	keyID() uint32
}

// shortReporter is a valueTransform that can replace a value too short for
// its reversible transform by an irreversible one (mask's
// AllowIrreversibleShort), and says when it did.
type shortReporter interface {
	applyShort(value string) (out string, irreversible bool, err error)
}

// appender is a valueTransform that appends its output to dst (and on
// error returns dst unchanged), so that a stream writes it where it goes,
// with no string per value. irreversible is as for shortReporter.
type appender interface {
	appendTo(dst []byte, v string) (out []byte, irreversible bool, err error)
}

// appenderOf is t as an appender: itself, or t through its string.
func appenderOf(t valueTransform) appender {
	switch t := t.(type) {
	case appender:
		return t
	case shortReporter:
		return shortAppender{t}
	}
	return stringAppender{t}
}

// plainOutput is a valueTransform whose outputs are ASCII letters, digits,
// '.', '_' and '-' that start with a letter or a digit (tokens and
// pseudonyms: a prefix of those, and lower-case base32), so that CSV never
// quotes them and JSON never escapes them (TestPlainOutputs).
type plainOutput interface{ plainOutput() }

type shortAppender struct{ shortReporter }

func (a shortAppender) appendTo(dst []byte, v string) ([]byte, bool, error) {
	out, irreversible, err := a.applyShort(v)
	if err != nil {
		return dst, irreversible, err
	}
	return append(dst, out...), irreversible, nil
}

type stringAppender struct{ valueTransform }

func (a stringAppender) appendTo(dst []byte, v string) ([]byte, bool, error) {
	out, err := a.apply(v)
	if err != nil {
		return dst, false, err
	}
	return append(dst, out...), false, nil
}

type keepTransform struct{}

func (keepTransform) apply(v string) (string, error) { return v, nil }
func (keepTransform) keyID() uint32                  { return 0 }

func (keepTransform) appendTo(dst []byte, v string) ([]byte, bool, error) {
	return append(dst, v...), false, nil
}

type redactTransform struct{ value string }

func (r redactTransform) apply(string) (string, error) { return r.value, nil }
func (redactTransform) keyID() uint32                  { return 0 }

func (r redactTransform) appendTo(dst []byte, _ string) ([]byte, bool, error) {
	return append(dst, r.value...), false, nil
}

// unkeyedRule compiles the transforms that need no key, for policies and
// struct tags alike: drop (drop is true: the field is left out, but by a
// reversal, which passes it through), keep and redact. ok is false for
// the other transforms.
func unkeyedRule(f *Field, reverse bool) (drop bool, t valueTransform, ok bool) {
	switch f.Transform {
	case Drop:
		if !reverse {
			return true, nil, true
		}
		return false, keepTransform{}, true
	case Keep:
		return false, keepTransform{}, true
	case Redact:
		return false, redactTransform{f.Value}, true
	}
	return false, nil, false
}

// rule is a compiled Field.
type rule struct {
	index int // in Policy.Fields, for counts
	field *Field
	drop  bool
	t     valueTransform
	// Set from t once, so that a value's dispatch is one call: text is t
	// when it is a text field (counted per entity), app t as an appender.
	text  *textTransform
	app   appender
	plain bool // t is a plainOutput
	// jsonKey is the field's name as jsonSink.key writes it, made once.
	jsonKey string
}

// set sets r's transform t (nil: none, r drops its field).
func (r *rule) set(t valueTransform) {
	r.t, r.text, r.app, r.plain = t, nil, nil, false
	if t != nil {
		r.text, _ = t.(*textTransform)
		r.app = appenderOf(t)
		_, r.plain = t.(plainOutput)
	}
}

// engine applies compiled rules to records. It is immutable after
// construction and safe for concurrent use.
type engine struct {
	policy  *Policy
	rules   map[string]*rule
	list    []*rule // in policy order
	unnamed Unnamed
	onError OnError
	// parents holds every proper prefix of a rule's path ("a" for "a.b"),
	// so nested JSON objects on the way to a rule are walked, not denied;
	// each maps to itself (see childPath).
	parents map[string]string
	// reverse: the engine reverses an export (see [NewReidentifier]). The
	// export's fields are its input: what the policy does not name, or
	// drops, passes through as it is; the first error stops the run.
	reverse bool
}

// newEngine compiles p, binding each keyed or display rule with bind;
// reverse makes the engine of a reversal (see engine.reverse).
func newEngine(p *Policy, bind func(f *Field) (valueTransform, error), reverse bool) (*engine, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	e := &engine{
		policy:  p,
		rules:   make(map[string]*rule, len(p.Fields)),
		unnamed: p.Unnamed,
		onError: p.OnError,
		parents: make(map[string]string),
		reverse: reverse,
	}
	if e.unnamed == "" {
		e.unnamed = UnnamedDeny
	}
	if e.onError == "" || reverse {
		e.onError = OnErrorStop
	}
	for i := range p.Fields {
		f := &p.Fields[i]
		var key bytes.Buffer
		jsonSink{&key}.key(f.Name)
		r := &rule{index: i, field: f, jsonKey: key.String()}
		drop, t, unkeyed := unkeyedRule(f, reverse)
		var err error
		if !unkeyed {
			t, err = bind(f)
		}
		if err != nil {
			return nil, &PolicyError{Line: f.at("options"), Field: f.Name, Err: err}
		}
		r.drop = drop
		r.set(t)
		e.rules[f.Name] = r
		e.list = append(e.list, r)
		for name := f.Name; ; {
			i := strings.LastIndexByte(name, '.')
			if i < 0 {
				break
			}
			name = name[:i]
			e.parents[name] = name
		}
	}
	return e, nil
}

// counts are per-field tallies of one batch or one run.
type counts struct {
	values       []int64 // values transformed, per policy field
	failed       []int64 // values that could not be transformed
	irreversible []int64 // values of reversible fields replaced irreversibly
	// entities are, per text field, its values and irreversible values per
	// entity (in the order of freetext.Entities); nil for other fields.
	entities [][]int64
}

// nEntities is the length of a text field's entity counts: values, then
// irreversible values, of each entity.
var nEntities = 2 * len(freetext.Entities)

func newCounts(n int) counts {
	return counts{values: make([]int64, n), failed: make([]int64, n), irreversible: make([]int64, n), entities: make([][]int64, n)}
}

func (c *counts) add(o counts) {
	for i := range c.values {
		c.values[i] += o.values[i]
		c.failed[i] += o.failed[i]
		c.irreversible[i] += o.irreversible[i]
		if o.entities[i] != nil {
			if c.entities[i] == nil {
				c.entities[i] = make([]int64, nEntities)
			}
			for j, n := range o.entities[i] {
				c.entities[i][j] += n
			}
		}
	}
}

// addText counts the entities of a text of field i.
func (c *counts) addText(i int, r freetext.Result) {
	c.values[i] += int64(r.Replaced)
	c.irreversible[i] += int64(r.Irreversible)
	if c.entities[i] == nil {
		c.entities[i] = make([]int64, nEntities)
	}
	for _, n := range r.Counts {
		j := slices.Index(freetext.Entities, n.Entity)
		c.entities[i][2*j] += int64(n.Replaced)
		c.entities[i][2*j+1] += int64(n.Irreversible)
	}
}

// addFailed adds only o's failed values.
func (c *counts) addFailed(o counts) {
	for i := range c.failed {
		c.failed[i] += o.failed[i]
	}
}

func (c *counts) reset() {
	clear(c.values)
	clear(c.failed)
	clear(c.irreversible)
	for _, e := range c.entities {
		clear(e)
	}
}

// Stats describes a finished (or stopped) run. Its counts of values are of
// the records written; a record left out counts only as Rejected, and its
// value that could not be transformed as Failed.
type Stats struct {
	RowsIn   int64 // records read
	RowsOut  int64 // records written
	Rejected int64 // records left out (written to the reject file)
	Fields   []FieldStats
	// OutputSHA256 is the hex SHA-256 of what a Transformer run that
	// succeeded wrote, for its [Manifest].
	OutputSHA256 string
}

// FieldStats are the counts of one policy field, as a run reports them and
// as its [Manifest] records them.
type FieldStats struct {
	Name      string    `json:"name"`
	Transform Transform `json:"transform"`
	Kind      kind.Kind `json:"kind,omitempty"`
	Domain    string    `json:"domain,omitempty"`
	Scope     string    `json:"scope,omitempty"`
	KeyIDs    []uint32  `json:"key_ids,omitempty"` // keys that made this field's outputs
	// Values counts values transformed (or kept, redacted, dropped) in
	// records written; Failed, values that could not be transformed (their
	// records were not written).
	Values int64 `json:"values"`
	Failed int64 `json:"failed,omitempty"`
	// Irreversible counts the values of a mask field too short for FF1
	// that were replaced irreversibly (options.short: irreversible); they
	// are among Values and cannot be reidentified.
	Irreversible int64 `json:"irreversible,omitempty"`
	// Entities are, for a text field, the counts of each entity it finds,
	// with its rule (Name is the entity); the field's Values and
	// Irreversible are their sums: a text field counts the values it
	// replaced, not its texts.
	Entities []FieldStats `json:"entities,omitempty"`
	// NameFormat is the format of a name mask field's masks (SPEC.md §5
	// "Names"): 2, or 1 with options.format: 1. Manifests written before
	// format 2 have none, which means 1.
	NameFormat int `json:"name_format,omitempty"`
}

// nameFormat is the format of the name masks of f, or 0 for other fields.
func nameFormat(f *Field) int {
	switch {
	case f.Transform != Mask || f.Kind != kind.Name:
		return 0
	case f.Options["format"] == "1":
		return 1
	}
	return 2
}

func (e *engine) stats(c counts, in, out, rejected int64) *Stats {
	s := &Stats{RowsIn: in, RowsOut: out, Rejected: rejected}
	for i, r := range e.list {
		f := r.field
		fs := FieldStats{Name: f.Name, Transform: f.Transform, Kind: f.Kind, Domain: f.Domain, Scope: e.policy.spec(f).scope,
			Values: c.values[i], Failed: c.failed[i], Irreversible: c.irreversible[i], NameFormat: nameFormat(f)}
		if r.t != nil && c.values[i] > 0 {
			if id := r.t.keyID(); id != 0 {
				fs.KeyIDs = []uint32{id}
			}
		}
		if t, ok := r.t.(*textTransform); ok {
			fs.KeyIDs = nil
			fs.Entities = t.stats(c.entities[i])
			for _, es := range fs.Entities {
				for _, id := range es.KeyIDs {
					if !slices.Contains(fs.KeyIDs, id) {
						fs.KeyIDs = append(fs.KeyIDs, id)
					}
				}
			}
		}
		s.Fields = append(s.Fields, fs)
	}
	return s
}

// appendValue appends the transform of one string value of rule r to dst,
// counting it. On error it returns dst unchanged.
func (e *engine) appendValue(dst []byte, r *rule, v string, c *counts) ([]byte, error) {
	if v == "" && r.field.Transform != Redact {
		// An empty value holds nothing to protect, and a token of it would
		// be the same in every record: it stays empty.
		return dst, nil
	}
	var out []byte
	var err error
	if r.text != nil {
		var text string
		var res freetext.Result
		if text, res, err = r.text.applyCounted(v); err == nil {
			c.addText(r.index, res)
			return append(dst, text...), nil
		}
	} else {
		var irreversible bool
		out, irreversible, err = r.app.appendTo(dst, v)
		if irreversible {
			c.irreversible[r.index]++
		}
	}
	if err != nil {
		c.failed[r.index]++
		return dst, &fieldError{field: r.field.Name, err: fmt.Errorf("%w: %w", ErrValue, err)}
	}
	c.values[r.index]++
	return out, nil
}

// object writes the transform of a JSON object to out; in is not
// modified. Members are walked and written in their order.
func (e *engine) object(prefix string, in *jvalue, c *counts, out sink) error {
	in.expand()
	out.beginObject()
	// A value that cannot be transformed (ErrValue) may only reject the
	// record, but a key the policy does not name must stop the run whatever
	// comes before it: so after a value error the other keys are still
	// walked, and an error that is not a value error wins.
	var valueErr error
	n := 0
	for i := range in.members {
		m := &in.members[i]
		path := m.key
		if prefix != "" {
			path = e.childPath(prefix, m.key)
		}
		mark := out.mark()
		if n > 0 {
			out.sep()
		}
		r := e.rules[path]
		if r != nil && prefix == "" { // m.key is r's name
			out.keyOf(m.key, r.jsonKey)
		} else {
			out.key(m.key)
		}
		// Objects on the way lengthen the path, which the policy bounds;
		// only arrays nest at one path, and member counts them.
		var keep bool
		var err error
		if r != nil && r.field.ReadingOf != "" && !e.reverse && prefix == "" {
			keep, err = true, e.tiedLeaf(r, in, &m.val, c, out)
		} else {
			keep, err = e.member(path, r, &m.val, c, 0, out)
		}
		if err == errUnnamedKey {
			err = &keyError{parent: prefix, key: m.key, offset: m.at + 1}
		}
		if err != nil {
			out.reset(mark)
			if !errors.Is(err, ErrValue) {
				return err
			}
			// A kept object holding a string that is not text has no
			// field to name: an error that names one is more use.
			if valueErr == nil || valueErr == errInvalidText {
				valueErr = err
			}
			continue
		}
		if keep {
			n++
		} else {
			out.reset(mark)
		}
	}
	out.endObject()
	return valueErr
}

// tiedLeaf writes the transform of v, the value of a ReadingOf rule r in
// the top-level object obj: the reading of the surrogate of obj's member
// r.field.ReadingOf, in v's shape. Both must be strings (or v null).
func (e *engine) tiedLeaf(r *rule, obj, v *jvalue, c *counts, out sink) error {
	if v.kind == jNull {
		out.null()
		return nil
	}
	var src *jvalue
	for i := range obj.members {
		if obj.members[i].key == r.field.ReadingOf {
			src = &obj.members[i].val
		}
	}
	if v.kind != jString || v.bad || (v.text != "" && (src == nil || src.kind != jString || src.bad)) {
		c.failed[r.index]++
		return &fieldError{field: r.field.Name, err: fmt.Errorf("%w: reading_of: this value and the one of %q must be strings", ErrValue, r.field.ReadingOf)}
	}
	srcText := ""
	if src != nil {
		srcText = src.text
	}
	text, err := e.tied(r, srcText, v.text, c)
	if err != nil {
		return err
	}
	out.str(text)
	return nil
}

// childPath is prefix + "." + key: the policy's own string when the policy
// names that path (a rule's or a parent's), so that walking a nested record
// allocates no path.
func (e *engine) childPath(prefix, key string) string {
	var a [128]byte
	b := append(append(append(a[:0], prefix...), '.'), key...)
	if r, ok := e.rules[string(b)]; ok {
		return r.field.Name
	}
	if p, ok := e.parents[string(b)]; ok {
		return p
	}
	return string(b)
}

// member writes the transform of the value at path, whose rule is r (nil:
// the policy has none), and reports whether it is kept.
func (e *engine) member(path string, r *rule, v *jvalue, c *counts, depth int, out sink) (bool, error) {
	if r != nil {
		if r.drop {
			c.values[r.index]++
			return false, nil
		}
		err := e.leaf(r, v, c, depth, out)
		return err == nil, err
	}
	if _, ok := e.parents[path]; ok {
		switch v.kind {
		case jObject:
			err := e.object(path, v, c, out)
			return err == nil, err
		case jArray:
			if err := nested(path, depth); err != nil {
				return false, err
			}
			v.expand()
			out.beginArray()
			n := 0
			for i := range v.elems {
				// An array on the way to a rule: apply the rest of the path
				// to each element.
				mark := out.mark()
				if n > 0 {
					out.sep()
				}
				keep, err := e.member(path, nil, &v.elems[i], c, depth+1, out)
				if err != nil {
					return false, err
				}
				if keep {
					n++
				} else {
					out.reset(mark)
				}
			}
			out.endArray()
			return true, nil
		case jNull:
			out.null()
			return true, nil
		}
	}
	if e.reverse {
		return true, out.keep(v)
	}
	if e.unnamed == UnnamedDrop {
		return false, nil
	}
	if _, ok := e.parents[path]; ok { // a path of the policy: not data
		return false, &fieldError{field: path, err: fmt.Errorf("%w: it holds fields of the policy, but is not an object", ErrUnnamedField)}
	}
	return false, errUnnamedKey
}

// leaf writes r applied to a JSON value: strings and numbers are
// transformed (a number becomes a string, see exactText), null stays null,
// an array applies r to each element; keep and redact take any value.
func (e *engine) leaf(r *rule, v *jvalue, c *counts, depth int, out sink) error {
	switch r.t.(type) {
	case keepTransform:
		if v.kind == jString && v.bad {
			c.failed[r.index]++
			return &fieldError{field: r.field.Name, err: errInvalidText}
		}
		c.values[r.index]++
		return out.keep(v) // in a kept object or array: no field to name
	case redactTransform:
		c.values[r.index]++
		if v.kind == jNull {
			out.null()
		} else {
			out.str(r.field.Value)
		}
		return nil
	}
	var text string
	switch v.kind {
	case jString:
		if v.bad {
			c.failed[r.index]++
			return &fieldError{field: r.field.Name, err: errInvalidText}
		}
		text = v.text
	case jNull:
		out.null()
		return nil
	case jArray:
		if err := nested(r.field.Name, depth); err != nil {
			return err
		}
		v.expand()
		out.beginArray()
		for i := range v.elems {
			if i > 0 {
				out.sep()
			}
			if err := e.leaf(r, &v.elems[i], c, depth+1, out); err != nil {
				return err
			}
		}
		out.endArray()
		return nil
	default:
		var err error
		if text, err = scalarText(v); err != nil {
			c.failed[r.index]++
			return &fieldError{field: r.field.Name, err: fmt.Errorf("%w: %w", ErrValue, err)}
		}
	}
	if r.field.ReadingOf != "" && !e.reverse { // only top-level fields tie
		return &fieldError{field: r.field.Name, err: fmt.Errorf("%w: reading_of ties top-level fields only", errUnsupported)}
	}
	s, err := e.appendValue(out.openStr(), r, text, c)
	if err != nil {
		return err
	}
	out.closeStr(s, r.plain)
	return nil
}

// nested refuses arrays nested deeper than [MaxDepth], the bound JSON Lines
// input has too (a Go value given to Map may even be cyclic).
func nested(path string, depth int) error {
	if depth < MaxDepth {
		return nil
	}
	return &fieldError{field: path, err: fmt.Errorf("%w: arrays nested deeper than %d levels", ErrValue, MaxDepth)}
}

// exactText is the exact text of a scalar that is not a string: a json.Number
// (what json.Decoder.UseNumber gives) or any other string type as it is, an
// integer of any Go integer type in decimal, and a float64 (what
// json.Unmarshal gives) only when it is an integer of magnitude below 2^53,
// in decimal: any other float64 may differ from the number that was read
// (a 19-digit card number, 2^53 + 1), so it is refused.
func exactText(v any) (string, error) {
	if f, ok := v.(float64); ok {
		if f != math.Trunc(f) || math.Abs(f) >= 1<<53 { // NaN and ±Inf too
			return "", errors.New("a float64 that is not an integer below 2^53 may not be the number that was read: decode JSON with json.Decoder.UseNumber")
		}
		return strconv.FormatInt(int64(f), 10), nil
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.String:
		return rv.String(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), nil
	}
	return "", errNotScalar
}

var errNotScalar = errors.New("not a string, an integer or an array")

// column is how a CSV column is written.
type column struct {
	rule  *rule // nil for a column the policy does not name
	write bool  // the column is in the output
	// source is the column of the field a ReadingOf rule reads, or -1.
	source int
}

// columns compiles a CSV header: how each column is written, and the
// output header.
//
// A header is input, and input may be data: a CSV without a header line has
// its first record read as the header. So a first line that names none of
// the policy's fields is refused without quoting it, and errors name other
// columns only when they look like column names (shownName).
func (e *engine) columns(header []string) ([]column, []string, error) {
	if !slices.ContainsFunc(header, func(h string) bool { _, ok := e.rules[h]; return ok }) {
		return nil, nil, fmt.Errorf("%w: the first line names none of the policy's fields: is it a header line?", ErrMalformed)
	}
	cols := make([]column, len(header))
	var out []string
	seen := make(map[string]bool, len(header))
	for i, h := range header {
		if seen[h] {
			return nil, nil, fmt.Errorf("%w: %s appears twice in the header", ErrMalformed, shownName(h, i+1))
		}
		seen[h] = true
		r, ok := e.rules[h]
		switch {
		case ok:
			cols[i] = column{rule: r, write: !r.drop} // a dropped column is counted
		case e.reverse:
			cols[i] = column{write: true}
		case e.unnamed == UnnamedDrop:
		default:
			return nil, nil, &inputFieldError{name: shownName(h, i+1), err: ErrUnnamedField}
		}
		cols[i].source = -1
		if cols[i].write {
			out = append(out, h)
		}
	}
	for i := range cols {
		if r := cols[i].rule; r != nil && r.field.ReadingOf != "" && !e.reverse {
			cols[i].source = slices.Index(header, r.field.ReadingOf)
			if cols[i].source < 0 {
				return nil, nil, &fieldError{field: r.field.ReadingOf, err: ErrMissingField}
			}
		}
	}
	if !e.reverse { // an export has no dropped column
		for _, r := range e.list {
			if !seen[r.field.Name] {
				return nil, nil, &fieldError{field: r.field.Name, err: ErrMissingField}
			}
		}
	}
	return cols, out, nil
}

// row transforms one CSV record into its output fields: substrings of one
// string, not a string per value.
func (e *engine) row(cols []column, rec []string, c *counts) ([]string, error) {
	n := 64 // tokens are longer than their values
	for _, v := range rec {
		n += 2 * len(v)
	}
	buf := make([]byte, 0, n)
	ends := make([]int, 0, len(cols))
	for i, col := range cols {
		if !col.write {
			if r := col.rule; r != nil { // dropped
				c.values[r.index]++
			}
			continue
		}
		var err error
		if buf, err = e.cell(buf, col, rec, i, c); err != nil {
			return nil, err
		}
		ends = append(ends, len(buf))
	}
	if len(ends) == 0 {
		return nil, nil // as before: no field written, no slice
	}
	text, start := string(buf), 0
	out := make([]string, len(ends))
	for i, end := range ends {
		out[i], start = text[start:end], end
	}
	return out, nil
}

// appendRow appends the transform of CSV record rec to dst as one line of
// CSV, as appendCSV writes the fields of row, each value appended where it
// goes. On error it returns dst unchanged (what it appended is cleared).
func (e *engine) appendRow(dst []byte, cols []column, rec []string, c *counts) ([]byte, error) {
	start, n := len(dst), 0
	for i, col := range cols {
		if !col.write {
			if r := col.rule; r != nil { // dropped
				c.values[r.index]++
			}
			continue
		}
		if n++; n > 1 {
			dst = append(dst, ',')
		}
		at := len(dst)
		var err error
		if dst, err = e.cell(dst, col, rec, i, c); err != nil {
			clear(dst[start:])
			return dst[:start], err
		}
		if (col.rule == nil || !col.rule.plain) && csvQuoted(dst[at:]) {
			dst = appendCSVField(dst[:at], bytes.Clone(dst[at:]))
		}
	}
	return append(dst, '\n'), nil
}

// cell appends the output of column i of rec, which is written, to dst.
// On error it returns dst unchanged.
func (e *engine) cell(dst []byte, col column, rec []string, i int, c *counts) ([]byte, error) {
	switch r := col.rule; {
	case r == nil: // unnamed, passed through by a reversal
		return append(dst, rec[i]...), nil
	case col.source >= 0:
		v, err := e.tied(r, rec[col.source], rec[i], c)
		if err != nil {
			return dst, err
		}
		return append(dst, v...), nil
	default:
		return e.appendValue(dst, r, rec[i], c)
	}
}

// tied transforms value v of a ReadingOf rule r: the reading of the
// surrogate of source, the value of the field it reads, in v's shape.
func (e *engine) tied(r *rule, source, v string, c *counts) (string, error) {
	if v == "" {
		return "", nil
	}
	out, err := r.t.(surrogateTransform).tied(source, v)
	if err != nil {
		c.failed[r.index]++
		return "", &fieldError{field: r.field.Name, err: fmt.Errorf("%w: %w", ErrValue, err)}
	}
	c.values[r.index]++
	return out, nil
}

// Transformer applies a policy to records: maps, and CSV, JSON Lines and
// Parquet tables.
// Make one with [New]; it is safe for concurrent use.
type Transformer struct {
	e *engine
}

// Map returns a transformed copy of m, a record such as a decoded JSON object;
// m is not modified. Nested objects are reached by field paths with dots
// ("address.city"); arrays on the path apply the rule to each element.
// Numbers are transformed as their exact decimal text: a json.Number, any Go
// integer, or a float64 only when it is an integer of magnitude below 2^53
// (any other float64 may not be the number that was read, so decode JSON
// with [json.Decoder.UseNumber]); SPEC.md §7.2 lists the values each rule
// takes.
//
// A value that cannot be transformed is an error wrapping [ErrValue]; a field
// the policy does not name is an error wrapping [ErrUnnamedField] unless the
// policy drops unnamed fields. The errors name the field, never the value.
func (t *Transformer) Map(m map[string]any) (map[string]any, error) {
	c := newCounts(len(t.e.list))
	in := goValue(m)
	var out mapSink
	if err := t.e.object("", &in, &c, &out); err != nil {
		return nil, err
	}
	return out.build().(map[string]any), nil
}

// mapSink builds the Go value of [Transformer.Map]'s output: it records
// what it is given, and builds the value at the end (so that reset is a
// truncation, as for a JSON line).
type mapSink struct {
	ops  []mapOp
	buf  []byte   // openStr's
	room [64]byte // buf's first, so that a short value's makes no garbage
}

type mapOp struct {
	op byte // '{', '}', '[', ']', 'k' (key s), 'v' (value v)
	s  string
	v  any
}

func (s *mapSink) mark() int         { return len(s.ops) }
func (s *mapSink) reset(mark int)    { s.ops = s.ops[:mark] }
func (s *mapSink) sep()              {}
func (s *mapSink) beginObject()      { s.ops = append(s.ops, mapOp{op: '{'}) }
func (s *mapSink) endObject()        { s.ops = append(s.ops, mapOp{op: '}'}) }
func (s *mapSink) beginArray()       { s.ops = append(s.ops, mapOp{op: '['}) }
func (s *mapSink) endArray()         { s.ops = append(s.ops, mapOp{op: ']'}) }
func (s *mapSink) key(k string)      { s.ops = append(s.ops, mapOp{op: 'k', s: k}) }
func (s *mapSink) keyOf(k, _ string) { s.key(k) }
func (s *mapSink) str(v string)      { s.ops = append(s.ops, mapOp{op: 'v', v: v}) }
func (s *mapSink) null()             { s.ops = append(s.ops, mapOp{op: 'v'}) }
func (s *mapSink) openStr() []byte {
	if s.buf == nil {
		s.buf = s.room[:0]
	}
	return s.buf[:0]
}
func (s *mapSink) closeStr(v []byte, _ bool) {
	s.str(string(v))
	s.buf = v[:0]
}

// keep keeps the Go value as it is (a map or slice is not copied).
func (s *mapSink) keep(v *jvalue) error {
	s.ops = append(s.ops, mapOp{op: 'v', v: v.goVal})
	return nil
}

// build returns the value s recorded.
func (s *mapSink) build() any {
	v, _ := s.value(0)
	return v
}

// value builds the value starting at ops[i], and returns the index after it.
func (s *mapSink) value(i int) (any, int) {
	switch s.ops[i].op {
	case '{':
		m := make(map[string]any)
		for i++; s.ops[i].op != '}'; {
			k := s.ops[i].s
			m[k], i = s.value(i + 1)
		}
		return m, i + 1
	case '[':
		a := make([]any, 0)
		for i++; s.ops[i].op != ']'; {
			var x any
			x, i = s.value(i)
			a = append(a, x)
		}
		return a, i + 1
	}
	return s.ops[i].v, i + 1
}

// Policy returns the policy t applies.
func (t *Transformer) Policy() *Policy { return t.e.policy }
