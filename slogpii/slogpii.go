// Package slogpii protects the personal data in a service's logs with the
// policy its exports use: wrap any [slog.Handler] with [New], and each
// attribute the policy names gets its field's rule — the same pseudonym,
// token or mask its column gets in an export, so that logs and exports
// join on the same person — before the wrapped handler sees it.
//
//	p, err := records.LoadPolicy("users.yaml")
//	t, err := records.New(p, keys)
//	logger := slog.New(slogpii.New(slog.NewJSONHandler(os.Stderr, nil), t, nil))
//	logger.Info("login", "user_id", id, "email", email) // masked as in the export
//
// # Attributes
//
// An attribute's field is its key, after the names of the groups it is in
// (from [slog.Logger.WithGroup] and [slog.Group]) joined by dots, as a
// nested JSON field is named in a policy: "req.user.email". A
// [slog.LogValuer] is resolved first (a records.Secret logs as
// records.Redacted). Then, by the policy's rule for the field:
//
//   - keep: the attribute is passed as it is, a group whole;
//   - drop: it is left out;
//   - redact: its value becomes the rule's value;
//   - pseudonym, token, mask, display (and the other rules of a field,
//     through [records.Transformer.ApplyField]): a string is transformed,
//     an integer as its decimal text; any other value (a float, a time, a
//     group, a slice, a Go value of a named string type given to
//     slog.Any) is not a value the rule takes and is withheld.
//
// Attributes the policy does not name follow its "unnamed" setting, as
// columns do in an export: with "unnamed: drop" they are left out; with
// deny (the default) their value is replaced by [Unnamed], so that the
// log shows which key the policy is missing without its value. An
// attribute or group the policy does not name whose key does not look
// like a name (ASCII letters, digits, '_', '-', '.', at most 64 bytes) is
// left out whatever the setting: its key may be data (an email used as a
// key); so are all the attributes of a group opened by
// [slog.Logger.WithGroup] with such a name. [Options.TextUnnamed] sends unnamed string attributes through a
// text protector instead.
//
// # Failures
//
// Fail closed: a value that cannot be protected (not a phone number in a
// phone field, invalid UTF-8, a text the protector refuses) is replaced by
// [Withheld] and counted ([Handler.Failures]); the record is still logged,
// without it. No error is returned for it and none is logged: errors of
// the transforms hold no value, but the fewer places the better.
//
// # Messages
//
// The message of a record is kept as written unless [Options.Text] is
// set: then it goes through the text protector (package freetext finds
// the phones, emails, names… inside a text and replaces them as their
// columns would be). Without one, write no personal data into messages:
// put it in attributes, which the policy covers.
package slogpii

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/piikit/piikit/freetext"
	"github.com/piikit/piikit/records"
)

// Markers that replace a value the handler does not log.
const (
	// Withheld replaces a value that could not be protected.
	Withheld = "!WITHHELD"
	// Unnamed replaces the value of an attribute the policy does not name,
	// when the policy denies unnamed fields.
	Unnamed = "!UNNAMED"
)

// TextProtector replaces the personal values inside a free text (a
// message, a note) by their protected forms, keeping the rest of the text:
// a *freetext.Protector, made with the rules and domains of the export's
// text fields so that the values inside logged texts join too. It must be
// safe for concurrent use; its errors are not logged.
type TextProtector interface {
	Protect(text string) (string, error)
}

var _ TextProtector = (*freetext.Protector)(nil)

// Options configure a [Handler]. The zero value (or nil) protects
// attributes by the policy and keeps messages as written.
type Options struct {
	// Text, if not nil, protects every record's message.
	Text TextProtector
	// TextUnnamed sends the string attributes the policy does not name
	// through Text instead of the policy's unnamed setting: they are
	// logged with the personal values found in them replaced. This is
	// weaker than deny: a value the protector does not recognize (an
	// address, a password) is logged as it is.
	TextUnnamed bool
}

// Handler is a [slog.Handler] that protects attributes by a policy before
// the handler it wraps sees them. Make one with [New]; it is safe for
// concurrent use, as is the handler it wraps.
type Handler struct {
	next   slog.Handler
	t      *records.Transformer
	rules  map[string]records.Transform
	deny   bool
	opts   Options
	prefix string // the groups opened by WithGroup, each followed by "."
	// hidden: a group opened by WithGroup has a name that may be data, so
	// no attribute of its records is logged (nor the name).
	hidden bool
	failed *atomic.Uint64
}

var _ slog.Handler = (*Handler)(nil)

// New returns a Handler that protects the attributes of each record by
// t's policy, and its message with opts.Text, and passes the record to
// next. opts may be nil.
func New(next slog.Handler, t *records.Transformer, opts *Options) *Handler {
	h := &Handler{next: next, t: t, rules: make(map[string]records.Transform), failed: new(atomic.Uint64)}
	if opts != nil {
		h.opts = *opts
	}
	p := t.Policy()
	h.deny = p.Unnamed != records.UnnamedDrop
	for _, f := range p.Fields {
		h.rules[f.Name] = f.Transform
	}
	return h
}

// Failures returns how many values h, and the handlers made from it by
// WithAttrs and WithGroup, replaced by [Withheld].
func (h *Handler) Failures() uint64 { return h.failed.Load() }

// Enabled reports whether the wrapped handler handles records of level.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// Handle protects r's message and attributes and passes the result to the
// wrapped handler.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	msg := r.Message
	if h.opts.Text != nil {
		msg = h.text(msg)
	}
	out := slog.NewRecord(r.Time, r.Level, msg, r.PC)
	if h.hidden {
		return h.next.Handle(ctx, out)
	}
	attrs := make([]slog.Attr, 0, r.NumAttrs())
	r.Attrs(func(a slog.Attr) bool {
		attrs = h.appendAttr(attrs, h.prefix, a)
		return true
	})
	out.AddAttrs(attrs...)
	return h.next.Handle(ctx, out)
}

// WithAttrs protects attrs once, and returns a handler whose records
// carry them.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 || h.hidden {
		return h
	}
	out := make([]slog.Attr, 0, len(attrs))
	for _, a := range attrs {
		out = h.appendAttr(out, h.prefix, a)
	}
	h2 := *h
	h2.next = h.next.WithAttrs(out)
	return &h2
}

// WithGroup returns a handler whose attributes are in group name: their
// fields start with "name.". A name that does not look like one (see
// Attributes) may be data: the records of the handler returned log no
// attribute, and not the name.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" || h.hidden {
		return h
	}
	h2 := *h
	if !nameLike(name) {
		h2.hidden = true
		return &h2
	}
	h2.next = h.next.WithGroup(name)
	h2.prefix = h.prefix + name + "."
	return &h2
}

// appendAttr appends the protected form of a, in the groups of prefix, to
// dst (or nothing, when a is left out).
func (h *Handler) appendAttr(dst []slog.Attr, prefix string, a slog.Attr) []slog.Attr {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return dst
	}
	if a.Value.Kind() == slog.KindGroup && a.Key == "" {
		// An unnamed group's attributes are its parent's (slog.Handler).
		for _, m := range a.Value.Group() {
			dst = h.appendAttr(dst, prefix, m)
		}
		return dst
	}
	path := prefix + a.Key
	t, named := h.rules[path]
	switch {
	case !named && a.Value.Kind() == slog.KindGroup:
		if !nameLike(a.Key) {
			return dst // the key may be data
		}
		var ms []slog.Attr
		for _, m := range a.Value.Group() {
			ms = h.appendAttr(ms, path+".", m)
		}
		if len(ms) == 0 {
			return dst
		}
		return append(dst, slog.Attr{Key: a.Key, Value: slog.GroupValue(ms...)})
	case !named:
		return h.unnamed(dst, a)
	case t == records.Keep:
		return append(dst, a)
	case t == records.Drop:
		return dst
	}
	text, ok := valueText(a.Value)
	if !ok && t != records.Redact {
		return h.withhold(dst, a.Key)
	}
	out, written, err := h.t.ApplyField(path, text)
	switch {
	case err != nil:
		return h.withhold(dst, a.Key)
	case !written:
		return dst
	}
	return append(dst, slog.String(a.Key, out))
}

// unnamed is what becomes of an attribute the policy does not name.
func (h *Handler) unnamed(dst []slog.Attr, a slog.Attr) []slog.Attr {
	if !nameLike(a.Key) {
		return dst // the key may be data
	}
	if h.opts.TextUnnamed && h.opts.Text != nil && a.Value.Kind() == slog.KindString {
		return append(dst, slog.String(a.Key, h.text(a.Value.String())))
	}
	if !h.deny {
		return dst
	}
	return append(dst, slog.String(a.Key, Unnamed))
}

func (h *Handler) withhold(dst []slog.Attr, key string) []slog.Attr {
	h.failed.Add(1)
	return append(dst, slog.String(key, Withheld))
}

// text protects a text with the text protector, or withholds it.
func (h *Handler) text(s string) string {
	out, err := h.opts.Text.Protect(s)
	if err != nil {
		h.failed.Add(1)
		return Withheld
	}
	return out
}

// valueText is the text a field's rule transforms: a string, or an
// integer in decimal. Any other kind (a float, a bool, a time, a Go value
// of another type) is not a value a rule takes.
func valueText(v slog.Value) (string, bool) {
	switch v.Kind() {
	case slog.KindString:
		return v.String(), true
	case slog.KindInt64:
		return strconv.FormatInt(v.Int64(), 10), true
	case slog.KindUint64:
		return strconv.FormatUint(v.Uint64(), 10), true
	}
	return "", false
}

// nameLike reports whether an attribute's key reads as a name rather than
// as data: ASCII letters, digits, '_', '-' and '.' (http.method), at most
// 64 bytes, starting with a letter or '_'.
func nameLike(key string) bool {
	if key == "" || len(key) > 64 || !('a' <= key[0] && key[0] <= 'z' || 'A' <= key[0] && key[0] <= 'Z' || key[0] == '_') {
		return false
	}
	return strings.IndexFunc(key, func(r rune) bool {
		return !(r == '_' || r == '-' || r == '.' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}) < 0
}
