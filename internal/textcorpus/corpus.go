package textcorpus

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The entity types of a [Span]: the five kinds of personal value the
// free-text finders look for, and None for an ordinary value that must be
// kept byte for byte.
const (
	Phone    = "phone"
	Email    = "email"
	MyNumber = "mynumber"
	Card     = "card"
	Name     = "name"
	None     = "none"
)

// Entities are the personal entity types, in the order reports list them.
var Entities = []string{Phone, Email, MyNumber, Card, Name}

// Message is one chat message and its labels.
type Message struct {
	ID    string `json:"id"`   // "g0001" for generated, "h001" for hand-written messages
	Lang  string `json:"lang"` // "ja" or "en": the language of the message's template
	Text  string `json:"text"`
	Spans []Span `json:"spans"` // in text order, never overlapping
}

// Span marks Text[Start:End] (byte offsets) as a value of Entity. For a
// finder's spans Value may be empty.
type Span struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Entity string `json:"entity"`
	Value  string `json:"value"`
}

// ErrFormat is wrapped by the errors of [ReadJSONL] and [ParseMarked].
var ErrFormat = errors.New("textcorpus: malformed corpus")

// WriteJSONL writes msgs as JSON Lines, one message a line, without HTML
// escaping (so the file shows "<" and "&" as written).
func WriteJSONL(w io.Writer, msgs []Message) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, m := range msgs {
		if err := enc.Encode(m); err != nil {
			return err
		}
	}
	return nil
}

// ReadJSONL reads messages written by [WriteJSONL] and checks their spans
// with [Check].
func ReadJSONL(r io.Reader) ([]Message, error) {
	var msgs []Message
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var m Message
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrFormat, line, err)
		}
		if err := Check(m); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		msgs = append(msgs, m)
	}
	return msgs, sc.Err()
}

// Check reports whether m's labels are well formed: valid UTF-8, spans in
// text order, not overlapping, on rune boundaries, of a known entity, and
// each span's bytes equal to its Value. It does not check that a value is
// of its kind; the package's tests do.
func Check(m Message) error {
	if !utf8.ValidString(m.Text) {
		return fmt.Errorf("%w: %s: text is not valid UTF-8", ErrFormat, m.ID)
	}
	prev := 0
	for _, s := range m.Spans {
		switch {
		case !knownEntity(s.Entity):
			return fmt.Errorf("%w: %s: unknown entity %q", ErrFormat, m.ID, s.Entity)
		case s.Start < prev || s.End <= s.Start || s.End > len(m.Text):
			return fmt.Errorf("%w: %s: span [%d,%d) out of order, empty or overlapping", ErrFormat, m.ID, s.Start, s.End)
		case !utf8.RuneStart(m.Text[s.Start]) || (s.End < len(m.Text) && !utf8.RuneStart(m.Text[s.End])):
			return fmt.Errorf("%w: %s: span [%d,%d) cuts a character", ErrFormat, m.ID, s.Start, s.End)
		case m.Text[s.Start:s.End] != s.Value:
			return fmt.Errorf("%w: %s: span [%d,%d) is not its value", ErrFormat, m.ID, s.Start, s.End)
		}
		prev = s.End
	}
	return nil
}

func knownEntity(e string) bool {
	return e == None || strings.Contains("|phone|email|mynumber|card|name|", "|"+e+"|")
}

//go:embed testdata/handwritten.txt
var handwritten string

// HandWritten returns the hand-labelled messages of testdata/handwritten.txt:
// tricky real-world-style cases written and marked by hand.
func HandWritten() []Message {
	msgs, err := ParseMarked(handwritten, "h")
	if err != nil {
		panic(err) // the embedded file is checked by the package's tests
	}
	return msgs
}

// Markers of the hand-written file's markup: ⟦entity:value⟧.
const (
	markOpen  = "⟦"
	markClose = "⟧"
)

// ParseMarked reads messages written one a line with their labels inline,
// ⟦entity:value⟧ (U+27E6, U+27E7): "電話は⟦phone:09012345678⟧です" is the
// text "電話は09012345678です" with one phone span. Empty lines and lines
// starting with "#" are skipped; a line starting with "en " or "ja " gives
// the language (else "ja"). IDs are prefix and the message's number.
func ParseMarked(src, prefix string) ([]Message, error) {
	var msgs []Message
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := Message{ID: fmt.Sprintf("%s%03d", prefix, len(msgs)+1), Lang: "ja"}
		if l, rest, ok := strings.Cut(line, " "); ok && (l == "en" || l == "ja") {
			m.Lang, line = l, rest
		}
		var text strings.Builder
		for line != "" {
			before, after, ok := strings.Cut(line, markOpen)
			text.WriteString(before)
			if !ok {
				break
			}
			inner, rest, ok := strings.Cut(after, markClose)
			entity, value, ok2 := strings.Cut(inner, ":")
			if !ok || !ok2 || value == "" {
				return nil, fmt.Errorf("%w: line %d: unclosed or empty label", ErrFormat, i+1)
			}
			m.Spans = append(m.Spans, Span{Start: text.Len(), End: text.Len() + len(value), Entity: entity, Value: value})
			text.WriteString(value)
			line = rest
		}
		m.Text = text.String()
		if err := Check(m); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}
