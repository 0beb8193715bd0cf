package slogpii_test

import (
	"fmt"
	"log"
	"log/slog"
	"os"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/slogpii"
)

func Example() {
	// The policy of the users export: a logged user_id or phone gets the
	// output its column gets there.
	p, err := records.ParsePolicy([]byte(`version: 1
scope: acme
region: JP
fields:
  user_id: {transform: pseudonym, kind: id, domain: users.user_id}
  phone:   {transform: mask, kind: phone, domain: users.phone}
  req.method: keep
`))
	if err != nil {
		log.Fatal(err)
	}
	// keysettest's keys are public: use your own keysets (keyset package).
	keys, _ := records.NewKeys(keysettest.PRF(), nil)
	t, err := records.New(p, keys)
	if err != nil {
		log.Fatal(err)
	}
	json := slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}})
	h := slogpii.New(json, t, nil)
	logger := slog.New(h)

	logger.Info("login", "user_id", "U10000001", "phone", "090-1234-5678", slog.Group("req", "method", "POST"), "password", "hunter2")
	logger.Info("login", "phone", "not a phone")
	fmt.Println("withheld:", h.Failures())
	// Output:
	// {"level":"INFO","msg":"login","user_id":"fredzepps5xvczwvflwjepw7tihhy","phone":"090-3488-1134","req":{"method":"POST"},"password":"!UNNAMED"}
	// {"level":"INFO","msg":"login","phone":"!WITHHELD"}
	// withheld: 1
}
