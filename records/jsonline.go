package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/piikit/piikit/tokenize"
)

// A record's JSON is read into a jvalue: its members in input order, its
// strings decoded, so that the output keeps the input's key order and the
// engine walks one representation for JSON lines and for Go maps (Map).
//
// encoding/json accepts, without a word, JSON that piikit must not: it
// turns invalid UTF-8 and lone surrogate escapes into U+FFFD (so two
// different IDs would share one pseudonym), keeps the last of a key given
// twice, and nests up to 10,000 levels. The line parser below refuses or
// marks these. A line it finds not to be valid JSON is read again by
// encoding/json, whose error (an offset, never the text) is the one given.

// errInvalidText is the error of a string that is not text (invalid UTF-8
// or a lone surrogate escape) where a rule would write it: it cannot be
// transformed, as CSV's transforms refuse invalid UTF-8.
var errInvalidText = fmt.Errorf("%w: %w", ErrValue, tokenize.ErrInvalidUTF8)

type jkind uint8

const (
	jNull jkind = iota
	jString
	jNumber  // text: as written
	jBool    // text: true or false
	jObject  // members
	jArray   // elems
	jGoValue // a Go value of Map that is none of the above: goVal
)

// jvalue is one value of a record.
type jvalue struct {
	kind    jkind
	bad     bool   // a string that is not text, or an object or array holding one
	text    string // jString: decoded; jNumber, jBool: as written
	members []jmember
	elems   []jvalue
	// goVal is the Go value a value of Map stands for, kept as it is by
	// keep; its members and elems are made when the engine walks into it
	// (expand), so that a cyclic or deep Go value is walked only along the
	// policy's paths.
	goVal    any
	expanded bool
}

type jmember struct {
	key string
	at  int // offset of the key in its line, from 0; -1 for a Go map
	val jvalue
}

// goValue is the jvalue of a Go value given to Map.
func goValue(v any) jvalue {
	switch x := v.(type) {
	case nil:
		return jvalue{kind: jNull}
	case string:
		return jvalue{kind: jString, text: x, goVal: v}
	case map[string]any:
		return jvalue{kind: jObject, goVal: v}
	case []any:
		return jvalue{kind: jArray, goVal: v}
	}
	return jvalue{kind: jGoValue, goVal: v}
}

// expand makes the members or elements of a Go map or slice, one level:
// map keys sorted, so that the first error is the same on every run.
func (v *jvalue) expand() {
	if v.goVal == nil || v.expanded {
		return
	}
	v.expanded = true
	switch x := v.goVal.(type) {
	case map[string]any:
		v.members = make([]jmember, 0, len(x))
		for k, e := range x {
			v.members = append(v.members, jmember{key: k, at: -1, val: goValue(e)})
		}
		slices.SortFunc(v.members, func(a, b jmember) int { return strings.Compare(a.key, b.key) })
	case []any:
		v.elems = make([]jvalue, len(x))
		for i, e := range x {
			v.elems[i] = goValue(e)
		}
	}
}

// scalarText is the text a rule transforms for a value that is not a
// string: a number as written, a Go value's exact text (see exactText).
func scalarText(v *jvalue) (string, error) {
	switch v.kind {
	case jNumber:
		return v.text, nil
	case jGoValue:
		return exactText(v.goVal)
	}
	return "", errNotScalar
}

// parseLine reads one JSON line: exactly one object, nested at most
// MaxDepth deep, each key valid text and given once in its object. Its
// errors say where the line breaks, never what is there.
func parseLine(line string, memo *lineMemo) (jvalue, error) {
	p := lineParser{s: line, memo: memo}
	p.space()
	var v jvalue
	var err error
	if p.peek() != '{' {
		err = errSyntax
	} else if v, err = p.value(1); err == nil {
		p.space()
		if p.i != len(p.s) {
			err = errSyntax
		}
	}
	if err == nil {
		if memo != nil {
			memo.width = len(v.members)
		}
		return v, nil
	}
	// encoding/json says where invalid JSON breaks; a line it reads is
	// refused for what the parser found (a key twice, too deep).
	if serr := syntaxError([]byte(line)); serr != nil {
		return jvalue{}, serr
	}
	if err == errSyntax { // not reached: the parser reads what encoding/json reads
		return jvalue{}, fmt.Errorf("%w: the line is not a JSON object", ErrMalformed)
	}
	return jvalue{}, err
}

// errSyntax: the parser found the line is not valid JSON.
var errSyntax = errors.New("syntax")

// syntaxError is encoding/json's verdict on a line that is not one valid
// JSON object, nil for one that is.
func syntaxError(line []byte) error {
	d := json.NewDecoder(bytes.NewReader(line))
	var m map[string]json.RawMessage
	err := d.Decode(&m)
	// Not d.More: it is false before a stray ']' or '}'.
	if at := int(d.InputOffset()); err == nil && !blank(line[at:]) {
		for isSpace(line[at]) {
			at++
		}
		return fmt.Errorf("%w: data after the JSON object, at byte %d of the line", ErrMalformed, at+1)
	}
	if err == nil && m == nil {
		err = errors.New("null")
	}
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%w: invalid JSON at byte %d of the line", ErrMalformed, se.Offset)
	case errors.As(err, &te):
		return fmt.Errorf("%w: the line is not a JSON object", ErrMalformed)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: truncated JSON", ErrMalformed)
	}
	return fmt.Errorf("%w: the line is not a JSON object", ErrMalformed)
}

type lineParser struct {
	s      string // its strings are substrings of s
	i      int
	memo   *lineMemo // nil: none
	values int       // values read so far (maxLineValues)
}

// lineMemo is what the lines of a stream share, kept from one line to the
// next by one worker: the keys (a stream's lines mostly have the same), and
// how many members the last line's object had.
type lineMemo struct {
	keys  map[string]string
	width int
	// members is the last line's top-level members, cleared, for the next
	// line's object.
	members []jmember
}

// recycle keeps the top-level members of a line that is done with, for
// the next line.
func (m *lineMemo) recycle(members []jmember) {
	clear(members) // no value lingers
	m.members = members[:0]
}

// maxMemoKeys bounds a lineMemo, so that memory stays flat when keys are
// data.
const maxMemoKeys = 1024

// key is the key k, which needs no unescaping, memoized (a copy: the
// memo does not keep the line).
func (p *lineParser) key(k string) string {
	if p.memo == nil {
		return k
	}
	if s, ok := p.memo.keys[k]; ok {
		return s
	}
	if len(p.memo.keys) >= maxMemoKeys {
		return k // not kept: no copy needed, the record lives with its line
	}
	s := strings.Clone(k)
	if p.memo.keys == nil {
		p.memo.keys = make(map[string]string)
	}
	p.memo.keys[s] = s
	return s
}

// isSpace reports whether b is JSON white space (RFC 8259 §2).
func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// blank reports whether a line holds only JSON white space.
func blank[T string | []byte](line T) bool {
	for _, b := range []byte(line) {
		if !isSpace(b) {
			return false
		}
	}
	return true
}

func (p *lineParser) space() {
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
}

// peek is the byte at p.i, 0 at the end.
func (p *lineParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// maxLineValues bounds the values of a JSON line (objects, arrays and
// scalars, nested ones included): a value takes some hundred bytes parsed,
// so a line of MaxLineSize one-digit numbers would take gigabytes.
const maxLineValues = 1 << 18

// value reads one value at depth, after white space.
func (p *lineParser) value(depth int) (jvalue, error) {
	if p.values++; p.values > maxLineValues {
		return jvalue{}, fmt.Errorf("%w: more than %d values in the line at byte %d", ErrMalformed, maxLineValues, p.i+1)
	}
	switch c := p.peek(); c {
	case '{', '[':
		if depth > MaxDepth {
			return jvalue{}, fmt.Errorf("%w: nested deeper than %d at byte %d of the line", ErrMalformed, MaxDepth, p.i+1)
		}
		if c == '{' {
			return p.object(depth)
		}
		return p.array(depth)
	case '"':
		s, ok, err := p.str(false)
		return jvalue{kind: jString, text: s, bad: !ok}, err
	case 't':
		return p.literal("true", jBool)
	case 'f':
		return p.literal("false", jBool)
	case 'n':
		return p.literal("null", jNull)
	}
	return p.number()
}

func (p *lineParser) literal(word string, k jkind) (jvalue, error) {
	if !strings.HasPrefix(p.s[p.i:], word) {
		return jvalue{}, errSyntax
	}
	p.i += len(word)
	return jvalue{kind: k, text: word}, nil
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (p *lineParser) number() (jvalue, error) {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	switch c := p.peek(); {
	case c == '0':
		p.i++
	case '1' <= c && c <= '9':
		p.digits()
	default:
		return jvalue{}, errSyntax
	}
	if p.peek() == '.' {
		p.i++
		if p.digits() == 0 {
			return jvalue{}, errSyntax
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if p.digits() == 0 {
			return jvalue{}, errSyntax
		}
	}
	return jvalue{kind: jNumber, text: p.s[start:p.i]}, nil
}

func (p *lineParser) digits() int {
	n := 0
	for c := p.peek(); '0' <= c && c <= '9'; c = p.peek() {
		p.i++
		n++
	}
	return n
}

func (p *lineParser) object(depth int) (jvalue, error) {
	v := jvalue{kind: jObject}
	if depth == 1 && p.memo != nil {
		v.members, p.memo.members = p.memo.members, nil
		if v.members == nil && p.memo.width > 0 {
			v.members = make([]jmember, 0, p.memo.width)
		}
	}
	var set map[string]struct{}
	p.i++ // {
	p.space()
	if p.peek() == '}' {
		p.i++
		return v, nil
	}
	for {
		if p.peek() != '"' {
			return jvalue{}, errSyntax
		}
		at := p.i
		k, ok, err := p.str(true)
		if err != nil {
			return jvalue{}, err
		}
		if !ok {
			return jvalue{}, fmt.Errorf("%w: a key is not valid UTF-8 text at byte %d of the line", ErrMalformed, at+1)
		}
		if seen(v.members, &set, k) {
			return jvalue{}, fmt.Errorf("%w: a key given twice in an object at byte %d of the line", ErrMalformed, at+1)
		}
		p.space()
		if p.peek() != ':' {
			return jvalue{}, errSyntax
		}
		p.i++
		p.space()
		x, err := p.value(depth + 1)
		if err != nil {
			return jvalue{}, err
		}
		v.bad = v.bad || x.bad
		v.members = append(v.members, jmember{key: k, at: at, val: x})
		p.space()
		switch p.peek() {
		case ',':
			p.i++
			p.space()
		case '}':
			p.i++
			return v, nil
		default:
			return jvalue{}, errSyntax
		}
	}
}

// seen reports whether an object with members (and set, once it has
// many) already has key k, and adds k to set. An object of many keys gets
// a set, so that a line of many keys costs no more than its length.
func seen(members []jmember, set *map[string]struct{}, k string) bool {
	if *set != nil {
		if _, ok := (*set)[k]; ok {
			return true
		}
		(*set)[k] = struct{}{}
		return false
	}
	if slices.ContainsFunc(members, func(m jmember) bool { return m.key == k }) {
		return true
	}
	if len(members) == 32 {
		*set = make(map[string]struct{}, 64)
		for i := range members {
			(*set)[members[i].key] = struct{}{}
		}
		(*set)[k] = struct{}{}
	}
	return false
}

func (p *lineParser) array(depth int) (jvalue, error) {
	v := jvalue{kind: jArray}
	p.i++ // [
	p.space()
	if p.peek() == ']' {
		p.i++
		return v, nil
	}
	for {
		x, err := p.value(depth + 1)
		if err != nil {
			return jvalue{}, err
		}
		v.bad = v.bad || x.bad
		v.elems = append(v.elems, x)
		p.space()
		switch p.peek() {
		case ',':
			p.i++
			p.space()
		case ']':
			p.i++
			return v, nil
		default:
			return jvalue{}, errSyntax
		}
	}
}

// str reads a string token and reports whether it is text: valid UTF-8
// with no lone surrogate escape. It returns the string as encoding/json
// decodes it. A key is memoized.
func (p *lineParser) str(key bool) (string, bool, error) {
	start := p.i
	p.i++ // "
	escaped, ok, ascii := false, true, true
	for {
		for p.i < len(p.s) && jsonPlain[p.s[p.i]] {
			p.i++
		}
		if p.i >= len(p.s) {
			return "", false, errSyntax
		}
		c := p.s[p.i]
		if c == '"' {
			break
		}
		if c < 0x20 {
			return "", false, errSyntax
		}
		if c != '\\' {
			ascii = false
			p.i++
			continue
		}
		escaped = true
		switch p.at(p.i + 1) {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			p.i += 2
			continue
		case 'u':
		default:
			return "", false, errSyntax
		}
		r, hexOK := hex4(p.s[min(p.i+2, len(p.s)):min(p.i+6, len(p.s))])
		if !hexOK {
			return "", false, errSyntax
		}
		p.i += 6
		if !utf16.IsSurrogate(r) {
			continue
		}
		if r >= 0xdc00 || p.at(p.i) != '\\' || p.at(p.i+1) != 'u' {
			ok = false // a low surrogate first, or a high one alone
			continue
		}
		r2, hexOK := hex4(p.s[min(p.i+2, len(p.s)):min(p.i+6, len(p.s))])
		if !hexOK {
			return "", false, errSyntax
		}
		if r2 >= 0xdc00 && r2 < 0xe000 {
			p.i += 6 // a pair
		} else {
			ok = false // the escape after is read on its own
		}
	}
	p.i++ // "
	raw := p.s[start+1 : p.i-1]
	if !ok || !ascii && !utf8.ValidString(raw) { // escapes are ASCII
		return "", false, nil
	}
	if !escaped {
		if key {
			return p.key(raw), true, nil
		}
		return raw, true, nil
	}
	var s string
	json.Unmarshal([]byte(p.s[start:p.i]), &s) // valid JSON: cannot fail
	return s, true, nil
}

// at is the byte at i, 0 past the end.
func (p *lineParser) at(i int) byte {
	if i < len(p.s) {
		return p.s[i]
	}
	return 0
}

// hex4 is the value of 4 hex digits, and whether they are.
func hex4(b string) (rune, bool) {
	if len(b) != 4 {
		return 0, false
	}
	var r rune
	for _, h := range []byte(b) {
		switch {
		case '0' <= h && h <= '9':
			r = r<<4 | rune(h-'0')
		case 'a' <= h && h <= 'f':
			r = r<<4 | rune(h-'a'+10)
		case 'A' <= h && h <= 'F':
			r = r<<4 | rune(h-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// sink receives a record's output as the engine walks it: a JSON line
// (jsonSink) or a Go map (mapSink). What a member or element wrote is
// taken back with reset when it is left out or fails.
type sink interface {
	mark() int
	reset(mark int)
	sep() // between members or elements
	beginObject()
	key(k string)
	// keyOf is key(k), given as jsonSink.key writes it.
	keyOf(k, encoded string)
	endObject()
	beginArray()
	endArray()
	str(s string)
	// openStr and closeStr write a string appended in between: closeStr(v)
	// writes v, appended to openStr's buffer, as str(string(v)) would;
	// plain says that v is a plainOutput's, which JSON never escapes. A
	// failure in between is taken back with reset.
	openStr() []byte
	closeStr(v []byte, plain bool)
	null()
	// keep writes v as it is; it fails with errInvalidText if v holds a
	// string that is not text.
	keep(v *jvalue) error
}

// jsonSink writes compact JSON, strings escaped as encoding/json escapes
// them with SetEscapeHTML(false), members in the order they come.
type jsonSink struct{ b *bytes.Buffer }

func (s jsonSink) mark() int      { return s.b.Len() }
func (s jsonSink) reset(mark int) { s.b.Truncate(mark) }
func (s jsonSink) sep()           { s.b.WriteByte(',') }
func (s jsonSink) beginObject()   { s.b.WriteByte('{') }
func (s jsonSink) endObject()     { s.b.WriteByte('}') }
func (s jsonSink) beginArray()    { s.b.WriteByte('[') }
func (s jsonSink) endArray()      { s.b.WriteByte(']') }
func (s jsonSink) null()          { s.b.WriteString("null") }
func (s jsonSink) key(k string)   { s.str(k); s.b.WriteByte(':') }

func (s jsonSink) keyOf(_, encoded string) { s.b.WriteString(encoded) }

// openStr writes the opening quote and returns the buffer's spare room, so
// that a value appended to it is written in place.
func (s jsonSink) openStr() []byte {
	s.b.WriteByte('"')
	return s.b.AvailableBuffer()
}

// closeStr writes v (the spare room of openStr, if it fitted) and the
// closing quote.
func (s jsonSink) closeStr(v []byte, plain bool) {
	if plain || plainJSON(v) {
		s.b.Write(v)
	} else {
		writeEscaped(s.b, string(v)) // a copy: v may be s.b's spare room
	}
	s.b.WriteByte('"')
}

func (s jsonSink) str(v string) {
	s.b.WriteByte('"')
	if plainJSON(v) {
		s.b.WriteString(v)
	} else {
		writeEscaped(s.b, v)
	}
	s.b.WriteByte('"')
}

// plainJSON reports whether s is written as it is between quotes: valid
// UTF-8 with nothing encoding/json escapes (control characters, '"', '\\',
// U+2028 and U+2029; any character starting with their byte 0xE2 takes the
// slow way).
func plainJSON[T string | []byte](s T) bool {
	i := 0
	for i < len(s) && jsonPlain[s[i]] {
		i++
	}
	for j := i; j < len(s); j++ {
		if c := s[j]; c < 0x20 || c == '"' || c == '\\' || c == 0xe2 {
			return false
		}
	}
	return i == len(s) || validUTF8(s[i:]) // s[:i] is ASCII
}

func validUTF8[T string | []byte](s T) bool {
	if b, ok := any(s).([]byte); ok {
		return utf8.Valid(b)
	}
	return utf8.ValidString(string(s))
}

// jsonPlain tells the bytes that a JSON string holds and encoding/json
// writes as they are, alone: ASCII but control characters, '"' and '\\'.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// writeEscaped writes the inside of the JSON string of s as encoding/json
// writes it with SetEscapeHTML(false) (a test compares them): '"' and
// '\\' escaped with a backslash; \b, \f, \n, \r and \t by name, the other
// control characters as \u00xx; U+2028 and U+2029 as \u2028 and \u2029;
// each byte of invalid UTF-8 as \ufffd; everything else as it is.
func writeEscaped(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	for len(s) > 0 {
		c := s[0]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			// A run of ASCII that is written as it is.
			n := 1
			for n < len(s) && s[n] >= 0x20 && s[n] != '"' && s[n] != '\\' && s[n] < utf8.RuneSelf {
				n++
			}
			b.WriteString(s[:n])
			s = s[n:]
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			}
			s = s[1:]
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '\u2028':
			b.WriteString(`\u2028`)
		case r == '\u2029':
			b.WriteString(`\u2029`)
		default:
			b.WriteString(s[:size])
		}
		s = s[size:]
	}
}

func (s jsonSink) keep(v *jvalue) error {
	if v.bad {
		return errInvalidText
	}
	switch v.kind {
	case jString:
		s.str(v.text)
	case jNull:
		s.null()
	case jNumber, jBool:
		s.b.WriteString(v.text)
	case jObject:
		s.beginObject()
		for i := range v.members {
			if i > 0 {
				s.sep()
			}
			s.key(v.members[i].key)
			s.keep(&v.members[i].val)
		}
		s.endObject()
	case jArray:
		s.beginArray()
		for i := range v.elems {
			if i > 0 {
				s.sep()
			}
			s.keep(&v.elems[i])
		}
		s.endArray()
	default: // a Go value: not in a JSON line
		return errNotScalar
	}
	return nil
}
