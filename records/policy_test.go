package records_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
)

const goodPolicy = `version: 1
scope: acme
region: JP
unnamed: deny
on_error: reject
fields:
  user_id: {transform: pseudonym, kind: id, domain: users.user_id}
  phone:
    transform: mask
    kind: phone
    domain: users.phone
    region: US
  address.city: {transform: display, kind: name}
  notes: {transform: redact, value: "[removed]"}
  plan: keep
  debug: drop
`

func TestParsePolicy(t *testing.T) {
	p, err := records.ParsePolicy([]byte(goodPolicy))
	require.NoError(t, err)
	require.Equal(t, "acme", p.Scope)
	require.Equal(t, "JP", p.Region)
	require.Equal(t, records.UnnamedDeny, p.Unnamed)
	require.Equal(t, records.OnErrorReject, p.OnError)
	var names []string
	for _, f := range p.Fields {
		names = append(names, f.Name)
	}
	require.Equal(t, []string{"user_id", "phone", "address.city", "notes", "plan", "debug"}, names, "policy order is kept")
	require.Equal(t, records.Field{Name: "phone", Transform: records.Mask, Kind: kind.Phone, Domain: "users.phone", Region: "US"}, withoutLine(p.Fields[1]))
	require.Equal(t, "[removed]", p.Fields[3].Value)
	require.Equal(t, records.Keep, p.Fields[4].Transform)
	require.Len(t, p.Hash(), 64)

	root, tokens := p.Keysets()
	require.True(t, root)
	require.False(t, tokens)
}

func withoutLine(f records.Field) records.Field {
	return records.Field{Name: f.Name, Transform: f.Transform, Kind: f.Kind, Domain: f.Domain, Scope: f.Scope, Region: f.Region, Value: f.Value, Options: f.Options}
}

func TestParsePolicyJSON(t *testing.T) {
	p, err := records.ParsePolicy([]byte(`{"version": 1, "fields": {"email": {"transform": "token", "kind": "email", "domain": "users.email"}, "plan": "keep"}}`))
	require.NoError(t, err)
	require.Len(t, p.Fields, 2)
	_, tokens := p.Keysets()
	require.True(t, tokens)
}

// Every mistake names the line and the field.
func TestParsePolicyErrors(t *testing.T) {
	for _, tc := range []struct {
		name, policy string
		line         int
		field, want  string
	}{
		{"unknown transform", "version: 1\nfields:\n  email: {transform: hash, kind: email, domain: d}\n", 3, "email", `unknown transform "hash"`},
		{"unknown kind", "version: 1\nfields:\n  a: keep\n  email: {transform: mask, kind: mail, domain: d}\n", 4, "email", `unknown kind "mail"`},
		{"no domain", "version: 1\nfields:\n  email: {transform: pseudonym, kind: email}\n", 3, "email", "needs a domain"},
		{"bad domain", "version: 1\nfields:\n  email: {transform: pseudonym, kind: email, domain: a/b}\n", 3, "email", "invalid domain"},
		{"no kind", "version: 1\nfields:\n  email: {transform: token, domain: d}\n", 3, "email", "needs a kind"},
		{"kind on keep", "version: 1\nfields:\n  email: {transform: keep, kind: email}\n", 3, "email", "kind does not apply"},
		{"unknown setting", "version: 1\nfields:\n  email:\n    transform: keep\n    colour: red\n", 5, "email", `unknown setting "colour"`},
		{"unknown top setting", "version: 1\nmode: fast\nfields:\n  a: keep\n", 2, "", `unknown setting "mode"`},
		{"duplicate", "version: 1\nfields:\n  a: keep\n  a: drop\n", 4, "a", "given twice"},
		{"nested conflict", "version: 1\nfields:\n  a: keep\n  a.b: drop\n", 4, "a.b", `inside field "a"`},
		{"value on keep", "version: 1\nfields:\n  a: {transform: keep, value: x}\n", 3, "a", "value applies only"},
		{"region on email", "version: 1\nfields:\n  a: {transform: mask, kind: email, domain: d, region: JP}\n", 3, "a", "region applies only"},
		{"version", "version: 2\nfields:\n  a: keep\n", 1, "", "version must be 1"},
		{"no fields", "version: 1\n", 1, "", "no fields"},
		{"fields list", "version: 1\nfields:\n  - a\n", 3, "", "fields must be a mapping"},
		{"alias", "version: 1\nfields:\n  a: &x keep\n  b: *x\n", 3, "a", "anchors and aliases"},
		{"unnamed", "version: 1\nunnamed: keep\nfields:\n  a: keep\n", 2, "", `unnamed must be "deny" or "drop"`},
		{"on_error", "version: 1\nfields:\n  a: keep\non_error: skip\n", 4, "", `on_error must be`},
		{"scope", "version: 1\nscope: a/b\nfields:\n  a: keep\n", 2, "", `invalid scope`},
		{"kind line", "version: 1\nfields:\n  a:\n    transform: mask\n    kind: phone\n    domain: d\n    region: JP\n  b:\n    transform: keep\n    value: x\n", 10, "b", "value applies only"},
		{"empty name", "version: 1\nfields:\n  a..b: keep\n", 3, "a..b", "invalid field name"},
		{"unknown option", "version: 1\nfields:\n  a:\n    transform: pseudonym\n    kind: id\n    domain: d\n    options:\n      prefix: x\n      colour: red\n", 9, "a", `option "colour" does not apply`},
		{"parent after child", "version: 1\nfields:\n  a.b: keep\n  c: keep\n  a: drop\n", 3, "a.b", `inside field "a"`},
		{"missing version", "fields:\n  a: keep\n", 1, "", "version must be 1"},
		{"empty fields", "version: 1\nfields: {}\n", 2, "", "no fields"},
		{"bidi in name", "version: 1\nfields:\n  \"a\u202eb\": keep\n", 3, "a\u202eb", `field "a\u202eb": invalid field name: control or format character U+202E`},
		{"zero width in name", "version: 1\nfields:\n  \"a\u200bb\": keep\n", 3, "a\u200bb", "invalid field name"},
		{"control in name", "version: 1\nfields:\n  \"a\\tb\": keep\n", 3, "a\tb", "invalid field name"},
		{"formula redact value", "version: 1\nfields:\n  a: {transform: redact, value: \"=1+1\"}\n", 3, "a", "redact value"},
		{"full-width formula redact value", "version: 1\nfields:\n  a: {transform: redact, value: \"＠SUM(A1)\"}\n", 3, "a", "redact value"},
		{"tab redact value", "version: 1\nfields:\n  a: {transform: redact, value: \"\\t=cmd\"}\n", 3, "a", "redact value"},
		{"bidi redact value", "version: 1\nfields:\n  a: {transform: redact, value: \"x\u202e\"}\n", 3, "a", "redact value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pe := requirePolicyError(t, tc.policy, tc.line, tc.want)
			require.Equal(t, tc.field, pe.Field)
			require.True(t, strings.HasPrefix(pe.Error(), "records: policy"), pe.Error())
		})
	}
}

// requirePolicyError parses policy and requires a *PolicyError at line
// whose text holds want.
func requirePolicyError(t *testing.T, policy string, line int, want string) *records.PolicyError {
	t.Helper()
	_, err := records.ParsePolicy([]byte(policy))
	require.ErrorIs(t, err, records.ErrPolicy)
	var pe *records.PolicyError
	require.True(t, errors.As(err, &pe))
	require.Equal(t, line, pe.Line, err.Error())
	require.Contains(t, err.Error(), want)
	return pe
}

func TestParsePolicyNotYAML(t *testing.T) {
	for _, in := range []string{"", "version: [1\n", "- a\n- b\n", "just text"} {
		_, err := records.ParsePolicy([]byte(in))
		require.ErrorIs(t, err, records.ErrPolicy, "%q", in)
	}
	_, err := records.ParsePolicy(make([]byte, records.MaxPolicySize+1))
	require.ErrorIs(t, err, records.ErrPolicy)
}

func TestPolicyValidateGo(t *testing.T) {
	p := &records.Policy{Unnamed: "keep", Fields: []records.Field{{Name: "a", Transform: records.Keep}}}
	require.ErrorIs(t, p.Validate(), records.ErrPolicy)
	p = &records.Policy{Fields: []records.Field{{Name: "a", Transform: records.Keep}}}
	require.NoError(t, p.Validate())
	// A Go policy has a stable hash of its canonical form.
	q := &records.Policy{Fields: []records.Field{{Name: "a", Transform: records.Keep}}}
	require.Equal(t, p.Hash(), q.Hash())
	q.Fields[0].Transform = records.Drop
	require.NotEqual(t, p.Hash(), q.Hash())
}

// The same bad policy gives the same error on every run: nothing that
// decides which mistake is reported depends on map order.
func TestPolicyErrorsAreDeterministic(t *testing.T) {
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	require.NoError(t, err)
	for _, policy := range []string{
		"version: 1\nfields:\n  c: {transform: mask, kind: card, domain: d, options: {keep: x, check: y, short: z, pattern: p}}\n",
		"version: 1\nfields:\n  c: {transform: pseudonym, kind: id, domain: d, options: {size: x, insecure_allow_short_ids: y, colour: red, prefix: p}}\n",
		"version: 1\nfields:\n  c: {transform: display, kind: name, options: {reveal: x, mask_char: ab, colour: red}}\n",
		"version: 1\nfields:\n  p: {transform: mask, kind: phone, domain: d, options: {keep: -1, mask_domain: x, check: y}}\n",
	} {
		var first string
		for range 50 {
			p, err := records.ParsePolicy([]byte(policy))
			if err == nil {
				_, err = records.New(p, keys)
			}
			require.ErrorIs(t, err, records.ErrPolicy, policy)
			if first == "" {
				first = err.Error()
			}
			require.Equal(t, first, err.Error(), policy)
		}
	}
}

// badPolicy is a policy that ParsePolicy refuses at line, with want in the
// error.
type badPolicy struct {
	name, policy string
	line         int
	want         string
}

// A policy is one YAML document: whatever follows it is refused, not
// ignored.
func TestParsePolicyOneDocument(t *testing.T) {
	const doc = "version: 1\nfields:\n  a: keep\n"
	for _, tc := range []badPolicy{
		{"second document", doc + "---\nversion: 1\nfields:\n  a: drop\n", 4, "second YAML document"},
		{"invalid second document", doc + "---\n[[[\n", 0, "not valid YAML"},
		{"empty second document", doc + "---\n", 4, "second YAML document"},
		{"after end marker", doc + "...\na: drop\n", 5, "second YAML document"},
		{"two explicit documents", "---\n" + doc + "---\n" + doc, 5, "second YAML document"},
		{"YAML directive", "%YAML 1.1\n---\n" + doc, 1, "directives are not allowed"},
		{"TAG directive", "%TAG !x! tag:example.com,2000:\n---\n" + doc, 1, "directives are not allowed"},
		{"empty", "", 0, "empty"},
		{"only a comment", "# version: 1\n", 0, "empty"},
		{"only a marker", "---\n", 2, "must be a mapping"},
		{"null", "~\n", 1, "must be a mapping"},
		{"UTF-16", "\xff\xfe" + "v\x00:\x00", 0, "not UTF-8"},
		{"NUL", "version: 1\x00\n", 0, "not valid YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) { requirePolicyError(t, tc.policy, tc.line, tc.want) })
	}
	// One document, with its optional markers and a byte-order mark.
	for _, policy := range []string{"---\n" + doc, doc + "...\n", "---\n" + doc + "...\n# end\n", "\ufeff" + doc} {
		_, err := records.ParsePolicy([]byte(policy))
		require.NoError(t, err, "%q", policy)
	}
}

// What a policy says is what it looks like: YAML features that make a
// value come from elsewhere, change its type or hide a repeated key are
// refused, at any level, with the line of the first one.
func TestParsePolicyReadsAsItLooks(t *testing.T) {
	const head = "version: 1\nfields:\n"
	for _, tc := range []badPolicy{
		{"anchor on a rule", head + "  a: &r {transform: keep}\n  b: *r\n", 3, "anchors and aliases"},
		{"anchor on a key", head + "  &k a: keep\n", 3, "anchors and aliases"},
		{"alias as a key", head + "  a: keep\n  *k : keep\n", 0, "not valid YAML"},
		{"anchor on the root", "&root\n" + head + "  a: keep\n", 1, "anchors and aliases"},
		{"anchor on an option", head + "  a: {transform: mask, kind: card, domain: d, options: {keep: &k '6,4'}}\n", 3, "anchors and aliases"},
		{"merge key", head + "  a: {transform: keep}\n  b: {<<: {transform: keep}}\n", 4, "merge keys"},
		{"merge key at the top", "<<: {version: 1}\nfields:\n  a: keep\n", 1, "merge keys"},
		{"binary tag", head + "  a: !!binary a2VlcA==\n", 3, "tags are not allowed"},
		{"custom tag", head + "  a: !keep x\n", 3, "tags are not allowed"},
		{"str tag", "version: 1\nscope: !!str acme\nfields:\n  a: keep\n", 2, "tags are not allowed"},
		{"non-specific tag", head + "  a: ! keep\n", 3, "tags are not allowed"},
		{"tag on a mapping", head + "  a: !!map {transform: keep}\n", 3, "tags are not allowed"},
		{"tag on a key", head + "  !!str a: keep\n", 3, "tags are not allowed"},
		{"duplicate top key", "version: 1\nscope: a\nscope: b\nfields:\n  a: keep\n", 3, `"scope" given twice`},
		{"duplicate setting", head + "  a: {transform: keep, transform: drop}\n", 3, `"transform" given twice`},
		{"duplicate option", head + "  a:\n    transform: mask\n    kind: card\n    domain: d\n    options:\n      keep: '6,4'\n      keep: '0,0'\n", 9, `"keep" given twice`},
		{"duplicate field quoted", head + "  a: keep\n  'a': drop\n", 4, `"a" given twice`},
		{"unknown option setting", head + "  a: {transform: keep, options: {}, colour: red}\n", 3, `unknown setting "colour"`},
		{"hex number as string", "version: 1\nscope: 0x10\nfields:\n  a: keep\n", 2, "must be a string, not a number"},
		{"float as string", head + "  a: {transform: redact, value: 1e3}\n", 3, "must be a string, not a number"},
		{"boolean as string", head + "  a: {transform: redact, value: true}\n", 3, "must be a string, not a boolean"},
		{"YAML 1.1 boolean", head + "  a: {transform: redact, value: yes}\n", 3, "yes is a boolean in YAML 1.1"},
		{"YAML 1.1 boolean region", "version: 1\nregion: NO\nfields:\n  a: keep\n", 2, "NO is a boolean in YAML 1.1"},
		{"null as string", "version: 1\nscope:\nfields:\n  a: keep\n", 2, "not empty (null)"},
		{"date as string", head + "  a: {transform: redact, value: 2001-01-01}\n", 3, "not a date"},
		{"number as key", head + "  1: keep\n", 3, "key must be a string, not a number"},
		{"boolean as key", head + "  on: keep\n", 3, "key on is a boolean in YAML 1.1"},
		{"null key", head + "  ~: keep\n", 3, "key must be a string"},
		{"list as key", head + "  ? [a]\n  : keep\n", 3, "key must be a string, not a list"},
		{"hex option", head + "  a: {transform: mask, kind: phone, domain: d, options: {keep: 0x10}}\n", 3, "decimal digits"},
		{"octal option", head + "  a: {transform: mask, kind: phone, domain: d, options: {keep: 010}}\n", 3, "decimal digits"},
		{"signed option", head + "  a: {transform: mask, kind: phone, domain: d, options: {keep: +4}}\n", 3, "decimal digits"},
		{"float option", head + "  a: {transform: mask, kind: phone, domain: d, options: {keep: 4.0}}\n", 3, "decimal digits"},
		{"huge option", head + "  a: {transform: mask, kind: phone, domain: d, options: {keep: 99999999999999999999}}\n", 3, "decimal digits"},
		{"boolean spelling", head + "  a: {transform: mask, kind: email, domain: d, options: {mask_domain: True}}\n", 3, "true or false"},
		{"YAML 1.1 boolean option", head + "  a: {transform: mask, kind: email, domain: d, options: {mask_domain: on}}\n", 3, "on is a boolean in YAML 1.1"},
		{"list option", head + "  a: {transform: mask, kind: card, domain: d, options: {keep: [6, 4]}}\n", 3, "not a list"},
		{"version as string", "version: '1'\nfields:\n  a: keep\n", 1, "version must be 1"},
		{"version 1.0", "version: 1.0\nfields:\n  a: keep\n", 1, "version must be 1"},
		{"version 01", "version: 01\nfields:\n  a: keep\n", 1, "version must be 1"},
		// The first mistake in the file is the one reported, whatever its
		// kind: a bad rule before a bad top-level setting.
		{"first in the file", head + "  a: {transform: hash}\nunnamed: keep\nmode: fast\n", 3, `unknown transform "hash"`},
		{"first in the file, setting", "unnamed: keep\n" + head + "  a: {transform: hash}\n", 1, "unnamed must be"},
		{"first in the file, syntax", head + "  a: {transform: hash}\n  b: &x keep\n", 3, `unknown transform "hash"`},
	} {
		t.Run(tc.name, func(t *testing.T) { requirePolicyError(t, tc.policy, tc.line, tc.want) })
	}
	// Quoted, they are the strings they look like; decimal numbers and true
	// or false are options as written.
	p, err := records.ParsePolicy([]byte(head + "  a: {transform: redact, value: 'yes'}\n  '1': {transform: redact, value: \"0x10\"}\n" +
		"  c: {transform: mask, kind: phone, domain: d, options: {keep: 4}}\n  e: {transform: mask, kind: email, domain: d, options: {mask_domain: true}}\n"))
	require.NoError(t, err)
	require.Equal(t, "yes", p.Fields[0].Value)
	require.Equal(t, "1", p.Fields[1].Name)
	require.Equal(t, "0x10", p.Fields[1].Value)
	require.Equal(t, map[string]string{"keep": "4"}, p.Fields[2].Options)
	require.Equal(t, map[string]string{"mask_domain": "true"}, p.Fields[3].Options)
}

// Deep nesting and large inputs are bounded: refused quickly, without a
// crash.
func TestParsePolicyBounds(t *testing.T) {
	for _, policy := range []string{
		"version: 1\nfields:\n  a: " + strings.Repeat("[", 100000),
		"version: 1\nfields:\n  a: " + strings.Repeat("{a: ", 100000),
		"version: 1\nfields:\n  a: {transform: mask, kind: card, domain: d, options: {keep: " + strings.Repeat("- ", 100000) + "}}",
		"version: 1\nfields:\n" + strings.Repeat("  a: keep\n", records.MaxPolicySize/10),
	} {
		_, err := records.ParsePolicy([]byte(policy))
		require.ErrorIs(t, err, records.ErrPolicy)
	}
	// Just under the size limit, with a field inside each other field's
	// path but one: checked in one pass, not a pair at a time.
	var b strings.Builder
	b.WriteString("version: 1\nfields:\n")
	for i := 0; b.Len() < records.MaxPolicySize-64; i++ {
		fmt.Fprintf(&b, "  f%d.x.y: keep\n", i)
	}
	b.WriteString("  f0.x: drop\n")
	_, err := records.ParsePolicy([]byte(b.String()))
	require.ErrorIs(t, err, records.ErrPolicy)
	require.Contains(t, err.Error(), `field "f0.x.y": is inside field "f0.x"`)
}

// A struct tag is a policy too: a setting given twice is refused, not
// overridden by the last.
func TestProtectTagSettingTwice(t *testing.T) {
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	require.NoError(t, err)
	type twice struct {
		Name string `piikit:"name,pseudonym,domain=users.name,domain=users.other"`
	}
	type optionTwice struct {
		Email string `piikit:"email,mask,domain=users.email,mask_domain=true,mask_domain=false"`
	}
	for _, v := range []any{twice{Name: "secret"}, optionTwice{Email: "secret@example.com"}} {
		_, err := records.Protect(keys, v)
		require.ErrorIs(t, err, records.ErrTag, "%T", v)
		require.Contains(t, err.Error(), "given twice")
		require.NotContains(t, err.Error(), "secret")
	}
}
