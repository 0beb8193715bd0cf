// Package derive computes piikit's subkeys from a root PRF keyset: one key per
// (purpose, domain, scope, root key ID), exactly as SPEC.md ("Key derivation")
// defines. Callers cache what they build from a subkey (an HMAC state, an FF1
// cipher); deriving is a PRF call and should happen once per domain, not per
// value.
package derive

import (
	"errors"
	"fmt"
	"slices"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"

	"github.com/piikit/piikit/keyset"
)

// Purposes of derived keys. Each is part of the derivation label, so keys for
// different purposes are independent.
const (
	PurposePseudonym = "pseudonym"
	PurposeFF1       = "ff1"
	PurposeSurrogate = "surrogate"
)

// ManifestLabel is the label of the key that authenticates export manifests
// (SPEC.md §7.5). It has no domain or scope: one key per root key.
const ManifestLabel = "piikit/manifest/v1"

// MaxNameLen is the longest domain or scope accepted, in bytes.
const MaxNameLen = 128

var (
	// ErrInvalidDomain: the domain is empty, too long or has a character
	// outside [A-Za-z0-9._:-].
	ErrInvalidDomain = errors.New("invalid domain")
	// ErrInvalidScope: the scope is too long or has a character outside
	// [A-Za-z0-9._:-].
	ErrInvalidScope = errors.New("invalid scope")
	// ErrUnknownKey: no enabled key with this ID is in the root keyset (it was
	// never there, or it was disabled or deleted).
	ErrUnknownKey = errors.New("key not in keyset or not enabled")
)

// Root holds the PRFs of a root keyset. It is safe for concurrent use.
type Root struct {
	primary uint32
	ids     []uint32
	prfs    map[uint32]prf.PRF
}

// New checks that h is a PRF keyset (keyset.PurposePRF) and returns its PRFs.
func New(h *tinkkeyset.Handle) (*Root, error) {
	if err := keyset.Check(h, keyset.PurposePRF); err != nil {
		return nil, err
	}
	set, err := prf.NewPRFSet(h)
	if err != nil {
		return nil, fmt.Errorf("root keyset: %w", err)
	}
	r := &Root{primary: set.PrimaryID, prfs: set.PRFs}
	for id := range set.PRFs {
		r.ids = append(r.ids, id)
	}
	slices.Sort(r.ids)
	return r, nil
}

// PrimaryID is the ID of the root keyset's primary key: new outputs use it.
func (r *Root) PrimaryID() uint32 { return r.primary }

// KeyIDs lists the IDs of the enabled keys, in increasing order.
func (r *Root) KeyIDs() []uint32 { return slices.Clone(r.ids) }

// Key derives n bytes (1 ≤ n ≤ 32) for (purpose, domain, scope) from the
// root key keyID: PRF_keyID(Label(purpose, domain, scope), n).
func (r *Root) Key(keyID uint32, purpose, domain, scope string, n int) ([]byte, error) {
	if n < 1 || n > 32 {
		return nil, fmt.Errorf("derived key length %d out of range 1..32", n)
	}
	label, err := Label(purpose, domain, scope)
	if err != nil {
		return nil, err
	}
	return r.compute(keyID, label, n)
}

// ManifestKey derives the 32-byte key that authenticates manifests, from the
// root key keyID: PRF_keyID(ManifestLabel, 32).
func (r *Root) ManifestKey(keyID uint32) ([]byte, error) {
	return r.compute(keyID, []byte(ManifestLabel), 32)
}

func (r *Root) compute(keyID uint32, label []byte, n int) ([]byte, error) {
	p, ok := r.prfs[keyID]
	if !ok {
		return nil, fmt.Errorf("%w: key ID %d", ErrUnknownKey, keyID)
	}
	k, err := p.ComputePRF(label, uint32(n))
	if err != nil {
		return nil, fmt.Errorf("deriving key %d: %w", keyID, err)
	}
	return k, nil
}

// Label is the derivation label "piikit/<purpose>/v1/<domain>/<scope>", in
// ASCII. Domain and scope cannot hold '/', so the label is unambiguous.
func Label(purpose, domain, scope string) ([]byte, error) {
	if err := CheckDomain(domain); err != nil {
		return nil, err
	}
	if err := CheckScope(scope); err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "piikit/%s/v1/%s/%s", purpose, domain, scope), nil
}

// CheckDomain reports whether d is a valid domain: 1 to MaxNameLen bytes of
// [A-Za-z0-9._:-]. The error does not repeat d.
func CheckDomain(d string) error {
	if d == "" || !validName(d) {
		return ErrInvalidDomain
	}
	return nil
}

// CheckScope reports whether s is a valid scope: empty (no scope), or up to
// MaxNameLen bytes of [A-Za-z0-9._:-].
func CheckScope(s string) error {
	if s != "" && !validName(s) {
		return ErrInvalidScope
	}
	return nil
}

func validName(s string) bool {
	if len(s) > MaxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '.', c == '_', c == ':', c == '-':
		default:
			return false
		}
	}
	return true
}
