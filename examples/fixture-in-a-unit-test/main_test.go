package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
)

// A golden test: keysettest.PRF() is the same committed keyset on every
// machine, so the reference of an address is a fixed value the test can
// pin. A change to how references are made fails here before it reaches
// data that has already been joined on the old references. (The value is
// RFC 5869 HKDF-SHA256 of the fixture key, as crypto/hkdf computes it too.)
func TestRefGolden(t *testing.T) {
	refs, err := newUserRef(keysettest.PRF())
	require.NoError(t, err)
	got, err := refs.Ref("hanako@example.jp")
	require.NoError(t, err)
	require.Equal(t, "aba4787273799739267868757ab2d0f8", got)
}

// After a rotation, new references come from the new primary key.
func TestRefAfterRotation(t *testing.T) {
	old, err := newUserRef(keysettest.PRF())
	require.NoError(t, err)
	rotated, err := newUserRef(keysettest.PRFRotated())
	require.NoError(t, err)
	a, err := old.Ref("hanako@example.jp")
	require.NoError(t, err)
	b, err := rotated.Ref("hanako@example.jp")
	require.NoError(t, err)
	require.NotEqual(t, a, b)
}

// The wrong keyset is refused when the code is set up, not at first use.
func TestRefRefusesTokenKeyset(t *testing.T) {
	_, err := newUserRef(keysettest.DeterministicAEAD())
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)
}
