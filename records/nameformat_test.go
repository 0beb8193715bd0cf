package records_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/records"
)

// A name mask field's manifest records its format (SPEC.md §7.5), and
// reidentification uses it: exports of format 2 (the default) reverse, and
// so do exports made before format 2, whose manifests have no name_format.
func TestReidentifyNameFormats(t *testing.T) {
	p, err := records.ParsePolicy([]byte("version: 1\nfields:\n  name: {transform: mask, kind: name, domain: users.name}\n"))
	require.NoError(t, err)
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	require.NoError(t, err)
	tr, err := records.New(p, keys)
	require.NoError(t, err)
	in := "name\n山田 太郎\nDaniel Müller\nやまだ はなこ\n"
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	m := records.NewManifest(p, st, "csv", "test")
	require.Equal(t, 2, m.Fields[0].NameFormat)
	require.NoError(t, m.SetMAC(keys))
	var buf bytes.Buffer
	_, err = m.WriteTo(&buf)
	require.NoError(t, err)
	require.Contains(t, buf.String(), `"name_format": 2`)

	reveal := func(m *records.Manifest, exported string) string {
		r, err := records.NewReidentifier(p, keys, m)
		require.NoError(t, err)
		var back bytes.Buffer
		_, err = r.CSV(context.Background(), func(context.Context, audit.Event) error { return nil },
			audit.Request{Actor: "a", Reason: "r"}, strings.NewReader(exported), &back, nil)
		require.NoError(t, err)
		return back.String()
	}
	require.Equal(t, in, reveal(m, out.String()))

	// An export of before format 2: format 1 masks, no name_format.
	old, err := mask.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name", NameFormat: 1})
	require.NoError(t, err)
	oldOut := "name\n"
	for _, v := range strings.Split(strings.TrimSpace(in), "\n")[1:] {
		mv, err := old.Mask(v)
		require.NoError(t, err)
		oldOut += mv + "\n"
	}
	require.NotEqual(t, out.String(), oldOut)
	mOld := records.NewManifest(p, st, "csv", "test")
	mOld.Fields[0].NameFormat = 0
	sum := sha256.Sum256([]byte(oldOut))
	mOld.OutputSHA256 = hex.EncodeToString(sum[:])
	require.NoError(t, mOld.SetMAC(keys))
	require.Equal(t, in, reveal(mOld, oldOut))

	// An unknown format is refused.
	mBad := records.NewManifest(p, st, "csv", "test")
	mBad.Fields[0].NameFormat = 3
	require.NoError(t, mBad.SetMAC(keys))
	_, err = records.NewReidentifier(p, keys, mBad)
	require.ErrorIs(t, err, records.ErrManifest)
}
