// Package recordstest makes the records of a test: a [records.Transformer]
// of a policy under the public fixture keysets of keysettest.
//
// FOR TESTS ONLY: the keys are published (see keysettest), so anything
// they protect is protected from nobody.
package recordstest

import (
	"testing"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/records"
)

// Keys returns the Keys of keysettest's PRF and DeterministicAEAD.
func Keys(t testing.TB) *records.Keys {
	t.Helper()
	keys, err := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// Transformer returns the Transformer of policy (YAML or JSON) under
// [Keys]; a policy that does not parse fails the test.
func Transformer(t testing.TB, policy string) *records.Transformer {
	t.Helper()
	p, err := records.ParsePolicy([]byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := records.New(p, Keys(t))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
