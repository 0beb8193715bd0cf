package tokenize

import (
	"errors"
	"fmt"

	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/kind"
)

// Pseudonym sizes, in bytes of PRF output.
const (
	MinSize     = 12 // 96 bits: refuse shorter pseudonyms
	DefaultSize = 16 // 128 bits
	MaxSize     = 32 // all of HMAC-SHA256
)

// MinIDLen is the shortest ID value, in characters after normalization, that
// is tokenized without [kind.Field.InsecureAllowShortIDs]: six characters hold
// at least 10^6 values, NIST's floor for FF1 domains (SP 800-38G Rev. 1).
const MinIDLen = 6

// maxPrefixLen is the longest Field.Prefix, in bytes.
const maxPrefixLen = 32

// Errors of the constructors, wrapped; branch with errors.Is.
var (
	// ErrInvalidField: the Field has an unknown kind ([kind.ErrUnknown]), a
	// domain that is empty, too long or has a character outside
	// [A-Za-z0-9._:-], such a scope, an unknown region, an option that does
	// not apply to its kind and transform ([kind.ErrOption]), or a bad
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

// check validates f as a field of transform t and returns its normalizer;
// f.Kind becomes the kind its tokens are made as (a card's is id).
func check(f *kind.Field, t kind.Transform) (*normalize.Normalizer, error) {
	if err := derive.CheckDomain(f.Domain); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	if err := derive.CheckScope(f.Scope); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	as, err := f.Check(t)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	f.Kind = as
	if !validPrefix(f.Prefix) {
		return nil, fmt.Errorf("%w: prefix must be up to %d bytes of [A-Za-z0-9._-], starting with a letter or digit", ErrInvalidField, maxPrefixLen)
	}
	if f.Size != 0 && (f.Size < MinSize || f.Size > MaxSize) {
		return nil, fmt.Errorf("%w: size %d bytes out of range %d..%d", ErrInvalidField, f.Size, MinSize, MaxSize)
	}
	nk, err := normalize.ParseKind(string(as)) // the rule of the kind tokens are made as
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	n, err := normalize.New(nk, normalize.Options{Region: f.Region})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	return n, nil
}

// maxPooled is the largest buffer of a normalized value kept in a pool for
// the next call; a larger one (a value near normalize's limit) is dropped,
// so that short values do not pay for clearing it.
const maxPooled = 512

// keepPooled clears the buffer *b, as far as any call may have written
// (normalization writes before it refuses a value), so that no value
// lingers in a pool, and reports whether it is small enough to pool.
func keepPooled(b *[]byte) bool {
	clear((*b)[:cap(*b)])
	return cap(*b) <= maxPooled
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

// checkEntropy applies the low-entropy guard to a normalized value of f.
func checkEntropy(f *kind.Field, normalized []byte) error {
	if f.Kind != kind.ID || f.InsecureAllowShortIDs {
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
func describe(f *kind.Field, typ string, keyID uint32) string {
	return fmt.Sprintf("tokenize.%s{%s, domain %q, scope %q, key %d}", typ, f.Kind, f.Domain, f.Scope, keyID)
}
