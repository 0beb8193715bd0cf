package freetext

import (
	"fmt"
	"slices"

	"github.com/piikit/piikit/internal/find"
	"github.com/piikit/piikit/kind"
)

// Result is a protected text and what was replaced in it.
type Result struct {
	// Text is the protected text.
	Text string
	// Replaced counts the values replaced; Irreversible, those of them
	// that nobody can turn back (pseudonyms, redactions, names, values too
	// short for a reversible mask).
	Replaced, Irreversible int
	// Counts are the same counts per entity, for the entities replaced at
	// least once, in the order of [Entities].
	Counts []Count
}

// Count is how many values of an entity were replaced in a text.
type Count struct {
	Entity                 kind.Kind
	Replaced, Irreversible int
}

// count adds a value of entity e to r.
func (r *Result) count(e kind.Kind, irreversible bool) {
	i := slices.IndexFunc(r.Counts, func(c Count) bool { return c.Entity == e })
	if i < 0 {
		i = len(r.Counts)
		r.Counts = append(r.Counts, Count{Entity: e})
	}
	r.Replaced++
	r.Counts[i].Replaced++
	if irreversible {
		r.Irreversible++
		r.Counts[i].Irreversible++
	}
}

// Protect returns text with every personal value found in it replaced by
// its rule, the rest of the text byte for byte. A text that cannot be
// protected whole is an error and nothing of it is returned: a text too
// long ([ErrTooLong]), not UTF-8 ([ErrInvalidUTF8]), with a control or
// format character, nothing but a number, or with a value found that its
// rule cannot replace ([ErrInvalidValue]).
func (p *Protector) Protect(text string) (string, error) {
	r, err := p.ProtectResult(text)
	return r.Text, err
}

// ProtectResult is [Protector.Protect], and says how many values were
// replaced.
func (p *Protector) ProtectResult(text string) (Result, error) {
	// plain are the findings of the finders without known values: a mask
	// of a value only a known value found (in a layout the finders do not
	// read) is not found again, so it counts as irreversible. The finder
	// with known values gives them on the way.
	var plain []find.Finding
	var wantPlain *[]find.Finding
	if p.readBack && p.plain != p.finder {
		wantPlain = &plain
	}
	fs, err := p.find(text, wantPlain)
	if err != nil {
		return Result{}, err
	}
	if len(fs) == 0 {
		return Result{Text: text}, nil
	}
	var res Result
	out := make([]byte, 0, len(text)+len(text)/2)
	// spans are the output offsets of the masks the finders must find
	// again, for the check below.
	var spans []find.Finding
	last := 0
	for _, f := range fs {
		out = append(out, text[last:f.Start]...)
		r := p.rules[f.Entity]
		start := len(out)
		var irreversible bool
		out, irreversible, err = r.replace(out, text[f.Start:f.End])
		if err != nil {
			clear(out)
			return Result{}, fmt.Errorf("freetext: %s at bytes %d to %d: %w: %w", kinds[f.Entity], f.Start, f.End, errNotReplaced, err)
		}
		if r.readsBack() {
			if p.plain == p.finder || sortedContains(plain, f) {
				spans = append(spans, find.Finding{Entity: f.Entity, Start: start, End: len(out)})
			} else {
				irreversible = true
			}
		}
		res.count(kinds[f.Entity], irreversible)
		last = f.End
	}
	out = append(out, text[last:]...)
	slices.SortFunc(res.Counts, func(a, b Count) int { return int(entityOf(a.Entity)) - int(entityOf(b.Entity)) })
	res.Text = string(out)
	clear(out)
	if p.readBack {
		if err := p.checkReadBack(res.Text, spans); err != nil {
			return Result{}, err
		}
	}
	return res, nil
}

// sortedContains reports whether fs, sorted by offset, holds f.
func sortedContains(fs []find.Finding, f find.Finding) bool {
	i, ok := slices.BinarySearchFunc(fs, f.Start, func(g find.Finding, start int) int { return g.Start - start })
	return ok && fs[i] == f
}

// checkReadBack checks that the finders find in out exactly the masks
// that reversal will look for (spans), no more and no less: a mask keeps
// its format, but text around it could make it read otherwise (rarely),
// and it could then not be reversed, or something else would be.
func (p *Protector) checkReadBack(out string, spans []find.Finding) error {
	got, err := p.plain.Find(out)
	if err != nil {
		return fmt.Errorf("freetext: %w", err)
	}
	got = slices.DeleteFunc(got, func(f find.Finding) bool { return !p.rules[f.Entity].readsBack() })
	if !slices.Equal(got, spans) {
		return fmt.Errorf("freetext: %w: %w: a masked value would not be found again as it was replaced", ErrInvalidValue, errNotReplaced)
	}
	return nil
}
