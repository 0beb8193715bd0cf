// Package names finds person names in free text by morphology, for
// package freetext: pass [Append] as freetext.Options.Names.
//
//	p, err := freetext.New(root, nil, freetext.Options{Names: names.Append})
//
// It is a package of its own because it carries the morphological analyzer
// kagome and the IPA dictionary (about 12 MB in the binary, about 30 MB of
// heap once loaded): programs that import only freetext find names only
// among the values they give as known, and carry none of it. The
// dictionary is loaded once per process, on the first Japanese text or by
// [Load].
//
// What is found (Japanese names with and without honorifics, which are
// kept; Latin names after a greeting or title, or from lists of given and
// family names) is described in SPEC.md, "Free text".
package names

import (
	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/internal/find"
	"github.com/piikit/piikit/internal/find/names"
	"github.com/piikit/piikit/kind"
)

var _ freetext.NameFinder = Append

// Append appends the person names in text to dst as findings of entity
// [kind.Name] (without honorifics), sorted by offset and never
// overlapping. It is safe for concurrent use.
func Append(dst []freetext.Finding, text string) ([]freetext.Finding, error) {
	var buf [16]find.Finding
	fs, err := names.Append(buf[:0], text)
	if err != nil {
		return dst, err
	}
	for _, f := range fs {
		dst = append(dst, freetext.Finding{Entity: kind.Name, Start: f.Start, End: f.End})
	}
	return dst, nil
}

// Load loads the dictionary now rather than on the first Japanese text: a
// service calls it at start-up so that no request pays for it.
func Load() { names.Load() }
