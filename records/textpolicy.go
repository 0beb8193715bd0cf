package records

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"

	"go.yaml.in/yaml/v4"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/internal/pattern"
	"github.com/piikit/piikit/kind"
)

// Known says where the values known to text fields come from: a CSV file
// with a header line (a users table), and which of its columns hold which
// entity. Text fields find these values in texts whatever their width,
// case or spacing (package freetext, "Known values").
//
//	known:
//	  file: users.csv
//	  columns: {display_name: name, phone: phone, email: email}
type Known struct {
	// File is the path of the CSV file. The piikit command's --known flag
	// gives or overrides it.
	File string
	// Columns maps a column of the file to the entity it holds (phone,
	// email, mynumber, card, id or name). nil takes the columns named as
	// an entity but id (a column named id is as often a row number). The
	// piikit command's --known-columns flag overrides it.
	Columns map[string]kind.Kind
	// Known values are not part of the policy's hash (nor of its canonical
	// form): they change what is found, not how it is replaced, and a
	// reversal does not need them.
}

func parseKnown(v *yaml.Node) (*Known, error) {
	if v.Kind != yaml.MappingNode {
		return nil, policyErr(v.Line, "", "known must be a mapping with file and columns")
	}
	k := &Known{}
	err := eachPair(v, "", func(key string, kn, v *yaml.Node) error {
		switch key {
		case "file":
			var err error
			k.File, err = stringValue(v, "")
			return err
		case "columns":
			if v.Kind != yaml.MappingNode {
				return policyErr(v.Line, "", "known columns must be a mapping from column to entity")
			}
			k.Columns = make(map[string]kind.Kind)
			return eachPair(v, "", func(col string, kn, v *yaml.Node) error {
				s, err := stringValue(v, "")
				if err != nil {
					return err
				}
				if !slices.Contains(freetext.Entities, kind.Kind(s)) {
					return policyErr(v.Line, "", "known column %q: %q is not an entity (want phone, email, mynumber, card, id or name)", col, s)
				}
				k.Columns[col] = kind.Kind(s)
				return nil
			})
		}
		return policyErr(kn.Line, "", "unknown setting %q of known", key)
	})
	return k, err
}

// entityTransforms are the transforms of a text field's entities
// (Surrogate for names only).
var entityTransforms = []Transform{Mask, Token, Pseudonym, Redact, Surrogate}

// validateText checks a text field and the rules of its entities.
func (f *Field) validateText() error {
	switch {
	case f.Kind != "":
		return policyErr(f.at("kind"), f.Name, "kind does not apply to transform text: its entities have rules of their own")
	case f.Domain != "":
		return policyErr(f.at("domain"), f.Name, "domain does not apply to transform text: give each entity its domain")
	case f.Value != "":
		return policyErr(f.at("value"), f.Name, "value applies only to transform redact")
	case len(f.Options) > 0:
		return policyErr(f.at("options"), f.Name, "options do not apply to transform text: give them to its entities")
	case derive.CheckScope(f.Scope) != nil:
		return policyErr(f.at("scope"), f.Name, "invalid scope (1–128 characters of A-Z a-z 0-9 . _ : -)")
	case f.Entities != nil && len(f.Entities) == 0:
		return policyErr(f.at("entities"), f.Name, "no entities: omit entities to find every entity")
	}
	seen := map[string]bool{}
	for i := range f.Entities {
		e := f.Entities[i] // a copy: its kind is resolved here
		name := f.Name + ".entities." + e.Name
		e.line = cmp.Or(e.line, f.at("entities"))
		if !slices.Contains(freetext.Entities, kind.Kind(e.Name)) {
			return policyErr(e.line, name, "not an entity (want phone, email, mynumber, card, id or name)")
		}
		if seen[e.Name] {
			return policyErr(e.line, name, "named twice")
		}
		seen[e.Name] = true
		if !slices.Contains(entityTransforms, e.Transform) {
			return policyErr(e.at("transform"), name, "transform %q does not apply to an entity in text (want mask, token, pseudonym, redact, or surrogate for names)", e.Transform)
		}
		if e.Transform == Surrogate && e.Name != string(kind.Name) {
			return policyErr(e.at("transform"), name, "surrogates replace names only")
		}
		if e.Kind != "" && e.Kind != kind.Kind(e.Name) {
			return policyErr(e.at("kind"), name, "kind is the entity's")
		}
		if e.Entities != nil {
			return policyErr(e.at("entities"), name, "entities apply only to transform text")
		}
		if e.ReadingOf != "" {
			return policyErr(e.at("reading_of"), name, "reading_of does not apply to entities")
		}
		if e.Value != "" {
			return policyErr(e.at("value"), name, "value does not apply to entities (a redaction writes [PHONE], [EMAIL]…)")
		}
		e.Kind = ""
		if e.Transform != Redact {
			e.Kind = kind.Kind(e.Name)
		}
		e.Name = name
		var finding kind.Field
		if kind.Kind(f.Entities[i].Name) == kind.ID {
			var err error
			if e.Options, finding, err = idFinding(e.Options); err != nil {
				return policyErr(e.at("options"), name, "%v", err)
			}
			if e.Transform == Mask && finding.Pattern == "" {
				return policyErr(e.at("transform"), name, "a mask of IDs needs options.pattern (the pattern that finds and masks them)")
			}
		}
		if err := e.validate(); err != nil {
			return err
		}
		if e.Transform == Mask && (e.Kind == kind.Card || e.Kind == kind.MyNumber || e.Kind == kind.ID) && e.Options["check"] == "invalid" {
			return policyErr(e.at("options"), name, "masks in text keep a valid check digit: one with a wrong one is not found again, and could not be reversed")
		}
	}
	if f.Region != "" && !f.findsPhones() {
		return policyErr(f.at("region"), f.Name, "region applies only to phone numbers")
	}
	return nil
}

// idFinding splits the options of an id entity: those that find IDs
// (pattern, check_scheme: the pattern of SPEC.md §5), which apply to
// every transform of IDs in text, go into the returned Field, parsed and
// checked; the others (of the transform) are returned, in a new map.
func idFinding(options map[string]string) (map[string]string, kind.Field, error) {
	f := kind.Field{Kind: kind.ID}
	var rest map[string]string
	for _, name := range slices.Sorted(maps.Keys(options)) { // the same error each time
		v := options[name]
		if name != "pattern" && name != "check_scheme" {
			if rest == nil {
				rest = make(map[string]string)
			}
			rest[name] = v
		} else if err := f.Set(kind.Mask, name, v); err != nil {
			return nil, kind.Field{}, err
		}
	}
	if f.Pattern == "" && f.CheckScheme != "" {
		return nil, kind.Field{}, fmt.Errorf("%w: check_scheme needs a pattern", kind.ErrOption)
	}
	if f.Pattern != "" {
		if _, err := pattern.Parse(f.Pattern, f.CheckScheme); err != nil {
			return nil, kind.Field{}, err
		}
	}
	return rest, f, nil
}

func (f *Field) findsPhones() bool {
	return f.Entities == nil || slices.ContainsFunc(f.Entities, func(e Field) bool { return e.Name == string(kind.Phone) })
}

// errKnownFile: the known values could not be read.
var errKnownFile = errors.New("known values")
