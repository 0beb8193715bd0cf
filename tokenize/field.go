package tokenize

import (
	"errors"
	"fmt"

	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/internal/normalize"
)

// Kind is the kind of a personal value: [Name], [Phone], [Email] or [ID]. It
// decides how values are normalized (SPEC.md §3).
type Kind = normalize.Kind

// The kinds of values piikit tokenizes.
const (
	Name  = normalize.Name  // a person's name, Latin or Japanese script
	Phone = normalize.Phone // a phone number, normalized to E.164
	Email = normalize.Email // an email address
	ID    = normalize.ID    // an identifier: user ID, card number, My Number
)

// ParseKind returns the kind named s: "name", "phone", "email" or "id".
func ParseKind(s string) (Kind, error) {
	k, err := normalize.ParseKind(s)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	return k, nil
}

// Field says what a [Pseudonymizer] or [Tokenizer] protects: the kind of its
// values, the domain and scope its outputs are bound to, and how they look.
type Field struct {
	// Kind of the values. Required.
	Kind Kind
	// Domain names the kind of value and where it lives ("users.email"):
	// 1 to 128 bytes of [A-Za-z0-9._:-]. Equal values give equal tokens only
	// within one domain; fields that must join share a domain on purpose.
	Domain string
	// Scope names the recipient of the outputs ("acme"), so that exports to
	// two recipients cannot be linked: up to 128 bytes of [A-Za-z0-9._:-],
	// empty for none.
	Scope string
	// Region is the default region of phone numbers written without a
	// country code, as a CLDR region code ("JP"). Only for Kind Phone; empty
	// means every number must start with "+".
	Region string
	// Prefix is written before every token, to make tokens recognizable
	// downstream ("tok_", or the kind as a marker: "email_"): up to 32 bytes
	// of [A-Za-z0-9._-], starting with a letter or digit. It is not secret
	// and not authenticated; it is not part of the specified token bytes.
	Prefix string
	// Size is the length of a pseudonym's PRF output, in bytes: 12 (96 bits)
	// to 32; 0 means 16 (128 bits). See SPEC.md §4 for the collision
	// arithmetic. Pseudonyms only: a Tokenizer refuses a non-zero Size.
	Size int
	// InsecureAllowShortIDs accepts ID values shorter than MinIDLen
	// characters. By default they are refused with ErrLowEntropy: a field of
	// PINs, yes/no flags or small codes has so few possible values that its
	// deterministic tokens disclose them through their frequencies and
	// through any one known pair. Set it only for a field whose values are
	// not secret from the recipient anyway.
	InsecureAllowShortIDs bool
}

// Pseudonym sizes, in bytes of PRF output.
const (
	MinSize     = 12 // 96 bits: refuse shorter pseudonyms
	DefaultSize = 16 // 128 bits
	MaxSize     = 32 // all of HMAC-SHA256
)

// MinIDLen is the shortest ID value, in characters after normalization, that
// is tokenized without [Field.InsecureAllowShortIDs]: six characters hold
// at least 10^6 values, NIST's floor for FF1 domains (SP 800-38G Rev. 1).
const MinIDLen = 6

// maxPrefixLen is the longest Field.Prefix, in bytes.
const maxPrefixLen = 32

// Errors of the constructors, wrapped; branch with errors.Is.
var (
	// ErrInvalidField: the Field has an unknown kind, a domain that is empty,
	// too long or has a character outside [A-Za-z0-9._:-], such a scope, an
	// unknown region or a region for another kind than phone, or a bad
	// prefix or size. The message says which.
	ErrInvalidField = errors.New("tokenize: invalid field")
	// ErrKeyTagCollision: two keys of the root keyset have the same key tag
	// (the first two bytes of their key IDs, SPEC.md §4), so their
	// pseudonyms could not be told apart. It happens for about one rotation
	// in 65,536: delete one of the two keys, or add another.
	ErrKeyTagCollision = errors.New("tokenize: two keys of the keyset share a key tag")
	// ErrTokenKeyset: the reversible-token keyset has a key whose output
	// prefix is not TINK, so its tokens would not name their key.
	ErrTokenKeyset = errors.New("tokenize: token keyset keys must have output prefix TINK")
)

// Errors of a value, wrapped; branch with errors.Is. No message contains the
// value. ErrInvalidValue, ErrEmpty, ErrTooLong and ErrInvalidUTF8 are the
// same variables as package mask's: errors.Is(err, mask.ErrTooLong) holds
// for a token's error too.
var (
	// ErrInvalidValue: the value is not of the field's kind (not an email,
	// not a phone number) or has control characters. ErrEmpty, ErrTooLong
	// and ErrInvalidUTF8 wrap it.
	ErrInvalidValue = normalize.ErrInvalid
	// ErrEmpty: the value is empty (or only spaces and separators).
	ErrEmpty = normalize.ErrEmpty
	// ErrTooLong: the value is longer than normalize's limit of 1024 bytes
	// (254 for an email).
	ErrTooLong = normalize.ErrTooLong
	// ErrInvalidUTF8: the value is not valid UTF-8.
	ErrInvalidUTF8 = normalize.ErrInvalidUTF8
	// ErrLowEntropy: an ID value is shorter than MinIDLen characters and the
	// field does not set InsecureAllowShortIDs.
	ErrLowEntropy = errors.New("tokenize: ID value too short to tokenize safely (low entropy)")
)

// check validates f and returns its normalizer.
func (f *Field) check(pseudonym bool) (*normalize.Normalizer, error) {
	if err := derive.CheckDomain(f.Domain); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	if err := derive.CheckScope(f.Scope); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	if !f.Kind.Valid() {
		return nil, fmt.Errorf("%w: %w", ErrInvalidField, normalize.ErrUnknownKind)
	}
	if f.Region != "" && f.Kind != Phone {
		return nil, fmt.Errorf("%w: a region applies to phone numbers only", ErrInvalidField)
	}
	if !validPrefix(f.Prefix) {
		return nil, fmt.Errorf("%w: prefix must be up to %d bytes of [A-Za-z0-9._-], starting with a letter or digit", ErrInvalidField, maxPrefixLen)
	}
	switch {
	case !pseudonym && f.Size != 0:
		return nil, fmt.Errorf("%w: Size applies to pseudonyms only", ErrInvalidField)
	case pseudonym && f.Size != 0 && (f.Size < MinSize || f.Size > MaxSize):
		return nil, fmt.Errorf("%w: size %d bytes out of range %d..%d", ErrInvalidField, f.Size, MinSize, MaxSize)
	}
	n, err := normalize.New(f.Kind, normalize.Options{Region: f.Region})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	return n, nil
}

func validPrefix(p string) bool {
	if len(p) > maxPrefixLen {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case (c == '.' || c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// checkEntropy applies the low-entropy guard to a normalized value.
func (f *Field) checkEntropy(normalized []byte) error {
	if f.Kind != ID || f.InsecureAllowShortIDs {
		return nil
	}
	// Count characters up to MinIDLen only.
	n := 0
	for range string(normalized) {
		if n++; n >= MinIDLen {
			return nil
		}
	}
	return ErrLowEntropy
}

// describe is the String of a Tokenizer or Pseudonymizer (typ) of f with
// the root key keyID: the field's names and the key's ID, no key material.
func (f *Field) describe(typ string, keyID uint32) string {
	return fmt.Sprintf("tokenize.%s{%s, domain %q, scope %q, key %d}", typ, f.Kind, f.Domain, f.Scope, keyID)
}
