package keyset

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
)

// Purpose says what a keyset is for. It decides which key types a keyset may
// hold and is bound into the associated data of every encrypted keyset, so a
// keyset written for one purpose does not load as another.
type Purpose string

const (
	// PurposePRF is the root keyset for pseudonyms and for the FF1 keys of
	// format-preserving masking: HKDF-SHA256 PRF (recommended) or HMAC PRF keys.
	PurposePRF Purpose = "prf"
	// PurposeDeterministicAEAD is the keyset of reversible tokens: AES-SIV keys.
	PurposeDeterministicAEAD Purpose = "daead"
	// PurposeKEK is an offline key-encryption keyset: AES-GCM keys.
	PurposeKEK Purpose = "kek"
)

// Tink type URLs, from tink-go's key managers.
const (
	typeURLHKDFPRF    = "type.googleapis.com/google.crypto.tink.HkdfPrfKey"
	typeURLHMACPRF    = "type.googleapis.com/google.crypto.tink.HmacPrfKey"
	typeURLAESCMACPRF = "type.googleapis.com/google.crypto.tink.AesCmacPrfKey"
	typeURLAESSIV     = "type.googleapis.com/google.crypto.tink.AesSivKey"
	typeURLAESGCM     = "type.googleapis.com/google.crypto.tink.AesGcmKey"
)

// acceptedTypes lists the key types each purpose accepts. AES-CMAC PRF keys
// are not accepted as a PRF root: they give at most 16 bytes per call, and
// piikit derives 32-byte keys with a single PRF call (see SPEC.md).
var acceptedTypes = map[Purpose][]string{
	PurposePRF:               {typeURLHKDFPRF, typeURLHMACPRF},
	PurposeDeterministicAEAD: {typeURLAESSIV},
	PurposeKEK:               {typeURLAESGCM},
}

// Valid reports whether p is one of the purposes piikit defines.
func (p Purpose) Valid() bool {
	_, ok := acceptedTypes[p]
	return ok
}

// Errors that [Check] and the loaders return, wrapped; branch with errors.Is.
var (
	// ErrWrongKeyType: the keyset holds a key type its purpose does not accept.
	ErrWrongKeyType = errors.New("keyset: wrong key type for purpose")
	// errNoPrimary: the keyset has no primary key.
	errNoPrimary = errors.New("keyset: no primary key")
	// errPrimaryNotEnabled: the primary key is disabled or destroyed.
	errPrimaryNotEnabled = errors.New("keyset: primary key is not enabled")
	// errUnknownPurpose: the purpose is not one piikit defines.
	errUnknownPurpose = errors.New("keyset: unknown purpose")
	// errEmptyKeyset: the keyset has no keys.
	errEmptyKeyset = errors.New("keyset: no keys")
)

// Check reports whether h is usable for purpose p: every key is of a type the
// purpose accepts, and there is an enabled primary key. Use it on every
// keyset that comes from outside, so that a keyset of the wrong kind fails at
// load time with a clear error rather than at first use. It never looks at
// key material. [Read] and [ReadFile] call it on every keyset they load.
func Check(h *tinkkeyset.Handle, p Purpose) error {
	if h == nil {
		return fmt.Errorf("%w: nil handle", errEmptyKeyset)
	}
	return checkInfo(h.KeysetInfo(), p)
}

// checkInfo is [Check] on the key facts of a keyset, so that a decrypted
// keyset is checked before Tink parses its keys.
func checkInfo(info *tinkpb.KeysetInfo, p Purpose) error {
	accepted, ok := acceptedTypes[p]
	if !ok {
		return fmt.Errorf("%w %q", errUnknownPurpose, string(p))
	}
	if len(info.GetKeyInfo()) == 0 {
		return errEmptyKeyset
	}
	primary := info.GetPrimaryKeyId()
	foundPrimary := false
	for _, k := range info.GetKeyInfo() {
		if !slices.Contains(accepted, k.GetTypeUrl()) {
			return fmt.Errorf("%w %q: key %d is %s%s", ErrWrongKeyType, string(p), k.GetKeyId(), shownTypeURL(k.GetTypeUrl()), wrongTypeHint(p, k.GetTypeUrl()))
		}
		if k.GetKeyId() == primary {
			foundPrimary = true
			if k.GetStatus() != tinkpb.KeyStatusType_ENABLED {
				return fmt.Errorf("%w: key %d is %s", errPrimaryNotEnabled, primary, k.GetStatus())
			}
		}
	}
	if !foundPrimary {
		if primary == 0 {
			return errNoPrimary
		}
		return fmt.Errorf("%w: primary key ID %d is not in the keyset", errNoPrimary, primary)
	}
	return nil
}

// tinkTypePrefix starts the type URL of every Tink key type.
const tinkTypePrefix = "type.googleapis.com/google.crypto.tink."

// shownTypeURL is a type URL as an error may show it. It comes from the
// keyset file, so it is shown only if it has the form of a Tink key type
// (the prefix, then 1 to 64 ASCII letters and digits); anything else, of any
// length and any bytes, is not repeated.
func shownTypeURL(u string) string {
	name, ok := strings.CutPrefix(u, tinkTypePrefix)
	if !ok || name == "" || len(name) > 64 {
		return "of an unknown key type"
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return "of an unknown key type"
		}
	}
	return u
}

// wrongTypeHint explains why a key type is refused and what to use instead.
func wrongTypeHint(p Purpose, typeURL string) string {
	if p == PurposePRF && typeURL == typeURLAESCMACPRF {
		return " (AES-CMAC PRF gives at most 16 bytes per call and piikit derives 32-byte keys with one call; make the root with HKDF_SHA256)"
	}
	var names []string
	for _, n := range Templates() {
		if templates[n].purpose == p && slices.Contains(acceptedTypes[p], typeURLOf(n)) {
			names = append(names, n)
		}
	}
	return fmt.Sprintf(" (purpose %q takes keys of %s)", string(p), strings.Join(names, ", "))
}

// associatedData is the associated data that binds an encrypted keyset to
// its purpose (SPEC.md §1).
func associatedData(p Purpose) []byte {
	return []byte("piikit/keyset/v1/" + string(p))
}

// bindingData is the associated data of purpose p, or tinkey's empty
// associated data for "".
func bindingData(p Purpose) []byte {
	if p == "" {
		return []byte{}
	}
	return associatedData(p)
}

// purposes lists every purpose, in the order [Read] tries them when the
// asked-for purpose does not decrypt.
var purposes = []Purpose{PurposePRF, PurposeDeterministicAEAD, PurposeKEK}
