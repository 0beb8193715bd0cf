package records_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
)

// Any edit of a manifest — a count, a key ID, a hash, the policy hash, the
// MAC key ID, any other field — fails its MAC, with one opaque error.
func TestManifestMACCoversEveryField(t *testing.T) {
	_, _, p, m := demoExport(t, 20)
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	_, err := records.NewReidentifier(p, keys, m)
	require.NoError(t, err)

	edits := map[string]func(m *records.Manifest){
		"manifest_version": func(m *records.Manifest) { m.Version++ },
		"piikit_version":   func(m *records.Manifest) { m.Piikit += "x" },
		"created":          func(m *records.Manifest) { m.Created = m.Created.Add(time.Second) },
		"format":           func(m *records.Manifest) { m.Format = "jsonl" },
		"policy_sha256":    func(m *records.Manifest) { m.PolicySHA256 = strings.Repeat("0", 64) },
		"output_sha256":    func(m *records.Manifest) { m.OutputSHA256 = strings.Repeat("0", 64) },
		"scope":            func(m *records.Manifest) { m.Scope = "other" },
		"rows_in":          func(m *records.Manifest) { m.RowsIn++ },
		"rows_out":         func(m *records.Manifest) { m.RowsOut++ },
		"rows_rejected":    func(m *records.Manifest) { m.Rejected++ },
		"fields.values":    func(m *records.Manifest) { m.Fields[1].Values *= 10 },
		"fields.failed":    func(m *records.Manifest) { m.Fields[1].Failed++ },
		"fields.irrev":     func(m *records.Manifest) { m.Fields[1].Irreversible++ },
		"fields.key_ids":   func(m *records.Manifest) { m.Fields[1].KeyIDs = []uint32{keysettest.PRFRotatedPrimaryKeyID} },
		"fields.name":      func(m *records.Manifest) { m.Fields[0].Name += "x" },
		"fields.domain":    func(m *records.Manifest) { m.Fields[1].Domain += "x" },
		"fields.scope":     func(m *records.Manifest) { m.Fields[1].Scope = "x" },
		"fields.kind":      func(m *records.Manifest) { m.Fields[1].Kind = kind.ID },
		"fields.transform": func(m *records.Manifest) { m.Fields[0].Transform = records.Keep },
		"fields dropped":   func(m *records.Manifest) { m.Fields = m.Fields[1:] },
		"mac_key_id":       func(m *records.Manifest) { m.MACKeyID++ },
		"mac":              func(m *records.Manifest) { m.MAC = strings.Repeat("0", len(m.MAC)) },
		"mac truncated":    func(m *records.Manifest) { m.MAC = m.MAC[:32] },
		"mac not hex":      func(m *records.Manifest) { m.MAC = "zz" },
		"no mac":           func(m *records.Manifest) { m.MAC, m.MACKeyID = "", 0 },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			c := copyManifest(t, m)
			edit(c)
			_, err := records.NewReidentifier(p, keys, c)
			require.ErrorIs(t, err, records.ErrManifestAuth)
			require.Equal(t, "records: invalid manifest: authentication failed", err.Error())
		})
	}
}

// copyManifest is a deep copy of m, through its file form.
func copyManifest(t *testing.T, m *records.Manifest) *records.Manifest {
	var buf bytes.Buffer
	_, err := m.WriteTo(&buf)
	require.NoError(t, err)
	c, err := records.ReadManifest(&buf)
	require.NoError(t, err)
	return c
}

// The MAC verifies with any enabled key (after a rotation), and with no
// other keyset.
func TestManifestMACKeys(t *testing.T) {
	_, _, p, m := demoExport(t, 20)
	require.Equal(t, keysettest.PRFKeyID, m.MACKeyID, "the root's primary key")
	rotated, _ := records.NewKeys(keysettest.PRFRotated(), keysettest.DeterministicAEAD())
	_, err := records.NewReidentifier(p, rotated, m)
	require.NoError(t, err, "an older key still verifies")

	other, err := keyset.New("HKDF_SHA256")
	require.NoError(t, err)
	otherKeys, _ := records.NewKeys(other, keysettest.DeterministicAEAD())
	_, err = records.NewReidentifier(p, otherKeys, m)
	require.ErrorIs(t, err, records.ErrManifestAuth)

	// The keyset that made the MAC is needed to check it.
	_, err = records.NewReidentifier(p, nil, m)
	require.ErrorIs(t, err, records.ErrNoKeyset)
}

// An export of reversible tokens only is authenticated with its AES-SIV
// keyset, and verifies after its rotation.
func TestManifestMACTokensOnly(t *testing.T) {
	p, err := records.ParsePolicy([]byte("version: 1\nfields:\n  card: {transform: token, kind: card, domain: users.card}\n"))
	require.NoError(t, err)
	keys, _ := records.NewKeys(nil, keysettest.DeterministicAEAD())
	tr, err := records.New(p, keys)
	require.NoError(t, err)
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader("card\n4111111111111111\n"), &out, nil)
	require.NoError(t, err)
	m := records.NewManifest(p, st, "csv", "test")
	require.NoError(t, m.SetMAC(keys))
	require.Equal(t, keysettest.DeterministicAEADKeyID, m.MACKeyID)

	rotated, _ := records.NewKeys(nil, keysettest.DeterministicAEADRotated())
	r, err := records.NewReidentifier(p, rotated, m)
	require.NoError(t, err)
	var back bytes.Buffer
	_, err = r.CSV(context.Background(), func(context.Context, audit.Event) error { return nil }, audit.Request{Reason: "r"}, bytes.NewReader(out.Bytes()), &back, nil)
	require.NoError(t, err)
	require.Equal(t, "card\n4111111111111111\n", back.String())

	m.Fields[0].Values++
	_, err = records.NewReidentifier(p, rotated, m)
	require.ErrorIs(t, err, records.ErrManifestAuth)
	_, err = records.NewReidentifier(p, nil, m)
	require.ErrorIs(t, err, records.ErrNoKeyset)

	require.ErrorIs(t, records.NewManifest(p, st, "csv", "test").SetMAC(nil), records.ErrNoKeyset)
}

// A manifest binds its export: the output of another export (of the same
// policy and keys, with the same counts), an edited or a truncated one is
// refused, though the counts would let it through.
func TestReidentifyChecksTheExportHash(t *testing.T) {
	inA, outA, p, mA := demoExport(t, 30)
	keys, _ := records.NewKeys(keysettest.PRF(), keysettest.DeterministicAEAD())
	r, err := records.NewReidentifier(p, keys, mA)
	require.NoError(t, err)
	ok := func(context.Context, audit.Event) error { return nil }
	req := audit.Request{Reason: "r"}

	require.NoError(t, mA.CheckOutput(bytes.NewReader(outA)))
	var back bytes.Buffer
	_, err = r.CSV(context.Background(), ok, req, bytes.NewReader(outA), &back, nil)
	require.NoError(t, err)

	// Export B holds the rows of A in another order: the same counts.
	inB := swapRows(inA, 1, 2)
	var outB bytes.Buffer
	_, err = demoTransformer(t).CSV(context.Background(), bytes.NewReader(inB), &outB, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	lines := bytes.SplitAfter(outA, []byte("\n"))
	truncated := bytes.Join(lines[:len(lines)-2], nil)
	for name, in := range map[string][]byte{"another export": outB.Bytes(), "edited": swapRows(outA, 3, 4), "truncated": truncated} {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, mA.CheckOutput(bytes.NewReader(in)), records.ErrNotTheExport)
			_, err := r.CSV(context.Background(), ok, req, bytes.NewReader(in), &back, &records.StreamOptions{Workers: 2})
			require.ErrorIs(t, err, records.ErrNotTheExport)
		})
	}

	// JSON Lines too.
	_, err = r.JSONLines(context.Background(), ok, req, strings.NewReader(`{"email":"x@example.jp"}`+"\n"), &back, nil)
	require.ErrorIs(t, err, records.ErrNotTheExport)

	// A manifest without the export's hash cannot be checked, and is refused.
	mA.OutputSHA256 = ""
	require.NoError(t, mA.SetMAC(keys))
	_, err = records.NewReidentifier(p, keys, mA)
	require.ErrorIs(t, err, records.ErrManifest)
	require.ErrorIs(t, mA.CheckOutput(bytes.NewReader(outA)), records.ErrManifest)
}

// Manifests of version 1 have no MAC: they are refused when read.
func TestManifestVersion1Refused(t *testing.T) {
	_, err := records.ReadManifest(strings.NewReader(`{"manifest_version":1,"piikit_version":"v0","created":"2026-01-01T00:00:00Z","format":"csv","policy_sha256":"x","rows_in":0,"rows_out":0,"rows_rejected":0,"fields":[]}`))
	require.ErrorIs(t, err, records.ErrManifest)
	require.Contains(t, err.Error(), "no MAC")
}

// The Stats of a Transformer run hold the SHA-256 of its output, and so
// does its manifest.
func TestStatsOutputSHA256(t *testing.T) {
	_, out, _, m := demoExport(t, 10)
	sum := sha256.Sum256(out)
	require.Equal(t, hex.EncodeToString(sum[:]), m.OutputSHA256)
}

// swapRows swaps lines i and j of b.
func swapRows(b []byte, i, j int) []byte {
	lines := bytes.SplitAfter(slices.Clone(b), []byte("\n"))
	lines[i], lines[j] = lines[j], lines[i]
	return bytes.Join(lines, nil)
}

// A manifest file reads as it looks: one JSON object, each key once,
// nothing after it. encoding/json alone takes the last of two keys (so a
// file could show one count and verify with another) and stops after the
// first object.
func TestReadManifestOneObject(t *testing.T) {
	_, _, _, m := demoExport(t, 5)
	var buf bytes.Buffer
	_, err := m.WriteTo(&buf)
	require.NoError(t, err)
	file := buf.String()
	_, err = records.ReadManifest(strings.NewReader(file))
	require.NoError(t, err)
	for name, bad := range map[string]string{
		"data after":      file + "{}\n",
		"second object":   file + file,
		"key twice":       strings.Replace(file, `"rows_out": 5,`, `"rows_out": 500, "rows_out": 5,`, 1),
		"field key twice": strings.Replace(file, `"values": 5`, `"values": 500, "values": 5`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			require.NotEqual(t, file, bad)
			_, err := records.ReadManifest(strings.NewReader(bad))
			require.ErrorIs(t, err, records.ErrManifest)
		})
	}
}
