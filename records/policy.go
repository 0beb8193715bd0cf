package records

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/internal/safechar"
	"github.com/piikit/piikit/kind"
)

// Transform is what a policy does to a field: one of kind's transforms of
// values, repeated here, or one of the record-level transforms Redact, Keep,
// Drop and Text. It is [kind.Transform], so one vocabulary serves the
// policy, the kinds' table and the command's flags.
type Transform = kind.Transform

const (
	// Pseudonym replaces the value by an irreversible keyed pseudonym
	// (tokenize), the same for the same person in the same domain and scope.
	Pseudonym = kind.Pseudonym
	// Token replaces the value by a reversible deterministic token (AES-SIV,
	// tokenize) that holders of the token keyset can turn back.
	Token = kind.Token
	// Mask replaces the value by a format-preserving mask (FF1, mask): a phone
	// stays a phone, an email an email. Reversible with the root keyset.
	Mask = kind.Mask
	// Display replaces the value by an unkeyed, irreversible display mask
	// such as t***@example.com (mask).
	Display = kind.Display
	// Redact replaces the value by the field's Value (empty by default).
	Redact Transform = "redact"
	// Keep copies the value unchanged. Use it only for fields that are not
	// personal data.
	Keep Transform = "keep"
	// Drop removes the field from the output.
	Drop Transform = "drop"
	// Text finds the personal values inside a free-text field (a message,
	// a note) and replaces each by its entity's rule (Field.Entities),
	// keeping the rest of the text (package freetext, SPEC.md "Free text").
	Text Transform = "text"
	// Surrogate replaces a name by a realistic one (package surrogate):
	// keyed, deterministic, irreversible. A field with ReadingOf writes the
	// reading of another field's surrogate.
	Surrogate = kind.Surrogate
)

// reversible reports whether holders of the keyset can undo t.
func reversible(t Transform) bool { return t == Token || t == Mask }

// validTransform reports whether a policy may name t.
func validTransform(t Transform) bool {
	switch t {
	case Pseudonym, Token, Mask, Display, Redact, Keep, Drop, Surrogate, Text:
		return true
	}
	return false
}

// Unnamed says what an export does with a field that the policy does not
// name.
type Unnamed string

const (
	// UnnamedDeny stops the export at the first unnamed field (the default):
	// a column added upstream never leaks by accident.
	UnnamedDeny Unnamed = "deny"
	// UnnamedDrop leaves unnamed fields out of the output.
	UnnamedDrop Unnamed = "drop"
)

// OnError says what an export does with a value that cannot be transformed
// (not a phone number, invalid UTF-8, too short). The value is never written.
type OnError string

const (
	// OnErrorStop stops the export with the row number, field and reason (the
	// default).
	OnErrorStop OnError = "stop"
	// OnErrorReject leaves the record out of the output and writes its row
	// number, field and reason (never the value) to the reject file.
	OnErrorReject OnError = "reject"
)

// Policy says, for every field of a table, what an export does with it. Its
// file form is YAML (JSON is accepted); see [ParsePolicy] and SPEC.md §7.
type Policy struct {
	// Scope is the default scope of keyed fields: the recipient of the
	// export. Exports with different scopes cannot be linked to each other.
	Scope string
	// Region is the default region of phone numbers written without a
	// country code (CLDR code, such as "JP").
	Region string
	// Unnamed says what happens to fields the policy does not name:
	// [UnnamedDeny] (the zero value) or [UnnamedDrop].
	Unnamed Unnamed
	// OnError says what happens to a value that cannot be transformed:
	// [OnErrorStop] (the zero value) or [OnErrorReject].
	OnError OnError
	// Fields are the rules, one per field, in the policy's order.
	Fields []Field
	// Known are the values text fields find as they are known (see
	// [Known]); nil for none.
	Known *Known
	// Names finds person names in text fields by morphology: set it to
	// names.Append of package freetext/names (the piikit command does).
	// nil finds names in text only among the known values. It is not part
	// of the policy file nor of its hash.
	Names freetext.NameFinder

	lines  map[string]int // line of each top-level setting in the file
	hash   string         // SHA-256 of the file a parsed policy came from
	parsed []byte         // canonical form when parsed: a changed policy is not the file
}

// Field is the rule for one field.
type Field struct {
	// Name is the CSV column, or the path of a JSON field with its parts
	// joined by dots ("address.city"); a path through an array applies to
	// each element.
	Name      string
	Transform Transform
	// Kind and Domain are required by keyed transforms (pseudonym, token,
	// mask); display masks need a Kind. Which transforms take which kind
	// is package kind's table ([kind.Kind.As]).
	Kind   kind.Kind
	Domain string
	// Scope overrides the policy's scope for this field.
	Scope string
	// Region overrides the policy's default phone region for this field.
	Region string
	// Value is what a redacted field is replaced with (empty by default).
	Value string
	// Options are kind-specific settings of the transform, passed to tokenize
	// or mask (see SPEC.md §7 for the list).
	Options map[string]string
	// Entities are the rules of a text field's entities, one per entity
	// found: Name is the entity (phone, email, mynumber, card or name),
	// Transform mask, token, pseudonym, redact or (names) surrogate, and
	// Domain, Scope, Region and Options as for a field of that kind. nil
	// finds every entity with its default rule (freetext.DefaultRule). Text
	// fields only.
	Entities []Field
	// ReadingOf ties a surrogate field to the surrogate field it names (a
	// name column, given before it, with the same domain and scope): its
	// value is written as the reading of that field's surrogate, in its own
	// script and shape (a kana or romaji column). Top-level fields only.
	ReadingOf string

	line  int            // line of the field in the policy file, 0 for Go values
	lines map[string]int // line of each setting of the field, and of each option
	// optionOrder are the option names in the file's order.
	optionOrder []string
}

// at is the line of a field's setting, or of the field.
func (f *Field) at(setting string) int {
	if l, ok := f.lines[setting]; ok {
		return l
	}
	return f.line
}

// Errors of policies; branch with errors.Is.
var (
	// ErrPolicy: the policy is malformed or inconsistent. The error is a
	// *[PolicyError] naming the field and, for a file, the line.
	ErrPolicy = errors.New("records: invalid policy")
)

// PolicyError is a mistake in a policy, with where it is.
type PolicyError struct {
	Line  int    // line in the policy file; 0 when not known
	Field string // field name; empty for policy-wide settings
	Err   error
}

func (e *PolicyError) Error() string {
	var b strings.Builder
	b.WriteString("records: policy")
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %q", e.Field)
	}
	fmt.Fprintf(&b, ": %s", bare(e.Err))
	return b.String()
}

func (e *PolicyError) Unwrap() []error { return []error{ErrPolicy, e.Err} }

func policyErr(line int, field, format string, args ...any) error {
	return &PolicyError{Line: line, Field: field, Err: fmt.Errorf(format, args...)}
}

// MaxPolicySize is the largest policy file accepted, in bytes.
const MaxPolicySize = 1 << 20

// LoadPolicy reads and parses the policy file at path.
func LoadPolicy(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("records: reading policy: %w", err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxPolicySize+1)); err != nil {
		return nil, fmt.Errorf("records: reading policy: %w", err)
	}
	return ParsePolicy(buf.Bytes())
}

// ParsePolicy parses and validates a policy in YAML (or JSON, which is YAML).
//
//	version: 1
//	scope: acme
//	region: JP
//	unnamed: deny          # or drop
//	on_error: reject       # or stop
//	fields:
//	  user_id: {transform: pseudonym, kind: id, domain: users.user_id}
//	  phone:   {transform: mask, kind: phone, domain: users.phone}
//	  plan:    {transform: keep}
//
// A policy is exactly one YAML document, and it must read as it looks
// (SPEC.md §7.1): a second document, directives, anchors, aliases, merge
// keys, tags, repeated keys and values that YAML reads as another type than
// the setting takes are refused.
//
// Every mistake is a *[PolicyError] with the line and the field; the one
// reported is the first in the file.
func ParsePolicy(data []byte) (*Policy, error) {
	if len(data) > MaxPolicySize {
		return nil, policyErr(0, "", "larger than %d bytes", MaxPolicySize)
	}
	// YAML also reads UTF-16 and UTF-32, which other tools show otherwise.
	if !utf8.Valid(data) {
		return nil, policyErr(0, "", "not UTF-8 text")
	}
	root, err := policyDocument(data)
	if err != nil {
		return nil, err
	}
	p, err := parsePolicy(root)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	p.hash = hex.EncodeToString(sum[:])
	p.parsed = p.canonical()
	return p, nil
}

// policyDocument returns the root node of the one YAML document in data.
// The whole stream is read: whatever follows the document, even invalid
// YAML, is refused rather than ignored.
func policyDocument(data []byte) (*yaml.Node, error) {
	l, err := yaml.NewLoader(bytes.NewReader(data), yaml.WithStreamNodes())
	if err != nil {
		return nil, &PolicyError{Err: err}
	}
	var doc *yaml.Node
	for {
		n := new(yaml.Node)
		err := l.Load(n)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &PolicyError{Err: fmt.Errorf("not valid YAML: %s", oneLine(err.Error()))}
		}
		switch {
		case n.Kind == yaml.StreamNode:
			// "%YAML 1.1" would make readers disagree on what yes means.
			if n.Stream != nil && (n.Stream.Version != nil || len(n.Stream.TagDirectives) > 0) {
				return nil, policyErr(n.Line, "", "%%YAML and %%TAG directives are not allowed")
			}
		case doc != nil:
			return nil, policyErr(n.Line, "", "a second YAML document: a policy is one document")
		default:
			doc = n
		}
	}
	if doc == nil || len(doc.Content) == 0 {
		return nil, policyErr(0, "", "empty")
	}
	return doc.Content[0], nil
}

// parsePolicy reads the settings and fields of root in the file's order,
// checking each as it is read, so that the first mistake in the file is
// the one reported.
func parsePolicy(root *yaml.Node) (*Policy, error) {
	if err := plainNode(root, ""); err != nil {
		return nil, err
	}
	if root.Kind != yaml.MappingNode {
		return nil, policyErr(root.Line, "", "must be a mapping with version and fields")
	}
	p := &Policy{lines: make(map[string]int)}
	var version, fields *yaml.Node
	var set fieldSet
	err := eachPair(root, "", func(key string, k, v *yaml.Node) error {
		var err error
		p.lines[key] = k.Line
		switch key {
		case "version":
			version = v
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Value != "1" {
				return policyErr(v.Line, "", "version must be 1")
			}
			return nil
		case "scope":
			p.Scope, err = stringValue(v, "")
		case "region":
			p.Region, err = stringValue(v, "")
		case "unnamed":
			var s string
			s, err = stringValue(v, "")
			p.Unnamed = Unnamed(s)
		case "on_error":
			var s string
			s, err = stringValue(v, "")
			p.OnError = OnError(s)
		case "known":
			p.Known, err = parseKnown(v)
			return err
		case "fields":
			fields = v
			if v.Kind != yaml.MappingNode {
				return policyErr(v.Line, "", "fields must be a mapping from field name to rule")
			}
			return eachPair(v, fieldsMapping, func(name string, k, v *yaml.Node) error {
				f, err := parseField(name, k, v)
				if err != nil {
					return err
				}
				p.Fields = append(p.Fields, f)
				return set.add(p.Fields, len(p.Fields)-1)
			})
		default:
			return policyErr(k.Line, "", "unknown setting %q", key)
		}
		if err != nil {
			return err
		}
		return p.checkSetting(key)
	})
	switch {
	case err != nil:
		return nil, err
	case version == nil:
		return nil, policyErr(root.Line, "", "version must be 1 (missing)")
	case fields == nil:
		return nil, policyErr(root.Line, "", "no fields")
	case len(p.Fields) == 0:
		return nil, policyErr(fields.Line, "", "no fields")
	}
	return p, nil
}

func parseField(name string, k, v *yaml.Node) (Field, error) {
	f := Field{Name: name, line: k.Line, lines: make(map[string]int)}
	if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
		// Shorthand: "plan: keep".
		s, err := stringValue(v, name)
		f.Transform = Transform(s)
		return f, err
	}
	if v.Kind != yaml.MappingNode {
		return f, policyErr(v.Line, name, "rule must be a mapping (or a transform name)")
	}
	err := eachPair(v, name, func(key string, k, v *yaml.Node) error {
		f.lines[key] = k.Line
		switch key {
		case "options":
			return f.parseOptions(v)
		case "entities":
			return f.parseEntities(v)
		case "transform", "kind", "domain", "scope", "region", "value", "reading_of":
			s, err := stringValue(v, name)
			f.set(key, s)
			return err
		}
		return policyErr(k.Line, name, "unknown setting %q", key)
	})
	return f, err
}

func (f *Field) parseOptions(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return policyErr(v.Line, f.Name, "options must be a mapping")
	}
	f.Options = make(map[string]string)
	return eachPair(v, f.Name, func(key string, k, v *yaml.Node) error {
		f.lines[optionSetting(key)] = k.Line
		f.optionOrder = append(f.optionOrder, key)
		s, err := optionValue(v, f.Name)
		f.Options[key] = s
		return err
	})
}

// parseEntities reads the entities of a text field: a mapping from entity
// to rule, each read as a field's rule.
func (f *Field) parseEntities(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return policyErr(v.Line, f.Name, "entities must be a mapping from entity to rule")
	}
	f.Entities = []Field{}
	return eachPair(v, f.Name, func(name string, k, v *yaml.Node) error {
		e, err := parseField(name, k, v)
		if err != nil {
			var pe *PolicyError
			if errors.As(err, &pe) {
				pe.Field = f.Name + ".entities." + name
			}
			return err
		}
		f.Entities = append(f.Entities, e)
		return nil
	})
}

// set sets the setting key of f (transform, kind, domain, scope, region or
// value) and reports whether key is one of them.
func (f *Field) set(key, value string) bool {
	switch key {
	case "transform":
		f.Transform = Transform(value)
	case "kind":
		f.Kind = kind.Kind(value)
	case "domain":
		f.Domain = value
	case "scope":
		f.Scope = value
	case "region":
		f.Region = value
	case "value":
		f.Value = value
	case "reading_of":
		f.ReadingOf = value
	default:
		return false
	}
	return true
}

// optionSetting is the key of an option's line in Field.lines.
func optionSetting(name string) string { return "options." + name }

// optionNames are the names of f's options in the policy's order (sorted
// for options set in Go), so that the first bad option is always the same.
func (f *Field) optionNames() []string {
	names := slices.Sorted(maps.Keys(f.Options))
	pos := func(name string) int {
		if i := slices.Index(f.optionOrder, name); i >= 0 {
			return i
		}
		return len(f.optionOrder)
	}
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(pos(a), pos(b)) })
	return names
}

// fieldsMapping tells eachPair that the keys are field names.
const fieldsMapping = "\x00fields"

// eachPair calls fn for each key of a mapping node in order, refusing keys
// that are not plain strings, repeated keys, merge keys and values that are
// not plain (plainNode): a policy is read by auditors, and what it says
// must be what it looks like.
func eachPair(m *yaml.Node, field string, fn func(key string, k, v *yaml.Node) error) error {
	seen := make(map[string]bool, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		field := field
		if field == fieldsMapping {
			field = k.Value
		}
		if k.Tag == "!!merge" {
			return policyErr(k.Line, field, "merge keys (<<) are not allowed")
		}
		key, err := text(k, field, "key")
		if err != nil {
			return err
		}
		if seen[key] {
			return policyErr(k.Line, field, "%q given twice", key)
		}
		seen[key] = true
		if err := plainNode(v, field); err != nil {
			return err
		}
		if err := fn(key, k, v); err != nil {
			return err
		}
	}
	return nil
}

// plainNode refuses what makes a node read otherwise than it looks: an
// anchor or alias (the value is elsewhere) and an explicit tag (!!binary
// makes text bytes, a custom tag means what its reader decides).
func plainNode(n *yaml.Node, field string) error {
	switch {
	case n.Kind == yaml.AliasNode || n.Anchor != "":
		return policyErr(n.Line, field, "anchors and aliases are not allowed")
	case n.Style&yaml.TaggedStyle != 0 || n.Tag == "!":
		return policyErr(n.Line, field, "tags are not allowed")
	}
	return nil
}

// yaml11Booleans are the plain words that YAML 1.2 reads as strings but
// YAML 1.1, and so many YAML tools, as booleans.
var yaml11Booleans = []string{"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}

// text returns the string a plain node holds; what names the node in
// errors ("key", "value"). A scalar that YAML reads as a number, boolean,
// null or date is not a string, whatever Go could make of its text.
func text(n *yaml.Node, field, what string) (string, error) {
	if err := plainNode(n, field); err != nil {
		return "", err
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return "", policyErr(n.Line, field, "%s must be a string, not %s: quote it if it is text", what, yamlType(n))
	}
	quoted := yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle
	if n.Style&quoted == 0 && slices.Contains(yaml11Booleans, n.Value) {
		return "", policyErr(n.Line, field, "%s %s is a boolean in YAML 1.1: quote it if it is text", what, n.Value)
	}
	return n.Value, nil
}

func stringValue(v *yaml.Node, field string) (string, error) { return text(v, field, "value") }

// optionValue returns the text of an option's value: a string, a number in
// decimal digits (as written: "16") or a boolean (true or false). The
// option's own parser then reads it (bind.go).
func optionValue(v *yaml.Node, field string) (string, error) {
	if v.Kind == yaml.ScalarNode && v.Style&yaml.TaggedStyle == 0 {
		switch v.Tag {
		case "!!int", "!!float":
			if v.Tag == "!!float" || !decimal(v.Value) {
				return "", policyErr(v.Line, field, "a number must be a whole number in decimal digits, without sign or leading zeros: quote it if it is text")
			}
			return v.Value, nil
		case "!!bool":
			if v.Value != "true" && v.Value != "false" {
				return "", policyErr(v.Line, field, "a boolean must be written true or false")
			}
			return v.Value, nil
		}
	}
	return text(v, field, "value")
}

// decimal reports whether s is "0" or decimal digits without a leading zero.
func decimal(s string) bool {
	if s == "" || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// yamlType names what YAML reads n as, for errors.
func yamlType(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "empty (null)"
	case "!!timestamp":
		return "a date"
	}
	return "of type " + n.Tag
}

// Validate reports the first mistake in p: unknown transforms or kinds,
// missing or invalid domains and scopes, a field named twice or inside
// another named field, settings that do not apply to a transform. Fields
// are checked in order, each against the fields before it.
func (p *Policy) Validate() error {
	for _, key := range []string{"unnamed", "on_error", "scope"} {
		if err := p.checkSetting(key); err != nil {
			return err
		}
	}
	if len(p.Fields) == 0 {
		return policyErr(0, "", "no fields")
	}
	var set fieldSet
	for i := range p.Fields {
		if err := set.add(p.Fields, i); err != nil {
			return err
		}
	}
	return nil
}

// checkSetting checks the policy-wide setting key.
func (p *Policy) checkSetting(key string) error {
	switch key {
	case "unnamed":
		switch p.Unnamed {
		case "", UnnamedDeny, UnnamedDrop:
		default:
			return policyErr(p.lines[key], "", "unnamed must be %q or %q (got %q)", UnnamedDeny, UnnamedDrop, p.Unnamed)
		}
	case "on_error":
		switch p.OnError {
		case "", OnErrorStop, OnErrorReject:
		default:
			return policyErr(p.lines[key], "", "on_error must be %q or %q (got %q)", OnErrorStop, OnErrorReject, p.OnError)
		}
	case "scope":
		if derive.CheckScope(p.Scope) != nil {
			return policyErr(p.lines[key], "", "invalid scope (1–128 characters of A-Z a-z 0-9 . _ : -)")
		}
	}
	return nil
}

// fieldSet checks fields one at a time, in order, each against the ones
// added before it.
type fieldSet struct {
	names map[string]bool
	below map[string]int // "a" for a field "a.b" → the index of the first such field
}

func (s *fieldSet) add(fields []Field, i int) error {
	f := &fields[i]
	if err := f.validate(); err != nil {
		return err
	}
	if s.names == nil {
		s.names, s.below = make(map[string]bool), make(map[string]int)
	}
	if s.names[f.Name] {
		return policyErr(f.line, f.Name, "named twice")
	}
	// A rule for "a" and another for "a.b" would disagree on a.b.
	if j, ok := s.below[f.Name]; ok {
		return policyErr(fields[j].line, fields[j].Name, "is inside field %q, which has its own rule", f.Name)
	}
	for parent := range parents(f.Name) {
		if s.names[parent] {
			return policyErr(f.line, f.Name, "is inside field %q, which has its own rule", parent)
		}
	}
	if err := f.checkTie(fields[:i]); err != nil {
		return err
	}
	s.names[f.Name] = true
	for parent := range parents(f.Name) {
		if _, ok := s.below[parent]; !ok {
			s.below[parent] = i
		}
	}
	return nil
}

// checkTie checks f's ReadingOf against the fields before it.
func (f *Field) checkTie(before []Field) error {
	if f.ReadingOf == "" {
		return nil
	}
	line := f.at("reading_of")
	if f.Transform != Surrogate {
		return policyErr(line, f.Name, "reading_of applies only to transform surrogate")
	}
	if strings.Contains(f.Name, ".") || strings.Contains(f.ReadingOf, ".") {
		return policyErr(line, f.Name, "reading_of ties top-level fields (CSV columns) only")
	}
	i := slices.IndexFunc(before, func(g Field) bool { return g.Name == f.ReadingOf })
	if i < 0 {
		return policyErr(line, f.Name, "reading_of names %q, which is not a field before it", f.ReadingOf)
	}
	g := &before[i]
	if g.Transform != Surrogate || g.ReadingOf != "" || g.Domain != f.Domain || g.Scope != f.Scope {
		return policyErr(line, f.Name, "reading_of names %q, which must be a surrogate field of its own with the same domain and scope", f.ReadingOf)
	}
	return nil
}

// parents yields the paths that contain name: "a.b" and "a" for "a.b.c".
func parents(name string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for {
			i := strings.LastIndexByte(name, '.')
			if i < 0 || !yield(name[:i]) {
				return
			}
			name = name[:i]
		}
	}
}

// invisibleInName reports the characters a field name does not take:
// controls, format characters (bidirectional overrides, zero-width
// characters) and line separators, as in audit requests.
func invisibleInName(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

func (f *Field) validate() error {
	if f.Name == "" || strings.HasPrefix(f.Name, ".") || strings.HasSuffix(f.Name, ".") || strings.Contains(f.Name, "..") {
		return policyErr(f.line, f.Name, "invalid field name")
	}
	// A name is written to the manifest and the reject file, read by people.
	if i := strings.IndexFunc(f.Name, invisibleInName); i >= 0 {
		c, _ := utf8.DecodeRuneInString(f.Name[i:])
		return policyErr(f.line, f.Name, "invalid field name: control or format character %U", c)
	}
	if !validTransform(f.Transform) {
		return policyErr(f.at("transform"), f.Name, "unknown transform %q (want pseudonym, token, mask, surrogate, display, redact, keep, drop or text)", f.Transform)
	}
	if f.Transform == Text {
		return f.validateText()
	}
	if f.Entities != nil {
		return policyErr(f.at("entities"), f.Name, "entities apply only to transform text")
	}
	if _, err := kind.Parse(string(f.Kind)); f.Kind != "" && err != nil {
		return policyErr(f.at("kind"), f.Name, "unknown kind %q (want %s)", f.Kind, kind.List(""))
	}
	if f.Transform.Keyed() || f.Transform == Display {
		if f.Kind == "" {
			return policyErr(f.line, f.Name, "transform %s needs a kind", f.Transform)
		}
		if _, err := f.Kind.As(f.Transform); err != nil {
			return policyErr(f.at("kind"), f.Name, "kind %s does not apply to transform %s (want %s)", f.Kind, f.Transform, kind.List(f.Transform))
		}
	} else if f.Kind != "" {
		return policyErr(f.at("kind"), f.Name, "kind does not apply to transform %s", f.Transform)
	}
	if f.Transform.Keyed() {
		if f.Domain == "" {
			return policyErr(f.line, f.Name, "transform %s needs a domain (such as users.email)", f.Transform)
		}
		if derive.CheckDomain(f.Domain) != nil {
			return policyErr(f.at("domain"), f.Name, "invalid domain (1–128 characters of A-Z a-z 0-9 . _ : -)")
		}
		if derive.CheckScope(f.Scope) != nil {
			return policyErr(f.at("scope"), f.Name, "invalid scope (1–128 characters of A-Z a-z 0-9 . _ : -)")
		}
	} else if f.Domain != "" || f.Scope != "" {
		return policyErr(f.line, f.Name, "domain and scope do not apply to transform %s", f.Transform)
	}
	if f.Region != "" && f.Kind != kind.Phone {
		return policyErr(f.at("region"), f.Name, "region applies only to kind phone")
	}
	if f.Value != "" && f.Transform != Redact {
		return policyErr(f.at("value"), f.Name, "value applies only to transform redact")
	}
	// The value is written in place of every value of the field.
	if safechar.StartsFormula(f.Value) || strings.ContainsFunc(f.Value, invisibleInName) {
		return policyErr(f.at("value"), f.Name, "redact value starts a spreadsheet formula (= + - @ | %%) or holds a control or format character")
	}
	if len(f.Options) > 0 && !f.Transform.Keyed() && f.Transform != Display {
		return policyErr(f.at("options"), f.Name, "options do not apply to transform %s", f.Transform)
	}
	for _, name := range f.optionNames() {
		if !slices.ContainsFunc(kind.Options(), func(o kind.Option) bool { return o.Name == name && o.Applies(f.Kind, f.Transform) }) {
			line := f.at("options")
			if l, ok := f.lines[optionSetting(name)]; ok {
				line = l
			}
			return &PolicyError{Line: line, Field: f.Name, Err: fmt.Errorf("%w: option %q does not apply to transform %s of kind %s", errUnsupported, name, f.Transform, f.Kind)}
		}
	}
	return nil
}

// Hash is the hex SHA-256 of the policy file p was parsed from, as recorded
// in export manifests (sha256sum of the file gives the same); for a Policy
// built or changed in Go it is the hash of its canonical JSON form (see
// SPEC.md §7).
func (p *Policy) Hash() string {
	if p.hash != "" && bytes.Equal(p.parsed, p.canonical()) {
		return p.hash
	}
	sum := sha256.Sum256(p.canonical())
	return hex.EncodeToString(sum[:])
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Keysets reports which keysets p needs: the root PRF keyset (pseudonyms and
// format-preserving masks) and the deterministic-AEAD keyset (reversible
// tokens).
func (p *Policy) Keysets() (root, tokens bool) {
	for i := range p.Fields {
		r, t := p.Fields[i].keysets()
		root, tokens = root || r, tokens || t
	}
	return root, tokens
}

// keysets reports which keyset f uses.
func (f *Field) keysets() (root, tokens bool) {
	if f.Transform != Text {
		return transformKeysets(f.Transform)
	}
	if f.Entities == nil {
		return true, false // default rules: masks
	}
	for _, e := range f.Entities {
		r, t := transformKeysets(e.Transform)
		root, tokens = root || r, tokens || t
	}
	return root, tokens
}

// transformKeysets reports which keyset t uses.
func transformKeysets(t Transform) (root, tokens bool) {
	return t == Pseudonym || t == Mask || t == Surrogate, t == Token
}
