// Command export-pipeline shows piikit's records package inside a data
// pipeline: a users table and a messages table are exported for a
// contractor with two policies whose user IDs share a domain, so the
// contractor can still join messages to users, and a Go service type keeps
// its personal fields out of logs with struct tags and records.Secret.
//
//	go run ./examples/export-pipeline
//
// It makes fresh keysets in memory; a real pipeline loads them with the
// keyset package (encrypted under a KMS or an offline KEK).
package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"
	"strings"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/records/synthetic"
)

// Account is a service's own type: tags say how each field is protected.
type Account struct {
	UserID string         `piikit:"id,pseudonym,domain=users.user_id,scope=demo"`
	Email  records.Secret `piikit:"email,mask,domain=users.email,scope=demo"`
	Phone  records.Secret `piikit:"phone,mask,domain=users.phone,scope=demo,region=JP"`
	Plan   string
}

func main() {
	root, err := keyset.New("HKDF_SHA256")
	check(err)
	tokens, err := keyset.New("AES256_SIV")
	check(err)
	keys, err := records.NewKeys(root, tokens)
	check(err)

	// 1. Two tables, two policies, one join domain (users.user_id).
	users, err := records.LoadPolicy("examples/policies/users.yaml")
	check(err)
	messages, err := records.LoadPolicy("examples/policies/messages.yaml")
	check(err)
	var table bytes.Buffer
	check(synthetic.WriteCSV(&table, 3, 1))
	senders := strings.Split(table.String(), "\n")
	var msgs strings.Builder
	msgs.WriteString("message_id,sender_id,sent_at,body\n")
	for i, u := range senders[1:3] {
		fmt.Fprintf(&msgs, "m%d,%s,2026-01-0%d,hello\n", i+1, strings.Split(u, ",")[0], i+1)
	}

	ctx := context.Background()
	for _, job := range []struct {
		name   string
		policy *records.Policy
		in     string
	}{{"users", users, table.String()}, {"messages", messages, msgs.String()}} {
		t, err := records.New(job.policy, keys)
		check(err)
		fmt.Printf("== %s (policy %.12s…)\n", job.name, job.policy.Hash())
		stats, err := t.CSV(ctx, strings.NewReader(job.in), os.Stdout, &records.StreamOptions{Rejects: os.Stderr})
		check(err)
		m := records.NewManifest(job.policy, stats, "csv", "example")
		check(m.SetMAC(keys)) // tamper-evident to holders of the keysets
		fmt.Printf("(%d rows; manifest lists %d fields and their key IDs)\n\n", m.RowsOut, len(m.Fields))
	}

	// 2. A service type: protected copy for the contractor, redacted logs.
	a := Account{UserID: "U10007919", Email: "taro.yamada@example.jp", Phone: "090-1234-5678", Plan: "free"}
	slog.New(slog.NewTextHandler(os.Stdout, nil)).Info("account loaded", "account", a)
	p, err := records.Protect(keys, a)
	check(err)
	fmt.Println("for the contractor:", p.UserID, p.Email.Reveal(), p.Phone.Reveal(), p.Plan)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
