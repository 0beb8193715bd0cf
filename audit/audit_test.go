package audit_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
)

func TestReportCallsHookWithRequest(t *testing.T) {
	var got audit.Event
	hook := func(_ context.Context, e audit.Event) error { got = e; return nil }
	err := audit.Report(context.Background(), hook, audit.Request{Actor: "alice", Reason: "TICKET-42"},
		audit.Event{Operation: "detokenize", Domain: "users.email", Count: 3})
	require.NoError(t, err)
	require.Equal(t, "alice", got.Actor)
	require.Equal(t, "TICKET-42", got.Reason)
	require.Equal(t, 3, got.Count)
	require.False(t, got.Time.IsZero())
}

func TestReportRefuses(t *testing.T) {
	ok := func(context.Context, audit.Event) error { return nil }
	cases := []struct {
		name string
		hook audit.Hook
		req  audit.Request
		want error
	}{
		{"no reason", ok, audit.Request{Actor: "a"}, audit.ErrBadRequest},
		{"blank reason", ok, audit.Request{Reason: "  "}, audit.ErrBadRequest},
		{"control char", ok, audit.Request{Reason: "a\nb"}, audit.ErrBadRequest},
		{"invalid utf8", ok, audit.Request{Reason: "\xff"}, audit.ErrBadRequest},
		{"too long", ok, audit.Request{Reason: strings.Repeat("x", audit.MaxReasonLen+1)}, audit.ErrBadRequest},
		{"actor too long", ok, audit.Request{Actor: strings.Repeat("x", audit.MaxReasonLen+1), Reason: "r"}, audit.ErrBadRequest},
		{"blank actor", ok, audit.Request{Actor: " \t ", Reason: "r"}, audit.ErrBadRequest},
		{"ideographic space actor", ok, audit.Request{Actor: "\u3000", Reason: "r"}, audit.ErrBadRequest},
		{"bidi override", ok, audit.Request{Reason: "TICKET-1\u202e24-TEKCIT"}, audit.ErrBadRequest},
		{"bidi isolate", ok, audit.Request{Reason: "a\u2066b\u2069"}, audit.ErrBadRequest},
		{"zero width space", ok, audit.Request{Reason: "a\u200bb"}, audit.ErrBadRequest},
		{"byte order mark", ok, audit.Request{Reason: "\ufeffTICKET-1"}, audit.ErrBadRequest},
		{"line separator", ok, audit.Request{Reason: "a\u2028b"}, audit.ErrBadRequest},
		{"bidi in actor", ok, audit.Request{Actor: "alice\u202e", Reason: "r"}, audit.ErrBadRequest},
		{"C1 control", ok, audit.Request{Reason: "a\u0085b"}, audit.ErrBadRequest},
		{"nil hook", nil, audit.Request{Reason: "r"}, audit.ErrHookFailed},
		{"hook fails", func(context.Context, audit.Event) error { return errors.New("disk full") }, audit.Request{Reason: "r"}, audit.ErrHookFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.ErrorIs(t, audit.Report(context.Background(), c.hook, c.req, audit.Event{}), c.want)
			if c.name != "hook fails" {
				require.ErrorIs(t, audit.Check(c.hook, c.req), c.want, "Check refuses what Report refuses before the hook")
			}
		})
	}
}

// The message says which field and which character, never the text.
func TestBadRequestNamesTheCharacter(t *testing.T) {
	err := audit.Request{Actor: "alice", Reason: "secret\u202eplan"}.Validate()
	require.ErrorIs(t, err, audit.ErrBadRequest)
	require.Contains(t, err.Error(), "reason")
	require.Contains(t, err.Error(), "U+202E")
	require.NotContains(t, err.Error(), "secret")
}

func TestValidateAccepts(t *testing.T) {
	for _, r := range []audit.Request{
		{Reason: "r"}, // the hook may learn the actor from the context
		{Actor: "山田 太郎", Reason: "チケット 42: 法的保全"},
		{Actor: "svc-export@example.iam", Reason: "TICKET-42 (legal hold), see wiki"},
	} {
		require.NoError(t, r.Validate(), "%+q", r)
	}
}

func TestCheckAcceptsWhatReportCalls(t *testing.T) {
	called := false
	hook := func(context.Context, audit.Event) error { called = true; return nil }
	require.NoError(t, audit.Check(hook, audit.Request{Reason: "r"}))
	require.False(t, called, "Check does not call the hook")
}
