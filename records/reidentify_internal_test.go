package records

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
)

// A run's reversals report to the run's hook, which lets through only what
// the run reported (its domains, its keys) while the run goes on; outside a
// run a reversal reveals nothing.
func TestReidentifyRunHook(t *testing.T) {
	r := &Reidentifier{domains: []string{"users.email"}, event: audit.Event{KeyIDs: []uint32{7, 9}}}
	hook := r.reported()
	ctx := context.Background()
	require.NoError(t, hook(ctx, audit.Event{Domain: "users.email", KeyIDs: []uint32{9}}))
	require.ErrorIs(t, hook(ctx, audit.Event{Domain: "users.phone", KeyIDs: []uint32{9}}), errNotReported)
	require.ErrorIs(t, hook(ctx, audit.Event{Domain: "users.email", KeyIDs: []uint32{8}}), errNotReported)
	ended, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, hook(ended, audit.Event{Domain: "users.email", KeyIDs: []uint32{9}}), context.Canceled)

	for _, rv := range []reversal{detokenTransform{}, unmaskTransform{}} {
		_, err := rv.apply("x")
		require.ErrorIs(t, err, errOutsideRun)
	}
}
