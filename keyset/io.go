package keyset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"github.com/tink-crypto/tink-go/v2/tink"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/piikit/piikit/internal/fileio"
	"github.com/piikit/piikit/keyset/internal/cleartext"
)

// Format is the encoding of a keyset: Tink's JSON or binary (protobuf)
// encoding, the same files tinkey reads and writes.
type Format int

const (
	// JSON is Tink's JSON encoding (tinkey --out-format json).
	JSON Format = iota
	// Binary is Tink's protobuf encoding (tinkey --out-format binary).
	Binary
)

// errUnknownFormat: the format name is neither "json" nor "binary".
var errUnknownFormat = errors.New("keyset: unknown format")

// ParseFormat returns the format named "json" or "binary".
func ParseFormat(name string) (Format, error) {
	switch name {
	case "json":
		return JSON, nil
	case "binary":
		return Binary, nil
	}
	return 0, fmt.Errorf("%w %q (json or binary)", errUnknownFormat, name)
}

// String returns "json" or "binary".
func (f Format) String() string {
	if f == Binary {
		return "binary"
	}
	return "json"
}

// maxSize bounds what is read as a keyset.
const maxSize = fileio.MaxKeysetSize

// Read reads a keyset encrypted under kek for purpose p, in format f, and
// checks it with [Check]. A keyset encrypted for another purpose fails with a
// [*PurposeError] naming that purpose; a cleartext keyset fails with
// [ErrCleartext]; a wrong KEK or corrupted ciphertext with [ErrDecrypt].
func Read(r io.Reader, f Format, kek tink.AEAD, p Purpose) (*tinkkeyset.Handle, error) {
	return readEncrypted(r, f, kek, p, false)
}

// readEncrypted reads r, up to one byte more than a keyset may have, and
// decodes it with decodeEncrypted.
func readEncrypted(r io.Reader, f Format, kek tink.AEAD, p Purpose, tinkeyForm bool) (*tinkkeyset.Handle, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("keyset: read: %w", err)
	}
	return decodeEncrypted(data, f, kek, p, tinkeyForm)
}

// ReadFile is [Read] from the named file.
func ReadFile(name string, f Format, kek tink.AEAD, p Purpose) (*tinkkeyset.Handle, error) {
	data, err := readFile(name)
	if err != nil {
		return nil, err
	}
	h, err := decodeEncrypted(data, f, kek, p, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return h, nil
}

// Write checks h with [Check] for purpose p, encrypts it under kek with the
// associated data of p, and writes it to w in format f. On error nothing is
// written.
func Write(w io.Writer, h *tinkkeyset.Handle, f Format, kek tink.AEAD, p Purpose) error {
	return writeEncrypted(w, h, f, kek, p, associatedData(p))
}

// writeEncrypted writes h encrypted with associated data ad (see
// encodeEncrypted) to w, in one write: nothing if it fails.
func writeEncrypted(w io.Writer, h *tinkkeyset.Handle, f Format, kek tink.AEAD, p Purpose, ad []byte) error {
	data, err := encodeEncrypted(h, f, kek, p, ad)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("keyset: write: %w", err)
	}
	return nil
}

// WriteFile is [Write] to the named file, which it creates or replaces
// atomically with mode 0600: on error the file is left as it was.
func WriteFile(name string, h *tinkkeyset.Handle, f Format, kek tink.AEAD, p Purpose) error {
	data, err := encodeEncrypted(h, f, kek, p, associatedData(p))
	if err != nil {
		return err
	}
	return writeFileAtomic(name, data)
}

// encodeEncrypted encrypts h, checked for purpose p, with associated data ad.
func encodeEncrypted(h *tinkkeyset.Handle, f Format, kek tink.AEAD, p Purpose, ad []byte) ([]byte, error) {
	if err := Check(h, p); err != nil {
		return nil, err
	}
	if kek == nil {
		return nil, errors.New("keyset: write: nil key-encryption key")
	}
	return encode(f, func(w tinkkeyset.Writer) error {
		if err := h.WriteWithAssociatedData(w, kek, ad); err != nil {
			// Tink's messages name the failing step, never key material.
			return fmt.Errorf("keyset: encrypt: %w", err)
		}
		return nil
	})
}

// encode returns what write writes to a Tink keyset writer of format f,
// JSON with a final newline.
func encode(f Format, write func(tinkkeyset.Writer) error) ([]byte, error) {
	var buf bytes.Buffer
	var w tinkkeyset.Writer = tinkkeyset.NewJSONWriter(&buf)
	if f == Binary {
		w = tinkkeyset.NewBinaryWriter(&buf)
	}
	if err := write(w); err != nil {
		return nil, err
	}
	if f == JSON {
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

// decodeEncrypted decrypts a keyset for purpose want: with the associated
// data of want, or with empty associated data if tinkeyForm. On failure it
// tries the other purposes and empty associated data, to say what the
// keyset is.
func decodeEncrypted(data []byte, f Format, kek tink.AEAD, want Purpose, tinkeyForm bool) (*tinkkeyset.Handle, error) {
	if !want.Valid() {
		return nil, fmt.Errorf("%w %q", errUnknownPurpose, string(want))
	}
	if kek == nil {
		return nil, errors.New("keyset: read: nil key-encryption key")
	}
	ek, err := parseEncrypted(data, f)
	if err != nil {
		return nil, err
	}
	ct := ek.GetEncryptedKeyset()
	tried := want
	if tinkeyForm {
		tried = ""
	}
	serialized, err := kek.Decrypt(ct, bindingData(tried))
	if err != nil {
		for _, other := range append([]Purpose{""}, purposes...) {
			if other == tried {
				continue
			}
			if _, e := kek.Decrypt(ct, bindingData(other)); e == nil {
				return nil, &PurposeError{Want: tried, Got: other}
			}
		}
		// The KEK's own message helps with KMS failures (permissions, network);
		// AEAD and KMS errors carry no key material.
		return nil, fmt.Errorf("%w (wrong key-encryption key, or a corrupted file): %v", ErrDecrypt, err)
	}
	ks := new(tinkpb.Keyset)
	if err := proto.Unmarshal(serialized, ks); err != nil {
		return nil, fmt.Errorf("%w: the decrypted keyset does not parse", ErrMalformed)
	}
	return handleOf(ks, serialized, want)
}

// parseEncrypted parses an EncryptedKeyset, telling a cleartext keyset and a
// format mix-up apart from corruption. Parser messages are never passed on:
// they can quote the input, which may be key material.
func parseEncrypted(data []byte, f Format) (*tinkpb.EncryptedKeyset, error) {
	if err := checkSize(data); err != nil {
		return nil, err
	}
	ek := new(tinkpb.EncryptedKeyset)
	switch f {
	case JSON:
		top, err := jsonObject(data)
		if err != nil {
			return nil, err
		}
		if _, ok := top["encryptedKeyset"]; !ok {
			if _, ok := top["key"]; ok {
				return nil, fmt.Errorf("%w (a cleartext keyset, which only package keyset/insecurecleartext reads)", ErrCleartext)
			}
			return nil, fmt.Errorf("%w: no \"encryptedKeyset\" field", ErrMalformed)
		}
		if err := protojson.Unmarshal(data, ek); err != nil {
			return nil, fmt.Errorf("%w: JSON is not a Tink encrypted keyset", ErrMalformed)
		}
	case Binary:
		if looksJSON(data) {
			return nil, fmt.Errorf("%w: this is JSON, not a binary keyset", ErrMalformed)
		}
		if cleartextBinary(data) {
			return nil, fmt.Errorf("%w (a cleartext keyset, which only package keyset/insecurecleartext reads)", ErrCleartext)
		}
		if err := proto.Unmarshal(data, ek); err != nil || len(ek.ProtoReflect().GetUnknown()) > 0 {
			return nil, fmt.Errorf("%w: not a binary Tink encrypted keyset (truncated or corrupted)", ErrMalformed)
		}
	default:
		return nil, fmt.Errorf("%w %d", errUnknownFormat, int(f))
	}
	if len(ek.GetEncryptedKeyset()) == 0 {
		return nil, fmt.Errorf("%w: no encrypted keyset", ErrMalformed)
	}
	return ek, nil
}

// parseCleartext parses a cleartext Keyset, telling an encrypted keyset and
// a format mix-up apart from corruption.
func parseCleartext(data []byte, f Format) (ks *tinkpb.Keyset, serialized []byte, err error) {
	if err := checkSize(data); err != nil {
		return nil, nil, err
	}
	ks = new(tinkpb.Keyset)
	switch f {
	case JSON:
		top, err := jsonObject(data)
		if err != nil {
			return nil, nil, err
		}
		if _, ok := top["encryptedKeyset"]; ok {
			return nil, nil, fmt.Errorf("%w (read it with keyset.Read and its key-encryption key)", ErrEncrypted)
		}
		if err := protojson.Unmarshal(data, ks); err != nil {
			return nil, nil, fmt.Errorf("%w: JSON is not a Tink keyset", ErrMalformed)
		}
		if serialized, err = proto.Marshal(ks); err != nil {
			return nil, nil, fmt.Errorf("%w: JSON is not a Tink keyset", ErrMalformed)
		}
		return ks, serialized, nil
	case Binary:
		if looksJSON(data) {
			return nil, nil, fmt.Errorf("%w: this is JSON, not a binary keyset", ErrMalformed)
		}
		if !cleartextBinary(data) {
			ek := new(tinkpb.EncryptedKeyset)
			if proto.Unmarshal(data, ek) == nil && len(ek.ProtoReflect().GetUnknown()) == 0 && len(ek.GetEncryptedKeyset()) > 0 {
				return nil, nil, fmt.Errorf("%w (read it with keyset.Read and its key-encryption key)", ErrEncrypted)
			}
		}
		if err := proto.Unmarshal(data, ks); err != nil {
			return nil, nil, fmt.Errorf("%w: not a binary Tink keyset (truncated or corrupted)", ErrMalformed)
		}
		return ks, data, nil
	}
	return nil, nil, fmt.Errorf("%w %d", errUnknownFormat, int(f))
}

// handleOf checks a parsed keyset for purpose p, with typed errors, before
// Tink parses its keys; serialized is its binary encoding.
func handleOf(ks *tinkpb.Keyset, serialized []byte, p Purpose) (*tinkkeyset.Handle, error) {
	if err := checkInfo(infoOf(ks), p); err != nil {
		return nil, err
	}
	// Validate's messages carry key IDs only.
	if err := tinkkeyset.Validate(ks); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	h, err := insecurecleartextkeyset.Read(tinkkeyset.NewBinaryReader(bytes.NewReader(serialized)))
	if err != nil {
		return nil, fmt.Errorf("%w: a key of the keyset does not parse", ErrMalformed)
	}
	if err := Check(h, p); err != nil {
		return nil, err
	}
	return h, nil
}

// infoOf returns the key facts of ks, as [tinkkeyset.Handle.KeysetInfo] would.
func infoOf(ks *tinkpb.Keyset) *tinkpb.KeysetInfo {
	info := &tinkpb.KeysetInfo{PrimaryKeyId: ks.GetPrimaryKeyId()}
	for _, k := range ks.GetKey() {
		info.KeyInfo = append(info.KeyInfo, &tinkpb.KeysetInfo_KeyInfo{
			TypeUrl:          k.GetKeyData().GetTypeUrl(),
			Status:           k.GetStatus(),
			KeyId:            k.GetKeyId(),
			OutputPrefixType: k.GetOutputPrefixType(),
		})
	}
	return info
}

func checkSize(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%w: empty", ErrMalformed)
	}
	if len(data) > maxSize {
		return fmt.Errorf("%w: larger than %d MiB", ErrMalformed, maxSize>>20)
	}
	return nil
}

func jsonObject(data []byte) (map[string]json.RawMessage, error) {
	if !looksJSON(data) {
		return nil, fmt.Errorf("%w: not JSON (a binary keyset? use the binary format)", ErrMalformed)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("%w: invalid JSON (truncated or corrupted)", ErrMalformed)
	}
	return top, nil
}

func looksJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// cleartextBinary reports whether data parses as a binary cleartext Keyset
// whose keys all name a Tink key type. The ciphertext of an encrypted keyset
// does not.
func cleartextBinary(data []byte) bool {
	ks := new(tinkpb.Keyset)
	if proto.Unmarshal(data, ks) != nil || len(ks.GetKey()) == 0 {
		return false
	}
	for _, k := range ks.GetKey() {
		if !strings.HasPrefix(k.GetKeyData().GetTypeUrl(), "type.googleapis.com/") {
			return false
		}
	}
	return true
}

// DetectFormat guesses the format of keyset data: JSON if it starts with
// "{" after white space, binary otherwise. For tools that take either; the
// data still has to parse in that format.
func DetectFormat(data []byte) Format {
	if looksJSON(data) {
		return JSON
	}
	return Binary
}

func readFile(name string) ([]byte, error) {
	data, err := fileio.ReadFile(name, maxSize)
	if errors.Is(err, fileio.ErrTooLarge) {
		return nil, fmt.Errorf("%s: %w: larger than %d MiB", name, ErrMalformed, maxSize>>20)
	}
	if err != nil {
		return nil, fmt.Errorf("keyset: %w", err)
	}
	return data, nil
}

// writeFileAtomic writes data to a file that replaces name only when
// complete, with mode 0600: name is either the old file or the new one.
func writeFileAtomic(name string, data []byte) error {
	err := fileio.WriteFile(name, 0o600, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return fmt.Errorf("keyset: %w", err)
	}
	return nil
}

// The cleartext functions are reached only through package
// keyset/insecurecleartext, so that their use stands out in review.
func init() {
	cleartext.Decode = func(data []byte, binary bool, p string) (*tinkkeyset.Handle, error) {
		if !Purpose(p).Valid() {
			return nil, fmt.Errorf("%w %q", errUnknownPurpose, p)
		}
		ks, serialized, err := parseCleartext(data, formatOf(binary))
		if err != nil {
			return nil, err
		}
		return handleOf(ks, serialized, Purpose(p))
	}
	cleartext.Encode = func(h *tinkkeyset.Handle, binary bool, p string) ([]byte, error) {
		if err := Check(h, Purpose(p)); err != nil {
			return nil, err
		}
		return encode(formatOf(binary), func(w tinkkeyset.Writer) error {
			if err := insecurecleartextkeyset.Write(h, w); err != nil {
				return fmt.Errorf("keyset: write: %w", err)
			}
			return nil
		})
	}
	cleartext.ReadFile = readFile
	cleartext.WriteFile = writeFileAtomic
}

func formatOf(binary bool) Format {
	if binary {
		return Binary
	}
	return JSON
}
