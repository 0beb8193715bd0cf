package freetext

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/tokenize"
)

// KeyIDs returns the IDs of the keys that new outputs use: of the root
// keyset (masks, pseudonyms) and of the token keyset, 0 where no rule
// uses it. Record the root's with the protected texts: [Protector.Reveal]
// needs it to unmask.
func (p *Protector) KeyIDs() (root, tokens uint32) {
	for _, r := range p.rules {
		switch {
		case r == nil:
		case r.token != nil:
			tokens = r.keyID()
		case r.mask != nil, r.pseudo != nil:
			root = r.keyID()
		}
	}
	return root, tokens
}

// Reversible reports whether some rule of p can be reversed in text:
// tokens of any entity, masks of phones, emails, cards and My Numbers.
func (p *Protector) Reversible() bool {
	return slices.ContainsFunc(p.rules[:], func(r *replacer) bool { return r != nil && r.reversible() })
}

// Reveal turns the reversible replacements in text, a text p protected,
// back into the values: tokens (found by their markers) and masks of
// phones, emails, cards and My Numbers (found again by the finders, since
// a mask keeps its format), made with the root key rootKeyID. Tokens give
// the normalized value (SPEC.md §3), masks the value as it was written.
// Pseudonyms, redactions and names replaced by a mask or a surrogate stay
// as they are.
//
// Each entity's values are revealed through tokenize's Detokenize and
// mask's Unmask, which report one [audit.Event] to hook per entity and
// text before they reveal anything; if hook fails, nothing is revealed. It
// returns the text and how many values it revealed. A marker whose token
// does not authenticate (text that only looks like one) stays as it is.
func (p *Protector) Reveal(ctx context.Context, hook audit.Hook, req audit.Request, rootKeyID uint32, text string) (string, int, error) {
	if err := audit.Check(hook, req); err != nil {
		return "", 0, err
	}
	if err := checkText(text); err != nil {
		return "", 0, err
	}
	type edit struct {
		start, end int
		value      string
	}
	var edits []edit
	var taken []span // markers: masks are not looked for inside them
	for _, e := range Entities {
		r := p.rules[entityOf(e)]
		if r == nil || r.token == nil {
			continue
		}
		ms := markers(text, e)
		if len(ms) == 0 {
			continue
		}
		toks := make([]string, len(ms))
		for i, m := range ms {
			toks[i] = m.tok
			taken = append(taken, span{m.start, m.end})
		}
		vals, err := r.token.Detokenize(ctx, hook, req, toks...)
		var bad *tokenize.InvalidTokensError
		if err != nil && !errors.As(err, &bad) {
			return "", 0, fmt.Errorf("freetext: %s: %w", e, err)
		}
		for i, m := range ms {
			if bad != nil && slices.Contains(bad.Indexes, i) {
				continue
			}
			edits = append(edits, edit{m.start, m.end, vals[i]})
		}
	}
	if p.readBack {
		fs, err := p.plain.Find(text)
		if err != nil {
			return "", 0, fmt.Errorf("freetext: %w", err)
		}
		for _, e := range Entities {
			r := p.rules[entityOf(e)]
			if !r.readsBack() {
				continue
			}
			var at []span
			var vals []string
			for _, f := range fs {
				// A value too short for FF1 was replaced irreversibly: it
				// stays as it is.
				if kinds[f.Entity] == e && !overlaps(taken, span{f.Start, f.End}) && !errors.Is(r.mask.Check(text[f.Start:f.End]), mask.ErrTooShort) {
					at = append(at, span{f.Start, f.End})
					vals = append(vals, text[f.Start:f.End])
				}
			}
			if len(vals) == 0 {
				continue
			}
			out, err := r.mask.Unmask(ctx, hook, req, rootKeyID, vals...)
			if err != nil {
				return "", 0, fmt.Errorf("freetext: %s: %w", e, err)
			}
			for i, s := range at {
				edits = append(edits, edit{s.start, s.end, out[i]})
			}
		}
	}
	if len(edits) == 0 {
		return text, 0, nil
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
	var b strings.Builder
	last, n := 0, 0
	for _, e := range edits {
		b.WriteString(text[last:e.start])
		b.WriteString(e.value)
		if e.value != text[e.start:e.end] {
			n++
		}
		last = e.end
	}
	b.WriteString(text[last:])
	return b.String(), n, nil
}

type span struct{ start, end int }

func overlaps(ss []span, s span) bool {
	return slices.ContainsFunc(ss, func(t span) bool { return t.start < s.end && s.start < t.end })
}
