// Package phone is piikit's lean phone number parser, shared by mask and
// internal/normalize (and so tokenize): call [Region] once per field for the
// default region, then [Parse] per value; [Number.Possible], [Number.Stable]
// and [Number.AppendE164] give what normalization needs, [Meta.KeptLen],
// [Meta.Extensions] and [Number.Decided] what masking needs.
//
// [Parse] reads numbers written with ASCII or full-width digits, separators
// and a leading plus, and ports github.com/nyaruka/phonenumbers' Parse step
// by step on their digits (country code extraction after a plus or an
// international prefix, the calling code written without a plus, national
// prefix and carrier code stripping, length checks), with phonenumbers' own
// metadata, read once and compiled per region on first use (the patterns
// matched against whole digit strings as automata over the ten digits,
// dfa.go). It allocates
// nothing for most numbers. Other forms (letters, extensions, "tel:" URIs)
// it declines with [ErrDeclined], for the caller to hand to phonenumbers.
//
// # Compatibility
//
// Accepting, refusing and the calling code and national significant number
// found are those of phonenumbers.Parse and IsPossibleNumber for the same
// input and region. The differential tests in mask and internal/normalize
// (tens of thousands of generated numbers of every region, and a fuzz
// target) check it, so a phonenumbers upgrade that changes its parsing
// shows there.
//
// # Security
//
// No error contains the number. Caches are bounded: numbers chosen to miss
// the kept-prefix caches cannot grow memory past a fixed size.
package phone
