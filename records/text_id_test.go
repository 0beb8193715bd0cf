package records_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
	"github.com/piikit/piikit/tokenize"
)

// idPolicy pseudonymizes the sender and the IDs in messages in one domain,
// and masks account numbers in messages by their pattern.
const idPolicy = `version: 1
scope: acme
fields:
  sender_id: {transform: pseudonym, kind: id, domain: users.user_id}
  text:
    transform: text
    entities:
      id: {transform: pseudonym, domain: users.user_id, options: {pattern: "U[0-9]{8}"}}
`

func pseudonymOf(t *testing.T, domain, v string) string {
	t.Helper()
	p, err := tokenize.NewPseudonymizer(keysettest.PRF(), kind.Field{Kind: kind.ID, Domain: domain, Scope: "acme"})
	require.NoError(t, err)
	ps, err := p.Pseudonym(v)
	require.NoError(t, err)
	return ps
}

// An ID in a message gets exactly the pseudonym its sender_id column gets.
func TestTextIDJoins(t *testing.T) {
	tr := recordstest.Transformer(t, idPolicy)
	var out bytes.Buffer
	in := "sender_id,text\nU10007919,\"友達追加してね ID: U10007919\"\nU10007920,no ID here: U1000792\n"
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	recs, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	ps := pseudonymOf(t, "users.user_id", "U10007919")
	require.Equal(t, ps, recs[1][0])
	require.Equal(t, "友達追加してね ID: ID("+strconv.Itoa(len(ps))+"):"+ps, recs[1][1])
	require.Equal(t, "no ID here: U1000792", recs[2][1])

	var text records.FieldStats
	for _, f := range st.Fields {
		if f.Name == "text" {
			text = f
		}
	}
	require.Len(t, text.Entities, 1)
	require.Equal(t, "id", text.Entities[0].Name)
	require.Equal(t, "users.user_id", text.Entities[0].Domain)
	require.EqualValues(t, 1, text.Entities[0].Values)
	require.EqualValues(t, 1, text.Entities[0].Irreversible)

	// The pattern is part of the policy, and so of its hash.
	other := recordstest.Transformer(t, strings.Replace(idPolicy, "U[0-9]{8}", "U[0-9]{9}", 1))
	require.NotEqual(t, tr.Policy().Hash(), other.Policy().Hash())
}

// A mask of IDs in text is the pattern mask of the column, found again and
// revealed by reidentify, with the audit event and the manifest's count.
func TestTextIDMaskReidentify(t *testing.T) {
	policy := strings.Replace(idPolicy, "{transform: pseudonym, domain: users.user_id, options: {pattern: \"U[0-9]{8}\"}}",
		"{transform: mask, domain: msg.account, options: {pattern: \"U[0-9]{8}\"}}", 1)
	tr := recordstest.Transformer(t, policy)
	in := "sender_id,text\nU10007919,\"accounts U10007919 and U20000000\"\n"
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, nil)
	require.NoError(t, err)
	m, err := mask.New(keysettest.PRF(), kind.Field{Kind: kind.ID, Domain: "msg.account", Scope: "acme", Pattern: "U[0-9]{8}"})
	require.NoError(t, err)
	a, err := m.Mask("U10007919")
	require.NoError(t, err)
	b, err := m.Mask("U20000000")
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
	require.NoError(t, err)
	require.Equal(t, "accounts "+a+" and "+b, recs[1][1])

	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	man := sealedManifest(t, tr.Policy(), st, "csv", keys)
	r, err := records.NewReidentifier(tr.Policy(), keys, man)
	require.NoError(t, err)
	var events []audit.Event
	hook := func(_ context.Context, e audit.Event) error { events = append(events, e); return nil }
	var back bytes.Buffer
	_, err = r.CSV(context.Background(), hook, audit.Request{Actor: "alice", Reason: "TICKET-42"}, bytes.NewReader(out.Bytes()), &back, nil)
	require.NoError(t, err)
	got, err := csv.NewReader(&back).ReadAll()
	require.NoError(t, err)
	require.Equal(t, "accounts U10007919 and U20000000", got[1][1])
	require.Len(t, events, 1)
	require.Equal(t, 2, events[0].Count)
}

func TestTextIDPolicyErrors(t *testing.T) {
	for _, tc := range []struct{ name, rule, want string }{
		{"mask without pattern", "{transform: text, entities: {id: {transform: mask, domain: d}}}", "needs options.pattern"},
		{"bad pattern", `{transform: text, entities: {id: {transform: pseudonym, domain: d, options: {pattern: "[0-9"}}}}`, "pattern"},
		{"scheme without pattern", "{transform: text, entities: {id: {transform: pseudonym, domain: d, options: {check_scheme: luhn}}}}", "needs a pattern"},
		{"unknown scheme", `{transform: text, entities: {id: {transform: pseudonym, domain: d, options: {pattern: "[0-9]{12}", check_scheme: crc}}}}`, "check scheme"},
		{"option of another transform", `{transform: text, entities: {id: {transform: pseudonym, domain: d, options: {pattern: "U[0-9]{8}", check: valid}}}}`, "does not apply"},
		{"invalid check digit", `{transform: text, entities: {id: {transform: mask, domain: d, options: {pattern: "[0-9]{12}", check_scheme: luhn, check: invalid}}}}`, "valid check digit"},
		{"unknown setting", `{transform: text, entities: {id: {transform: pseudonym, domain: d, pattern: "U[0-9]{8}"}}}`, "unknown setting"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := records.ParsePolicy([]byte("version: 1\nfields:\n  text: " + tc.rule + "\n"))
			require.ErrorIs(t, err, records.ErrPolicy)
			require.ErrorContains(t, err, tc.want)
		})
	}
	// A redaction takes the pattern (it finds the IDs) and nothing else.
	_, err := records.ParsePolicy([]byte("version: 1\nfields:\n  text: {transform: text, entities: {id: {transform: redact, options: {pattern: \"U[0-9]{8}\"}}}}\n"))
	require.NoError(t, err)
}

// Known IDs come from the known file's id columns, by name only: a column
// named id is not taken unless the policy names it.
func TestTextIDKnown(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users.csv")
	require.NoError(t, os.WriteFile(users, []byte("id,line_id\n1000001,taro_0123\n"), 0o600))
	policy := "version: 1\nknown:\n  file: " + users + "%s\nfields:\n  text: {transform: text, entities: {id: {transform: pseudonym, domain: users.line_id}}}\n"
	tr := recordstest.Transformer(t, fmt.Sprintf(policy, "\n  columns: {line_id: id}"))
	var out bytes.Buffer
	_, err := tr.CSV(context.Background(), strings.NewReader("text\nID: taro_0123 / 1000001\n"), &out, nil)
	require.NoError(t, err)
	require.Contains(t, out.String(), "ID: ID(")
	require.NotContains(t, out.String(), "taro_0123")
	require.Contains(t, out.String(), "/ 1000001")

	// With no columns named, the file has none named as an entity.
	p, err := records.ParsePolicy([]byte(fmt.Sprintf(policy, "")))
	require.NoError(t, err)
	_, err = records.New(p, nil)
	require.ErrorContains(t, err, "lacks a column")
}

type idMessage struct {
	Body string `piikit:"text,id=pseudonym:users.user_id,pattern=U[0-9]{8},scope=acme"`
}

func TestTextIDStructTag(t *testing.T) {
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	require.NoError(t, err)
	got, err := records.Protect(keys, idMessage{Body: "my account is U10007919"})
	require.NoError(t, err)
	ps := pseudonymOf(t, "users.user_id", "U10007919")
	require.Equal(t, idMessage{Body: "my account is ID(" + strconv.Itoa(len(ps)) + "):" + ps}, got)
}
