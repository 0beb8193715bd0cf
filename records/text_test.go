package records_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/freetext/names"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/recordstest"
	"github.com/piikit/piikit/surrogate"
)

// messagesPolicy is issue 13's policy for a messages table, with the
// users' phone as a column in the same domain as the phones in text.
const messagesPolicy = `version: 1
scope: acme
region: JP
on_error: reject
fields:
  id: keep
  phone: {transform: mask, kind: phone, domain: line.phone}
  text:
    transform: text
    entities:
      phone:    {transform: mask,  domain: line.phone}
      email:    {transform: mask,  domain: line.email}
      mynumber: {transform: token, domain: line.my_number}
      card:     {transform: mask,  domain: line.card}
      name:     {transform: mask,  domain: line.name}
`

const messagesCSV = "id,phone,text\n" +
	"1,090-1234-5678,電話は090-1234-5678です。メールはtaro.yamada@example.co.jpまで\n" +
	"2,080-2345-6789,\"マイナンバーは1234 5678 9018、カード4111-1111-1111-1111で。注文番号 1234-5678-9012, 1,980円\"\n" +
	"3,03-1234-5678,明日の3時に渋谷で\n" +
	"4,070-3456-7890,\n"

// The phone inside a message is replaced by exactly the mask of the users'
// phone column, so the message still joins with its user.
func TestTextCSV(t *testing.T) {
	tr := recordstest.Transformer(t, messagesPolicy)
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(messagesCSV), &out, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 5)

	m, err := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Phone, Domain: "line.phone", Scope: "acme", Region: "JP"})
	require.NoError(t, err)
	phone, err := m.Mask("090-1234-5678")
	require.NoError(t, err)
	require.Equal(t, phone, recs[1][1])
	require.True(t, strings.HasPrefix(recs[1][2], "電話は"+phone+"です。メールは"), recs[1][2])
	require.NotContains(t, recs[1][2], "taro.yamada")
	require.True(t, strings.HasSuffix(recs[1][2], "@example.co.jpまで"), recs[1][2])

	msg := recs[2][2]
	require.Contains(t, msg, "マイナンバーはMYNUMBER(")
	require.NotContains(t, msg, "1234 5678 9018")
	require.NotContains(t, msg, "4111-1111-1111-1111")
	require.Contains(t, msg, "カード4111-")
	require.True(t, strings.HasSuffix(msg, "で。注文番号 1234-5678-9012, 1,980円"), msg)
	require.Equal(t, "明日の3時に渋谷で", recs[3][2])
	require.Equal(t, "", recs[4][2])

	// Stats count the entities replaced, per entity.
	f := st.Fields[2]
	require.Equal(t, "text", f.Name)
	require.EqualValues(t, 4, f.Values)
	counts := map[string]int64{}
	for _, e := range f.Entities {
		counts[e.Name] = e.Values
	}
	require.Equal(t, map[string]int64{"email": 1, "card": 1, "mynumber": 1, "phone": 1, "name": 0}, counts)
	require.Equal(t, []uint32{keysettest.PRFKeyID, keysettest.DeterministicAEADKeyID}, f.KeyIDs)
}

func TestTextJSONLines(t *testing.T) {
	tr := recordstest.Transformer(t, messagesPolicy)
	in := `{"id":1,"phone":"090-1234-5678","text":"電話は090-1234-5678です"}` + "\n" +
		`{"id":2,"phone":null,"text":["Mail me at taro@example.com", "call +81 90 1234 5678"]}` + "\n"
	var out bytes.Buffer
	_, err := tr.JSONLines(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	var first struct{ Phone, Text string }
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	require.Equal(t, "電話は"+first.Phone+"です", first.Text)
	require.NotContains(t, lines[1], "taro@")
	require.NotContains(t, lines[1], "1234 5678")
	require.Contains(t, lines[1], "Mail me at ")
}

// A text that cannot be protected whole is rejected, never written.
func TestTextRejects(t *testing.T) {
	tr := recordstest.Transformer(t, messagesPolicy)
	in := "id,phone,text\n1,090-1234-5678,\"call \u202e8765-4321-090\"\n2,090-1234-5678,ok\n3,090-1234-5678,123456789012\n"
	var out, rejects bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: &rejects})
	require.NoError(t, err)
	require.EqualValues(t, 2, st.Rejected)
	require.NotContains(t, out.String(), "8765")
	require.NotContains(t, out.String(), "123456789012")
	require.NotContains(t, rejects.String(), "8765")
	require.Contains(t, out.String(), ",ok")
}

func TestTextReidentify(t *testing.T) {
	tr := recordstest.Transformer(t, messagesPolicy)
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(messagesCSV), &out, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	m := sealedManifest(t, tr.Policy(), st, "csv", keys)
	r, err := records.NewReidentifier(tr.Policy(), keys, m)
	require.NoError(t, err)
	require.Equal(t, []string{"phone", "text"}, r.Fields())

	var events []audit.Event
	hook := func(_ context.Context, e audit.Event) error { events = append(events, e); return nil }
	var back bytes.Buffer
	_, err = r.CSV(context.Background(), hook, audit.Request{Actor: "alice", Reason: "TICKET-42"}, bytes.NewReader(out.Bytes()), &back, nil)
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Equal(t, 4+4, events[0].Count, "4 phones and 4 entities in text")
	require.Contains(t, events[0].Domain, "line.my_number")

	orig, _ := csv.NewReader(strings.NewReader(messagesCSV)).ReadAll()
	got, _ := csv.NewReader(&back).ReadAll()
	require.Equal(t, orig[1], got[1])
	// A token gives the normalized My Number.
	require.Equal(t, strings.Replace(orig[2][2], "1234 5678 9018", "123456789018", 1), got[2][2])
	require.Equal(t, orig[3:], got[3:])

	// A manifest that records fewer entities than the text holds stops
	// the run before the extra one is revealed.
	for i := range m.Fields {
		if m.Fields[i].Name == "text" {
			for j := range m.Fields[i].Entities {
				if m.Fields[i].Entities[j].Name == "card" {
					m.Fields[i].Entities[j].Values = 0
				}
			}
		}
	}
	require.NoError(t, m.SetMAC(keys))
	r, err = records.NewReidentifier(tr.Policy(), keys, m)
	require.NoError(t, err)
	back.Reset()
	_, err = r.CSV(context.Background(), hook, audit.Request{Actor: "alice", Reason: "TICKET-42"}, bytes.NewReader(out.Bytes()), &back, nil)
	require.ErrorIs(t, err, records.ErrManifest)
}

func TestTextPolicyErrors(t *testing.T) {
	for _, tc := range []struct{ name, rule, want string }{
		{"unknown entity", "{transform: text, entities: {address: {transform: mask, domain: d}}}", "not an entity"},
		{"keep", "{transform: text, entities: {phone: {transform: keep}}}", "does not apply to an entity"},
		{"no domain", "{transform: text, entities: {phone: {transform: mask}}}", "needs a domain"},
		{"kind", "{transform: text, kind: phone}", "kind does not apply"},
		{"domain", "{transform: text, domain: line.text}", "domain does not apply"},
		{"invalid check digit", "{transform: text, entities: {card: {transform: mask, domain: c, options: {check: invalid}}}}", "valid check digit"},
		{"empty", "{transform: text, entities: {}}", "no entities"},
		{"entities on a column", "{transform: mask, kind: phone, domain: p, entities: {phone: {transform: mask, domain: d}}}", "only to transform text"},
		{"unknown option", "{transform: text, entities: {phone: {transform: mask, domain: d, options: {size: 16}}}}", "does not apply"},
		{"surrogate phone", "{transform: text, entities: {phone: {transform: surrogate, domain: d}}}", "names only"},
		{"reading_of", "{transform: text, entities: {name: {transform: surrogate, domain: d, reading_of: x}}}", "does not apply to entities"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := records.ParsePolicy([]byte("version: 1\nfields:\n  text: " + tc.rule + "\n"))
			require.ErrorIs(t, err, records.ErrPolicy)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestTextKnownValues(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users.csv")
	require.NoError(t, os.WriteFile(users, []byte("user_id,display_name,mail\n1,山田 太郎,hanako@example.com\n"), 0o600))
	policy := "version: 1\nknown:\n  file: " + users + "\n  columns: {display_name: name, mail: email}\nfields:\n  text: {transform: text}\n"
	tr := recordstest.Transformer(t, policy)
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader("text\n山田太郎さん、こんにちは\n"), &out, nil)
	require.NoError(t, err)
	require.NotContains(t, out.String(), "山田太郎")
	require.Contains(t, out.String(), "さん、こんにちは")
	require.EqualValues(t, 1, st.Fields[0].Values)

	// The file is not part of the policy's hash.
	p := tr.Policy()
	h := p.Hash()
	p.Known.File = filepath.Join(dir, "other.csv")
	require.Equal(t, h, p.Hash())

	_, err = records.New(p, nil)
	require.Error(t, err, "a missing known file")
}

type message struct {
	ID   int
	Body string `piikit:"text,phone=mask:line.phone,email=redact,scope=acme"`
}

func TestTextStructTag(t *testing.T) {
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	require.NoError(t, err)
	got, err := records.Protect(keys, message{ID: 1, Body: "call 090-1234-5678 or taro@example.com"})
	require.NoError(t, err)
	m, err := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Phone, Domain: "line.phone", Scope: "acme", Region: "JP"})
	require.NoError(t, err)
	phone, err := m.Mask("090-1234-5678")
	require.NoError(t, err)
	require.Equal(t, message{ID: 1, Body: "call " + phone + " or [EMAIL]"}, got)
}

// A name rule of transform surrogate in text writes the surrogate a users
// table's surrogate column of the same domain and scope writes: the names
// in messages match the users' surrogates, surname for surname, honorifics
// kept. Surrogates are counted irreversible, and reidentify leaves them.
func TestTextSurrogateNames(t *testing.T) {
	users := recordstest.Transformer(t, "version: 1\nscope: acme\nfields:\n  id: keep\n  name: {transform: surrogate, kind: name, domain: users.name}\n")
	var uout bytes.Buffer
	_, err := users.CSV(context.Background(), strings.NewReader("id,name\n1,山田 太郎\n2,Emma Wilson\n"), &uout, nil)
	require.NoError(t, err)
	urecs, err := csv.NewReader(&uout).ReadAll()
	require.NoError(t, err)
	yamada, wilson := urecs[1][1], urecs[2][1]
	surname, _, ok := strings.Cut(yamada, " ")
	require.True(t, ok, yamada)
	require.NotContains(t, yamada, "山田")

	// messagesPolicy, its names given the users' surrogates.
	policy := strings.Replace(messagesPolicy, "{transform: mask,  domain: line.name}", "{transform: surrogate, domain: users.name}", 1)
	require.Contains(t, policy, "surrogate")
	p, err := records.ParsePolicy([]byte(policy))
	require.NoError(t, err)
	p.Names = names.Append
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	require.NoError(t, err)
	tr, err := records.New(p, keys)
	require.NoError(t, err)
	in := "id,phone,text\n" +
		"1,090-1234-5678,山田さん、明日の件よろしく\n" +
		"2,090-1234-5678,山田太郎様、お電話は090-1234-5678まで\n" +
		"3,090-1234-5678,\"Dear Emma Wilson, thanks\"\n"
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	require.Zero(t, st.Rejected)
	recs, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
	require.NoError(t, err)
	require.Equal(t, surname+"さん、明日の件よろしく", recs[1][2])
	require.Equal(t, strings.ReplaceAll(yamada, " ", "")+"様、お電話は"+recs[2][1]+"まで", recs[2][2])
	require.Equal(t, "Dear "+wilson+", thanks", recs[3][2])

	s, err := surrogate.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name", Scope: "acme"})
	require.NoError(t, err)
	want, err := s.Name("山田 太郎")
	require.NoError(t, err)
	require.Equal(t, want, yamada)

	var text records.FieldStats
	for _, f := range st.Fields {
		if f.Name == "text" {
			text = f
		}
	}
	for _, e := range text.Entities {
		if e.Name == "name" {
			require.Equal(t, records.Surrogate, e.Transform)
			require.EqualValues(t, 3, e.Values)
			require.EqualValues(t, 3, e.Irreversible)
			require.Equal(t, []uint32{keysettest.PRFKeyID}, e.KeyIDs)
		}
	}

	m := sealedManifest(t, tr.Policy(), st, "csv", keys)
	r, err := records.NewReidentifier(tr.Policy(), keys, m)
	require.NoError(t, err)
	hook := func(context.Context, audit.Event) error { return nil }
	var back bytes.Buffer
	_, err = r.CSV(context.Background(), hook, audit.Request{Actor: "alice", Reason: "TICKET-42"}, bytes.NewReader(out.Bytes()), &back, nil)
	require.NoError(t, err)
	got, err := csv.NewReader(&back).ReadAll()
	require.NoError(t, err)
	require.Equal(t, surname+"さん、明日の件よろしく", got[1][2])
	require.Equal(t, strings.ReplaceAll(yamada, " ", "")+"様、お電話は090-1234-5678まで", got[2][2])
	require.Equal(t, "090-1234-5678", got[2][1])
}

type note struct {
	Body string `piikit:"text,name=surrogate:users.name,email=redact"`
}

type badNote struct {
	Body string `piikit:"text,phone=surrogate:users.phone"`
}

// A text tag takes a surrogate rule for names (found by morphology only
// with Keys.WithNames), and refuses one for other entities.
func TestTextStructTagSurrogate(t *testing.T) {
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	require.NoError(t, err)
	got, err := records.Protect(keys, note{Body: "山田さん: taro@example.com"})
	require.NoError(t, err)
	require.Equal(t, note{Body: "山田さん: [EMAIL]"}, got)

	// With morphology (Keys.WithNames) the name is found, and gets the
	// surrogate a users column of the same domain writes.
	got, err = records.Protect(keys.WithNames(names.Append), note{Body: "山田さん: taro@example.com"})
	require.NoError(t, err)
	s, err := surrogate.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	require.NoError(t, err)
	want, err := s.Name("山田さん")
	require.NoError(t, err)
	require.NotContains(t, want, "山田")
	require.Equal(t, note{Body: want + ": [EMAIL]"}, got)

	_, err = records.Protect(keys, badNote{Body: "call 090-1234-5678"})
	require.ErrorIs(t, err, records.ErrTag)
	require.ErrorContains(t, err, "names only")
}
