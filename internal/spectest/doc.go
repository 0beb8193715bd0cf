// Package spectest reads the test vectors of SPEC.md from their
// machine-readable copies in testdata/vectors (one JSON file per SPEC.md
// vector table), so that golden tests check the very vectors the
// specification publishes, and another implementation can check itself
// against the same files. A test of this package checks that each file and
// its SPEC.md table hold the same vectors.
package spectest
