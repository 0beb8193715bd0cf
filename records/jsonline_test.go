package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The line parser reads what encoding/json reads, and a kept line written
// by jsonSink is the line encoding/json would write (keys in input order):
// both are compared with encoding/json on any line.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{
		`{}`, ` {"a" : [1, -0.5e+3, true, false, null, "x\u00e9\n\"\\\/"]} `,
		`{"a":{"b":[[]]},"c":"\ud83d\ude00","d":"\ud800"}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`,
		`{"a":"\u12"}`, `{"a":"` + "\x01" + `"}`, `{"a":1,}`, `{"a" 1}`, `[]`, `null`, `{} {}`,
		`{"a":"\u2028<>&"}`, `{"k":1,"k":2}`, "{\"a\":\"\xff\"}", `{"a":1e400}`, `{"a":tru}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		v, err := parseLine(string(line), nil)
		serr := syntaxError(line)
		if serr != nil {
			require.Error(t, err)
			require.Equal(t, serr.Error(), err.Error(), "the syntax error is encoding/json's")
			return
		}
		if err != nil {
			// Valid JSON refused for what encoding/json lets pass.
			require.ErrorIs(t, err, ErrMalformed)
			return
		}
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(line, &m))
		var b bytes.Buffer
		if err := (jsonSink{&b}).keep(&v); err != nil {
			require.True(t, errors.Is(err, errInvalidText) && v.bad)
			return
		}
		// Written back, the line decodes to what it decoded to.
		written := b.Len()
		var want, got any
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		require.NoError(t, d.Decode(&want))
		d = json.NewDecoder(&b)
		d.UseNumber()
		require.NoError(t, d.Decode(&got))
		require.Equal(t, want, got)
		// And as encoding/json writes it, but for the order of keys.
		var enc bytes.Buffer
		e := json.NewEncoder(&enc)
		e.SetEscapeHTML(false)
		require.NoError(t, e.Encode(want))
		require.Equal(t, enc.Len()-1, written)
	})
}

// jsonSink writes a string as encoding/json does with SetEscapeHTML(false),
// whatever the string holds (controls, quotes, U+2028, invalid UTF-8).
func FuzzJSONSinkString(f *testing.F) {
	for _, s := range []string{"", "plain", "山田　太郎", "a\"b\\c", "\x00\x01\b\f\n\r\t\x1f\x7f",
		"\u2028\u2029\u2027\u202a", "<>&", "\xff\xe2\x80", "é\xe2\x80\xa8x", "\ufffd", "\U0001F600"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want bytes.Buffer
		jsonSink{&got}.str(s)
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(s))
		require.Equal(t, bytes.TrimSuffix(want.Bytes(), []byte("\n")), got.Bytes())
	})
}

// The JSON Lines readers (a stream's, JSONLinesReader's, ReadValues') keep
// no line in their reused buffers once they have given it, nor part of a
// line too long.
func TestJSONReaderClearsItsBuffer(t *testing.T) {
	defer func(n int64) { maxLine = n }(maxLine)
	maxLine = 64
	secret := "taro.yamada@example.com"
	in := `{"email":"` + secret + `"}` + "\n\n" + `{"email":"` + strings.Repeat(secret, 4) + `"}` + "\n"
	f := newJSONFormat(strings.NewReader(in))
	line, err := f.next()
	require.NoError(t, err)
	require.Contains(t, line, secret)
	require.NotContains(t, string(f.buf[:cap(f.buf)]), "taro")
	_, err = f.next()
	require.ErrorIs(t, err, ErrMalformed)
	require.NotContains(t, string(f.buf[:cap(f.buf)]), "taro")

	// So does a stream's batch reader (its lines become one string).
	var b batch
	require.ErrorIs(t, newJSONFormat(strings.NewReader(in)).read(&b), ErrMalformed)
	require.Len(t, b.json, 1)
	require.NotContains(t, string(b.raw[:cap(b.raw)]), "taro")
}

// A line of more than maxLineValues values is malformed: each value takes
// some hundred bytes parsed, so a 16 MiB line of one-digit numbers made
// gigabytes (7 million values: 2 GB peak RSS in piikit export).
func TestParseLineMaxValues(t *testing.T) {
	line := func(n int) string {
		return `{"a":[` + strings.TrimSuffix(strings.Repeat("1,", n), ",") + `]}`
	}
	_, err := parseLine(line(maxLineValues-2), nil) // the object, the array and its elements
	require.NoError(t, err)
	_, err = parseLine(line(maxLineValues-1), nil)
	require.ErrorIs(t, err, ErrMalformed)
	require.ErrorContains(t, err, "values")
}
