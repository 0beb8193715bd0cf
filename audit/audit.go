// Package audit defines how piikit reports re-identification: every call that
// turns a token or a mask back into a person (tokenize's Detokenize, mask's
// Unmask, `piikit reidentify`) takes a [Request] naming who asks and why, and
// reports an [Event] to the caller's [Hook] before it reveals anything.
//
// Events carry who, why, which operation, kind, domain and scope, key IDs and
// how many values — never a value, a token or key material.
//
// Fail closed: if the hook returns an error, the operation reveals nothing
// and returns that error (wrapped with [ErrHookFailed]).
package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxReasonLen is the longest accepted reason, in bytes.
const MaxReasonLen = 1024

var (
	// ErrBadRequest: the request gives no reason (re-identification
	// requires one), or the actor or reason is not valid UTF-8, has control,
	// format (Unicode Cf: bidirectional overrides and isolates, zero-width
	// characters, byte-order marks) or line-separator characters, is too
	// long, or the actor is given but blank.
	ErrBadRequest = errors.New("audit: invalid request")
	// ErrHookFailed wraps the error of a [Hook]; nothing was revealed.
	ErrHookFailed = errors.New("audit: hook failed; nothing revealed")

	errNoReason = fmt.Errorf("%w: re-identification requires a reason", ErrBadRequest)
)

// Request is who asks to re-identify and why.
type Request struct {
	// Actor is who asks: a user name, a service account. May be empty when the
	// hook learns it elsewhere (from the context); if given, it is not blank.
	Actor string
	// Reason is why, in words an auditor can check later (a ticket number, a
	// legal hold reference). Required.
	Reason string
}

// Validate reports whether r can be audited: a non-empty reason, an actor
// that is empty or not blank, both valid UTF-8 of at most MaxReasonLen bytes
// each, without control, format (Cf) or line-separator characters. An audit
// line is read by people and by tools: a bidirectional override or a
// zero-width character would make it read differently from what it holds.
func (r Request) Validate() error {
	if strings.TrimSpace(r.Reason) == "" {
		return errNoReason
	}
	if r.Actor != "" && strings.TrimSpace(r.Actor) == "" {
		return fmt.Errorf("%w: the actor is blank", ErrBadRequest)
	}
	for _, f := range []struct{ name, s string }{{"actor", r.Actor}, {"reason", r.Reason}} {
		switch {
		case len(f.s) > MaxReasonLen:
			return fmt.Errorf("%w: the %s is longer than %d bytes", ErrBadRequest, f.name, MaxReasonLen)
		case !utf8.ValidString(f.s):
			return fmt.Errorf("%w: the %s is not valid UTF-8", ErrBadRequest, f.name)
		}
		if i := strings.IndexFunc(f.s, unsafeInAudit); i >= 0 {
			c, _ := utf8.DecodeRuneInString(f.s[i:])
			return fmt.Errorf("%w: the %s has the control or format character %U", ErrBadRequest, f.name, c)
		}
	}
	return nil
}

// unsafeInAudit reports the characters an audit line does not take:
// controls (Cc), format characters (Cf) and line and paragraph separators.
func unsafeInAudit(r rune) bool {
	if r < utf8.RuneSelf { // the usual case, without the tables
		return r < 0x20 || r == 0x7f
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// Event is one audited act of re-identification. It holds no values. Its
// JSON form (one line of `piikit`'s audit log, SPEC.md §7.7) uses snake_case
// keys, like the export manifest.
type Event struct {
	Time      time.Time `json:"time"`
	Actor     string    `json:"actor"`
	Reason    string    `json:"reason"`
	Operation string    `json:"operation"` // "detokenize", "unmask", "reidentify"
	Kind      string    `json:"kind"`      // "name", "phone", "email", "id", … or "" when mixed
	Domain    string    `json:"domain"`
	Scope     string    `json:"scope"`
	KeyIDs    []uint32  `json:"key_ids"` // keys used, when known
	Count     int       `json:"count"`   // how many values are revealed
}

// Hook receives every Event before the values are revealed. It must be safe
// for concurrent use. A non-nil error stops the operation.
type Hook func(context.Context, Event) error

// Check returns the error [Report] would return for hook and req before it
// calls hook: an invalid request, or a nil hook. An operation calls it
// before it decrypts anything, and then Report once it knows its Event.
func Check(hook Hook, req Request) error {
	if err := req.Validate(); err != nil {
		return err
	}
	if hook == nil {
		return fmt.Errorf("%w: no audit hook configured", ErrHookFailed)
	}
	return nil
}

// Report validates req, fills e's actor, reason and time, and calls hook. A
// nil hook is an error: re-identification without an audit trail is not
// offered.
func Report(ctx context.Context, hook Hook, req Request, e Event) error {
	if err := Check(hook, req); err != nil {
		return err
	}
	e.Actor, e.Reason = req.Actor, req.Reason
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	if err := hook(ctx, e); err != nil {
		return fmt.Errorf("%w: %w", ErrHookFailed, err)
	}
	return nil
}
