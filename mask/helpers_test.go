package mask

import (
	"context"

	"github.com/piikit/piikit/audit"
	"github.com/piikit/piikit/kind"
)

var testReq = audit.Request{Actor: "test", Reason: "unit test"}

func okHook(context.Context, audit.Event) error { return nil }

// Shorthands for the members of a kind.Field, so that tests list a
// Masker's settings as they read.
type opt func(*kind.Field)

func field(k kind.Kind, domain, scope string, opts ...opt) kind.Field {
	f := kind.Field{Kind: k, Domain: domain, Scope: scope}
	for _, o := range opts {
		o(&f)
	}
	return f
}

func withRegion(r string) opt { return func(f *kind.Field) { f.Region = r } }
func withPhoneKeep(n int) opt { return func(f *kind.Field) { f.Keep = &kind.Span{First: n} } }
func withMaskedDomain() opt   { return func(f *kind.Field) { f.MaskDomain = true } }
func withCardKeep(first, last int) opt {
	return func(f *kind.Field) { f.Keep = &kind.Span{First: first, Last: last} }
}
func withCheckDigit(c kind.CheckDigit) opt   { return func(f *kind.Field) { f.CheckDigit = c } }
func withPattern(p string) opt               { return func(f *kind.Field) { f.Pattern = p } }
func withCheckScheme(s kind.CheckScheme) opt { return func(f *kind.Field) { f.CheckScheme = s } }
func withAlphabet(a string) opt              { return func(f *kind.Field) { f.Alphabet = a } }
func allowIrreversibleShort() opt            { return func(f *kind.Field) { f.AllowIrreversibleShort = true } }
