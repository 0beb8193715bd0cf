package tokenize

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/tink-crypto/tink-go/v2/daead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"github.com/tink-crypto/tink-go/v2/tink"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/kind"
)

// ErrInvalidToken is the one error for every token that cannot be read: not
// a token, tampered, truncated, made for another kind, domain or scope, or
// made with a key that is not in the keyset or not enabled. Like
// crypto/cipher's "message authentication failed", it does not say which.
var ErrInvalidToken = errors.New("tokenize: invalid token")

// tinkPrefixLen is the length of Tink's TINK output prefix: 0x01 || key ID.
const tinkPrefixLen = 5

// sivLen is the length of AES-SIV's synthetic IV (RFC 5297).
const sivLen = 16

// Tokenizer makes reversible tokens of one [kind.Field] with deterministic
// AES-SIV, and reads them back with [Tokenizer.Detokenize]. Build one per
// field with [NewTokenizer]. It is safe for concurrent use.
type Tokenizer struct {
	field kind.Field
	norm  *normalize.Normalizer
	daead tink.DeterministicAEAD
	keyID uint32
	ad    []byte
	bufs  sync.Pool // *[]byte, normalized values
}

// NewTokenizer returns a Tokenizer for f keyed by h, a deterministic AEAD
// keyset (keyset.PurposeDeterministicAEAD) whose keys have Tink's TINK
// output prefix. New tokens use h's primary key; tokens of every enabled key
// of h can be detokenized.
func NewTokenizer(h *tinkkeyset.Handle, f kind.Field) (*Tokenizer, error) {
	norm, err := check(&f, kind.Token)
	if err != nil {
		return nil, err
	}
	if err := keyset.Check(h, keyset.PurposeDeterministicAEAD); err != nil {
		return nil, err
	}
	for _, k := range h.KeysetInfo().GetKeyInfo() {
		if k.GetOutputPrefixType() != tinkpb.OutputPrefixType_TINK {
			return nil, fmt.Errorf("%w: key %d is %s", ErrTokenKeyset, k.GetKeyId(), k.GetOutputPrefixType())
		}
	}
	d, err := daead.New(h)
	if err != nil {
		return nil, fmt.Errorf("tokenize: token keyset: %w", err)
	}
	return &Tokenizer{
		field: f,
		norm:  norm,
		daead: d,
		keyID: h.KeysetInfo().GetPrimaryKeyId(),
		ad:    tokenAD(f),
		bufs:  sync.Pool{New: func() any { return new([]byte) }},
	}, nil
}

// tokenAD is the associated data of a field's tokens (SPEC.md §4):
// "piikit/token/v1/" || kind || "/" || domain || "/" || scope.
func tokenAD(f kind.Field) []byte {
	return fmt.Appendf(nil, "piikit/token/v1/%s/%s/%s", f.Kind, f.Domain, f.Scope)
}

// Token returns the reversible token of v: the field's Prefix followed by the
// base32 text of the Tink ciphertext of v's normalized form (SPEC.md §4).
// Equal values (after normalization) give equal tokens.
func (t *Tokenizer) Token(v string) (string, error) {
	var buf [128]byte
	b, err := t.AppendToken(buf[:0], v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// AppendToken appends the token of v to dst. On error it returns dst
// unchanged.
func (t *Tokenizer) AppendToken(dst []byte, v string) ([]byte, error) {
	bp := t.bufs.Get().(*[]byte)
	defer func() {
		if keepPooled(bp) {
			t.bufs.Put(bp)
		}
	}()
	in, err := t.norm.Append((*bp)[:0], v)
	if err != nil {
		return dst, err
	}
	*bp = in[:0]
	if err := checkEntropy(&t.field, in); err != nil {
		return dst, err
	}
	ct, err := t.daead.EncryptDeterministically(in, t.ad)
	if err != nil {
		return dst, fmt.Errorf("tokenize: encrypting: %w", err)
	}
	return appendText(dst, t.field.Prefix, ct), nil
}

// Detokenize returns the normalized values of tokens, in order, after
// reporting the act to hook with [audit.Report]: who (req.Actor), why
// (req.Reason, required), the field's kind, domain and scope, the IDs of the
// keys that made the tokens and how many values are revealed. If the
// request is invalid or the hook fails, it returns no value and the error.
//
// A token that cannot be read leaves "" at its index; the error is then an
// [*InvalidTokensError] listing those indexes (errors.Is(err,
// ErrInvalidToken)) and the other values are still returned.
func (t *Tokenizer) Detokenize(ctx context.Context, hook audit.Hook, req audit.Request, tokens ...string) ([]string, error) {
	if err := audit.Check(hook, req); err != nil {
		return nil, err
	}
	values := make([]string, len(tokens))
	var failed []int
	var keyIDs []uint32
	var buf []byte
	for i, tok := range tokens {
		pt, id, ok := t.open(&buf, tok)
		if !ok {
			failed = append(failed, i)
			continue
		}
		values[i] = string(pt)
		clear(pt)
		if !slices.Contains(keyIDs, id) {
			keyIDs = append(keyIDs, id)
		}
	}
	slices.Sort(keyIDs)
	err := audit.Report(ctx, hook, req, audit.Event{
		Operation: "detokenize",
		Kind:      string(t.field.Kind),
		Domain:    t.field.Domain,
		Scope:     t.field.Scope,
		KeyIDs:    keyIDs,
		Count:     len(tokens) - len(failed),
	})
	if err != nil {
		clear(values)
		return nil, err
	}
	if failed != nil {
		return values, &InvalidTokensError{Indexes: failed, Total: len(tokens)}
	}
	return values, nil
}

// open decodes and decrypts one token, returning the plaintext and the ID of
// the key that made it.
func (t *Tokenizer) open(buf *[]byte, tok string) ([]byte, uint32, bool) {
	ct, ok := decodeText((*buf)[:0], t.field.Prefix, tok)
	*buf = ct
	if !ok || len(ct) <= tinkPrefixLen+sivLen {
		return nil, 0, false
	}
	pt, err := t.daead.DecryptDeterministically(ct, t.ad)
	if err != nil {
		return nil, 0, false
	}
	return pt, binary.BigEndian.Uint32(ct[1:tinkPrefixLen]), true
}

// KeyID returns the ID of the key that new tokens use (the primary key of
// the keyset at construction), for export manifests.
func (t *Tokenizer) KeyID() uint32 { return t.keyID }

// Field returns the field t was built for, with the kind its tokens are
// made as (a card's is [kind.ID]).
func (t *Tokenizer) Field() kind.Field { return t.field }

// String describes t without any key material.
func (t *Tokenizer) String() string {
	if t == nil {
		return "tokenize.Tokenizer(nil)"
	}
	return describe(&t.field, "Tokenizer", t.keyID)
}

// Format prints String for every verb, so that no formatting of a Tokenizer
// can reach its keys.
func (t *Tokenizer) Format(s fmt.State, _ rune) { fmt.Fprint(s, t.String()) }

// InvalidTokensError lists the tokens that [Tokenizer.Detokenize] could not
// read. It unwraps to [ErrInvalidToken] and holds no token.
type InvalidTokensError struct {
	Indexes []int // positions in the call's tokens, increasing
	Total   int   // how many tokens the call had
}

func (e *InvalidTokensError) Error() string {
	if e.Total == 1 {
		return ErrInvalidToken.Error()
	}
	return fmt.Sprintf("%v: %d of %d tokens (first at index %d)", ErrInvalidToken, len(e.Indexes), e.Total, e.Indexes[0])
}

func (e *InvalidTokensError) Unwrap() error { return ErrInvalidToken }
