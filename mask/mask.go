package mask

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/internal/derive"
	"github.com/piikit/piikit/internal/normalize"
	"github.com/piikit/piikit/kind"
)

// MaxLen is the longest value accepted, in characters (Unicode code
// points). A mask keeps a value's character count but not always its byte
// count (a generic alphabet may mix ASCII with other scripts), so the limit
// counts characters: whatever Mask returns, Unmask accepts.
const MaxLen = 1024

// Errors. Every error of this package wraps one of these (test with
// [errors.Is]); no error text ever holds a value, masked or not. The
// message says more (which kind, which option, why a value is refused).
var (
	// ErrKey: the key is not in the root keyset, or not enabled.
	ErrKey = errors.New("mask: key unavailable")

	// ErrInvalidValue: the value is not of its kind (not a phone number,
	// not an email address, not a card number, not a My Number, not of the
	// pattern). The errors below wrap it. It and ErrEmpty, ErrTooLong and ErrInvalidUTF8 are the same
	// variables as package tokenize's: errors.Is(err, tokenize.ErrTooLong)
	// holds for a mask's error too.
	ErrInvalidValue = normalize.ErrInvalid
	// ErrEmpty: the value is empty, or only white space and separators.
	ErrEmpty = normalize.ErrEmpty
	// ErrInvalidUTF8: the value is not valid UTF-8.
	ErrInvalidUTF8 = normalize.ErrInvalidUTF8
	// ErrUnsupportedChar: the value is of its kind (it would tokenize) but
	// has a character that none of the kind's alphabets carries and that is
	// not kept either (or, for an email, a domain form the mask cannot
	// carry; for a name, a kana after ｰ whose class the key's mask cannot
	// keep, SPEC.md §5 "Names"). It is never passed through.
	ErrUnsupportedChar = fmt.Errorf("mask: %w: unsupported character", ErrInvalidValue)
	errNotPhone        = fmt.Errorf("mask: %w: not a possible phone number", ErrInvalidValue)
	errNotEmail        = fmt.Errorf("mask: %w: not an email address", ErrInvalidValue)
	errNotCard         = fmt.Errorf("mask: %w: not a card number", ErrInvalidValue)
	errNotMyNumber     = fmt.Errorf("mask: %w: not a My Number", ErrInvalidValue)
	errNoMatch         = fmt.Errorf("mask: %w: does not match the pattern", ErrInvalidValue)
	// ErrCheckDigit: the check digit is wrong: on Mask, the input's (it must
	// be valid for the mask to be reversible); on Unmask or Check, the masked
	// value's is not what this Masker writes, so it was not made by it.
	ErrCheckDigit = fmt.Errorf("mask: %w: wrong check digit", ErrInvalidValue)
	// ErrTooLong: the value has more than MaxLen characters or passes its kind's limit.
	ErrTooLong = normalize.ErrTooLong

	// ErrTooShort: the part of the value to mask has fewer than 1,000,000
	// possible values, too few for FF1 (NIST SP 800-38G Rev. 1). Mask
	// returns it unless the Field sets AllowIrreversibleShort ([kind.Field]);
	// Unmask returns it for a value of that shape, which no Masker could
	// have made reversibly.
	ErrTooShort = errors.New("mask: too short to mask reversibly")
)

// Masker masks values of one kind in one domain and scope with
// format-preserving encryption (FF1), and unmasks them with the key. Make one
// per field with [New] and call it for every value; it is safe for
// concurrent use. Its String method shows no key.
type Masker struct {
	kind       kind.Kind // the kind masked as, in the tweak
	impl       kindImpl
	keys       *keys // holds the domain and scope
	allowShort bool
	decodes    bool // impl is a utf8Refuser
	// impl as a walker and a walkLimiter, or nil: asserted once in New,
	// not twice per value.
	walker  walker
	limiter walkLimiter
}

// kindImpl takes a value of a kind apart (parse) and puts it together after
// FF1 (finish: check digits). masked says that v is a masked value (Unmask,
// Check), so format rules that differ between inputs and outputs apply.
type kindImpl interface {
	parse(f *form, v string, masked bool) error
	finish(f *form, encrypt bool)
}

// utf8Refuser is a kind whose parse fails on every value that is not
// valid UTF-8: it decodes every rune and accepts none that is U+FFFD,
// which is what a range loop gives for an invalid byte (or reads bytes and
// accepts only ASCII). Masker.parse then checks UTF-8 only when parse
// fails, to return ErrInvalidUTF8 before the kind's error as always: a
// pass over every value (utf8.ValidString, 25 ns a name or email) saved.
// TestInvalidUTF8EveryKind checks it.
type utf8Refuser interface {
	refusesInvalidUTF8()
}

// walker is a kind whose outputs must pass a test that not every value of
// its classes passes (phone numbers must still parse the same way): Mask and
// Unmask re-apply FF1 until the result passes ("cycle walking"), which keeps
// the mapping a bijection on the values that pass.
type walker interface {
	valid(f *form) bool
}

// maxWalk bounds cycle walking; for phone numbers a step fails the test
// with tiny probability, so the bound is never reached in practice. A kind
// may set its own bound and error (walkLimiter).
const maxWalk = 100

var errNoValidValue = fmt.Errorf("mask: %w: no valid value within %d steps", ErrInvalidValue, maxWalk)

// walkLimiter is a walker with its own bound, and the error past it.
type walkLimiter interface {
	walkLimit(f *form) (int, error)
}

// transform enciphers (or substitutes, or deciphers) f's numerals and writes
// them back, walking the cycle for kinds that need it.
func (m *Masker) transform(f *form, keyID uint32, encrypt, substitute bool) error {
	w, walks := m.walker, m.walker != nil
	var orig []uint16
	if substitute && walks {
		orig = append(orig, f.num...)
		defer clear(orig)
	}
	steps, errWalk := maxWalk, errNoValidValue
	if m.limiter != nil {
		steps, errWalk = m.limiter.walkLimit(f)
	}
	for range steps {
		var err error
		if substitute {
			err = m.keys.substituteShort(f, keyID)
		} else {
			err = m.keys.crypt(f, keyID, encrypt)
		}
		if err != nil {
			return err
		}
		f.write()
		if !walks {
			return nil
		}
		// A substitution walk may come back to the input: never emit it.
		if w.valid(f) && (orig == nil || !slices.Equal(orig, f.num)) {
			return nil
		}
	}
	return errWalk
}

// Result is a masked value and how it was made.
type Result struct {
	Value string
	// Irreversible is true when the value was too short for FF1 and was
	// replaced by a keyed, irreversible substitution of the same format
	// (the Field sets AllowIrreversibleShort); Unmask cannot give it back.
	Irreversible bool
}

// New returns a Masker for the values of f (its kind, domain, scope and
// mask options: see [kind.Options]), with keys derived from root, a Tink
// keyset of purpose keyset.PurposePRF (SPEC.md §2). New masks use root's
// primary key; [Masker.KeyID] reports it. An option that does not apply to
// masks of f's kind is an error ([kind.ErrOption]; an unknown kind is
// [kind.ErrUnknown]). The options are part of the
// mask's format: unmask with the Field you masked with.
func New(root *tinkkeyset.Handle, f kind.Field) (*Masker, error) {
	if err := derive.CheckDomain(f.Domain); err != nil {
		return nil, fmt.Errorf("mask: %w", err)
	}
	if err := derive.CheckScope(f.Scope); err != nil {
		return nil, fmt.Errorf("mask: %w", err)
	}
	as, impl, radices, err := build(&f)
	if err != nil {
		return nil, err
	}
	r, err := derive.New(root)
	if err != nil {
		return nil, fmt.Errorf("mask: %w", err)
	}
	m := &Masker{kind: as, impl: impl, allowShort: f.AllowIrreversibleShort,
		keys: &keys{root: r, domain: f.Domain, scope: f.Scope}}
	_, m.decodes = impl.(utf8Refuser)
	if m.walker, _ = impl.(walker); m.walker != nil {
		m.limiter, _ = impl.(walkLimiter)
	}
	// Derive the primary key's ciphers now: errors show at construction and
	// the first value costs no more than the others.
	// Radix 2 is that of mixed classes and short values.
	if !slices.Contains(radices, 2) {
		radices = append(radices, 2)
	}
	for _, radix := range radices {
		c, err := m.keys.cipher(r.PrimaryID(), radix)
		if err != nil {
			return nil, err
		}
		m.keys.primary = append(m.keys.primary, radixCipher{radix, c})
	}
	return m, nil
}

// KeyID is the ID of the root key that new masks use (the root keyset's
// primary key). Record it with the masked data: Unmask needs it.
func (m *Masker) KeyID() uint32 { return m.keys.root.PrimaryID() }

// String describes m without any key material.
func (m *Masker) String() string {
	return fmt.Sprintf("mask.Masker{kind: %s, domain: %s, scope: %q, key: %d}", m.kind, m.keys.domain, m.keys.scope, m.KeyID())
}

// Mask returns the masked form of value. The same value always gives the
// same mask in the same domain, scope and key.
func (m *Masker) Mask(value string) (string, error) {
	r, err := m.MaskResult(value)
	return r.Value, err
}

// MaskResult is [Masker.Mask] and reports whether the mask is reversible.
func (m *Masker) MaskResult(value string) (Result, error) {
	f := getForm()
	defer putForm(f)
	irreversible, err := m.mask(f, value)
	if err != nil {
		return Result{}, err
	}
	return Result{Value: f.text(), Irreversible: irreversible}, nil
}

// AppendMask appends the mask of value to dst, the bytes of
// [Masker.MaskResult]'s Value, and reports whether it is irreversible. It
// makes no string, for a caller that writes masks into a buffer (an
// export). On error it returns dst unchanged.
func (m *Masker) AppendMask(dst []byte, value string) (out []byte, irreversible bool, err error) {
	f := getForm()
	defer putForm(f)
	if irreversible, err = m.mask(f, value); err != nil {
		return dst, false, err
	}
	for _, r := range f.runes {
		dst = utf8.AppendRune(dst, r) // as f.text
	}
	return dst, irreversible, nil
}

// mask masks value in f, and reports whether irreversibly.
func (m *Masker) mask(f *form, value string) (irreversible bool, err error) {
	if err := m.parse(f, value, false); err != nil {
		return false, err
	}
	if f.short() {
		if !m.allowShort {
			return false, ErrTooShort
		}
		irreversible = true
	}
	if err := m.transform(f, m.KeyID(), true, irreversible); err != nil {
		return false, err
	}
	m.impl.finish(f, true)
	return irreversible, nil
}

// Check reports whether masked has the form of this Masker's outputs (its
// kind, its kept parts, its check digits). It needs no key and reveals
// nothing. It cannot tell the key or domain a value was masked with: see
// "Wrong key or domain" in the package documentation.
func (m *Masker) Check(masked string) error {
	f := getForm()
	defer putForm(f)
	if err := m.parse(f, masked, true); err != nil {
		return err
	}
	if f.short() {
		return ErrTooShort
	}
	return nil
}

// Unmask reveals the values behind masked, made by a Masker of the same
// kind, options, domain and scope with the root key keyID (use
// [Masker.KeyID] for values made with the current primary key). It first
// checks every value, then reports one [audit.Event] for the batch through
// hook (see [audit.Report]) and only then returns the values. If a value
// fails, nothing is revealed and the error says which (0-based) index.
//
// A value masked with another key, domain or scope unmasks to a wrong but
// well-formed value: FF1 has no integrity check.
func (m *Masker) Unmask(ctx context.Context, hook audit.Hook, req audit.Request, keyID uint32, masked ...string) ([]string, error) {
	// Refuse a bad request or a missing hook before decrypting anything.
	if err := audit.Check(hook, req); err != nil {
		return nil, err
	}
	out := make([]string, len(masked))
	f := getForm()
	defer putForm(f)
	for i, v := range masked {
		f.reset()
		if err := m.parse(f, v, true); err != nil {
			return nil, fmt.Errorf("value %d: %w", i, err)
		}
		if f.short() {
			return nil, fmt.Errorf("value %d: %w", i, ErrTooShort)
		}
		if err := m.transform(f, keyID, false, false); err != nil {
			return nil, fmt.Errorf("value %d: %w", i, err)
		}
		m.impl.finish(f, false)
		out[i] = f.text()
	}
	ev := audit.Event{Operation: "unmask", Kind: string(m.kind), Domain: m.keys.domain, Scope: m.keys.scope,
		KeyIDs: []uint32{keyID}, Count: len(masked)}
	if err := audit.Report(ctx, hook, req, ev); err != nil {
		clear(out)
		return nil, err
	}
	return out, nil
}

func (m *Masker) parse(f *form, v string, masked bool) error {
	if tooLong(v) {
		return ErrTooLong
	}
	if !m.decodes && !utf8.ValidString(v) {
		return ErrInvalidUTF8
	}
	f.tweak = append(f.tweak, m.kind...)
	f.tweak = append(f.tweak, 0)
	if err := m.impl.parse(f, v, masked); err != nil {
		if m.decodes && !utf8.ValidString(v) {
			return ErrInvalidUTF8 // first, as for the other kinds
		}
		return err
	}
	if len(f.pos) == 0 {
		return ErrTooShort
	}
	return nil
}

// tooLong reports whether v has more than MaxLen characters. Counting is
// needed only past MaxLen bytes, so short values pay nothing.
func tooLong(v string) bool {
	return len(v) > MaxLen && (len(v) > utf8.UTFMax*MaxLen || utf8.RuneCountInString(v) > MaxLen)
}
