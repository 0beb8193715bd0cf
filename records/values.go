package records

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Value is one value of a table read by [ReadValues], with where it is.
type Value struct {
	Row  int64 // record number, from 1; 0 for a CSV header cell (see ReadValues)
	Line int64 // line of the input where the record starts, from 1
	// Field is the CSV column or the JSON path (keys joined by dots), as
	// safe to show as the errors of this package show them: a column or a
	// key that does not look like a name (it may be data: a CSV without a
	// header, JSON that uses emails as keys) is "column N" or "*".
	Field string
	Text  string
}

// ReadValues reads a CSV (with a header) or JSON Lines table from r,
// format "csv" or "jsonl", with the bounds and checks of an export, and
// calls fn for every value in it, in input order, with no policy: it is
// how a table is audited (`piikit scan`). Strings and numbers are values
// (a number as written), null and booleans are not; an array's elements
// are values of its path. A CSV header cell that does not look like a
// column name is also given, as a value of row 0, since it may be data;
// so is a JSON key that does not, at the path of its object with ".*".
//
// Malformed input, a record longer than [MaxLineSize] and a value that is
// not valid UTF-8 stop the read with an error wrapping [ErrMalformed] that
// says where, never what; so does fn's error, returned as
// it is. It stops when ctx is done.
func ReadValues(ctx context.Context, r io.Reader, format string, fn func(Value) error) error {
	switch format {
	case "csv":
		f, header, err := newCSVFormat(r)
		if err != nil {
			return err
		}
		return csvValues(ctx, f, header, fn)
	case "jsonl":
		return jsonValues(ctx, newJSONFormat(r), fn)
	}
	return fmt.Errorf("records: format %q: want csv or jsonl", format)
}

func csvValues(ctx context.Context, f *csvFormat, header []string, fn func(Value) error) error {
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = h
		if looksLikeName(h) {
			continue
		}
		names[i] = "column " + strconv.Itoa(i+1)
		if err := checkedValue(Value{Line: 1, Field: names[i], Text: h}, fn); err != nil {
			return err
		}
	}
	f.rd.FieldsPerRecord = len(header)
	f.rd.ReuseRecord = true
	for {
		f.row++
		if f.row%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, line, err := f.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		for i, v := range rec {
			if err := checkedValue(Value{Row: f.row, Line: line, Field: names[i], Text: v}, fn); err != nil {
				return err
			}
		}
	}
}

// errNotText is ReadValues' error for a value that is not text.
var errNotText = fmt.Errorf("%w: a value that is not valid UTF-8 text", ErrMalformed)

// checkedValue passes v to fn if its text is valid UTF-8.
func checkedValue(v Value, fn func(Value) error) error {
	if !utf8.ValidString(v.Text) {
		return &RowError{Row: v.Row, Line: v.Line, Field: v.Field, Err: errNotText}
	}
	return fn(v)
}

func jsonValues(ctx context.Context, f *jsonFormat, fn func(Value) error) error {
	var memo lineMemo
	for {
		line, err := f.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if f.row%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		v, err := parseLine(line, &memo)
		if err != nil {
			return &RowError{Row: f.row, Line: f.line, Err: err}
		}
		at := Value{Row: f.row, Line: f.line}
		if err := jsonValue(&v, "", at, fn); err != nil {
			return err
		}
	}
}

// jsonValue calls fn for the values in v, at path.
func jsonValue(v *jvalue, path string, at Value, fn func(Value) error) error {
	switch v.kind {
	case jString, jNumber:
		if v.bad {
			return &RowError{Row: at.Row, Line: at.Line, Field: path, Err: errNotText}
		}
		at.Field, at.Text = path, v.text
		return fn(at)
	case jArray:
		for i := range v.elems {
			if err := jsonValue(&v.elems[i], path, at, fn); err != nil {
				return err
			}
		}
	case jObject:
		for i := range v.members {
			m := &v.members[i]
			key, data := m.key, !looksLikeName(m.key)
			if data {
				key = "*"
			}
			if path != "" {
				key = path + "." + key
			}
			if data {
				// The key may be data: it is a value too.
				at.Field, at.Text = key, m.key
				if err := fn(at); err != nil {
					return err
				}
			}
			if err := jsonValue(&m.val, key, at, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// ApplyField applies the policy's rule for the field name (a CSV column
// or a JSON path, "address.city") to one string value, as an export
// writes it in a CSV cell or a JSON string: it is how a value outside a
// table (a log attribute) gets the same output as its column. written is
// false when the value is not written: the rule drops it, or the policy
// does not name the field and says "unnamed: drop". A field the policy
// does not name (nor drop) is an error wrapping [ErrUnnamedField]; a value
// that cannot be transformed, one wrapping [ErrValue]. An empty value
// stays empty, as in an export. No error holds the value.
func (t *Transformer) ApplyField(name, value string) (out string, written bool, err error) {
	e := t.e
	r, ok := e.rules[name]
	switch {
	case !ok && e.unnamed == UnnamedDrop:
		return "", false, nil
	case !ok:
		return "", false, &inputFieldError{name: shownName(name, 0), err: ErrUnnamedField}
	case r.drop:
		return "", false, nil
	case value == "" && r.field.Transform != Redact:
		return "", true, nil
	}
	// As engine.value applies a rule, without the counts of a run.
	if sr, ok := r.t.(shortReporter); ok {
		out, _, err = sr.applyShort(value)
	} else {
		out, err = r.t.apply(value)
	}
	if err != nil {
		return "", false, &fieldError{field: r.field.Name, err: fmt.Errorf("%w: %w", ErrValue, err)}
	}
	return out, true, nil
}
