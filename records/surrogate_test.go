package records_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/piikit/piikit/keyset/keysettest"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/records"
	"github.com/piikit/piikit/surrogate"
)

const tiedPolicy = `version: 1
fields:
  name:        {transform: surrogate, kind: name, domain: users.name}
  name_kana:   {transform: surrogate, kind: name, domain: users.name, reading_of: name}
  name_romaji: {transform: surrogate, kind: name, domain: users.name, reading_of: name}
`

// A reading column tied to its name column (reading_of) reads the name's
// surrogate, in its own script; the manifest records the surrogate fields.
func TestSurrogateReadingOf(t *testing.T) {
	p, err := records.ParsePolicy([]byte(tiedPolicy))
	require.NoError(t, err)
	keys, err := records.NewKeys(keysettest.PRF(), nil)
	require.NoError(t, err)
	tr, err := records.New(p, keys)
	require.NoError(t, err)
	in := "name,name_kana,name_romaji\n山田 太郎,ヤマダ タロウ,Yamada Taro\n鈴木　ひなた,すずき　ひなた,SUZUKI Hinata\n,,\n"
	var out bytes.Buffer
	st, err := tr.CSV(context.Background(), strings.NewReader(in), &out, &records.StreamOptions{Rejects: io.Discard})
	require.NoError(t, err)
	recs, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)

	s, err := surrogate.New(keysettest.PRF(), kind.Field{Kind: kind.Name, Domain: "users.name"})
	require.NoError(t, err)
	for i, src := range [][3]string{{"山田 太郎", "ヤマダ タロウ", "Yamada Taro"}, {"鈴木　ひなた", "すずき　ひなた", "SUZUKI Hinata"}} {
		name, err := s.Name(src[0])
		require.NoError(t, err)
		kana, err := s.Tied(src[0], src[1])
		require.NoError(t, err)
		romaji, err := s.Tied(src[0], src[2])
		require.NoError(t, err)
		require.Equal(t, []string{name, kana, romaji}, recs[i+1])
		require.NotEqual(t, src[1], kana)
	}
	require.Equal(t, []string{"", "", ""}, recs[3])
	m := records.NewManifest(p, st, "csv", "test")
	require.NoError(t, m.SetMAC(keys))
	require.Equal(t, []uint32{keysettest.PRFKeyID}, m.Fields[1].KeyIDs)

	// JSON Lines and Map tie the same way, whatever the members' order.
	var jl bytes.Buffer
	_, err = tr.JSONLines(context.Background(), strings.NewReader(`{"name_kana":"ヤマダ タロウ","name":"山田 太郎","name_romaji":"Yamada Taro"}`+"\n"), &jl, nil)
	require.NoError(t, err)
	require.Equal(t, `{"name_kana":"`+recs[1][1]+`","name":"`+recs[1][0]+`","name_romaji":"`+recs[1][2]+`"}`+"\n", jl.String())
	got, err := tr.Map(map[string]any{"name": "山田 太郎", "name_kana": "ヤマダ タロウ", "name_romaji": "Yamada Taro"})
	require.NoError(t, err)
	require.Equal(t, map[string]any{"name": recs[1][0], "name_kana": recs[1][1], "name_romaji": recs[1][2]}, got)
	// A reading without its name is not written.
	_, err = tr.Map(map[string]any{"name": "", "name_kana": "ヤマダ タロウ", "name_romaji": ""})
	require.ErrorIs(t, err, records.ErrValue)
}

func TestSurrogatePolicyRefused(t *testing.T) {
	for _, pol := range []string{
		"version: 1\nfields:\n  kana: {transform: surrogate, kind: name, domain: users.name, reading_of: name}\n  name: {transform: surrogate, kind: name, domain: users.name}\n",
		"version: 1\nfields:\n  name: {transform: surrogate, kind: name, domain: users.name}\n  kana: {transform: surrogate, kind: name, domain: users.kana, reading_of: name}\n",
		"version: 1\nfields:\n  name: {transform: mask, kind: name, domain: users.name}\n  kana: {transform: surrogate, kind: name, domain: users.name, reading_of: name}\n",
		"version: 1\nfields:\n  name: {transform: surrogate, kind: name, domain: users.name}\n  kana: {transform: mask, kind: name, domain: users.name, reading_of: name}\n",
		"version: 1\nfields:\n  email: {transform: surrogate, kind: email, domain: users.email}\n",
	} {
		_, err := records.ParsePolicy([]byte(pol))
		require.Error(t, err, pol)
		var pe *records.PolicyError
		require.True(t, errors.As(err, &pe), pol)
	}
}
