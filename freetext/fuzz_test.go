package freetext_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/internal/textcorpus"
	"github.com/piikit/piikit/kind"
)

// FuzzProtectLeavesNoValue: a text is either refused or protected, and no
// value found in it survives in the output, but where the text holds it
// outside every finding too.
func FuzzProtectLeavesNoValue(f *testing.F) {
	for _, m := range textcorpus.Generate(textcorpus.Seed, 60) {
		f.Add(m.Text)
	}
	for _, m := range textcorpus.HandWritten()[:30] {
		f.Add(m.Text)
	}
	f.Add("電話は09012345678です。09012345678にも")
	f.Add("taro@example.jp taro@example.jp")
	f.Add("ID: AB123456、ｘｙ７６５４３２ and XY765432@example.jp")
	// IDs by a pattern, masked (so read back), and one known.
	rules := lineRules()
	rules[kind.ID] = freetext.Rule{Transform: kind.Mask, Field: kind.Field{Domain: "line.id", Pattern: `[A-Z]{2}[0-9]{6}`}}
	p := newProtector(f, freetext.Options{Rules: rules, Known: []freetext.KnownValue{
		{Entity: kind.Name, Value: "山田太郎"}, {Entity: kind.Name, Value: "Taro Yamada"},
		{Entity: kind.Email, Value: "hanako@example.com"}, {Entity: kind.ID, Value: "XY765432"},
	}})
	f.Fuzz(func(t *testing.T, text string) {
		out, err := p.Protect(text)
		if err != nil {
			if out != "" {
				t.Fatalf("an error (%v) and an output", err)
			}
			return
		}
		fs, err := p.Find(text)
		if err != nil {
			t.Fatalf("Protect took a text Find refuses: %v", err)
		}
		if !utf8.ValidString(out) {
			t.Fatal("output is not UTF-8")
		}
		// The text with every finding blanked out: what may stay.
		var kept strings.Builder
		last := 0
		for _, f := range fs {
			kept.WriteString(text[last:f.Start])
			kept.WriteByte(0)
			last = f.End
		}
		kept.WriteString(text[last:])
		for _, f := range fs {
			v := text[f.Start:f.End]
			if len(v) < 6 {
				continue // a short value may be a surrogate of another
			}
			if strings.Count(out, v) > strings.Count(kept.String(), v) {
				t.Fatalf("%s survives in the output %q", f, out)
			}
		}
	})
}
