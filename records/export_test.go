package records_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

// digits returns the ASCII digits of s after NFKC, so that full-width
// digits and any separators are seen through.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, norm.NFKC.String(s))
}

var fold = cases.Fold()

// letters returns s after NFKC and case folding, without spaces, dots,
// middle dots and other punctuation, so that a name cannot hide behind
// another spacing, width or case.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, fold.String(norm.NFKC.String(s)))
}

func exportCSV(t *testing.T, tr *records.Transformer, in []byte) ([]byte, *records.Stats) {
	t.Helper()
	var out, rej bytes.Buffer
	st, err := tr.CSV(context.Background(), bytes.NewReader(in), &out, &records.StreamOptions{Rejects: &rej})
	require.NoError(t, err)
	require.Zero(t, st.Rejected, rej.String())
	return out.Bytes(), st
}

// The export of the demo table holds none of its personal values, in any
// layout, width or case.
func TestExportHidesEveryValue(t *testing.T) {
	const n = 3000
	var in bytes.Buffer
	require.NoError(t, synthetic.WriteCSV(&in, n, 42))
	users, err := csv.NewReader(bytes.NewReader(in.Bytes())).ReadAll()
	require.NoError(t, err)
	out, st := exportCSV(t, demoTransformer(t), in.Bytes())
	require.Equal(t, int64(n), st.RowsOut)
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, synthetic.Header, recs[0])

	require.Empty(t, leaks(t, users[1:], recs[1:]))

	// The scan finds values that are there, in another layout, width or
	// case: a table whose phones are written in full-width with other
	// separators, names in upper case and half-width kana, leaks every row.
	relaid := make([][]string, 0, n)
	for _, u := range users[1:] {
		r := append([]string(nil), u...)
		r[1] = strings.ToUpper(strings.ReplaceAll(r[1], " ", "・"))
		r[2] = norm.NFKC.String(r[2])
		r[3] = strings.ToUpper(r[3])
		r[4] = "（" + toFullWidth(digits(r[4])) + "）"
		r[5] = r[5][:4] + " " + r[5][4:8] + " " + r[5][8:]
		relaid = append(relaid, r)
	}
	require.GreaterOrEqual(t, len(leaks(t, users[1:], relaid)), n*6)
}

// leaks lists, for each user, which personal values appear in any of the
// records (after normalization), as "row N: what".
func leaks(t *testing.T, users, records [][]string) []string {
	t.Helper()
	digitCells := map[string]bool{}
	var letterCells []string
	for _, r := range records {
		for _, c := range r[:6] { // the PII columns; dates and plans are kept
			if d := digits(c); len(d) >= 8 {
				digitCells[d] = true
			}
			letterCells = append(letterCells, letters(c))
		}
	}
	letterText := strings.Join(letterCells, "\x00")
	hasDigits := func(needle string) bool {
		for c := range digitCells {
			if strings.Contains(c, needle) {
				return true
			}
		}
		return false
	}
	var found []string
	for i, u := range users {
		userID, name, kana, email, phone, myNumber := u[0], u[1], u[2], u[3], u[4], u[5]
		// Phones: the national significant number, whatever the layout
		// (090-…, +81 90 …, full-width).
		nsn := strings.TrimPrefix(digits(phone), "81")
		nsn = strings.TrimPrefix(nsn, "0")
		require.GreaterOrEqual(t, len(nsn), 9, "row %d", i+1)
		if hasDigits(nsn) {
			found = append(found, fmt.Sprintf("row %d: phone", i+1))
		}
		if hasDigits(digits(myNumber)) {
			found = append(found, fmt.Sprintf("row %d: My Number", i+1))
		}
		for _, v := range []struct{ what, value string }{{"user ID", userID}, {"name", name}, {"kana", kana}, {"email", email}} {
			if strings.Contains(letterText, letters(v.value)) {
				found = append(found, fmt.Sprintf("row %d: %s", i+1, v.what))
			}
		}
		// The local part alone, when it is long enough to mean something.
		local, _, _ := strings.Cut(email, "@")
		if l := letters(local); len([]rune(l)) >= 5 && strings.Contains(letterText, l) {
			found = append(found, fmt.Sprintf("row %d: email local part", i+1))
		}
	}
	return found
}

func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

func TestExportJSONLines(t *testing.T) {
	p, err := records.ParsePolicy([]byte(`version: 1
region: JP
fields:
  id: {transform: pseudonym, kind: id, domain: users.user_id}
  profile.email: {transform: mask, kind: email, domain: users.email}
  profile.phones: {transform: mask, kind: phone, domain: users.phone}
  note: {transform: redact}
`))
	require.NoError(t, err)
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	tr, err := records.New(p, keys)
	require.NoError(t, err)
	in := `{"id":"U10000001","profile":{"email":"taro.yamada@example.jp","phones":["090-1234-5678","+81 3 1234 5678"]},"note":"VIP"}` + "\n"
	var out bytes.Buffer
	_, err = tr.JSONLines(context.Background(), strings.NewReader(in), &out, nil)
	require.NoError(t, err)
	for _, v := range []string{"U10000001", "taro", "yamada", "12345678", "VIP"} {
		require.NotContains(t, out.String(), v)
	}
	require.Contains(t, out.String(), "@example.jp")
	require.Contains(t, out.String(), `"090-`, "the layout is kept")

	// The same values through Map give the same output.
	m, err := tr.Map(map[string]any{"id": "U10000001", "profile": map[string]any{"email": "taro.yamada@example.jp", "phones": []any{"090-1234-5678", "+81 3 1234 5678"}}, "note": "VIP"})
	require.NoError(t, err)
	require.Equal(t, m["id"], jsonField(t, out.Bytes(), "id"))
}

func jsonField(t *testing.T, line []byte, key string) any {
	t.Helper()
	var m map[string]any
	require.NoError(t, jsonUnmarshal(line, &m))
	return m[key]
}

// Values that cannot be protected are rejected with row and field, never
// written, never quoted.
func TestExportRejects(t *testing.T) {
	in := "user_id,name,name_kana,email,phone,my_number,signup_date,plan\n" +
		"U10000001,山田 太郎,ヤマダ タロウ,taro.yamada@example.jp,090-1234-5678,123456789018,2020-01-01,free\n" +
		"U10000002,佐藤 花子,サトウ ハナコ,hanako.sato@example.jp,not-a-phone-SECRET,123456789018,2020-01-01,free\n" +
		"U10000003,鈴木 一郎,スズキ イチロウ,SECRET-no-at-sign,090-1234-5678,123456789018,2020-01-01,free\n" +
		"U10000004,Emma Wilson,エマ・ウィルソン,emma.wilson@example.com,+81 80 1111 2222,123456789018,2020-01-01,free\n"
	var out, rej bytes.Buffer
	st, err := demoTransformer(t).CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: &rej})
	require.NoError(t, err)
	require.Equal(t, int64(2), st.Rejected)
	require.Equal(t, int64(2), st.RowsOut)
	require.NotContains(t, out.String()+rej.String(), "SECRET")
	recs, _ := csv.NewReader(&rej).ReadAll()
	require.Equal(t, []string{"2", "3", "phone"}, recs[1][:3])
	require.Equal(t, []string{"3", "4", "email"}, recs[2][:3])
	require.True(t, strings.HasPrefix(recs[1][3], "value cannot be transformed: "), recs[1][3])
}

func TestNewKeysWrongPurpose(t *testing.T) {
	_, err := records.NewKeys(keysettest.DeterministicAEAD(), nil)
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)
	_, err = records.NewKeys(nil, keysettest.PRF())
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)

	p, _ := records.LoadPolicy("../examples/policies/users.yaml")
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	_, err = records.New(p, keys)
	require.ErrorIs(t, err, records.ErrNoKeyset, "the policy has a token field")
	var pe *records.PolicyError
	require.True(t, errors.As(err, &pe))
	require.Equal(t, "my_number", pe.Field)
	require.Greater(t, pe.Line, 1)
}

func TestPolicyOptionErrors(t *testing.T) {
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	for _, field := range []string{
		"{transform: mask, kind: email, domain: d, options: {keep: 3}}",
		"{transform: mask, kind: phone, domain: d, options: {keep: x}}",
		"{transform: mask, kind: id, domain: d}",
		"{transform: pseudonym, kind: id, domain: d, options: {size: 4}}",
		"{transform: mask, kind: mynumber, domain: d, options: {check: maybe}}",
		// Pairs and counts have one syntax, the command's too (one parser in package kind).
		"{transform: mask, kind: card, domain: d, options: {keep: '6, 4'}}",
		"{transform: mask, kind: card, domain: d, options: {keep: '+6,4'}}",
		"{transform: mask, kind: card, domain: d, options: {keep: '06,4'}}",
		"{transform: mask, kind: card, domain: d, options: {keep: '6,4,'}}",
		"{transform: mask, kind: card, domain: d, options: {keep: '6,'}}",
		"{transform: mask, kind: card, domain: d, options: {keep: '9223372036854775808,4'}}",
		"{transform: mask, kind: card, domain: d, options: {keep: 6}}",
		"{transform: display, kind: card, options: {reveal: '0, 4'}}",
		"{transform: display, kind: card, options: {reveal: '-1,4'}}",
		"{transform: mask, kind: phone, domain: d, options: {keep: '04'}}",
		"{transform: mask, kind: phone, domain: d, options: {keep: '99999999999999999999'}}",
		"{transform: pseudonym, kind: id, domain: d, options: {size: '016'}}",
		"{transform: pseudonym, kind: id, domain: d, options: {insecure_allow_short_ids: '1'}}",
		"{transform: mask, kind: email, domain: d, options: {mask_domain: 'T'}}",
		"{transform: mask, kind: phone, domain: d, region: XX}",
	} {
		// An option of another kind is refused by ParsePolicy (the table
		// of options says which kinds take it), a bad value by New.
		p, err := records.ParsePolicy([]byte("version: 1\nfields:\n  f: " + field + "\n"))
		if err == nil {
			_, err = records.New(p, keys)
		}
		require.ErrorIs(t, err, records.ErrPolicy, field)
		var pe *records.PolicyError
		require.True(t, errors.As(err, &pe))
		require.Equal(t, 3, pe.Line, field)
		require.Equal(t, "f", pe.Field)
	}
}

type account struct {
	ID      string         `piikit:"id,pseudonym,domain=users.user_id,scope=demo"`
	Email   records.Secret `piikit:"email,mask,domain=users.email,scope=demo"`
	Phones  []string       `piikit:"phone,mask,domain=users.phone,scope=demo,region=JP"`
	Contact *contact
}

type contact struct {
	Name string `piikit:"name,mask,domain=users.name,scope=demo"`
}

// Struct tags give the same outputs as the policy with the same domains.
func TestProtectMatchesPolicy(t *testing.T) {
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	in := account{ID: "U10000001", Email: "taro.yamada@example.jp", Phones: []string{"090-1234-5678"}, Contact: &contact{Name: "山田 太郎"}}
	out, err := records.Protect(keys, in)
	require.NoError(t, err)
	require.Equal(t, "taro.yamada@example.jp", in.Email.Reveal(), "input unchanged")
	require.Equal(t, "山田 太郎", in.Contact.Name)

	m, err := demoTransformer(t).Map(map[string]any{
		"user_id": "U10000001", "email": "taro.yamada@example.jp", "phone": "090-1234-5678", "name": "山田 太郎",
		"name_kana": "ヤマダ タロウ", "my_number": "123456789018", "signup_date": "", "plan": "",
	})
	require.NoError(t, err)
	require.Equal(t, m["user_id"], out.ID)
	require.Equal(t, m["email"], out.Email.Reveal())
	require.Equal(t, m["phone"], out.Phones[0])
	require.Equal(t, m["name"], out.Contact.Name)

	_, err = records.Protect(keys, account{Email: "SECRET"})
	require.ErrorIs(t, err, records.ErrValue)
	require.NotContains(t, err.Error(), "SECRET")
}

func TestReidentify(t *testing.T) {
	var in bytes.Buffer
	require.NoError(t, synthetic.WriteCSV(&in, 300, 9))
	tr := demoTransformer(t)
	out, st := exportCSV(t, tr, in.Bytes())
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	m := sealedManifest(t, tr.Policy(), st, "csv", keys)
	r, err := records.NewReidentifier(tr.Policy(), keys, m)
	require.NoError(t, err)
	require.Equal(t, []string{"name", "name_kana", "email", "phone", "my_number"}, r.Fields())

	var events []audit.Event
	hook := func(_ context.Context, e audit.Event) error { events = append(events, e); return nil }
	req := audit.Request{Actor: "alice", Reason: "TICKET-42"}
	var back bytes.Buffer
	_, err = r.CSV(context.Background(), hook, req, bytes.NewReader(out), &back, nil)
	require.NoError(t, err)
	require.Len(t, events, 1, "one audit event per run")
	require.Equal(t, "reidentify", events[0].Operation)
	require.Equal(t, "TICKET-42", events[0].Reason)
	require.Equal(t, []uint32{keysettest.PRFKeyID, keysettest.DeterministicAEADKeyID}, events[0].KeyIDs)

	orig, _ := csv.NewReader(bytes.NewReader(in.Bytes())).ReadAll()
	got, _ := csv.NewReader(&back).ReadAll()
	exported, _ := csv.NewReader(bytes.NewReader(out)).ReadAll()
	require.Len(t, got, len(orig))
	for i := 1; i < len(orig); i++ {
		require.Equal(t, exported[i][0], got[i][0], "pseudonyms stay pseudonyms")
		require.Equal(t, orig[i][1:6], got[i][1:6], "row %d: masks and tokens come back", i)
		require.Equal(t, orig[i][6:], got[i][6:])
	}

	// A failing hook reveals nothing.
	back.Reset()
	_, err = r.CSV(context.Background(), func(context.Context, audit.Event) error { return errors.New("log down") }, req, bytes.NewReader(out), &back, nil)
	require.ErrorIs(t, err, audit.ErrHookFailed)
	require.Zero(t, back.Len())
	_, err = r.CSV(context.Background(), hook, audit.Request{Actor: "alice"}, bytes.NewReader(out), &back, nil)
	require.ErrorIs(t, err, audit.ErrBadRequest)
	require.Zero(t, back.Len())

	// Another policy than the export's is refused.
	other := *tr.Policy()
	other.Scope = "other"
	_, err = records.NewReidentifier(&other, keys, m)
	require.ErrorIs(t, err, records.ErrManifest)
}

func TestManifestRoundTrip(t *testing.T) {
	tr := demoTransformer(t)
	var in bytes.Buffer
	require.NoError(t, synthetic.WriteCSV(&in, 10, 1))
	_, st := exportCSV(t, tr, in.Bytes())
	m := records.NewManifest(tr.Policy(), st, "csv", "v1.2.3")
	var buf bytes.Buffer
	_, err := m.WriteTo(&buf)
	require.NoError(t, err)
	for _, u := range strings.Split(in.String(), "\n")[1:3] {
		for _, v := range strings.Split(u, ",")[:6] {
			require.NotContains(t, buf.String(), v, "no value in the manifest")
		}
	}
	back, err := records.ReadManifest(&buf)
	require.NoError(t, err)
	require.Equal(t, m.PolicySHA256, back.PolicySHA256)
	require.Equal(t, m.Fields, back.Fields)
	require.Equal(t, "v1.2.3", back.Piikit)
	_, err = records.ReadManifest(strings.NewReader(`{"manifest_version": 9}`))
	require.ErrorIs(t, err, records.ErrManifest)
	_, err = records.ReadManifest(strings.NewReader(`not json`))
	require.ErrorIs(t, err, records.ErrManifest)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func TestDisplayMasks(t *testing.T) {
	p, err := records.ParsePolicy([]byte(`version: 1
fields:
  email: {transform: display, kind: email}
  phone: {transform: display, kind: phone}
  name: {transform: display, kind: name, options: {mask_char: "#"}}
  card: {transform: display, kind: card, options: {reveal: "0,4"}}
`))
	require.NoError(t, err)
	tr, err := records.New(p, nil)
	require.NoError(t, err, "display masks need no keys")
	out, err := tr.Map(map[string]any{"email": "taro@example.com", "phone": "090-1234-5678", "name": "山田 太郎", "card": "4111 1111 1111 1111"})
	require.NoError(t, err)
	require.Equal(t, map[string]any{"email": "t***@example.com", "phone": "***-****-5678", "name": "山# 太#", "card": "**** **** **** 1111"}, out)

	_, err = tr.Map(map[string]any{"email": "SECRET", "phone": "1", "name": "a", "card": "1"})
	require.ErrorIs(t, err, records.ErrValue)
	require.NotContains(t, err.Error(), "SECRET")

	// Text around a value of the kind is not passed through (issue 14).
	_, err = tr.Map(map[string]any{"email": "x@example.com (Hanako Suzuki, 090-1234-5678)", "phone": "090-1234-5678",
		"name": "山田 太郎", "card": "4111 1111 1111 1111"})
	require.ErrorIs(t, err, records.ErrValue)
	require.NotContains(t, err.Error(), "Hanako")

	// A mask character that starts a spreadsheet formula fails the policy.
	for _, c := range []string{`"="`, `"+"`, `"-"`, `"@"`, `"\t"`, `"\r"`, `"＝"`, `"|"`, `"%"`} {
		p, err := records.ParsePolicy([]byte("version: 1\nfields:\n  name: {transform: display, kind: name, options: {mask_char: " + c + "}}\n"))
		require.NoError(t, err, c)
		_, err = records.New(p, nil)
		require.ErrorIs(t, err, kind.ErrOption, c)
		require.ErrorIs(t, err, records.ErrUnsupported, c)
	}
}

func TestReidentifyJSONLines(t *testing.T) {
	p, err := records.ParsePolicy([]byte(`version: 1
region: JP
fields:
  id: {transform: pseudonym, kind: id, domain: users.user_id}
  contact.email: {transform: mask, kind: email, domain: users.email}
  contact.phones: {transform: mask, kind: phone, domain: users.phone}
  card: {transform: token, kind: card, domain: users.card}
  debug: drop
`))
	require.NoError(t, err)
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	tr, err := records.New(p, keys)
	require.NoError(t, err)
	in := `{"card":"4111111111111111","contact":{"email":"taro.yamada@example.jp","phones":["090-1234-5678","+81 3 1234 5678"]},"debug":1,"id":"U10000001"}` + "\n"
	var out bytes.Buffer
	st, err := tr.JSONLines(context.Background(), strings.NewReader(in), &out, nil)
	require.NoError(t, err)
	require.NotContains(t, out.String(), "4111111111111111")
	r, err := records.NewReidentifier(p, keys, sealedManifest(t, p, st, "jsonl", keys))
	require.NoError(t, err)
	var back bytes.Buffer
	hook := func(context.Context, audit.Event) error { return nil }
	_, err = r.JSONLines(context.Background(), hook, audit.Request{Reason: "test"}, &out, &back, nil)
	require.NoError(t, err)
	want := strings.Replace(in, `"debug":1,`, "", 1)
	want = strings.Replace(want, `"U10000001"`, fmt.Sprintf("%q", jsonField(t, bytes.TrimSpace(back.Bytes()), "id")), 1)
	require.Equal(t, want, back.String())
	require.NotEqual(t, "U10000001", jsonField(t, back.Bytes(), "id"), "pseudonyms stay")
}

// Keys, Transformers and Protect are safe for concurrent use.
func TestConcurrentUse(t *testing.T) {
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	tr := demoTransformer(t)
	want, err := records.Protect(keys, account{ID: "U10000001", Email: "taro.yamada@example.jp"})
	require.NoError(t, err)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for range 50 {
				got, err := records.Protect(keys, account{ID: "U10000001", Email: "taro.yamada@example.jp"})
				if err == nil && (got.ID != want.ID || got.Email != want.Email) {
					err = errors.New("different output")
				}
				if err == nil {
					_, err = tr.Map(map[string]any{"user_id": "U10000001", "name": "山田 太郎", "name_kana": "ヤマダ タロウ",
						"email": "taro.yamada@example.jp", "phone": "090-1234-5678", "my_number": "123456789018", "signup_date": "", "plan": ""})
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
}

// Values too short for FF1 are masked irreversibly on request, and stay
// masked through reidentification.
func TestShortIrreversible(t *testing.T) {
	p, err := records.ParsePolicy([]byte(`version: 1
on_error: reject
fields:
  email: {transform: mask, kind: email, domain: users.email, options: {short: irreversible}}
`))
	require.NoError(t, err)
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	tr, err := records.New(p, keys)
	require.NoError(t, err)
	in := "email\nal@example.jp\ntaro.yamada@example.jp\n"
	var out, rej bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: &rej})
	require.NoError(t, err)
	require.Zero(t, st.Rejected)
	require.Equal(t, int64(2), st.Fields[0].Values)
	require.Equal(t, int64(1), st.Fields[0].Irreversible)
	require.NotContains(t, out.String(), "al@")
	require.Contains(t, out.String(), "@example.jp")

	r, err := records.NewReidentifier(p, keys, sealedManifest(t, p, st, "csv", keys))
	require.NoError(t, err)
	var back bytes.Buffer
	_, err = r.CSV(context.Background(), func(context.Context, audit.Event) error { return nil }, audit.Request{Reason: "t"}, bytes.NewReader(out.Bytes()), &back, nil)
	require.NoError(t, err)
	lines := strings.Split(back.String(), "\n")
	require.Equal(t, strings.Split(out.String(), "\n")[1], lines[1], "the short value stays masked")
	require.Equal(t, "taro.yamada@example.jp", lines[2])

	// Without the option, the short value is rejected.
	p.Fields[0].Options = nil
	tr, err = records.New(p, keys)
	require.NoError(t, err)
	rej.Reset()
	st, err = tr.CSV(context.Background(), strings.NewReader(in), io.Discard, &records.StreamOptions{Rejects: &rej})
	require.NoError(t, err)
	require.Equal(t, int64(1), st.Rejected)
	require.Contains(t, rej.String(), "too short")
}

// Empty values stay empty: optional columns do not stop an export.
func TestEmptyValues(t *testing.T) {
	tr := demoTransformer(t)
	in := "user_id,name,name_kana,email,phone,my_number,signup_date,plan\nU10000001,,,,,,,\n"
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	require.Zero(t, st.Rejected)
	recs, _ := csv.NewReader(&out).ReadAll()
	require.Equal(t, []string{"", "", "", "", "", "", ""}, recs[1][1:])
	require.NotEqual(t, "U10000001", recs[1][0])

	// Spaces are not empty: they are not a name.
	_, err = tr.Map(map[string]any{"user_id": "U10000001", "name": "  ", "name_kana": "", "email": "", "phone": "", "my_number": "", "signup_date": "", "plan": ""})
	require.ErrorIs(t, err, records.ErrValue)

	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	a, err := records.Protect(keys, account{ID: "U10000001"})
	require.NoError(t, err)
	require.Empty(t, a.Email.Reveal())
}
