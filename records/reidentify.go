package records

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/kind"
	"github.com/piikit/piikit/mask"
	"github.com/piikit/piikit/tokenize"
)

// Reidentifier turns the reversible fields of an export (tokens and
// format-preserving masks) back into the original values, for holders of the
// keysets. Pseudonyms, display masks and redacted fields stay as they are:
// nobody can reverse them. Make one with [NewReidentifier].
type Reidentifier struct {
	e       *engine
	event   audit.Event
	domains []string // of the reversed fields
	fields  []string
	// limits is, per reversed field, how many values the manifest records
	// as reversible: a run reveals no more.
	limits map[string]int64
	// outputSum is the SHA-256 of the export the manifest describes: the
	// input of every run must have it.
	outputSum []byte
}

// NewReidentifier prepares the reversal of an export made with policy p,
// whose manifest is m (it says which key made each masked field; tokens
// carry their key). m's MAC must verify under an enabled key of k's keysets
// (otherwise an error wrapping [ErrManifest]: an edited manifest is refused), m must
// record the SHA-256 of the export, and p must be the policy that made the
// export: its hash must match the manifest's.
func NewReidentifier(p *Policy, k *Keys, m *Manifest) (*Reidentifier, error) {
	if p == nil {
		return nil, fmt.Errorf("%w: no policy", ErrPolicy)
	}
	if m == nil {
		return nil, fmt.Errorf("%w: no manifest", ErrManifest)
	}
	if k == nil {
		k = new(Keys)
	}
	if err := m.verifyMAC(k); err != nil {
		return nil, err
	}
	outputSum, err := m.outputSum()
	if err != nil {
		return nil, err
	}
	if m.PolicySHA256 != p.Hash() {
		return nil, fmt.Errorf("%w: the policy is not the one that made the export (hash differs)", ErrManifest)
	}
	var domains []string
	var keyIDs []uint32
	var names []string
	limits := make(map[string]int64)
	var count int64 // ≤ math.MaxInt, so that it fits audit.Event.Count
	e, err := newEngine(p, func(f *Field) (valueTransform, error) {
		if f.Transform == Text {
			t, n, err := k.textReversal(p, f, m.field(f.Name))
			if t == nil || err != nil {
				return keepTransform{}, err
			}
			if n > math.MaxInt-count {
				return nil, fmt.Errorf("%w: value count too large", ErrManifest)
			}
			limits[f.Name] = n
			count += n
			for _, e := range m.field(f.Name).Entities {
				// Names masked in text are not found again, so not reversed.
				reversible := e.Transform == Token || e.Transform == Mask && e.Name != string(kind.Name)
				if reversible && !slices.Contains(domains, e.Domain) {
					domains = append(domains, e.Domain)
				}
				keyIDs = append(keyIDs, e.KeyIDs...)
			}
			names = append(names, f.Name)
			return t, nil
		}
		if !reversible(f.Transform) {
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
		// Values masked irreversibly are among Values; they stay as they
		// are and reveal nothing.
		n := mf.Values - mf.Irreversible
		if mf.Values < 0 || mf.Irreversible < 0 || n < 0 {
			return nil, fmt.Errorf("%w: negative value count", ErrManifest)
		}
		if n > math.MaxInt-count {
			return nil, fmt.Errorf("%w: value count too large", ErrManifest)
		}
		limits[f.Name] = n
		count += n
		domains = append(domains, f.Domain)
		keyIDs = append(keyIDs, mf.KeyIDs...)
		names = append(names, f.Name)
		s := p.spec(f)
		s.reverse, s.keyID = true, keyID
		if nameFormat(f) != 0 {
			// The manifest says which format made the masks; one without
			// it predates format 2.
			if mf.NameFormat < 0 || mf.NameFormat > 2 {
				return nil, fmt.Errorf("%w: unknown name format %d", ErrManifest, mf.NameFormat)
			}
			s.options = maps.Clone(s.options)
			if s.options == nil {
				s.options = map[string]string{}
			}
			s.options["format"] = strconv.Itoa(max(mf.NameFormat, 1))
		}
		return k.transform(s)
	}, true)
	if err != nil {
		return nil, err
	}
	slices.Sort(keyIDs)
	keyIDs = slices.Compact(keyIDs)
	return &Reidentifier{
		e:         e,
		domains:   domains,
		fields:    names,
		limits:    limits,
		outputSum: outputSum,
		event: audit.Event{
			Operation: "reidentify",
			Domain:    strings.Join(domains, ","),
			Scope:     p.Scope,
			KeyIDs:    keyIDs,
			Count:     int(count),
		},
	}, nil
}

// Fields lists the fields that are reversed.
func (r *Reidentifier) Fields() []string { return slices.Clone(r.fields) }

// CSV reverses an export in CSV. Before it reads any record, it reports one
// [audit.Event] to hook with req's actor and reason, the domains, the key
// IDs, and as Count the number of reversible values the manifest records
// (values masked irreversibly are not counted: they stay as they are). If
// the hook fails, nothing is revealed.
//
// The run reveals no more than that: a field of the input that holds more
// reversible values than the manifest records stops the run with a
// [RowError] wrapping [ErrManifest] before the extra value is written.
// Other errors are as for [Transformer.CSV].
//
// The input must be the export the manifest describes: its SHA-256 is
// computed as it is read and, if it differs from the manifest's, the run
// fails with [ErrNotTheExport] once the input is read — after values were
// written to out. Write out to a temporary place and keep it only if the
// run succeeds (piikit reidentify does), or check the input first with
// [Manifest.CheckOutput].
//
// In the returned [Stats] of a run that succeeds, a reversed field's Values
// counts its values and Irreversible those that stayed as they are (masked
// irreversibly): the difference is how many were revealed. A text field's
// Values counts the values revealed in its texts.
func (r *Reidentifier) CSV(ctx context.Context, hook audit.Hook, req audit.Request, in io.Reader, out io.Writer, opts *StreamOptions) (*Stats, error) {
	h := sha256.New()
	in = io.TeeReader(in, h)
	return r.reveal(ctx, hook, req, h, func(e *engine) (*Stats, error) { return e.csv(ctx, in, out, opts) })
}

// JSONLines reverses an export in JSON Lines, as [Reidentifier.CSV] does.
func (r *Reidentifier) JSONLines(ctx context.Context, hook audit.Hook, req audit.Request, in io.Reader, out io.Writer, opts *StreamOptions) (*Stats, error) {
	h := sha256.New()
	in = io.TeeReader(in, h)
	return r.reveal(ctx, hook, req, h, func(e *engine) (*Stats, error) { return e.jsonLines(ctx, in, out, opts) })
}

// reveal reports the run's audit event and, if the hook accepts it, runs
// stream with the engine of one run and, if in is not nil (the input is
// read once, in order, through it), checks that the input was the export.
func (r *Reidentifier) reveal(ctx context.Context, hook audit.Hook, req audit.Request, in hash.Hash, stream func(*engine) (*Stats, error)) (*Stats, error) {
	ev := r.event
	ev.KeyIDs = slices.Clone(ev.KeyIDs)
	if err := audit.Report(ctx, hook, req, ev); err != nil {
		return nil, err
	}
	e, limits := r.run(ctx, req)
	st, err := stream(e)
	if err == nil && in != nil {
		// The engine read the input to its end.
		err = checkSum(in.Sum(nil), r.outputSum)
	}
	return keptStats(st, limits, err), err
}

// run returns the engine of one run: r's, with each reversed field's
// reversal bound to the run (its context, its audit) and held to the count
// its manifest records, and those reversals by field name. Runs may be
// concurrent; each has its own counts.
func (r *Reidentifier) run(ctx context.Context, req audit.Request) (*engine, map[string]*revealLimit) {
	reported := r.reported()
	e := *r.e
	e.rules = make(map[string]*rule, len(r.e.list))
	e.list = make([]*rule, len(r.e.list))
	limits := make(map[string]*revealLimit, len(r.limits))
	for i, rl := range r.e.list {
		c := *rl
		if limit, ok := r.limits[c.field.Name]; ok {
			l := &revealLimit{r: rl.t.(reversal), ctx: ctx, req: req, hook: reported}
			l.left.Store(limit)
			c.set(l)
			limits[c.field.Name] = l
		}
		e.list[i] = &c
		e.rules[c.field.Name] = &c
	}
	return &e, limits
}

// keptStats sets, in the stats of a run that succeeded, how many values of
// each reversed field stayed as they were. (A run that failed may have
// reversed values of records it did not write.)
func keptStats(st *Stats, limits map[string]*revealLimit, err error) *Stats {
	if err != nil || st == nil {
		return st
	}
	for i := range st.Fields {
		if l, ok := limits[st.Fields[i].Name]; ok {
			st.Fields[i].Irreversible = l.kept.Load()
			if _, text := l.r.(textReversal); text {
				// A text field counts values, not texts.
				st.Fields[i].Values = l.revealed.Load()
			}
		}
	}
	return st
}

// errOverManifest: the input holds more values to reveal than the audit
// event, from the manifest, declared.
var errOverManifest = fmt.Errorf("%w: the input holds more values of this field than the manifest records; no more are revealed", ErrManifest)

// reversal is the transform of a reversed field: it reveals a value only
// within a run, with the run's context, and reports to the run's hook
// (see Reidentifier.reported), never to the caller's.
type reversal interface {
	valueTransform // apply fails: see errOutsideRun
	// reveal returns the value behind v; kept reports that v stays as it
	// is because it hides no value (masked irreversibly).
	reveal(ctx context.Context, hook audit.Hook, req audit.Request, v string) (out string, kept bool, err error)
}

// errOutsideRun: a reversal was applied outside a run. Not reached: runs
// bind every reversal (Reidentifier.run).
var errOutsideRun = errors.New("records: a value is revealed only within an audited run")

type detokenTransform struct{ t *tokenize.Tokenizer }

func (detokenTransform) apply(string) (string, error) { return "", errOutsideRun }
func (t detokenTransform) keyID() uint32              { return t.t.KeyID() }

func (t detokenTransform) reveal(ctx context.Context, hook audit.Hook, req audit.Request, v string) (string, bool, error) {
	out, err := t.t.Detokenize(ctx, hook, req, v)
	if err != nil {
		return "", false, err
	}
	return out[0], false, nil
}

type unmaskTransform struct {
	m  *mask.Masker
	id uint32
}

func (unmaskTransform) apply(string) (string, error) { return "", errOutsideRun }
func (t unmaskTransform) keyID() uint32              { return t.id }

func (t unmaskTransform) reveal(ctx context.Context, hook audit.Hook, req audit.Request, v string) (string, bool, error) {
	out, err := t.m.Unmask(ctx, hook, req, t.id, v)
	if errors.Is(err, mask.ErrTooShort) {
		// A value too short for FF1 was replaced irreversibly (options.short:
		// irreversible): it stays as it is, and reveals nothing.
		return v, true, nil
	}
	if err != nil {
		return "", false, err
	}
	return out[0], false, nil
}

// errNotReported: tokenize or mask would reveal a value of a domain or key
// that the run's audit event does not name.
var errNotReported = fmt.Errorf("%w: a value would be revealed with a key or in a domain the audit event does not name; it is not revealed", ErrManifest)

// reported is the hook of a run's reversals. tokenize and mask report each
// reversal; the run reported them all at once before it read its input,
// so this hook only checks that each is one the run reported: of its
// domains, with its keys (a token made by a key the manifest does not name
// is not revealed).
func (r *Reidentifier) reported() audit.Hook {
	return func(ctx context.Context, ev audit.Event) error {
		if err := ctx.Err(); err != nil { // the run ended: reveal no more
			return err
		}
		if !slices.Contains(r.domains, ev.Domain) {
			return errNotReported
		}
		for _, id := range ev.KeyIDs {
			if _, ok := slices.BinarySearch(r.event.KeyIDs, id); !ok {
				return errNotReported
			}
		}
		return nil
	}
}

// revealLimit is the reversal of a field within one run, which reveals at
// most a set number of values. A value that the reversal keeps as it is
// (masked irreversibly) shows nothing the input did not, and is counted
// apart.
type revealLimit struct {
	r    reversal
	ctx  context.Context
	hook audit.Hook
	req  audit.Request
	left atomic.Int64 // values it may still reveal
	kept atomic.Int64 // values that stayed as they were
	// revealed counts the values revealed in a text field's texts.
	revealed atomic.Int64
}

func (l *revealLimit) apply(v string) (string, error) {
	if t, ok := l.r.(textReversal); ok {
		// A text reveals as many values as it holds reversible entities.
		out, n, err := t.revealCounted(l.ctx, l.hook, l.req, v)
		if err != nil {
			return "", err
		}
		if l.left.Add(-int64(n)) < 0 {
			return "", errOverManifest
		}
		l.revealed.Add(int64(n))
		return out, nil
	}
	out, kept, err := l.r.reveal(l.ctx, l.hook, l.req, v)
	if err != nil {
		return "", err
	}
	if kept {
		l.kept.Add(1)
		return out, nil
	}
	if l.left.Add(-1) < 0 {
		return "", errOverManifest
	}
	return out, nil
}

func (l *revealLimit) keyID() uint32 { return l.r.keyID() }
