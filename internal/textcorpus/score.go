package textcorpus

import (
	"fmt"
	"strings"
)

// Finder finds personal values in a text: spans with an entity type and
// byte offsets (Value may be empty).
type Finder func(text string) []Span

// Report is how a [Finder] did on a corpus; see [Evaluate].
type Report struct {
	Messages int
	Entities []EntityScore // one per entity of Entities, in its order
	// Ordinary values: Kept counts the None spans no finder span overlaps.
	OrdinaryTotal, OrdinaryKept int
	// Unlabelled counts finder spans that overlap no labelled span: text
	// the corpus says nothing about (a false hit, or a value the labels
	// missed).
	Unlabelled int
	// Misses are the labelled personal spans not found exactly, and
	// Broken the ordinary spans a finder span overlapped, for reading.
	Misses, Broken []Miss
}

// EntityScore counts the labelled spans of one entity.
type EntityScore struct {
	Entity string
	Total  int
	// Exact: a finder span of this entity has the same offsets.
	Exact int
	// Covered: finder spans of this entity together cover every byte (the
	// value is replaced, maybe with text around it; Exact ≤ Covered).
	Covered int
	// WrongType: overlapped only by finder spans of other entities.
	WrongType int
}

// Miss is a labelled span a finder missed or broke, in message ID.
type Miss struct {
	ID   string
	Span Span
	Got  []Span // the finder's spans overlapping it
}

// Recall is the share of the entity's spans found exactly (1 if there are
// none).
func (s EntityScore) Recall() float64 { return share(s.Exact, s.Total) }

// Recall returns the exact recall of entity e.
func (r Report) Recall(e string) float64 {
	for _, s := range r.Entities {
		if s.Entity == e {
			return s.Recall()
		}
	}
	return 1
}

// Kept is the share of ordinary values no finder span touched.
func (r Report) Kept() float64 { return share(r.OrdinaryKept, r.OrdinaryTotal) }

func share(n, total int) float64 {
	if total == 0 {
		return 1
	}
	return float64(n) / float64(total)
}

// Evaluate runs find on every message and scores its spans against the
// labels. A personal span counts as found when a finder span of the same
// entity has exactly its offsets (an honorific or a closing bracket inside
// the span is a miss: the text transform must keep them); an ordinary span
// counts as kept when no finder span overlaps it.
func Evaluate(msgs []Message, find Finder) Report {
	r := Report{Messages: len(msgs), Entities: make([]EntityScore, len(Entities))}
	index := map[string]*EntityScore{}
	for i, e := range Entities {
		r.Entities[i].Entity = e
		index[e] = &r.Entities[i]
	}
	for _, m := range msgs {
		got := find(m.Text)
		for _, g := range got {
			if !anyOverlap(g, m.Spans) {
				r.Unlabelled++
			}
		}
		for _, s := range m.Spans {
			over := overlapping(s, got)
			if s.Entity == None {
				r.OrdinaryTotal++
				if len(over) == 0 {
					r.OrdinaryKept++
				} else {
					r.Broken = append(r.Broken, Miss{ID: m.ID, Span: s, Got: over})
				}
				continue
			}
			es := index[s.Entity]
			es.Total++
			exact, covered, sameType := false, coveredBy(s, over), false
			for _, g := range over {
				if g.Entity == s.Entity {
					sameType = true
					exact = exact || (g.Start == s.Start && g.End == s.End)
				}
			}
			switch {
			case exact:
				es.Exact++
			case len(over) > 0 && !sameType:
				es.WrongType++
			}
			if covered {
				es.Covered++
			}
			if !exact {
				r.Misses = append(r.Misses, Miss{ID: m.ID, Span: s, Got: over})
			}
		}
	}
	return r
}

func overlaps(a, b Span) bool { return a.Start < b.End && b.Start < a.End }

func anyOverlap(g Span, spans []Span) bool {
	for _, s := range spans {
		if overlaps(g, s) {
			return true
		}
	}
	return false
}

func overlapping(s Span, got []Span) []Span {
	var out []Span
	for _, g := range got {
		if overlaps(s, g) {
			out = append(out, g)
		}
	}
	return out
}

// coveredBy reports whether the spans of s's entity among over cover every
// byte of s.
func coveredBy(s Span, over []Span) bool {
	at := s.Start
	for moved := true; moved && at < s.End; {
		moved = false
		for _, g := range over {
			if g.Entity == s.Entity && g.Start <= at && g.End > at {
				at, moved = g.End, true
			}
		}
	}
	return at >= s.End
}

// String returns the report as a small table: per entity the spans, exact
// recall and covered share, then the share of ordinary values kept. It
// holds no value from the corpus.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d messages\n%-9s %6s %8s %8s %6s\n", r.Messages, "entity", "spans", "recall", "covered", "wrong")
	for _, s := range r.Entities {
		fmt.Fprintf(&b, "%-9s %6d %7.2f%% %7.2f%% %6d\n", s.Entity, s.Total, 100*s.Recall(), 100*share(s.Covered, s.Total), s.WrongType)
	}
	fmt.Fprintf(&b, "%-9s %6d %7.2f%% kept\nunlabelled finder spans: %d\n", None, r.OrdinaryTotal, 100*r.Kept(), r.Unlabelled)
	return b.String()
}
