// Package tokenize replaces personal values (names, phone numbers, emails,
// IDs) with deterministic tokens: the same person gets the same token in
// every record and every export, so joins and counts still work, and nobody
// without the keyset can turn a token back into the person.
//
// Most callers want pseudonyms, which nobody can reverse:
//
//	p, err := tokenize.NewPseudonymizer(root, kind.Field{
//		Kind:   kind.Email,
//		Domain: "users.email",
//		Scope:  "acme", // the recipient
//	})
//	…
//	tok, err := p.Pseudonym("Taro.Yamada@Example.COM")
//
// where root is a PRF keyset (keyset.PurposePRF). The holder of the keyset
// can only recompute a pseudonym (to look a person up), never invert it.
//
// When some team must be able to re-identify (support, legal holds), use
// reversible tokens: [NewTokenizer] with a deterministic AEAD keyset
// (keyset.PurposeDeterministicAEAD), [Tokenizer.Token] to tokenize and
// [Tokenizer.Detokenize] to re-identify. Detokenize takes an
// [audit.Request] (who and why) and reports every use to an [audit.Hook]
// before it reveals anything.
//
// Build one [Pseudonymizer] or [Tokenizer] per field, once: it derives and
// caches its keys. Both are safe for concurrent use. Values are normalized
// per [kind.Kind] before they are tokenized, so that `Taro.Yamada@Example.COM`
// and `taro.yamada@example.com` are one person, and `090-1234-5678`,
// `+81 90 1234 5678` and `０９０－１２３４－５６７８` (region JP) one
// phone; SPEC.md §3 lists the rules. A value that cannot be normalized is
// an error ([ErrInvalidValue], [ErrEmpty], [ErrTooLong], [ErrInvalidUTF8],
// [ErrLowEntropy]), never passed through, and no error contains the value.
//
// # Security
//
// Tokens are deterministic on purpose, so they reveal which records hold
// equal values and how often each value occurs. For a field with few
// possible values that is disclosure: a yes/no flag or a 4-digit PIN is
// read off its frequencies or off one known record. ID values shorter than
// [MinIDLen] characters are therefore refused unless the field sets
// [kind.Field].InsecureAllowShortIDs; names, phones and emails are not checked.
//
// Every token is bound to its field's kind, domain and scope: equal values
// in two domains, or in two scopes (recipients), give unrelated tokens.
// Reversible tokens cannot be moved between fields: a token of another
// kind, domain or scope fails with [ErrInvalidToken], the one error for
// every token that does not authenticate. A Field's Prefix is a label, not
// a secret, and is not authenticated.
//
// Pseudonyms are HMAC-SHA256 under a key derived for the field, truncated to
// [kind.Field].Size bytes (16 by default; 12 at least). Reversible tokens are
// AES-SIV (RFC 5297) through Tink; they grow with the value and so reveal
// its length, up to normalization.
//
// # Key management
//
// Keys live in Tink keysets, loaded with the keyset package. New outputs use
// the keyset's primary key; [Pseudonymizer.KeyID] and [Tokenizer.KeyID]
// report it for an export's manifest. After a rotation:
//
//   - reversible tokens carry Tink's 5-byte prefix with the ID of their key,
//     so tokens of every enabled key still detokenize; a token of a disabled
//     or deleted key fails with [ErrInvalidToken];
//   - pseudonyms start with a two-byte key tag (the first two bytes of the
//     key ID), so pseudonyms of two key versions are visibly different and
//     are never mixed in a join by accident. Re-pseudonymize a whole table
//     (or keep the old key as primary) rather than mix versions.
//
// # Compatibility
//
// Every output is specified byte for byte in SPEC.md §3 and §4 and pinned by
// test vectors computed with the fixture keysets of keyset/keysettest. The
// same value, field and key give the same token in every version of piikit;
// a change to any output would be a new format version ("v2" in the derivation
// labels and associated data), never a silent change. Normalization depends on
// data from outside piikit: libphonenumber's metadata (github.com/nyaruka/phonenumbers),
// and the Unicode tables of golang.org/x/text and golang.org/x/net/idna
// (Unicode 15.0 with Go 1.26). An update of them can accept a number, domain
// or character that was refused before; it is not expected to change the
// normalized form of a value already accepted, and the SPEC.md vectors would
// catch it if it did for those values.
package tokenize
