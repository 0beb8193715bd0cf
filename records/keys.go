package records

import (
	"cmp"
	"errors"
	"fmt"
	"sync"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/keyset"
	"github.com/piikit/piikit/kind"
)

// errNoKeyset: the policy has a transform whose keyset was not given
// (pseudonyms and masks need the root PRF keyset, reversible tokens the
// deterministic-AEAD keyset).
var errNoKeyset = errors.New("records: keyset needed by the policy is missing")

// Keys are the keysets a policy's keyed transforms use: the root PRF keyset
// (purpose [keyset.PurposePRF]) for pseudonyms and format-preserving masks,
// and the AES-SIV keyset (purpose [keyset.PurposeDeterministicAEAD]) for
// reversible tokens. Either may be nil if no field needs it.
//
// Keys caches what it builds per (transform, kind, domain, scope, options),
// so make one and share it; it is safe for concurrent use.
type Keys struct {
	root   *tinkkeyset.Handle
	tokens *tinkkeyset.Handle

	mu    sync.Mutex
	cache map[string]valueTransform // built on first use

	structs sync.Map // reflect.Type → []fieldPlan
	holding sync.Map // reflect.Type → holds

	names freetext.NameFinder // WithNames: text tags find names by morphology
}

// NewKeys checks that root and tokens are keysets of the right purpose and
// returns them as Keys. Either may be nil.
func NewKeys(root, tokens *tinkkeyset.Handle) (*Keys, error) {
	if root != nil {
		if err := keyset.Check(root, keyset.PurposePRF); err != nil {
			return nil, fmt.Errorf("records: root keyset: %w", err)
		}
	}
	if tokens != nil {
		if err := keyset.Check(tokens, keyset.PurposeDeterministicAEAD); err != nil {
			return nil, fmt.Errorf("records: token keyset: %w", err)
		}
	}
	return &Keys{root: root, tokens: tokens}, nil
}

// WithNames returns Keys whose text tags ([Protect]) also find person names
// with find — names.Append of package freetext/names, the morphology an
// export's text fields use through [Policy].Names. Without it a text tag
// finds names among known values only, which a struct tag has none of. k is
// unchanged; the result shares its keysets.
func (k *Keys) WithNames(find freetext.NameFinder) *Keys {
	return &Keys{root: k.root, tokens: k.tokens, names: find}
}

// New compiles p with the keys k: every field's transform is built (and its
// keys derived) now, so a policy that cannot run fails here, before any
// record is read, with a *[PolicyError] naming the field. k may be nil for
// a policy without keyed transforms.
func New(p *Policy, k *Keys) (*Transformer, error) {
	if p == nil {
		return nil, fmt.Errorf("%w: no policy", ErrPolicy)
	}
	if k == nil {
		k = new(Keys)
	}
	known, err := p.knownValues()
	if err != nil {
		return nil, err
	}
	e, err := newEngine(p, func(f *Field) (valueTransform, error) {
		if f.Transform == Text {
			return k.textTransform(p, f, known, false)
		}
		return k.transform(p.spec(f))
	}, false)
	if err != nil {
		return nil, err
	}
	return &Transformer{e: e}, nil
}

// spec is everything that decides one value transform.
type spec struct {
	transform Transform
	kind      kind.Kind
	domain    string
	scope     string
	region    string
	options   map[string]string
	// reverse asks for the inverse of a reversible transform, and keyID the
	// key that made the outputs (masks carry none).
	reverse bool
	keyID   uint32
}

// cacheKey is s as a string: every string quoted (fmt prints the options
// map with sorted keys), so that no two specs share a key whatever their
// strings hold.
func (s spec) cacheKey() string {
	return fmt.Sprintf("%q|%q|%q|%q|%q|%q|%v|%d", s.transform, s.kind, s.domain, s.scope, s.region, s.options, s.reverse, s.keyID)
}

// transform returns the cached value transform of s, building it on first
// use.
func (k *Keys) transform(s spec) (valueTransform, error) {
	key := s.cacheKey()
	k.mu.Lock()
	defer k.mu.Unlock()
	if t, ok := k.cache[key]; ok {
		return t, nil
	}
	t, err := k.bind(s)
	if err != nil {
		return nil, err
	}
	if k.cache == nil {
		k.cache = make(map[string]valueTransform)
	}
	k.cache[key] = t
	return t, nil
}

// spec is the transform of f under p, with f's scope and region resolved
// (here only): the field's own, or else the policy's, where they apply
// (a scope to keyed transforms, a region to their phone numbers). p may be nil,
// for a field without a policy (struct tags).
func (p *Policy) spec(f *Field) spec {
	s := spec{transform: f.Transform, kind: f.Kind, domain: f.Domain, options: f.Options}
	if f.Transform.Keyed() {
		s.scope = cmp.Or(f.Scope, p.defaults().Scope)
	}
	if f.Kind == kind.Phone && f.Transform.Keyed() {
		s.region = cmp.Or(f.Region, p.defaults().Region)
	}
	return s
}

// defaults returns p, or an empty policy for nil.
func (p *Policy) defaults() *Policy {
	if p == nil {
		return &Policy{}
	}
	return p
}
