package keyset_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"github.com/tink-crypto/tink-go/v2/tink"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/keyset/insecurecleartext"
	"github.com/piikit/piikit/keyset/keysettest"
)

var formats = []keyset.Format{keyset.JSON, keyset.Binary}

type fixture struct {
	name    string // file name in keysettest
	handle  func() *tinkkeyset.Handle
	purpose keyset.Purpose
}

var fixtures = []fixture{
	{"prf.json", keysettest.PRF, keyset.PurposePRF},
	{"prf_rotated.json", keysettest.PRFRotated, keyset.PurposePRF},
	{"daead.json", keysettest.DeterministicAEAD, keyset.PurposeDeterministicAEAD},
	{"daead_rotated.json", keysettest.DeterministicAEADRotated, keyset.PurposeDeterministicAEAD},
	{"kek.json", keysettest.KEK, keyset.PurposeKEK},
}

func fixtureKEK(t testing.TB) tink.AEAD {
	t.Helper()
	kek, err := aead.New(keysettest.KEK())
	require.NoError(t, err)
	return kek
}

// otherKEK is a second, unrelated key-encryption key.
func otherKEK(t testing.TB) tink.AEAD {
	t.Helper()
	h, err := keyset.New("AES256_GCM")
	require.NoError(t, err)
	kek, err := aead.New(h)
	require.NoError(t, err)
	return kek
}

func encrypt(t testing.TB, h *tinkkeyset.Handle, f keyset.Format, kek tink.AEAD, p keyset.Purpose) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, keyset.Write(&buf, h, f, kek, p))
	return buf.Bytes()
}

func cleartextBytes(t testing.TB, h *tinkkeyset.Handle, f keyset.Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := tinkkeyset.Writer(tinkkeyset.NewJSONWriter(&buf))
	if f == keyset.Binary {
		w = tinkkeyset.NewBinaryWriter(&buf)
	}
	require.NoError(t, insecurecleartextkeyset.Write(h, w))
	return buf.Bytes()
}

// secrets returns every way key material of the fixtures could be spelled
// in a message: the base64 and hex of each serialized key and of the last 16
// bytes (part of the raw key value) of each.
func secrets(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, fx := range fixtures {
		var ks struct {
			Key []struct {
				KeyData struct{ Value string }
			}
		}
		require.NoError(t, json.Unmarshal(keysettest.CleartextJSON(fx.name), &ks))
		for _, k := range ks.Key {
			v, err := base64.StdEncoding.DecodeString(k.KeyData.Value)
			require.NoError(t, err)
			tail := v[len(v)-16:]
			out = append(out, k.KeyData.Value,
				base64.StdEncoding.EncodeToString(tail)[:20],
				base64.RawURLEncoding.EncodeToString(tail)[:20],
				hex.EncodeToString(tail), strings.ToUpper(hex.EncodeToString(tail)))
		}
	}
	return out
}

func requireNoSecrets(t testing.TB, err error) {
	t.Helper()
	require.Error(t, err)
	msg := err.Error()
	for _, s := range secrets(t) {
		require.NotContains(t, msg, s, "key material in error message")
	}
}

func TestRoundTrip(t *testing.T) {
	kek := fixtureKEK(t)
	for _, fx := range fixtures {
		for _, f := range formats {
			t.Run(fx.name+"/"+f.String(), func(t *testing.T) {
				data := encrypt(t, fx.handle(), f, kek, fx.purpose)
				h, err := keyset.Read(bytes.NewReader(data), f, kek, fx.purpose)
				require.NoError(t, err)
				require.Equal(t, keyset.List(fx.handle()), keyset.List(h))
				require.Equal(t,
					insecurecleartextkeyset.KeysetMaterial(fx.handle()).String(),
					insecurecleartextkeyset.KeysetMaterial(h).String(),
					"the keys themselves survive")
			})
		}
	}
}

// The file is Tink's own EncryptedKeyset, bound to the associated data of
// SPEC.md §1: Tink reads it with no piikit code.
func TestTinkReadsWhatWeWrite(t *testing.T) {
	kek := fixtureKEK(t)
	for _, fx := range fixtures {
		data := encrypt(t, fx.handle(), keyset.JSON, kek, fx.purpose)
		ad := []byte("piikit/keyset/v1/" + string(fx.purpose))
		h, err := tinkkeyset.ReadWithAssociatedData(tinkkeyset.NewJSONReader(bytes.NewReader(data)), kek, ad)
		require.NoError(t, err, fx.name)
		require.Equal(t, fx.handle().KeysetInfo().GetPrimaryKeyId(), h.KeysetInfo().GetPrimaryKeyId())

		_, err = tinkkeyset.ReadWithAssociatedData(tinkkeyset.NewJSONReader(bytes.NewReader(data)), kek, nil)
		require.Error(t, err, "the associated data is not empty")

		data = encrypt(t, fx.handle(), keyset.Binary, kek, fx.purpose)
		_, err = tinkkeyset.ReadWithAssociatedData(tinkkeyset.NewBinaryReader(bytes.NewReader(data)), kek, ad)
		require.NoError(t, err, fx.name)
	}
}

// And we read what Tink writes with the same associated data.
func TestWeReadWhatTinkWrites(t *testing.T) {
	kek := fixtureKEK(t)
	var buf bytes.Buffer
	require.NoError(t, keysettest.PRF().WriteWithAssociatedData(tinkkeyset.NewJSONWriter(&buf), kek, []byte("piikit/keyset/v1/prf")))
	h, err := keyset.Read(&buf, keyset.JSON, kek, keyset.PurposePRF)
	require.NoError(t, err)
	require.Equal(t, keysettest.PRFKeyID, h.KeysetInfo().GetPrimaryKeyId())
}

func TestWrongPurposeNamesTheRightOne(t *testing.T) {
	kek := fixtureKEK(t)
	for _, fx := range fixtures {
		for _, want := range []keyset.Purpose{keyset.PurposePRF, keyset.PurposeDeterministicAEAD, keyset.PurposeKEK} {
			if want == fx.purpose {
				continue
			}
			for _, f := range formats {
				data := encrypt(t, fx.handle(), f, kek, fx.purpose)
				_, err := keyset.Read(bytes.NewReader(data), f, kek, want)
				require.ErrorIs(t, err, keyset.ErrWrongPurpose)
				var pe *keyset.PurposeError
				require.ErrorAs(t, err, &pe)
				require.Equal(t, fx.purpose, pe.Got)
				require.Equal(t, want, pe.Want)
				require.Contains(t, err.Error(), `encrypted for purpose "`+string(fx.purpose)+`"`)
				requireNoSecrets(t, err)
			}
		}
	}
}

// rawKeyset returns the proto of a fixture, to corrupt it on purpose.
func rawKeyset(t testing.TB, h *tinkkeyset.Handle) *tinkpb.Keyset {
	t.Helper()
	return proto.Clone(insecurecleartextkeyset.KeysetMaterial(h)).(*tinkpb.Keyset)
}

// encryptRaw encrypts any keyset proto as Read expects, bypassing the checks
// of Write, to test what Read does with a bad keyset inside good ciphertext.
func encryptRaw(t testing.TB, ks *tinkpb.Keyset, f keyset.Format, kek tink.AEAD, p keyset.Purpose) []byte {
	t.Helper()
	pt, err := proto.Marshal(ks)
	require.NoError(t, err)
	ct, err := kek.Encrypt(pt, []byte("piikit/keyset/v1/"+string(p)))
	require.NoError(t, err)
	ek := &tinkpb.EncryptedKeyset{EncryptedKeyset: ct}
	var out []byte
	if f == keyset.JSON {
		out, err = protojson.Marshal(ek)
	} else {
		out, err = proto.Marshal(ek)
	}
	require.NoError(t, err)
	return out
}

func TestReadBadInput(t *testing.T) {
	kek := fixtureKEK(t)
	prfJSON := encrypt(t, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF)
	prfBinary := encrypt(t, keysettest.PRF(), keyset.Binary, kek, keyset.PurposePRF)

	noPrimary := rawKeyset(t, keysettest.PRFRotated())
	noPrimary.PrimaryKeyId = 0
	absentPrimary := rawKeyset(t, keysettest.PRFRotated())
	absentPrimary.PrimaryKeyId = 12345
	disabledPrimary := rawKeyset(t, keysettest.PRFRotated())
	disabledPrimary.Key[1].Status = tinkpb.KeyStatusType_DISABLED
	noKeys := &tinkpb.Keyset{PrimaryKeyId: 1}
	wrongType := rawKeyset(t, keysettest.DeterministicAEAD())
	duplicate := rawKeyset(t, keysettest.PRFRotated())
	duplicate.Key[0].KeyId = duplicate.Key[1].KeyId
	badKey := rawKeyset(t, keysettest.PRF())
	badKey.Key[0].KeyData.Value = badKey.Key[0].KeyData.Value[:10]

	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 0x01
		return c
	}
	// The ciphertext inside the JSON, corrupted but still valid base64.
	var ejson map[string]any
	require.NoError(t, json.Unmarshal(prfJSON, &ejson))
	ct, err := base64.StdEncoding.DecodeString(ejson["encryptedKeyset"].(string))
	require.NoError(t, err)
	ejson["encryptedKeyset"] = base64.StdEncoding.EncodeToString(flip(ct, len(ct)-1))
	corruptedCiphertextJSON, err := json.Marshal(ejson)
	require.NoError(t, err)

	cases := []struct {
		name   string
		data   []byte
		format keyset.Format
		kek    tink.AEAD
		want   error
	}{
		{"empty json", nil, keyset.JSON, kek, keyset.ErrMalformed},
		{"empty binary", nil, keyset.Binary, kek, keyset.ErrMalformed},
		{"white space", []byte(" \n"), keyset.JSON, kek, keyset.ErrMalformed},
		{"truncated json", prfJSON[:len(prfJSON)/2], keyset.JSON, kek, keyset.ErrMalformed},
		{"truncated binary", prfBinary[:len(prfBinary)/2], keyset.Binary, kek, keyset.ErrMalformed},
		{"json not an object", []byte(`["a"]`), keyset.JSON, kek, keyset.ErrMalformed},
		{"json without encryptedKeyset", []byte(`{"x":1}`), keyset.JSON, kek, keyset.ErrMalformed},
		{"json with bad base64", []byte(`{"encryptedKeyset":"!!!"}`), keyset.JSON, kek, keyset.ErrMalformed},
		{"corrupted binary", flip(prfBinary, 1), keyset.Binary, kek, keyset.ErrMalformed},
		{"corrupted ciphertext binary", flip(prfBinary, len(prfBinary)-1), keyset.Binary, kek, keyset.ErrDecrypt},
		{"corrupted ciphertext json", corruptedCiphertextJSON, keyset.JSON, kek, keyset.ErrDecrypt},
		{"binary read as json", prfBinary, keyset.JSON, kek, keyset.ErrMalformed},
		{"json read as binary", prfJSON, keyset.Binary, kek, keyset.ErrMalformed},
		{"cleartext json", keysettest.CleartextJSON("prf.json"), keyset.JSON, kek, keyset.ErrCleartext},
		{"cleartext binary", cleartextBytes(t, keysettest.PRF(), keyset.Binary), keyset.Binary, kek, keyset.ErrCleartext},
		{"wrong kek json", prfJSON, keyset.JSON, otherKEK(t), keyset.ErrDecrypt},
		{"wrong kek binary", prfBinary, keyset.Binary, otherKEK(t), keyset.ErrDecrypt},
		{"wrong associated data", encryptRaw(t, rawKeyset(t, keysettest.PRF()), keyset.JSON, kek, "nope"), keyset.JSON, kek, keyset.ErrDecrypt},
		{"no primary", encryptRaw(t, noPrimary, keyset.JSON, kek, keyset.PurposePRF), keyset.JSON, kek, keyset.ErrNoPrimary},
		{"primary not in keyset", encryptRaw(t, absentPrimary, keyset.Binary, kek, keyset.PurposePRF), keyset.Binary, kek, keyset.ErrNoPrimary},
		{"disabled primary", encryptRaw(t, disabledPrimary, keyset.JSON, kek, keyset.PurposePRF), keyset.JSON, kek, keyset.ErrPrimaryNotEnabled},
		{"no keys", encryptRaw(t, noKeys, keyset.JSON, kek, keyset.PurposePRF), keyset.JSON, kek, keyset.ErrEmptyKeyset},
		{"wrong key type", encryptRaw(t, wrongType, keyset.JSON, kek, keyset.PurposePRF), keyset.JSON, kek, keyset.ErrWrongKeyType},
		{"duplicate key IDs", encryptRaw(t, duplicate, keyset.JSON, kek, keyset.PurposePRF), keyset.JSON, kek, keyset.ErrMalformed},
		{"key that does not parse", encryptRaw(t, badKey, keyset.JSON, kek, keyset.PurposePRF), keyset.JSON, kek, keyset.ErrMalformed},
		{"decrypts to garbage", encryptRawBytes(t, []byte{0xff, 0xff, 0xff}, kek), keyset.Binary, kek, keyset.ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var h *tinkkeyset.Handle
			require.NotPanics(t, func() {
				h, err = keyset.Read(bytes.NewReader(c.data), c.format, c.kek, keyset.PurposePRF)
			})
			require.ErrorIs(t, err, c.want)
			require.Nil(t, h)
			t.Log(err)
			require.True(t, strings.HasPrefix(err.Error(), "keyset: "), err.Error())
			require.NotContains(t, err.Error(), "\n")
			requireNoSecrets(t, err)
		})
	}
}

func encryptRawBytes(t testing.TB, pt []byte, kek tink.AEAD) []byte {
	ct, err := kek.Encrypt(pt, []byte("piikit/keyset/v1/prf"))
	require.NoError(t, err)
	out, err := proto.Marshal(&tinkpb.EncryptedKeyset{EncryptedKeyset: ct})
	require.NoError(t, err)
	return out
}

func TestReadUnknownPurposeAndNilKEK(t *testing.T) {
	kek := fixtureKEK(t)
	data := encrypt(t, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF)
	_, err := keyset.Read(bytes.NewReader(data), keyset.JSON, kek, "pseudonym")
	require.ErrorIs(t, err, keyset.ErrUnknownPurpose)
	_, err = keyset.Read(bytes.NewReader(data), keyset.JSON, nil, keyset.PurposePRF)
	require.Error(t, err)
	_, err = keyset.Read(bytes.NewReader(data), keyset.Format(7), kek, keyset.PurposePRF)
	require.ErrorIs(t, err, keyset.ErrUnknownFormat)
}

func TestReadTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte(" "), 16<<20)
	big = append(big, '{', '}')
	_, err := keyset.Read(bytes.NewReader(big), keyset.JSON, fixtureKEK(t), keyset.PurposePRF)
	require.ErrorIs(t, err, keyset.ErrMalformed)
	require.Contains(t, err.Error(), "larger than 16 MiB")
}

func TestWriteRefusesAndWritesNothing(t *testing.T) {
	kek := fixtureKEK(t)
	cmac, err := keyset.New("AES_CMAC_PRF")
	require.NoError(t, err)
	cases := []struct {
		name string
		h    *tinkkeyset.Handle
		kek  tink.AEAD
		p    keyset.Purpose
		want error
	}{
		{"wrong purpose", keysettest.PRF(), kek, keyset.PurposeDeterministicAEAD, keyset.ErrWrongKeyType},
		{"cmac as prf root", cmac, kek, keyset.PurposePRF, keyset.ErrWrongKeyType},
		{"unknown purpose", keysettest.PRF(), kek, "x", keyset.ErrUnknownPurpose},
		{"nil handle", nil, kek, keyset.PurposePRF, keyset.ErrEmptyKeyset},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := keyset.Write(&buf, c.h, keyset.JSON, c.kek, c.p)
			require.ErrorIs(t, err, c.want)
			require.Zero(t, buf.Len(), "nothing written")
			requireNoSecrets(t, err)

			dir := t.TempDir()
			name := filepath.Join(dir, "k.json")
			require.NoError(t, os.WriteFile(name, []byte("old"), 0o600))
			require.ErrorIs(t, keyset.WriteFile(name, c.h, keyset.JSON, c.kek, c.p), c.want)
			got, err := os.ReadFile(name)
			require.NoError(t, err)
			require.Equal(t, "old", string(got), "file unchanged")
			requireOnlyFiles(t, dir, "k.json")
		})
	}
	require.Error(t, keyset.Write(new(bytes.Buffer), keysettest.PRF(), keyset.JSON, nil, keyset.PurposePRF))
}

func TestCMACRootErrorExplains(t *testing.T) {
	cmac, err := keyset.New("AES_CMAC_PRF")
	require.NoError(t, err)
	err = keyset.Check(cmac, keyset.PurposePRF)
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)
	require.Contains(t, err.Error(), "16 bytes")
	require.Contains(t, err.Error(), "HKDF_SHA256")
}

func TestWrongKeyTypeErrorNamesTemplates(t *testing.T) {
	err := keyset.Check(keysettest.PRF(), keyset.PurposeDeterministicAEAD)
	require.ErrorIs(t, err, keyset.ErrWrongKeyType)
	require.Contains(t, err.Error(), `purpose "daead" takes keys of AES256_SIV`)
}

func requireOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	require.ElementsMatch(t, names, got, "no temporary file left behind")
}

func TestWriteFileIsPrivateAndReplaces(t *testing.T) {
	kek := fixtureKEK(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "k.bin")
	require.NoError(t, os.WriteFile(name, []byte("old"), 0o644))
	require.NoError(t, keyset.WriteFile(name, keysettest.PRFRotated(), keyset.Binary, kek, keyset.PurposePRF))
	fi, err := os.Stat(name)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	h, err := keyset.ReadFile(name, keyset.Binary, kek, keyset.PurposePRF)
	require.NoError(t, err)
	require.Equal(t, keysettest.PRFRotatedPrimaryKeyID, h.KeysetInfo().GetPrimaryKeyId())
	requireOnlyFiles(t, dir, "k.bin")

	err = keyset.WriteFile(filepath.Join(dir, "missing", "k.json"), keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF)
	require.Error(t, err)
	requireOnlyFiles(t, dir, "k.bin")
}

func TestReadFileErrorsNameTheFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "empty.json")
	require.NoError(t, os.WriteFile(name, nil, 0o600))
	_, err := keyset.ReadFile(name, keyset.JSON, fixtureKEK(t), keyset.PurposePRF)
	require.ErrorIs(t, err, keyset.ErrMalformed)
	require.Contains(t, err.Error(), name)
	_, err = keyset.ReadFile(filepath.Join(t.TempDir(), "absent.json"), keyset.JSON, fixtureKEK(t), keyset.PurposePRF)
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestParseFormat(t *testing.T) {
	f, err := keyset.ParseFormat("json")
	require.NoError(t, err)
	require.Equal(t, keyset.JSON, f)
	f, err = keyset.ParseFormat("binary")
	require.NoError(t, err)
	require.Equal(t, keyset.Binary, f)
	_, err = keyset.ParseFormat("JSON5")
	require.ErrorIs(t, err, keyset.ErrUnknownFormat)
	require.Equal(t, "json", keyset.JSON.String())
	require.Equal(t, "binary", keyset.Binary.String())
}

func TestDetectFormat(t *testing.T) {
	kek := fixtureKEK(t)
	require.Equal(t, keyset.JSON, keyset.DetectFormat(encrypt(t, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF)))
	require.Equal(t, keyset.JSON, keyset.DetectFormat([]byte("\n  {}")))
	require.Equal(t, keyset.Binary, keyset.DetectFormat(encrypt(t, keysettest.PRF(), keyset.Binary, kek, keyset.PurposePRF)))
}

func TestTemplates(t *testing.T) {
	require.Equal(t, []string{"AES128_GCM", "AES256_GCM", "AES256_SIV", "AES_CMAC_PRF", "HKDF_SHA256", "HMAC_SHA256_PRF", "HMAC_SHA512_PRF"}, keyset.Templates())
	for _, name := range keyset.Templates() {
		t.Run(name, func(t *testing.T) {
			h, err := keyset.New(name)
			require.NoError(t, err)
			require.Equal(t, 1, h.Len())
			p, err := keyset.TemplatePurpose(name)
			require.NoError(t, err)
			if name == "AES_CMAC_PRF" {
				require.ErrorIs(t, keyset.Check(h, p), keyset.ErrWrongKeyType)
				return
			}
			require.NoError(t, keyset.Check(h, p))
		})
	}
	_, err := keyset.New("AES256_CTR_HMAC_SHA256")
	require.ErrorIs(t, err, keyset.ErrUnknownTemplate)
	require.Contains(t, err.Error(), "HKDF_SHA256")
	_, err = keyset.TemplatePurpose("hkdf_sha256")
	require.ErrorIs(t, err, keyset.ErrUnknownTemplate)
}

// Keys made by New are fresh: two keysets of one template differ.
func TestNewIsRandom(t *testing.T) {
	a, err := keyset.New("HKDF_SHA256")
	require.NoError(t, err)
	b, err := keyset.New("HKDF_SHA256")
	require.NoError(t, err)
	require.NotEqual(t,
		insecurecleartextkeyset.KeysetMaterial(a).GetKey()[0].GetKeyData().GetValue(),
		insecurecleartextkeyset.KeysetMaterial(b).GetKey()[0].GetKeyData().GetValue())
}

func TestConcurrentReads(t *testing.T) {
	kek := fixtureKEK(t)
	data := encrypt(t, keysettest.PRFRotated(), keyset.Binary, kek, keyset.PurposePRF)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			_, err := keyset.Read(bytes.NewReader(data), keyset.Binary, kek, keyset.PurposePRF)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

func TestInsecureCleartext(t *testing.T) {
	for _, fx := range fixtures {
		for _, f := range formats {
			var buf bytes.Buffer
			require.NoError(t, insecurecleartext.Write(&buf, fx.handle(), f, fx.purpose))
			h, err := insecurecleartext.Read(&buf, f, fx.purpose)
			require.NoError(t, err)
			require.Equal(t, keyset.List(fx.handle()), keyset.List(h))
		}
		h, err := insecurecleartext.Read(bytes.NewReader(keysettest.CleartextJSON(fx.name)), keyset.JSON, fx.purpose)
		require.NoError(t, err, fx.name)
		require.Equal(t, keyset.List(fx.handle()), keyset.List(h))
	}
}

func TestInsecureCleartextBadInput(t *testing.T) {
	kek := fixtureKEK(t)
	prfJSON := keysettest.CleartextJSON("prf.json")
	prfBinary := cleartextBytes(t, keysettest.PRF(), keyset.Binary)
	noPrimary := rawKeyset(t, keysettest.PRF())
	noPrimary.PrimaryKeyId = 0
	noPrimaryJSON, err := protojson.Marshal(noPrimary)
	require.NoError(t, err)
	disabledPrimary := rawKeyset(t, keysettest.PRF())
	disabledPrimary.Key[0].Status = tinkpb.KeyStatusType_DISABLED
	disabledPrimaryBinary, err := proto.Marshal(disabledPrimary)
	require.NoError(t, err)

	cases := []struct {
		name   string
		data   []byte
		format keyset.Format
		p      keyset.Purpose
		want   error
	}{
		{"empty", nil, keyset.JSON, keyset.PurposePRF, keyset.ErrMalformed},
		{"truncated json", prfJSON[:len(prfJSON)-9], keyset.JSON, keyset.PurposePRF, keyset.ErrMalformed},
		{"truncated binary", prfBinary[:len(prfBinary)-9], keyset.Binary, keyset.PurposePRF, keyset.ErrMalformed},
		{"json as binary", prfJSON, keyset.Binary, keyset.PurposePRF, keyset.ErrMalformed},
		{"binary as json", prfBinary, keyset.JSON, keyset.PurposePRF, keyset.ErrMalformed},
		{"corrupted json value", bytes.Replace(prfJSON, []byte(`"value":"`), []byte(`"value":"%`), 1), keyset.JSON, keyset.PurposePRF, keyset.ErrMalformed},
		{"encrypted json", encrypt(t, keysettest.PRF(), keyset.JSON, kek, keyset.PurposePRF), keyset.JSON, keyset.PurposePRF, keyset.ErrEncrypted},
		{"encrypted binary", encrypt(t, keysettest.PRF(), keyset.Binary, kek, keyset.PurposePRF), keyset.Binary, keyset.PurposePRF, keyset.ErrEncrypted},
		{"no primary", noPrimaryJSON, keyset.JSON, keyset.PurposePRF, keyset.ErrNoPrimary},
		{"disabled primary", disabledPrimaryBinary, keyset.Binary, keyset.PurposePRF, keyset.ErrPrimaryNotEnabled},
		{"wrong purpose", prfJSON, keyset.JSON, keyset.PurposeKEK, keyset.ErrWrongKeyType},
		{"unknown purpose", prfJSON, keyset.JSON, "x", keyset.ErrUnknownPurpose},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var h *tinkkeyset.Handle
			var err error
			require.NotPanics(t, func() { h, err = insecurecleartext.Read(bytes.NewReader(c.data), c.format, c.p) })
			require.ErrorIs(t, err, c.want)
			require.Nil(t, h)
			t.Log(err)
			requireNoSecrets(t, err)
		})
	}
}

func TestInsecureCleartextFiles(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "k.json")
	require.NoError(t, insecurecleartext.WriteFile(name, keysettest.DeterministicAEAD(), keyset.JSON, keyset.PurposeDeterministicAEAD))
	fi, err := os.Stat(name)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	h, err := insecurecleartext.ReadFile(name, keyset.JSON, keyset.PurposeDeterministicAEAD)
	require.NoError(t, err)
	require.Equal(t, keysettest.DeterministicAEADKeyID, h.KeysetInfo().GetPrimaryKeyId())

	require.ErrorIs(t, insecurecleartext.WriteFile(name, keysettest.DeterministicAEAD(), keyset.JSON, keyset.PurposePRF), keyset.ErrWrongKeyType)
	_, err = insecurecleartext.ReadFile(name, keyset.JSON, keyset.PurposeDeterministicAEAD)
	require.NoError(t, err, "file unchanged by the failed write")
	requireOnlyFiles(t, dir, "k.json")

	var buf bytes.Buffer
	require.ErrorIs(t, insecurecleartext.Write(&buf, keysettest.PRF(), keyset.JSON, keyset.PurposeKEK), keyset.ErrWrongKeyType)
	require.Zero(t, buf.Len())
}

func TestErrorsAreDistinct(t *testing.T) {
	all := []error{keyset.ErrMalformed, keyset.ErrCleartext, keyset.ErrEncrypted, keyset.ErrDecrypt,
		keyset.ErrWrongPurpose, keyset.ErrUnknownTemplate, keyset.ErrUnknownKeyID, keyset.ErrKeyNotEnabled,
		keyset.ErrKeyDestroyed, keyset.ErrPrimaryKey, keyset.ErrNoKMSClient, keyset.ErrKEKFile,
		keyset.ErrWrongKeyType, keyset.ErrNoPrimary, keyset.ErrPrimaryNotEnabled, keyset.ErrUnknownPurpose,
		keyset.ErrEmptyKeyset, keyset.ErrUnknownFormat}
	for i, a := range all {
		require.True(t, strings.HasPrefix(a.Error(), "keyset: "), a.Error())
		for j, b := range all {
			if i != j {
				require.False(t, errors.Is(a, b), "%v is %v", a, b)
			}
		}
	}
}
