package records_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

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
	require.Equal(t, records.Field{Name: "phone", Transform: records.Mask, Kind: records.KindPhone, Domain: "users.phone", Region: "US"}, withoutLine(p.Fields[1]))
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
		{"bidi in name", "version: 1\nfields:\n  \"a\u202eb\": keep\n", 3, "a\u202eb", `field "a\u202eb": invalid field name: control or format character U+202E`},
		{"zero width in name", "version: 1\nfields:\n  \"a\u200bb\": keep\n", 3, "a\u200bb", "invalid field name"},
		{"control in name", "version: 1\nfields:\n  \"a\\tb\": keep\n", 3, "a\tb", "invalid field name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := records.ParsePolicy([]byte(tc.policy))
			require.ErrorIs(t, err, records.ErrPolicy)
			var pe *records.PolicyError
			require.True(t, errors.As(err, &pe))
			require.Equal(t, tc.line, pe.Line, err.Error())
			require.Equal(t, tc.field, pe.Field)
			require.Contains(t, err.Error(), tc.want)
			require.True(t, strings.HasPrefix(err.Error(), "records: policy"), err.Error())
		})
	}
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
