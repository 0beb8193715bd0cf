// Command tokenize-service shows a backend service pseudonymizing user
// records before they leave it: one Pseudonymizer per field, built once at
// start-up, reused for every record; a reversible token for the user ID that
// support can turn back with an audited Detokenize.
//
// It makes throwaway keysets in memory and needs no setup:
//
//	go run ./examples/tokenize-service
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/tokenize"
)

type user struct{ ID, Name, Phone, Email string }

func main() {
	// In production: keyset.ReadFile(…, kek, keyset.PurposePRF) at start-up.
	root, err := keyset.New("HKDF_SHA256")
	check(err)
	tokens, err := keyset.New("AES256_SIV")
	check(err)

	// One object per field, built once. The scope is the recipient of the
	// export: another recipient gets unlinkable pseudonyms.
	const scope = "acme"
	name, err := tokenize.NewPseudonymizer(root, kind.Field{Kind: kind.Name, Domain: "users.name", Scope: scope})
	check(err)
	phone, err := tokenize.NewPseudonymizer(root, kind.Field{Kind: kind.Phone, Domain: "users.phone", Scope: scope, Region: "JP"})
	check(err)
	email, err := tokenize.NewPseudonymizer(root, kind.Field{Kind: kind.Email, Domain: "users.email", Scope: scope})
	check(err)
	id, err := tokenize.NewTokenizer(tokens, kind.Field{Kind: kind.ID, Domain: "users.id", Scope: scope, Prefix: "uid_"})
	check(err)

	users := []user{
		{"U0012345", "山田　太郎", "090-1234-5678", "Taro.Yamada@Example.COM"},
		{"U0012346", "ﾔﾏﾀﾞ ﾊﾅｺ", "+81 90 8765 4321", "hanako@example.jp"},
		{"U0012345", "山田 太郎", "０９０－１２３４－５６７８", "taro.yamada@example.com"}, // the same person again
		{"U0012347", "Alice Smith", "not a phone", "alice@example.com"},
	}
	var exported []string
	for i, u := range users {
		rec, err := pseudonymize(u, name, phone, email, id)
		if err != nil {
			// Fail closed: the record is rejected, never passed through. The
			// error names what is wrong, never the value.
			fmt.Printf("record %d rejected: %v\n", i, err)
			continue
		}
		fmt.Println(rec[1], rec[2], rec[3], rec[0])
		exported = append(exported, rec[0])
	}

	// Support needs the user behind a token: an audited, separate act.
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	hook := func(ctx context.Context, e audit.Event) error {
		logger.InfoContext(ctx, "re-identification", "actor", e.Actor, "reason", e.Reason,
			"op", e.Operation, "domain", e.Domain, "scope", e.Scope, "keys", e.KeyIDs, "count", e.Count)
		return nil
	}
	ids, err := id.Detokenize(context.Background(), hook,
		audit.Request{Actor: "support@example.com", Reason: "ticket SUP-4711"}, exported[0])
	check(err)
	fmt.Println("detokenized:", ids[0])

	// Tokens cannot be moved to another field.
	other, err := tokenize.NewTokenizer(tokens, kind.Field{Kind: kind.ID, Domain: "orders.id", Scope: scope, Prefix: "uid_"})
	check(err)
	_, err = other.Detokenize(context.Background(), hook, audit.Request{Actor: "x", Reason: "test"}, exported[0])
	fmt.Println("token of another domain:", errors.Is(err, tokenize.ErrInvalidToken))
}

func pseudonymize(u user, name, phone, email *tokenize.Pseudonymizer, id *tokenize.Tokenizer) ([4]string, error) {
	var out [4]string
	var err error
	if out[0], err = id.Token(u.ID); err != nil {
		return out, fmt.Errorf("id: %w", err)
	}
	if out[1], err = name.Pseudonym(u.Name); err != nil {
		return out, fmt.Errorf("name: %w", err)
	}
	if out[2], err = phone.Pseudonym(u.Phone); err != nil {
		return out, fmt.Errorf("phone: %w", err)
	}
	if out[3], err = email.Pseudonym(u.Email); err != nil {
		return out, fmt.Errorf("email: %w", err)
	}
	return out, nil
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
