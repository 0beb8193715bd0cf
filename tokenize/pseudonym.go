package tokenize

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"hash"
	"sync"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/kind"
)

// Pseudonymizer makes pseudonyms of one [kind.Field]: irreversible, deterministic
// tokens. Build one per field with [NewPseudonymizer] and call
// [Pseudonymizer.Pseudonym] per value. It is safe for concurrent use.
type Pseudonymizer struct {
	field kind.Field
	norm  *normalize.Normalizer
	keyID uint32
	tag   [2]byte
	size  int
	// input is kind || 0x00, the start of every PRF input.
	input []byte
	// macs holds HMAC-SHA256 states keyed with the derived key, each used by
	// one call at a time (Get, use, Put): a keyed HMAC's Reset restores the
	// precomputed inner and outer states without allocating.
	macs sync.Pool
}

type pseudonymState struct {
	mac hash.Hash
	buf []byte
	sum [sha256.Size]byte
	raw [2 + MaxSize]byte
}

// NewPseudonymizer returns a Pseudonymizer for f (its kind, domain, scope,
// region and the options of pseudonyms: Prefix, Size,
// InsecureAllowShortIDs) whose pseudonyms are keyed by root, a PRF keyset
// (keyset.PurposePRF). New pseudonyms use root's primary key; the key it
// derives for f is computed here, once.
func NewPseudonymizer(root *tinkkeyset.Handle, f kind.Field) (*Pseudonymizer, error) {
	norm, err := check(&f, kind.Pseudonym)
	if err != nil {
		return nil, err
	}
	r, err := derive.New(root)
	if err != nil {
		return nil, err
	}
	if err := checkKeyTags(root); err != nil {
		return nil, err
	}
	id := r.PrimaryID()
	key, err := r.Key(id, derive.PurposePseudonym, f.Domain, f.Scope, 32)
	if err != nil {
		return nil, err
	}
	p := &Pseudonymizer{
		field: f,
		norm:  norm,
		keyID: id,
		tag:   keyTag(id),
		size:  f.Size,
		input: append([]byte(f.Kind), 0),
	}
	if p.size == 0 {
		p.size = DefaultSize
	}
	p.macs.New = func() any {
		return &pseudonymState{mac: hmac.New(sha256.New, key)}
	}
	return p, nil
}

// keyTag is the first two bytes of the big-endian key ID.
func keyTag(id uint32) [2]byte {
	return [2]byte{byte(id >> 24), byte(id >> 16)}
}

// checkKeyTags refuses a keyset where two keys share a key tag. Every listed
// key counts, enabled or not: a disabled key may be enabled again.
func checkKeyTags(h *tinkkeyset.Handle) error {
	seen := map[[2]byte]bool{}
	for _, k := range h.KeysetInfo().GetKeyInfo() {
		t := keyTag(k.GetKeyId())
		if seen[t] {
			return ErrKeyTagCollision
		}
		seen[t] = true
	}
	return nil
}

// Pseudonym returns the pseudonym of v: the field's Prefix followed by the
// base32 text of the key tag and the PRF of v's normalized form (SPEC.md
// §4). Equal values (after normalization) give equal pseudonyms.
func (p *Pseudonymizer) Pseudonym(v string) (string, error) {
	var b [128]byte
	out, err := p.AppendPseudonym(b[:0], v)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// AppendPseudonym appends the pseudonym of v to dst, without allocating
// when dst has room. On error it returns dst unchanged.
func (p *Pseudonymizer) AppendPseudonym(dst []byte, v string) ([]byte, error) {
	st := p.macs.Get().(*pseudonymState)
	defer p.put(st)
	in, err := p.norm.Append(append(st.buf[:0], p.input...), v)
	if err != nil {
		return dst, err
	}
	st.buf = in[:0]
	if err := checkEntropy(&p.field, in[len(p.input):]); err != nil {
		return dst, err
	}
	st.mac.Write(in) // reset by put after the last call
	sum := st.mac.Sum(st.sum[:0])
	raw := append(st.raw[:0], p.tag[:]...)
	raw = append(raw, sum[:p.size]...)
	return appendText(dst, p.field.Prefix, raw), nil
}

// put returns st to the pool without the value it held: in its buffer, or
// in its HMAC (whose Sum leaves the end of the message in the hash's
// block buffer; Reset restores the keyed state).
func (p *Pseudonymizer) put(st *pseudonymState) {
	st.mac.Reset()
	if keepPooled(&st.buf) {
		p.macs.Put(st)
	}
}

// KeyID returns the ID of the root key that new pseudonyms use (the
// primary key at construction), for export manifests.
func (p *Pseudonymizer) KeyID() uint32 { return p.keyID }

// KeyTag returns the key tag that starts the bytes of every pseudonym
// (before base32), SPEC.md §4.
func (p *Pseudonymizer) KeyTag() [2]byte { return p.tag }

// Field returns the field p was built for, with the kind its pseudonyms are
// made as (a card's is [kind.ID]).
func (p *Pseudonymizer) Field() kind.Field { return p.field }

// String describes p without any key material.
func (p *Pseudonymizer) String() string {
	if p == nil {
		return "tokenize.Pseudonymizer(nil)"
	}
	return describe(&p.field, "Pseudonymizer", p.keyID)
}

// Format prints String for every verb, so that no formatting of a
// Pseudonymizer can reach its key.
func (p *Pseudonymizer) Format(s fmt.State, _ rune) { fmt.Fprint(s, p.String()) }
