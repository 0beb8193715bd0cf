package audit_test

import (
	"context"
	"fmt"

	"github.com/piikit/piikit/audit"
)

// An operation that reveals values checks the request before it decrypts
// anything, and reports its event once it knows what it reveals.
func ExampleCheck() {
	hook := func(_ context.Context, e audit.Event) error {
		fmt.Printf("%s by %s (%s): %d value(s)\n", e.Operation, e.Actor, e.Reason, e.Count)
		return nil
	}
	fmt.Println(audit.Check(hook, audit.Request{Actor: "ops"}))

	req := audit.Request{Actor: "ops", Reason: "ticket SUP-4711"}
	if err := audit.Check(hook, req); err != nil {
		fmt.Println(err)
		return
	}
	// … decrypt, count …
	if err := audit.Report(context.Background(), hook, req, audit.Event{Operation: "detokenize", Count: 2}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// audit: invalid request: re-identification requires a reason
	// detokenize by ops (ticket SUP-4711): 2 value(s)
}
