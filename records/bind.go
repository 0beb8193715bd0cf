package records

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/tokenize"
)

// ErrUnsupported: the transform is not available for this kind, or an
// option does not apply to it.
var ErrUnsupported = errors.New("records: transform not supported")

// Options of policy fields (SPEC.md §7), per transform. Their values are
// read by the text parsers of package mask where mask has them, so that a
// policy and the piikit command read one spelling the same way.
var knownOptions = map[Transform][]string{
	Pseudonym: {"prefix", "size", "insecure_allow_short_ids"},
	Token:     {"prefix", "insecure_allow_short_ids"},
	Mask:      {"keep", "check", "pattern", "check_scheme", "mask_domain", "short"},
	Display:   {"reveal", "mask_char"},
}

// bind binds a policy transform to tokenize or mask: it builds one
// Pseudonymizer, Tokenizer or Masker (keys are derived once, by their
// constructors); [Keys.transform] caches the result per spec.
// Field.validate has refused options the transform does not take.
func (k *Keys) bind(s spec) (valueTransform, error) {
	switch s.transform {
	case Pseudonym, Token:
		return k.bindTokenize(s)
	case Mask:
		return k.bindMask(s)
	case Display:
		return bindDisplay(s)
	}
	return nil, fmt.Errorf("%w: %s of kind %s", ErrUnsupported, s.transform, s.kind)
}

func (k *Keys) bindTokenize(s spec) (valueTransform, error) {
	f := tokenize.Field{Domain: s.domain, Scope: s.scope, Prefix: s.options["prefix"]}
	switch s.kind {
	case KindName:
		f.Kind = tokenize.Name
	case KindPhone:
		f.Kind, f.Region = tokenize.Phone, s.region
	case KindEmail:
		f.Kind = tokenize.Email
	default: // id, card, mynumber
		f.Kind = tokenize.ID
	}
	if v, ok := s.options["size"]; ok {
		n, err := mask.ParseCount(v) // a count, in the one syntax of counts
		if err != nil {
			return nil, fmt.Errorf("%w: option size must be a number of bytes", ErrUnsupported)
		}
		f.Size = n
	}
	if v, ok := s.options["insecure_allow_short_ids"]; ok {
		b, ok := parseBool(v)
		if !ok {
			return nil, fmt.Errorf("%w: option insecure_allow_short_ids must be true or false", ErrUnsupported)
		}
		f.InsecureAllowShortIDs = b
	}
	if s.transform == Pseudonym {
		if s.reverse {
			return keepTransform{}, nil
		}
		if k.root == nil {
			return nil, fmt.Errorf("%w: pseudonyms need the root PRF keyset", ErrNoKeyset)
		}
		p, err := tokenize.NewPseudonymizer(k.root, f)
		if err != nil {
			return nil, err
		}
		return pseudonymTransform{p}, nil
	}
	if k.tokens == nil {
		return nil, fmt.Errorf("%w: reversible tokens need the token (AES-SIV) keyset", ErrNoKeyset)
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

func (k *Keys) bindMask(s spec) (valueTransform, error) {
	if k.root == nil {
		return nil, fmt.Errorf("%w: masks need the root PRF keyset", ErrNoKeyset)
	}
	var opts []mask.Option
	kind := maskKind(s.kind, false)
	if kind == mask.KindPhone && s.region != "" {
		opts = append(opts, mask.WithRegion(s.region))
	}
	if kind == mask.KindPattern && s.options["pattern"] == "" {
		return nil, fmt.Errorf("%w: masks of kind id need options.pattern (or use kind card or mynumber)", ErrUnsupported)
	}
	// In name order: the first bad option is the same on every run.
	for _, name := range slices.Sorted(maps.Keys(s.options)) {
		v := s.options[name]
		switch name {
		case "keep":
			switch kind {
			case mask.KindPhone:
				n, err := mask.ParseCount(v)
				if err != nil {
					return nil, fmt.Errorf("%w: option keep of a phone (digits kept): %w", ErrUnsupported, err)
				}
				opts = append(opts, mask.WithPhoneKeep(n))
			case mask.KindCard:
				first, last, err := mask.ParseFirstLast(v)
				if err != nil {
					return nil, fmt.Errorf("%w: option keep of a card (digits kept): %w", ErrUnsupported, err)
				}
				opts = append(opts, mask.WithCardKeep(first, last))
			default:
				return nil, fmt.Errorf("%w: option keep applies to phones and cards", ErrUnsupported)
			}
		case "check":
			c, err := mask.ParseCheckDigit(v)
			if err != nil {
				return nil, fmt.Errorf("%w: option check is valid or invalid", ErrUnsupported)
			}
			opts = append(opts, mask.WithCheckDigit(c))
		case "pattern":
			opts = append(opts, mask.WithPattern(v))
		case "check_scheme":
			opts = append(opts, mask.WithCheckScheme(mask.CheckScheme(v)))
		case "mask_domain":
			b, ok := parseBool(v)
			if !ok {
				return nil, fmt.Errorf("%w: option mask_domain must be true or false", ErrUnsupported)
			}
			if b {
				opts = append(opts, mask.WithMaskedDomain())
			}
		case "short":
			if v != "irreversible" {
				return nil, fmt.Errorf(`%w: option short must be "irreversible"`, ErrUnsupported)
			}
			opts = append(opts, mask.AllowIrreversibleShort())
		}
	}
	m, err := mask.New(k.root, kind, s.domain, s.scope, opts...)
	if err != nil {
		return nil, err
	}
	if s.reverse {
		return unmaskTransform{m, s.keyID}, nil
	}
	return maskTransform{m}, nil
}

// maskKind is the mask kind of a policy kind; IDs are masked as patterns
// (with options.pattern) and displayed as generic text.
func maskKind(k Kind, display bool) mask.Kind {
	switch k {
	case KindName:
		return mask.KindName
	case KindPhone:
		return mask.KindPhone
	case KindEmail:
		return mask.KindEmail
	case KindCard:
		return mask.KindCard
	case KindMyNumber:
		return mask.KindMyNumber
	}
	if display {
		return mask.KindGeneric
	}
	return mask.KindPattern
}

func bindDisplay(s spec) (valueTransform, error) {
	if s.reverse {
		return keepTransform{}, nil
	}
	var opts []mask.DisplayOption
	if v, ok := s.options["reveal"]; ok {
		first, last, err := mask.ParseFirstLast(v)
		if err != nil {
			return nil, fmt.Errorf("%w: option reveal (characters shown): %w", ErrUnsupported, err)
		}
		opts = append(opts, mask.WithReveal(first, last))
	}
	if v, ok := s.options["mask_char"]; ok {
		r := []rune(v)
		if len(r) != 1 {
			return nil, fmt.Errorf("%w: option mask_char is one character", ErrUnsupported)
		}
		opts = append(opts, mask.WithMaskChar(r[0]))
	}
	kind := maskKind(s.kind, true)
	// A policy that cannot run (an unsafe mask_char) fails when it is compiled.
	if err := mask.CheckDisplay(kind, opts...); err != nil {
		return nil, fmt.Errorf("%w: option mask_char: %w", ErrUnsupported, err)
	}
	return displayTransform{kind, opts}, nil
}

type displayTransform struct {
	kind mask.Kind
	opts []mask.DisplayOption
}

func (t displayTransform) apply(v string) (string, error) { return mask.Display(t.kind, v, t.opts...) }
func (displayTransform) keyID() uint32                    { return 0 }

// parseBool reads the boolean options: true or false, in those spellings
// only (a policy's YAML reads no other as a boolean).
func parseBool(v string) (b, ok bool) { return v == "true", v == "true" || v == "false" }

type pseudonymTransform struct{ p *tokenize.Pseudonymizer }

func (t pseudonymTransform) apply(v string) (string, error) { return t.p.Pseudonym(v) }
func (t pseudonymTransform) keyID() uint32                  { return t.p.KeyID() }

type tokenTransform struct{ t *tokenize.Tokenizer }

func (t tokenTransform) apply(v string) (string, error) { return t.t.Token(v) }
func (t tokenTransform) keyID() uint32                  { return t.t.KeyID() }

type maskTransform struct{ m *mask.Masker }

func (t maskTransform) apply(v string) (string, error) { return t.m.Mask(v) }
func (t maskTransform) keyID() uint32                  { return t.m.KeyID() }

func (t maskTransform) applyShort(v string) (string, bool, error) {
	r, err := t.m.MaskResult(v)
	return r.Value, r.Irreversible, err
}
