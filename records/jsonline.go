package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/piikit/piikit/tokenize"
)

// encoding/json accepts, without a word, JSON that piikit must not: it
// turns invalid UTF-8 and lone surrogate escapes into U+FFFD (so two
// different IDs would share one pseudonym), keeps the last of a key given
// twice, and nests up to 10,000 levels. jsonScan reads a line that
// encoding/json has decoded and finds these.

// invalidText stands, in a decoded line, for a string that is not text:
// invalid UTF-8 or a lone surrogate escape. It holds nothing of the string,
// and cannot be written: a rule that would write it fails with
// errInvalidText, as CSV's transforms refuse invalid UTF-8.
type invalidText struct{}

var errInvalidText = fmt.Errorf("%w: %w", ErrValue, tokenize.ErrInvalidUTF8)

// MarshalJSON fails: whatever holds an invalidText (a kept object, an
// unnamed field passed through) is not written.
func (invalidText) MarshalJSON() ([]byte, error) { return nil, errInvalidText }

// jsonStep is one step of a path into a decoded line: an object's key or
// an array's index.
type jsonStep struct {
	key   string
	index int // -1 for a key
}

type jsonScan struct {
	s     []byte
	i     int
	path  []jsonStep
	keys  [][][]byte // per depth, the keys of the object being read
	bad   [][]jsonStep
	sets  []map[string]struct{}
	found func(at int) bool // called for each key in find mode
}

// scanLine checks a line that encoding/json decoded into m: it replaces
// each string that is not text by invalidText, and refuses keys that are
// not text, keys given twice in an object and nesting deeper than MaxDepth.
func scanLine(line []byte, m map[string]any) error {
	c := jsonScan{s: line}
	if err := c.value(1); err != nil {
		return err
	}
	for _, p := range c.bad {
		markInvalid(m, p)
	}
	return nil
}

// keyOffset is the position (from 1) in line of the first key named key in
// an object at path parent (the keys on the way, joined by '.'), 0 if none.
func keyOffset(line []byte, parent, key string) int {
	c := jsonScan{s: line}
	at := 0
	c.found = func(i int) bool {
		if c.path[len(c.path)-1].key != key || c.dotted() != parent {
			return false
		}
		at = i + 1
		return true
	}
	c.value(1)
	return at
}

var errFound = errors.New("found")

// dotted is the path of the object holding the current key, as the engine
// names it.
func (c *jsonScan) dotted() string {
	var parts []string
	for _, st := range c.path[:len(c.path)-1] {
		if st.index < 0 {
			parts = append(parts, st.key)
		}
	}
	return strings.Join(parts, ".")
}

// isSpace reports whether b is JSON white space (RFC 8259 §2).
func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// blank reports whether a line holds only JSON white space.
func blank(line []byte) bool {
	for _, b := range line {
		if !isSpace(b) {
			return false
		}
	}
	return true
}

func isDelimiter(b byte) bool { return isSpace(b) || b == ',' || b == ']' || b == '}' }

func (c *jsonScan) space() {
	for c.i < len(c.s) && isSpace(c.s[c.i]) {
		c.i++
	}
}

// value reads one value at depth; the text is valid JSON.
func (c *jsonScan) value(depth int) error {
	c.space()
	switch c.s[c.i] {
	case '{', '[':
		if depth > MaxDepth {
			return fmt.Errorf("%w: nested deeper than %d at byte %d of the line", ErrMalformed, MaxDepth, c.i+1)
		}
		if c.s[c.i] == '{' {
			return c.object(depth)
		}
		return c.array(depth)
	case '"':
		if _, ok := c.str(false); !ok {
			c.bad = append(c.bad, append([]jsonStep(nil), c.path...))
		}
	default: // number, true, false, null
		for c.i < len(c.s) && !isDelimiter(c.s[c.i]) {
			c.i++
		}
	}
	return nil
}

func (c *jsonScan) object(depth int) error {
	for len(c.keys) < depth {
		c.keys = append(c.keys, nil)
		c.sets = append(c.sets, nil)
	}
	c.keys[depth-1] = c.keys[depth-1][:0]
	c.sets[depth-1] = nil
	return c.items('}', func(int) error {
		at := c.i
		k, ok := c.str(true)
		if !ok {
			return fmt.Errorf("%w: a key is not valid UTF-8 text at byte %d of the line", ErrMalformed, at+1)
		}
		if c.seen(depth, k) {
			return fmt.Errorf("%w: a key given twice in an object at byte %d of the line", ErrMalformed, at+1)
		}
		c.path = append(c.path, jsonStep{key: string(k), index: -1})
		if c.found != nil && c.found(at) {
			return errFound
		}
		c.space()
		c.i++ // :
		return c.value(depth + 1)
	})
}

func (c *jsonScan) array(depth int) error {
	return c.items(']', func(n int) error {
		c.path = append(c.path, jsonStep{index: n})
		return c.value(depth + 1)
	})
}

// items reads the members of an object or the elements of an array, up to
// end, with item; item adds a step to c.path, which items takes off.
func (c *jsonScan) items(end byte, item func(n int) error) error {
	c.i++ // { or [
	for n := 0; ; n++ {
		c.space()
		if c.s[c.i] == end {
			c.i++
			return nil
		}
		if err := item(n); err != nil {
			return err
		}
		c.path = c.path[:len(c.path)-1]
		c.space()
		if c.s[c.i] == ',' {
			c.i++
		}
	}
}

// seen reports whether the object at depth already has key k, and adds it.
// Small objects are searched; large ones get a set, so that a line of many
// keys costs no more than its length.
func (c *jsonScan) seen(depth int, k []byte) bool {
	keys := c.keys[depth-1]
	if set := c.sets[depth-1]; set != nil {
		if _, ok := set[string(k)]; ok {
			return true
		}
		set[string(k)] = struct{}{}
		return false
	}
	for _, o := range keys {
		if bytes.Equal(o, k) {
			return true
		}
	}
	c.keys[depth-1] = append(keys, k)
	if len(keys) == 32 {
		set := make(map[string]struct{}, 64)
		for _, o := range c.keys[depth-1] {
			set[string(o)] = struct{}{}
		}
		c.sets[depth-1] = set
	}
	return false
}

// str reads a string token and reports whether it is text: valid UTF-8
// with no lone surrogate escape. With decode, it returns the string as
// encoding/json decodes it.
func (c *jsonScan) str(decode bool) ([]byte, bool) {
	start := c.i
	c.i++ // "
	escaped, ok := false, true
	for c.s[c.i] != '"' {
		if c.s[c.i] != '\\' {
			c.i++
			continue
		}
		escaped = true
		if c.s[c.i+1] != 'u' {
			c.i += 2
			continue
		}
		r := hex4(c.s[c.i+2 : c.i+6])
		c.i += 6
		switch {
		case utf16.IsSurrogate(r) && r < 0xdc00 && c.i+6 <= len(c.s) && c.s[c.i] == '\\' && c.s[c.i+1] == 'u':
			if r2 := hex4(c.s[c.i+2 : c.i+6]); r2 >= 0xdc00 && r2 < 0xe000 {
				c.i += 6 // a pair
			} else {
				ok = false
			}
		case utf16.IsSurrogate(r):
			ok = false
		}
	}
	c.i++ // "
	raw := c.s[start+1 : c.i-1]
	if !ok || !utf8.Valid(raw) {
		return nil, false
	}
	if !decode || !escaped {
		return raw, true
	}
	var s string
	json.Unmarshal(c.s[start:c.i], &s) // valid JSON: cannot fail
	return []byte(s), true
}

// hex4 is the value of 4 hex digits (valid JSON: they are).
func hex4(b []byte) rune {
	var r rune
	for _, h := range b {
		switch {
		case h <= '9':
			r = r<<4 | rune(h-'0')
		case h >= 'a':
			r = r<<4 | rune(h-'a'+10)
		default:
			r = r<<4 | rune(h-'A'+10)
		}
	}
	return r
}

// markInvalid replaces the string at path in m by invalidText.
func markInvalid(m map[string]any, path []jsonStep) {
	var v any = m
	for i, st := range path {
		last := i == len(path)-1
		switch x := v.(type) {
		case map[string]any:
			if last {
				x[st.key] = invalidText{}
			}
			v = x[st.key]
		case []any:
			if last {
				x[st.index] = invalidText{}
			}
			v = x[st.index]
		}
	}
}
