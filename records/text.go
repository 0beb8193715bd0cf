package records

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/kind"
)

// textOptions returns the freetext options of text field f under policy p:
// the rules of its entities, and their default scope and region.
func (p *Policy) textOptions(f *Field) (freetext.Options, error) {
	opts := freetext.Options{
		Scope:  cmp.Or(f.Scope, p.defaults().Scope),
		Region: cmp.Or(f.Region, p.defaults().Region),
	}
	if f.Entities == nil {
		return opts, nil
	}
	opts.Rules = make(map[kind.Kind]freetext.Rule, len(f.Entities))
	for i := range f.Entities {
		e := &f.Entities[i]
		k := kind.Kind(e.Name)
		options, finding := e.Options, kind.Field{}
		if k == kind.ID {
			var err error
			if options, finding, err = idFinding(e.Options); err != nil {
				return opts, &PolicyError{Line: e.at("options"), Field: f.Name + ".entities." + e.Name, Err: err}
			}
		}
		if e.Transform == Redact {
			opts.Rules[k] = freetext.Rule{Transform: freetext.Redact, Field: kind.Field{Pattern: finding.Pattern, CheckScheme: finding.CheckScheme}}
			continue
		}
		s := spec{transform: e.Transform, kind: k, domain: e.Domain, options: options,
			scope: cmp.Or(e.Scope, opts.Scope)}
		if k == kind.Phone {
			s.region = cmp.Or(e.Region, opts.Region)
		}
		kf, err := s.field()
		if err != nil {
			return opts, &PolicyError{Line: e.at("options"), Field: f.Name + ".entities." + e.Name, Err: err}
		}
		kf.Pattern, kf.CheckScheme = finding.Pattern, finding.CheckScheme
		opts.Rules[k] = freetext.Rule{Transform: e.Transform, Field: kf}
	}
	return opts, nil
}

// textTransform builds the transform of text field f (or its reversal).
func (k *Keys) textTransform(p *Policy, f *Field, known []freetext.KnownValue, reverse bool) (*textTransform, error) {
	root, tokens := f.keysets()
	switch {
	case root && k.root == nil:
		return nil, fmt.Errorf("%w: masks and pseudonyms in text need the root PRF keyset", errNoKeyset)
	case tokens && k.tokens == nil:
		return nil, fmt.Errorf("%w: reversible tokens in text need the token (AES-SIV) keyset", errNoKeyset)
	}
	opts, err := p.textOptions(f)
	if err != nil {
		return nil, err
	}
	if !reverse {
		opts.Known, opts.Names = known, p.defaults().Names
		if p == nil {
			opts.Names = k.names // a struct tag
		}
	}
	pr, err := freetext.New(k.root, k.tokens, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errUnsupported, err)
	}
	t := &textTransform{p: pr}
	t.rootID, t.tokenID = pr.KeyIDs()
	for _, e := range freetext.Entities {
		r, ok := opts.Rules[e]
		if opts.Rules == nil {
			r = freetext.DefaultRule(e)
			ok = r.Transform != "" // IDs have no default rule
		}
		if !ok {
			continue
		}
		fs := FieldStats{Name: string(e), Transform: r.Transform}
		if r.Transform != freetext.Redact {
			fs.Kind, fs.Domain, fs.Scope = e, r.Field.Domain, cmp.Or(r.Field.Scope, opts.Scope)
		}
		t.rules = append(t.rules, fs)
	}
	return t, nil
}

// textTransform protects a text field with package freetext.
type textTransform struct {
	p               *freetext.Protector
	rootID, tokenID uint32
	// rules are the entities found and their rules, as FieldStats without
	// counts, in the order of freetext.Entities.
	rules []FieldStats
}

// stats are the stats of each entity of the field, from its counts.
func (t *textTransform) stats(counts []int64) []FieldStats {
	out := slices.Clone(t.rules)
	for i := range out {
		j := slices.Index(freetext.Entities, kind.Kind(out[i].Name))
		if counts != nil {
			out[i].Values, out[i].Irreversible = counts[2*j], counts[2*j+1]
		}
		if out[i].Values == 0 {
			continue
		}
		switch out[i].Transform {
		case Token:
			out[i].KeyIDs = []uint32{t.tokenID}
		case Mask, Pseudonym, Surrogate:
			out[i].KeyIDs = []uint32{t.rootID}
		}
	}
	return out
}

func (t *textTransform) apply(v string) (string, error) { return t.p.Protect(v) }

func (t *textTransform) keyID() uint32 { return cmp.Or(t.rootID, t.tokenID) }

// applyCounted protects v and counts its entities.
func (t *textTransform) applyCounted(v string) (string, freetext.Result, error) {
	r, err := t.p.ProtectResult(v)
	return r.Text, r, err
}

// textReversal reveals the reversible entities of a text field.
type textReversal struct {
	p      *freetext.Protector
	rootID uint32 // the root key of the masks, from the manifest
}

func (textReversal) apply(string) (string, error) { return "", errOutsideRun }
func (t textReversal) keyID() uint32              { return t.rootID }

func (t textReversal) reveal(ctx context.Context, hook audit.Hook, req audit.Request, v string) (string, bool, error) {
	out, _, err := t.revealCounted(ctx, hook, req, v)
	return out, false, err
}

func (t textReversal) revealCounted(ctx context.Context, hook audit.Hook, req audit.Request, v string) (string, int, error) {
	return t.p.Reveal(ctx, hook, req, t.rootID, v)
}

// knownValues reads the known values p names: every non-empty cell of the
// columns of p.Known.File that hold an entity.
func (p *Policy) knownValues() ([]freetext.KnownValue, error) {
	if p.Known == nil || p.Known.File == "" {
		return nil, nil
	}
	f, err := os.Open(p.Known.File)
	if err != nil {
		return nil, fmt.Errorf("records: %w: %w", errKnownFile, err)
	}
	defer f.Close()
	return readKnown(f, p.Known.Columns)
}

// maxKnownValues bounds the values read from a known-values file.
const maxKnownValues = 10_000_000

func readKnown(r io.Reader, columns map[string]kind.Kind) ([]freetext.KnownValue, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("records: %w: header line: %w", errKnownFile, ErrMalformed)
	}
	entities := make([]kind.Kind, len(header))
	found := 0
	for i, h := range header {
		if columns != nil {
			entities[i] = columns[h]
		} else if slices.Contains(freetext.Entities, kind.Kind(h)) && h != string(kind.ID) {
			entities[i] = kind.Kind(h)
		}
		if entities[i] != "" {
			found++
		}
	}
	if found == 0 || columns != nil && found < len(columns) {
		return nil, fmt.Errorf("records: %w: the file lacks a column the policy names (or, with no columns named, one named phone, email, mynumber, card or name)", errKnownFile)
	}
	var vals []freetext.KnownValue
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return vals, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("records: %w: line %d: %w", errKnownFile, pe.Line, ErrMalformed)
			}
			return nil, fmt.Errorf("records: %w: %w", errKnownFile, err)
		}
		for i, v := range rec {
			if entities[i] != "" && v != "" {
				vals = append(vals, freetext.KnownValue{Entity: entities[i], Value: v})
			}
		}
		if len(vals) > maxKnownValues {
			return nil, fmt.Errorf("records: %w: more than %d values", errKnownFile, maxKnownValues)
		}
	}
}

// textReversal returns the reversal of text field f, whose stats in the
// export's manifest are mf, and how many values the manifest records as
// reversible; nil if f has no reversible entity. The manifest must record
// every entity of f with its rule.
func (k *Keys) textReversal(p *Policy, f *Field, mf *FieldStats) (reversal, int64, error) {
	if mf == nil || mf.Transform != Text {
		return nil, 0, fmt.Errorf("%w: field not recorded as text in the manifest", ErrManifest)
	}
	t, err := k.textTransform(p, f, nil, true)
	if err != nil {
		return nil, 0, err
	}
	if !t.p.Reversible() {
		return nil, 0, nil
	}
	if len(mf.Entities) != len(t.rules) {
		return nil, 0, fmt.Errorf("%w: the text field's entities are not those of the policy", ErrManifest)
	}
	var n int64
	var rootID uint32
	for i, e := range mf.Entities {
		r := t.rules[i]
		if e.Name != r.Name || e.Transform != r.Transform || e.Domain != r.Domain || e.Scope != r.Scope {
			return nil, 0, fmt.Errorf("%w: the text field's entity %s is not recorded with the policy's rule", ErrManifest, r.Name)
		}
		if e.Values < 0 || e.Irreversible < 0 || e.Irreversible > e.Values || len(e.KeyIDs) > 1 {
			return nil, 0, fmt.Errorf("%w: bad counts or keys of the text field's entity %s", ErrManifest, r.Name)
		}
		if !reversible(e.Transform) || e.Name == string(kind.Name) && e.Transform == Mask {
			continue
		}
		if e.Values-e.Irreversible > math.MaxInt64-n {
			return nil, 0, fmt.Errorf("%w: value count too large", ErrManifest)
		}
		n += e.Values - e.Irreversible
		if e.Transform == Mask && len(e.KeyIDs) == 1 {
			if rootID != 0 && rootID != e.KeyIDs[0] {
				return nil, 0, fmt.Errorf("%w: more than one root key recorded for the text field", ErrManifest)
			}
			rootID = e.KeyIDs[0]
		}
	}
	return textReversal{p: t.p, rootID: rootID}, n, nil
}

// tagEntities makes the settings of a text tag that name an entity
// (phone=mask:users.phone, name=redact) the rules of its entities, and
// its pattern and check_scheme the options of its id entity.
func (f *Field) tagEntities() {
	for _, e := range freetext.Entities {
		v, ok := f.Options[string(e)]
		if !ok {
			continue
		}
		delete(f.Options, string(e))
		t, domain, _ := strings.Cut(v, ":")
		f.Entities = append(f.Entities, Field{Name: string(e), Transform: Transform(t), Domain: domain})
		if e != kind.ID {
			continue
		}
		// The options that find IDs (pattern=U[0-9]{8}, check_scheme=luhn)
		// are the id entity's.
		id := &f.Entities[len(f.Entities)-1]
		for _, o := range []string{"pattern", "check_scheme"} {
			if v, ok := f.Options[o]; ok {
				if id.Options == nil {
					id.Options = make(map[string]string)
				}
				id.Options[o] = v
				delete(f.Options, o)
			}
		}
	}
	if len(f.Options) == 0 {
		f.Options = nil
	}
}
