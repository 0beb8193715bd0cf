package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
)

// The audit log's line format is pinned (SPEC.md §7.7): snake_case keys, as
// in the manifest, in this order, one JSON object per line. Lines written
// before this format used Go field names ("Actor", "KeyIDs").
func TestAuditLineGolden(t *testing.T) {
	ev := audit.Event{
		Time:      time.Date(2025, 4, 1, 9, 30, 0, 0, time.UTC),
		Actor:     "alice",
		Reason:    "SUPPORT-1234",
		Operation: "reidentify",
		Domain:    "users.email",
		Scope:     "partner-a",
		KeyIDs:    []uint32{42, 7},
		Count:     3,
	}
	const want = `{"time":"2025-04-01T09:30:00Z","actor":"alice","reason":"SUPPORT-1234","operation":"reidentify","kind":"","domain":"users.email","scope":"partner-a","key_ids":[42,7],"count":3}` + "\n"

	log := filepath.Join(t.TempDir(), "audit.jsonl")
	require.NoError(t, auditHook(nil, log)(context.Background(), ev))
	require.NoError(t, auditHook(nil, log)(context.Background(), ev))
	got, err := os.ReadFile(log)
	require.NoError(t, err)
	require.Equal(t, want+want, string(got), "appended, one line per event")

	var stderr bytes.Buffer
	require.NoError(t, auditHook(&stderr, "")(context.Background(), ev))
	require.Equal(t, "audit: "+want, stderr.String())
}
