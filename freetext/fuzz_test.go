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
		replaced := replacedSpans(t, text, fs, out)
		for _, f := range fs {
			v := text[f.Start:f.End]
			if len(v) < 6 {
				continue // a short value may be a surrogate of another
			}
			if strings.Count(out, v) <= strings.Count(kept.String(), v) {
				continue
			}
			// More copies than the kept text holds: a leak unless each
			// extra one straddles the edge of a replacement, made of a
			// replacement's kept part (an email's domain) and the text
			// next to it ("0@AAAA.0@AAAA.0" → "1@AAAA.0@AAAA.0").
			for i := 0; ; {
				j := strings.Index(out[i:], v)
				if j < 0 {
					break
				}
				a, b := i+j, i+j+len(v)
				for _, r := range replaced {
					if a < r[1] && r[0] < b && (r[0] <= a && b <= r[1] || a <= r[0] && r[1] <= b) {
						t.Fatalf("%s survives in the output %q", f, out)
					}
				}
				i = a + 1
			}
		}
	})
}

// replacedSpans returns where, in out, the replacements of the findings fs
// of text lie: out is the text outside the findings, byte for byte, with
// each run of adjacent findings replaced by something not empty.
func replacedSpans(t *testing.T, text string, fs []freetext.Finding, out string) [][2]int {
	t.Helper()
	var spans [][2]int
	pos, last := 0, 0
	for i, f := range fs {
		seg := text[last:f.Start]
		last = f.End
		if i > 0 && seg == "" {
			continue // adjacent findings: one replacement span
		}
		if i == 0 {
			if !strings.HasPrefix(out, seg) {
				t.Fatalf("the text before the first finding is not kept in %q", out)
			}
			pos = len(seg)
		} else {
			k := strings.Index(out[pos+1:], seg)
			if k < 0 {
				t.Fatalf("the text between findings is not kept in %q", out)
			}
			spans = append(spans, [2]int{pos, pos + 1 + k})
			pos += 1 + k + len(seg)
		}
	}
	if len(fs) > 0 {
		tail := text[last:]
		if !strings.HasSuffix(out, tail) || len(out)-len(tail) < pos {
			t.Fatalf("the text after the last finding is not kept in %q", out)
		}
		spans = append(spans, [2]int{pos, len(out) - len(tail)})
	}
	return spans
}
