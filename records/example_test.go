package records_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
)

const examplePolicy = `version: 1
scope: acme
region: JP
fields:
  user_id: {transform: pseudonym, kind: id, domain: users.user_id}
  email:   {transform: mask, kind: email, domain: users.email}
  phone:   {transform: mask, kind: phone, domain: users.phone}
  plan:    keep
  notes:   drop
`

func ExampleParsePolicy() {
	p, err := records.ParsePolicy([]byte(examplePolicy))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range p.Fields {
		fmt.Println(strings.TrimSpace(fmt.Sprint(f.Name, " ", f.Transform, " ", f.Kind, " ", f.Domain)))
	}

	// Mistakes name the line and the field.
	_, err = records.ParsePolicy([]byte("version: 1\nfields:\n  email: {transform: hash}\n"))
	fmt.Println(err)
	// Output:
	// user_id pseudonym id users.user_id
	// email mask email users.email
	// phone mask phone users.phone
	// plan keep
	// notes drop
	// records: policy line 3: field "email": unknown transform "hash" (want pseudonym, token, mask, surrogate, display, redact, keep, drop or text)
}

func ExampleTransformer_CSV() {
	p, err := records.ParsePolicy([]byte(examplePolicy))
	if err != nil {
		log.Fatal(err)
	}
	// keysettest's keys are public: use your own keysets (keyset package).
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	if err != nil {
		log.Fatal(err)
	}
	t, err := records.New(p, keys)
	if err != nil {
		log.Fatal(err)
	}
	in := strings.NewReader(`user_id,email,phone,plan,notes
U10000001,taro.yamada@example.jp,090-1234-5678,free,called twice
U10000002,hanako@example.com,+81 3 1234 5678,premium,
U10000001,Taro.Yamada@example.jp,０９０－１２３４－５６７８,free,
`)
	stats, err := t.CSV(context.Background(), in, os.Stdout, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(stats.RowsIn, "rows; key of user_id:", stats.Fields[0].KeyIDs)
	// Output:
	// user_id,email,phone,plan
	// fredzepps5xvczwvflwjepw7tihhy,uziu.nwoeec@example.jp,090-3488-1134,free
	// fredhaiuzuvdw47oirpp4vwsvgmeu,stkxxx@example.com,+81 3 9412 6639,premium
	// fredzepps5xvczwvflwjepw7tihhy,Uziu.Nwoeec@example.jp,０９０－３４８８－１１３４,free
	// 3 rows; key of user_id: [742980444]
}

func ExampleTransformer_Map() {
	p, err := records.ParsePolicy([]byte(`version: 1
fields:
  user.id: {transform: pseudonym, kind: id, domain: users.user_id}
  user.tags: keep
`))
	if err != nil {
		log.Fatal(err)
	}
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	t, err := records.New(p, keys)
	if err != nil {
		log.Fatal(err)
	}
	out, err := t.Map(map[string]any{"user": map[string]any{"id": "U10000001", "tags": []any{"beta"}}})
	fmt.Println(out, err)

	// A field the policy does not name is an error, without its value or
	// its key (a key may be data: an email, a user ID).
	_, err = t.Map(map[string]any{"user": map[string]any{"id": "U10000001", "email": "taro@example.jp"}})
	fmt.Println(err)
	// Output:
	// map[user:map[id:freoi4urctctzfi6nxguizsyytwu6 tags:[beta]]] <nil>
	// records: a key in "user" (name not shown): field not named in the policy
}

// Numbers in a decoded JSON object: json.Unmarshal reads a 19-digit card
// number as a float64 that is another number, so Map refuses it; with
// UseNumber, the number is transformed as it was written.
func ExampleTransformer_Map_numbers() {
	p, err := records.ParsePolicy([]byte(`version: 1
fields:
  card: {transform: pseudonym, kind: id, domain: users.card}
`))
	if err != nil {
		log.Fatal(err)
	}
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	t, err := records.New(p, keys)
	if err != nil {
		log.Fatal(err)
	}
	const in = `{"card": 4111111111111111111}`
	var m map[string]any
	if err := json.Unmarshal([]byte(in), &m); err != nil {
		log.Fatal(err)
	}
	_, err = t.Map(m)
	fmt.Println(err)

	d := json.NewDecoder(strings.NewReader(in))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		log.Fatal(err)
	}
	out, err := t.Map(m)
	fmt.Println(out, err)
	// Output:
	// records: field "card": value cannot be transformed: a float64 that is not an integer below 2^53 may not be the number that was read: decode JSON with json.Decoder.UseNumber
	// map[card:freirjnsaqqqf6vg6vd6ddcbmzeqa] <nil>
}

func ExampleProtect() {
	type User struct {
		ID    string         `piikit:"id,pseudonym,domain=users.user_id"`
		Email records.Secret `piikit:"email,mask,domain=users.email"`
		Notes string         `piikit:"redact,value=[removed]"`
		Plan  string
	}
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	if err != nil {
		log.Fatal(err)
	}
	u := User{ID: "U10000001", Email: "taro.yamada@example.jp", Notes: "called twice", Plan: "free"}
	p, err := records.Protect(keys, u)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.ID, p.Email.Reveal(), p.Notes, p.Plan)
	fmt.Println(u.Email.Reveal()) // u is unchanged
	// Output:
	// freoi4urctctzfi6nxguizsyytwu6 xhkj.ltluuc@example.jp [removed] free
	// taro.yamada@example.jp
}

func ExampleSecret() {
	type User struct {
		Name  string
		Email records.Secret
	}
	u := User{Name: "u1", Email: "taro@example.jp"}
	fmt.Printf("%v %+v\n", u, u)
	j, _ := json.Marshal(u)
	fmt.Println(string(j))
	slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: dropTime})).Info("signup", "email", u.Email)
	fmt.Println(u.Email.Reveal())
	// Output:
	// {u1 [REDACTED]} {Name:u1 Email:[REDACTED]}
	// {"Name":"u1","Email":"[REDACTED]"}
	// level=INFO msg=signup email=[REDACTED]
	// taro@example.jp
}

func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

func ExampleNewReidentifier() {
	p, _ := records.ParsePolicy([]byte(examplePolicy))
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	t, _ := records.New(p, keys)
	var export bytes.Buffer
	stats, err := t.CSV(context.Background(), strings.NewReader("user_id,email,phone,plan,notes\nU10000001,taro.yamada@example.jp,090-1234-5678,free,\n"), &export, nil)
	if err != nil {
		log.Fatal(err)
	}
	manifest := records.NewManifest(p, stats, "csv", "v0.1.0")
	if err := manifest.SetMAC(keys); err != nil {
		log.Fatal(err)
	}

	// Later, a holder of the keyset reverses the masks, for a reason that
	// the audit hook records before anything is revealed.
	r, err := records.NewReidentifier(p, keys, manifest)
	if err != nil {
		log.Fatal(err)
	}
	hook := func(_ context.Context, e audit.Event) error {
		fmt.Printf("audit: %s by %s for %q, domains %s\n", e.Operation, e.Actor, e.Reason, e.Domain)
		return nil
	}
	req := audit.Request{Actor: "alice", Reason: "SUPPORT-1234"}
	if _, err := r.CSV(context.Background(), hook, req, &export, os.Stdout, nil); err != nil {
		log.Fatal(err)
	}
	// Output:
	// audit: reidentify by alice for "SUPPORT-1234", domains users.email,users.phone
	// user_id,email,phone,plan
	// fredzepps5xvczwvflwjepw7tihhy,taro.yamada@example.jp,090-1234-5678,free
}

func ExampleLoadPolicy() {
	p, err := records.LoadPolicy("../examples/policies/users.yaml")
	if err != nil {
		log.Fatal(err)
	}
	root, tokens := p.Keysets()
	fmt.Println(len(p.Fields), "fields; unnamed:", p.Unnamed, "; on error:", p.OnError)
	fmt.Println("needs the root keyset:", root, "; the token keyset:", tokens)
	// Output:
	// 8 fields; unnamed: deny ; on error: reject
	// needs the root keyset: true ; the token keyset: true
}

func ExampleNewKeys() {
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	fmt.Println(keys != nil, err)

	// Keysets are checked for their purpose.
	_, err = records.NewKeys(keysettest.DeterministicAEAD(), nil)
	fmt.Println(errors.Is(err, keyset.ErrWrongKeyType))
	// Output:
	// true <nil>
	// true
}

func ExampleTransformer_JSONLines() {
	p, err := records.ParsePolicy([]byte(`version: 1
unnamed: drop
fields:
  id: {transform: pseudonym, kind: id, domain: users.user_id}
  profile.email: {transform: display, kind: email}
`))
	if err != nil {
		log.Fatal(err)
	}
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	t, err := records.New(p, keys)
	if err != nil {
		log.Fatal(err)
	}
	in := strings.NewReader(`{"id": "U10000001", "profile": {"email": "taro@example.jp", "age": 30}, "debug": true}
{"id": 10000002, "profile": null}
`)
	if _, err := t.JSONLines(context.Background(), in, os.Stdout, nil); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {"id":"freoi4urctctzfi6nxguizsyytwu6","profile":{"email":"t***@example.jp"}}
	// {"id":"frebnrsbsb3dfrnv4c44n6s6jttvu","profile":null}
}

func ExampleNewManifest() {
	p, _ := records.ParsePolicy([]byte(examplePolicy))
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	t, _ := records.New(p, keys)
	stats, err := t.CSV(context.Background(), strings.NewReader("user_id,email,phone,plan,notes\nU10000001,taro.yamada@example.jp,090-1234-5678,free,x\n"), io.Discard, nil)
	if err != nil {
		log.Fatal(err)
	}
	m := records.NewManifest(p, stats, "csv", "v0.1.0")
	// The MAC makes the manifest tamper-evident to holders of the keyset;
	// it covers every field, so it is set last.
	if err := m.SetMAC(keys); err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		log.Fatal(err)
	}
	back, err := records.ReadManifest(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.RowsOut, back.PolicySHA256 == p.Hash(), back.MACKeyID)
	for _, f := range back.Fields {
		fmt.Println(f.Name, f.Transform, f.KeyIDs, f.Values)
	}
	// Output:
	// 1 true 742980444
	// user_id pseudonym [742980444] 1
	// email mask [742980444] 1
	// phone mask [742980444] 1
	// plan keep [] 1
	// notes drop [] 1
}

func ExamplePolicy_Hash() {
	p := &records.Policy{Scope: "acme", Fields: []records.Field{
		{Name: "email", Transform: records.Mask, Kind: kind.Email, Domain: "users.email"},
		{Name: "plan", Transform: records.Keep},
	}}
	fmt.Println(p.Validate(), p.Hash())
	// Output: <nil> 2adf390b3b9288393c9934fb226ad8df1266cf0fb529b1b8434542bce1276610
}

func ExampleTransformer_Parquet() {
	p, err := records.ParsePolicy([]byte(examplePolicy))
	if err != nil {
		log.Fatal(err)
	}
	// keysettest's keys are public: use your own keysets (keyset package).
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	if err != nil {
		log.Fatal(err)
	}
	t, err := records.New(p, keys)
	if err != nil {
		log.Fatal(err)
	}
	// The rows of ExampleTransformer_CSV, as a Parquet file whose columns
	// are not in alphabetical order; notes may be null.
	type user struct {
		UserID string  `parquet:"user_id"`
		Email  string  `parquet:"email"`
		Phone  string  `parquet:"phone"`
		Plan   string  `parquet:"plan"`
		Notes  *string `parquet:"notes,optional"`
	}
	called := "called twice"
	var in bytes.Buffer
	if err := parquet.Write(&in, []user{
		{"U10000001", "taro.yamada@example.jp", "090-1234-5678", "free", &called},
		{"U10000002", "hanako@example.com", "+81 3 1234 5678", "premium", nil},
	}); err != nil {
		log.Fatal(err)
	}

	var out bytes.Buffer
	stats, err := t.Parquet(context.Background(), bytes.NewReader(in.Bytes()), int64(in.Len()), &out, nil)
	if err != nil {
		log.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Schema())
	printRows := func(file []byte) {
		rows := make([]parquet.Row, 2)
		n, _ := parquet.NewReader(bytes.NewReader(file)).ReadRows(rows)
		for _, row := range rows[:n] {
			fmt.Println(row)
		}
	}
	printRows(out.Bytes())

	// A holder of the keyset reverses the masks of the export its manifest
	// describes (see ExampleNewReidentifier).
	manifest := records.NewManifest(p, stats, "parquet", "v0.1.0")
	if err := manifest.SetMAC(keys); err != nil {
		log.Fatal(err)
	}
	r, err := records.NewReidentifier(p, keys, manifest)
	if err != nil {
		log.Fatal(err)
	}
	hook := func(context.Context, audit.Event) error { return nil } // record it
	var back bytes.Buffer
	req := audit.Request{Actor: "alice", Reason: "SUPPORT-1234"}
	if _, err := r.Parquet(context.Background(), hook, req, bytes.NewReader(out.Bytes()), int64(out.Len()), &back, nil); err != nil {
		log.Fatal(err)
	}
	printRows(back.Bytes())
	// Output:
	// message schema {
	// 	required binary user_id (STRING);
	// 	required binary email (STRING);
	// 	required binary phone (STRING);
	// 	required binary plan (STRING);
	// }
	// [fredzepps5xvczwvflwjepw7tihhy uziu.nwoeec@example.jp 090-3488-1134 free]
	// [fredhaiuzuvdw47oirpp4vwsvgmeu stkxxx@example.com +81 3 9412 6639 premium]
	// [fredzepps5xvczwvflwjepw7tihhy taro.yamada@example.jp 090-1234-5678 free]
	// [fredhaiuzuvdw47oirpp4vwsvgmeu hanako@example.com +81 3 1234 5678 premium]
}

// A table spread over machines is read and transformed one record at a
// time: the same bytes as Transformer.CSV (see its example), with the
// counts of a Tally to merge.
func ExampleTransformer_CSVTable() {
	p, err := records.ParsePolicy([]byte(examplePolicy))
	if err != nil {
		log.Fatal(err)
	}
	keys, err := records.NewKeys(keysettest.PRF(), nil) // public test keys
	if err != nil {
		log.Fatal(err)
	}
	t, err := records.New(p, keys)
	if err != nil {
		log.Fatal(err)
	}
	r, err := records.NewCSVReader(strings.NewReader(`user_id,email,phone,plan,notes
U10000001,taro.yamada@example.jp,090-1234-5678,free,called twice
U10000002,hanako@example.com,+81 3 1234 5678,premium,
`))
	if err != nil {
		log.Fatal(err)
	}
	table, err := t.CSVTable(r.Header())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Join(table.Header(), ","))
	tally := t.NewTally()
	for {
		rec, row, line, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		out, rejected, err := table.Record(row, line, rec, tally)
		if err != nil {
			log.Fatal(err) // stops the run
		}
		if rejected != nil {
			fmt.Println("rejected:", rejected.Row, rejected.Field, rejected.Reason())
			continue
		}
		fmt.Println(strings.Join(out, ","))
	}
	fmt.Println(tally.Stats().RowsOut, "rows written")
	// Output:
	// user_id,email,phone,plan
	// fredzepps5xvczwvflwjepw7tihhy,uziu.nwoeec@example.jp,090-3488-1134,free
	// fredhaiuzuvdw47oirpp4vwsvgmeu,stkxxx@example.com,+81 3 9412 6639,premium
	// 2 rows written
}
