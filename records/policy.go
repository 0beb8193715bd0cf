package records

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/piikit/piikit/internal/derive"
)

// Transform is what a policy does to a field.
type Transform string

const (
	// Pseudonym replaces the value by an irreversible keyed pseudonym
	// (tokenize), the same for the same person in the same domain and scope.
	Pseudonym Transform = "pseudonym"
	// Token replaces the value by a reversible deterministic token (AES-SIV,
	// tokenize) that holders of the token keyset can turn back.
	Token Transform = "token"
	// Mask replaces the value by a format-preserving mask (FF1, mask): a phone
	// stays a phone, an email an email. Reversible with the root keyset.
	Mask Transform = "mask"
	// Display replaces the value by an unkeyed, irreversible display mask
	// such as t***@example.com (mask).
	Display Transform = "display"
	// Redact replaces the value by the field's Value (empty by default).
	Redact Transform = "redact"
	// Keep copies the value unchanged. Use it only for fields that are not
	// personal data.
	Keep Transform = "keep"
	// Drop removes the field from the output.
	Drop Transform = "drop"
)

// keyed reports whether t needs a key (and so a kind and a domain).
func (t Transform) keyed() bool {
	return t == Pseudonym || t == Token || t == Mask
}

// reversible reports whether holders of the keyset can undo t.
func (t Transform) reversible() bool { return t == Token || t == Mask }

func (t Transform) valid() bool {
	switch t {
	case Pseudonym, Token, Mask, Display, Redact, Keep, Drop:
		return true
	}
	return false
}

// Kind is the kind of value a field holds; it decides how the value is
// normalized and, for masks, which format is kept.
type Kind string

const (
	KindName  Kind = "name"  // a person's name, Latin or Japanese script
	KindPhone Kind = "phone" // a phone number (region from Field.Region)
	KindEmail Kind = "email" // an email address
	// KindID is an identifier: a user ID, an account number. Masks of IDs
	// need options.pattern (SPEC.md §5); pseudonyms and tokens take any ID.
	KindID Kind = "id"
	// KindCard is a payment card number: an ID whose masks keep the first 6
	// and last 4 digits and a valid Luhn digit (options: keep, check).
	KindCard Kind = "card"
	// KindMyNumber is Japan's Individual Number: an ID whose masks keep a
	// valid check digit (option: check).
	KindMyNumber Kind = "mynumber"
)

func (k Kind) valid() bool {
	switch k {
	case KindName, KindPhone, KindEmail, KindID, KindCard, KindMyNumber:
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
	// mask); display masks need a Kind.
	Kind   Kind
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

	line  int            // line of the field in the policy file, 0 for Go values
	lines map[string]int // line of each setting of the field
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
// Every mistake is a *[PolicyError] with the line and the field.
func ParsePolicy(data []byte) (*Policy, error) {
	if len(data) > MaxPolicySize {
		return nil, policyErr(0, "", "larger than %d bytes", MaxPolicySize)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &PolicyError{Err: fmt.Errorf("not valid YAML: %s", oneLine(err.Error()))}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, policyErr(0, "", "empty")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, policyErr(root.Line, "", "must be a mapping with version and fields")
	}
	p := &Policy{lines: make(map[string]int)}
	version := 0
	var fields *yaml.Node
	err := eachPair(root, "", func(key string, k, v *yaml.Node) error {
		var err error
		p.lines[key] = k.Line
		switch key {
		case "version":
			version, err = intValue(v, "")
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
		case "fields":
			fields = v
		default:
			return policyErr(k.Line, "", "unknown setting %q", key)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if version != 1 {
		return nil, policyErr(root.Line, "", "version must be 1 (got %d)", version)
	}
	if fields == nil {
		return nil, policyErr(root.Line, "", "no fields")
	}
	if fields.Kind != yaml.MappingNode {
		return nil, policyErr(fields.Line, "", "fields must be a mapping from field name to rule")
	}
	err = eachPair(fields, fieldsMapping, func(name string, k, v *yaml.Node) error {
		f, err := parseField(name, k, v)
		if err != nil {
			return err
		}
		p.Fields = append(p.Fields, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	p.hash = hex.EncodeToString(sum[:])
	p.parsed = p.canonical()
	return p, nil
}

func parseField(name string, k, v *yaml.Node) (Field, error) {
	f := Field{Name: name, line: k.Line, lines: make(map[string]int)}
	if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
		// Shorthand: "plan: keep".
		f.Transform = Transform(v.Value)
		return f, nil
	}
	if v.Kind != yaml.MappingNode {
		return f, policyErr(v.Line, name, "rule must be a mapping (or a transform name)")
	}
	err := eachPair(v, name, func(key string, k, v *yaml.Node) error {
		var err error
		var s string
		f.lines[key] = k.Line
		switch key {
		case "options":
			f.Options, err = stringMap(v, name)
			return err
		case "transform", "kind", "domain", "scope", "region", "value":
			s, err = stringValue(v, name)
		default:
			return policyErr(k.Line, name, "unknown setting %q", key)
		}
		f.set(key, s)
		return err
	})
	return f, err
}

// set sets the setting key of f (transform, kind, domain, scope, region or
// value) and reports whether key is one of them.
func (f *Field) set(key, value string) bool {
	switch key {
	case "transform":
		f.Transform = Transform(value)
	case "kind":
		f.Kind = Kind(value)
	case "domain":
		f.Domain = value
	case "scope":
		f.Scope = value
	case "region":
		f.Region = value
	case "value":
		f.Value = value
	default:
		return false
	}
	return true
}

// fieldsMapping tells eachPair that the keys are field names.
const fieldsMapping = "\x00fields"

// eachPair calls fn for each key of a mapping node, refusing duplicate keys,
// aliases and merge keys (a policy is read by auditors: what it says must be
// plain).
func eachPair(m *yaml.Node, field string, fn func(key string, k, v *yaml.Node) error) error {
	seen := make(map[string]bool, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		field := field
		if field == fieldsMapping {
			field = k.Value
		}
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			return policyErr(k.Line, field, "keys must be plain strings")
		}
		if v.Kind == yaml.AliasNode || v.Anchor != "" {
			return policyErr(v.Line, field, "anchors and aliases are not allowed")
		}
		if seen[k.Value] {
			return policyErr(k.Line, field, "%q given twice", k.Value)
		}
		seen[k.Value] = true
		if err := fn(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func stringValue(v *yaml.Node, field string) (string, error) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return "", policyErr(v.Line, field, "expected a string")
	}
	return v.Value, nil
}

func intValue(v *yaml.Node, field string) (int, error) {
	if v.Kind != yaml.ScalarNode {
		return 0, policyErr(v.Line, field, "expected a number")
	}
	n, err := strconv.Atoi(v.Value)
	if err != nil {
		return 0, policyErr(v.Line, field, "expected a number")
	}
	return n, nil
}

func stringMap(v *yaml.Node, field string) (map[string]string, error) {
	if v.Kind != yaml.MappingNode {
		return nil, policyErr(v.Line, field, "options must be a mapping")
	}
	m := make(map[string]string)
	err := eachPair(v, field, func(key string, k, v *yaml.Node) error {
		s, err := stringValue(v, field)
		m[key] = s
		return err
	})
	return m, err
}

// Validate reports the first mistake in p: unknown transforms or kinds,
// missing or invalid domains and scopes, a field named twice or inside
// another named field, settings that do not apply to a transform.
func (p *Policy) Validate() error {
	switch p.Unnamed {
	case "", UnnamedDeny, UnnamedDrop:
	default:
		return policyErr(p.lines["unnamed"], "", "unnamed must be %q or %q (got %q)", UnnamedDeny, UnnamedDrop, p.Unnamed)
	}
	switch p.OnError {
	case "", OnErrorStop, OnErrorReject:
	default:
		return policyErr(p.lines["on_error"], "", "on_error must be %q or %q (got %q)", OnErrorStop, OnErrorReject, p.OnError)
	}
	if err := derive.CheckScope(p.Scope); err != nil {
		return policyErr(p.lines["scope"], "", "invalid scope (1–128 characters of A-Z a-z 0-9 . _ : -)")
	}
	if len(p.Fields) == 0 {
		return policyErr(0, "", "no fields")
	}
	names := make(map[string]bool, len(p.Fields))
	for i := range p.Fields {
		f := &p.Fields[i]
		if err := f.validate(); err != nil {
			return err
		}
		if names[f.Name] {
			return policyErr(f.line, f.Name, "named twice")
		}
		names[f.Name] = true
	}
	// A rule for "a" and another for "a.b" would disagree on a.b.
	for _, f := range p.Fields {
		for parent := f.Name; ; {
			i := strings.LastIndexByte(parent, '.')
			if i < 0 {
				break
			}
			parent = parent[:i]
			if names[parent] {
				return policyErr(f.line, f.Name, "is inside field %q, which has its own rule", parent)
			}
		}
	}
	return nil
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
	if !f.Transform.valid() {
		return policyErr(f.at("transform"), f.Name, "unknown transform %q (want pseudonym, token, mask, display, redact, keep or drop)", f.Transform)
	}
	if f.Kind != "" && !f.Kind.valid() {
		return policyErr(f.at("kind"), f.Name, "unknown kind %q (want name, phone, email, id, card or mynumber)", f.Kind)
	}
	if f.Transform.keyed() || f.Transform == Display {
		if f.Kind == "" {
			return policyErr(f.line, f.Name, "transform %s needs a kind", f.Transform)
		}
	} else if f.Kind != "" {
		return policyErr(f.at("kind"), f.Name, "kind does not apply to transform %s", f.Transform)
	}
	if f.Transform.keyed() {
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
	if f.Region != "" && f.Kind != KindPhone {
		return policyErr(f.at("region"), f.Name, "region applies only to kind phone")
	}
	if f.Value != "" && f.Transform != Redact {
		return policyErr(f.at("value"), f.Name, "value applies only to transform redact")
	}
	if len(f.Options) > 0 && !f.Transform.keyed() && f.Transform != Display {
		return policyErr(f.at("options"), f.Name, "options do not apply to transform %s", f.Transform)
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
	for _, f := range p.Fields {
		switch f.Transform {
		case Pseudonym, Mask:
			root = true
		case Token:
			tokens = true
		}
	}
	return root, tokens
}
