package records

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/piikit/piikit/audit"
)

// Reidentifier turns the reversible fields of an export (tokens and
// format-preserving masks) back into the original values, for holders of the
// keysets. Pseudonyms, display masks and redacted fields stay as they are:
// nobody can reverse them. Make one with [NewReidentifier].
type Reidentifier struct {
	e      *engine
	event  audit.Event
	fields []string
}

// NewReidentifier prepares the reversal of an export made with policy p,
// whose manifest is m (it says which key made each masked field; tokens
// carry their key). p must be the policy that made the export: its hash must
// match the manifest's.
func NewReidentifier(p *Policy, k *Keys, m *Manifest) (*Reidentifier, error) {
	if m == nil {
		return nil, fmt.Errorf("%w: no manifest", ErrManifest)
	}
	if m.PolicySHA256 != p.Hash() {
		return nil, fmt.Errorf("%w: the policy is not the one that made the export (hash differs)", ErrManifest)
	}
	if k == nil {
		k = &Keys{cache: make(map[string]valueTransform)}
	}
	var domains []string
	var keyIDs []uint32
	var names []string
	e, err := newEngine(p, func(f *Field) (valueTransform, error) {
		if !f.Transform.reversible() {
			return keepTransform{}, nil
		}
		mf := m.field(f.Name)
		if mf == nil || mf.Transform != f.Transform || mf.Domain != f.Domain {
			return nil, fmt.Errorf("%w: field not recorded as %s in the manifest", ErrManifest, f.Transform)
		}
		var keyID uint32
		if len(mf.KeyIDs) > 1 {
			return nil, fmt.Errorf("%w: more than one key recorded", ErrManifest)
		}
		if len(mf.KeyIDs) == 1 {
			keyID = mf.KeyIDs[0]
		}
		domains = append(domains, f.Domain)
		keyIDs = append(keyIDs, mf.KeyIDs...)
		names = append(names, f.Name)
		return k.transform(spec{
			transform: f.Transform, kind: f.Kind, domain: f.Domain,
			scope:  firstNonEmpty(f.Scope, p.Scope),
			region: firstNonEmpty(f.Region, p.Region), options: f.Options,
			reverse: true, keyID: keyID,
		})
	})
	if err != nil {
		return nil, err
	}
	// Outputs are the export's columns: dropped fields are absent, nothing
	// is unnamed.
	e.unnamedKeep = true
	e.onError = OnErrorStop
	for _, r := range e.list {
		if r.drop {
			r.drop = false
			r.t = keepTransform{}
		}
	}
	slices.Sort(keyIDs)
	keyIDs = slices.Compact(keyIDs)
	return &Reidentifier{
		e:      e,
		fields: names,
		event: audit.Event{
			Operation: "reidentify",
			Domain:    strings.Join(domains, ","),
			Scope:     p.Scope,
			KeyIDs:    keyIDs,
		},
	}, nil
}

// Fields lists the fields that are reversed.
func (r *Reidentifier) Fields() []string { return slices.Clone(r.fields) }

// CSV reverses an export in CSV. It reports one [audit.Event] to hook (with
// req's actor and reason, the domains and key IDs; the count is not known
// yet and is 0) before it reads any record; if the hook fails, nothing is
// revealed. Errors are as for [Transformer.CSV].
func (r *Reidentifier) CSV(ctx context.Context, hook audit.Hook, req audit.Request, in io.Reader, out io.Writer, opts *StreamOptions) (*Stats, error) {
	if err := r.report(ctx, hook, req); err != nil {
		return nil, err
	}
	return r.e.csv(ctx, in, out, opts)
}

// JSONLines reverses an export in JSON Lines, as [Reidentifier.CSV] does.
func (r *Reidentifier) JSONLines(ctx context.Context, hook audit.Hook, req audit.Request, in io.Reader, out io.Writer, opts *StreamOptions) (*Stats, error) {
	if err := r.report(ctx, hook, req); err != nil {
		return nil, err
	}
	return r.e.jsonLines(ctx, in, out, opts)
}

func (r *Reidentifier) report(ctx context.Context, hook audit.Hook, req audit.Request) error {
	ev := r.event
	ev.KeyIDs = slices.Clone(ev.KeyIDs)
	return audit.Report(ctx, hook, req, ev)
}
