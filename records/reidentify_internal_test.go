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

// fixedReversal reveals every value as itself, kept or not.
type fixedReversal struct{ kept bool }

func (fixedReversal) apply(string) (string, error) { return "", errOutsideRun }
func (fixedReversal) keyID() uint32                { return 1 }
func (f fixedReversal) reveal(_ context.Context, _ audit.Hook, _ audit.Request, v string) (string, bool, error) {
	return v, f.kept, nil
}

// A value is counted as kept only when its reversal says it hides no value:
// a value revealed as itself still counts against the manifest's limit.
func TestRevealLimitKept(t *testing.T) {
	revealed := &revealLimit{r: fixedReversal{kept: false}}
	revealed.left.Store(1)
	out, err := revealed.apply("v")
	require.NoError(t, err)
	require.Equal(t, "v", out)
	require.Zero(t, revealed.kept.Load())
	_, err = revealed.apply("v")
	require.ErrorIs(t, err, errOverManifest)

	kept := &revealLimit{r: fixedReversal{kept: true}}
	for range 3 {
		out, err := kept.apply("v")
		require.NoError(t, err)
		require.Equal(t, "v", out)
	}
	require.EqualValues(t, 3, kept.kept.Load())
	require.Zero(t, kept.left.Load())
}
