package records

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/mask/display"
	"github.com/piikit/piikit/surrogate"
	"github.com/piikit/piikit/tokenize"
)

// errUnsupported: the transform is not available for this kind, or an
// option does not apply to it.
var errUnsupported = errors.New("records: transform not supported")

// bind binds a policy transform to tokenize, mask or display: it builds
// one Pseudonymizer, Tokenizer, Masker or display Masker (keys are derived
// once, by their constructors); [Keys.transform] caches the result per spec.
// Field.validate has refused options the transform does not take.
func (k *Keys) bind(s spec) (valueTransform, error) {
	f, err := s.field()
	if err != nil {
		return nil, err
	}
	switch s.transform {
	case Pseudonym, Token:
		return k.bindTokenize(s, f)
	case Mask:
		return k.bindMask(s, f)
	case Surrogate:
		if s.reverse {
			return keepTransform{}, nil // irreversible
		}
		if k.root == nil {
			return nil, fmt.Errorf("%w: surrogates need the root PRF keyset", errNoKeyset)
		}
		sg, err := surrogate.New(k.root, f)
		if err != nil {
			return nil, err
		}
		return surrogateTransform{sg}, nil
	case Display:
		if s.reverse {
			return keepTransform{}, nil
		}
		d, err := display.New(f)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errUnsupported, err)
		}
		return displayTransform{d}, nil
	}
	return nil, fmt.Errorf("%w: %s of kind %s", errUnsupported, s.transform, s.kind)
}

// field is s as a kind.Field: its options are read by the one parser of
// each (package kind's table), in name order, so that the first bad option
// is the same on every run.
func (s spec) field() (kind.Field, error) {
	f := kind.Field{Kind: s.kind, Domain: s.domain, Scope: s.scope, Region: s.region}
	for _, name := range slices.Sorted(maps.Keys(s.options)) {
		if err := f.Set(s.transform, name, s.options[name]); err != nil {
			return kind.Field{}, fmt.Errorf("%w: option %s: %w", errUnsupported, name, err)
		}
	}
	return f, nil
}

func (k *Keys) bindTokenize(s spec, f kind.Field) (valueTransform, error) {
	if s.transform == Pseudonym {
		if s.reverse {
			return keepTransform{}, nil
		}
		if k.root == nil {
			return nil, fmt.Errorf("%w: pseudonyms need the root PRF keyset", errNoKeyset)
		}
		p, err := tokenize.NewPseudonymizer(k.root, f)
		if err != nil {
			return nil, err
		}
		return pseudonymTransform{p}, nil
	}
	if k.tokens == nil {
		return nil, fmt.Errorf("%w: reversible tokens need the token (AES-SIV) keyset", errNoKeyset)
	}
	t, err := tokenize.NewTokenizer(k.tokens, f)
	if err != nil {
		return nil, err
	}
	if s.reverse {
		return detokenTransform{t}, nil
	}
	return tokenTransform{t}, nil
}

func (k *Keys) bindMask(s spec, f kind.Field) (valueTransform, error) {
	if k.root == nil {
		return nil, fmt.Errorf("%w: masks need the root PRF keyset", errNoKeyset)
	}
	m, err := mask.New(k.root, f)
	if err != nil {
		return nil, err
	}
	if s.reverse {
		return unmaskTransform{m, s.keyID}, nil
	}
	return maskTransform{m}, nil
}

type surrogateTransform struct{ s *surrogate.Surrogator }

func (t surrogateTransform) apply(v string) (string, error) { return t.s.Name(v) }
func (t surrogateTransform) keyID() uint32                  { return t.s.KeyID() }

// tied is the surrogate of source written in the shape of v (ReadingOf).
func (t surrogateTransform) tied(source, v string) (string, error) { return t.s.Tied(source, v) }

type displayTransform struct{ d *display.Masker }

func (t displayTransform) apply(v string) (string, error) { return t.d.Mask(v) }
func (displayTransform) keyID() uint32                    { return 0 }

type pseudonymTransform struct{ p *tokenize.Pseudonymizer }

func (t pseudonymTransform) apply(v string) (string, error) { return t.p.Pseudonym(v) }
func (t pseudonymTransform) keyID() uint32                  { return t.p.KeyID() }

func (pseudonymTransform) plainOutput() {}

func (t pseudonymTransform) appendTo(dst []byte, v string) ([]byte, bool, error) {
	out, err := t.p.AppendPseudonym(dst, v)
	return out, false, err
}

type tokenTransform struct{ t *tokenize.Tokenizer }

func (t tokenTransform) apply(v string) (string, error) { return t.t.Token(v) }
func (t tokenTransform) keyID() uint32                  { return t.t.KeyID() }

func (tokenTransform) plainOutput() {}

func (t tokenTransform) appendTo(dst []byte, v string) ([]byte, bool, error) {
	out, err := t.t.AppendToken(dst, v)
	return out, false, err
}

type maskTransform struct{ m *mask.Masker }

func (t maskTransform) apply(v string) (string, error) { return t.m.Mask(v) }
func (t maskTransform) keyID() uint32                  { return t.m.KeyID() }

func (t maskTransform) applyShort(v string) (string, bool, error) {
	r, err := t.m.MaskResult(v)
	return r.Value, r.Irreversible, err
}

func (t maskTransform) appendTo(dst []byte, v string) ([]byte, bool, error) {
	return t.m.AppendMask(dst, v)
}
