package keyset_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/keyset"
)

// tinkeyWrite writes h as tinkey does: Tink's own Handle.Write, which
// encrypts with empty associated data.
func tinkeyWrite(t *testing.T, h *tinkkeyset.Handle, f keyset.Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := tinkkeyset.Writer(tinkkeyset.NewJSONWriter(&buf))
	if f == keyset.Binary {
		w = tinkkeyset.NewBinaryWriter(&buf)
	}
	require.NoError(t, h.Write(w, fixtureKEK(t)))
	return buf.Bytes()
}

// tinkeyRead reads data as tinkey does: Tink's own keyset.Read, empty
// associated data.
func tinkeyRead(t *testing.T, data []byte, f keyset.Format) (*tinkkeyset.Handle, error) {
	t.Helper()
	r := tinkkeyset.Reader(tinkkeyset.NewJSONReader(bytes.NewReader(data)))
	if f == keyset.Binary {
		r = tinkkeyset.NewBinaryReader(bytes.NewReader(data))
	}
	return tinkkeyset.Read(r, fixtureKEK(t))
}

func TestTinkeyFormRoundTrip(t *testing.T) {
	kek := fixtureKEK(t)
	for _, fx := range fixtures {
		for _, f := range formats {
			t.Run(fx.name+"/"+f.String(), func(t *testing.T) {
				want := insecurecleartextkeyset.KeysetMaterial(fx.handle()).String()

				// A keyset written by tinkey imports with its purpose.
				h, err := keyset.ReadTinkeyForm(bytes.NewReader(tinkeyWrite(t, fx.handle(), f)), f, kek, fx.purpose)
				require.NoError(t, err)
				require.Equal(t, want, insecurecleartextkeyset.KeysetMaterial(h).String())

				// What piikit writes in tinkey's form, tinkey reads.
				var buf bytes.Buffer
				require.NoError(t, keyset.WriteTinkeyForm(&buf, fx.handle(), f, kek, fx.purpose))
				h, err = tinkeyRead(t, buf.Bytes(), f)
				require.NoError(t, err)
				require.Equal(t, want, insecurecleartextkeyset.KeysetMaterial(h).String())

				// piikit's own form is not tinkey's, in either direction.
				_, err = tinkeyRead(t, encrypt(t, fx.handle(), f, kek, fx.purpose), f)
				require.Error(t, err, "tinkey cannot read piikit's purpose-bound form")
				_, err = keyset.Read(bytes.NewReader(buf.Bytes()), f, kek, fx.purpose)
				var pe *keyset.PurposeError
				require.ErrorAs(t, err, &pe)
				require.Equal(t, keyset.PurposeError{Want: fx.purpose, Got: ""}, *pe)
				require.ErrorIs(t, err, keyset.ErrWrongPurpose)
				require.Contains(t, err.Error(), "empty associated data (tinkey's form)")

				_, err = keyset.ReadTinkeyForm(bytes.NewReader(encrypt(t, fx.handle(), f, kek, fx.purpose)), f, kek, fx.purpose)
				require.ErrorAs(t, err, &pe)
				require.Equal(t, keyset.PurposeError{Want: "", Got: fx.purpose}, *pe)
				requireNoSecrets(t, err)
			})
		}
	}
}

// tinkey's form carries no purpose: only the key types are checked, so a
// keyset is refused for a purpose whose key types it does not hold.
func TestTinkeyFormChecksKeyTypes(t *testing.T) {
	kek := fixtureKEK(t)
	data := tinkeyWrite(t, fixtures[0].handle(), keyset.JSON) // a PRF keyset
	_, err := keyset.ReadTinkeyForm(bytes.NewReader(data), keyset.JSON, kek, keyset.PurposeDeterministicAEAD)
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)

	_, err = keyset.ReadTinkeyForm(bytes.NewReader(data), keyset.JSON, otherKEK(t), keyset.PurposePRF)
	require.ErrorIs(t, err, keyset.ErrDecrypt)
	requireNoSecrets(t, err)

	var buf bytes.Buffer
	err = keyset.WriteTinkeyForm(&buf, fixtures[0].handle(), keyset.JSON, kek, keyset.PurposeDeterministicAEAD)
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)
	require.Zero(t, buf.Len(), "nothing written")
}
