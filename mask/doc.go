// Package mask masks personal data so that it keeps its format: a masked
// phone number is a possible phone number of the same country and type in
// the same layout, a masked email a valid address, a masked card number
// passes (or, on request, fails) the Luhn check, a masked Japanese name is
// written in the same scripts. Masks are deterministic and, with the key,
// reversible: they are FF1 (NIST SP 800-38G) under AES-256 keys derived from
// a Tink PRF keyset, as SPEC.md §5 specifies byte for byte.
//
// Most users make one [Masker] per field with [New] and call [Masker.Mask]
// for each value:
//
//	phones, err := mask.New(root, kind.Field{Kind: kind.Phone, Domain: "users.phone", Scope: "acme", Region: "JP"})
//	…
//	masked, err := phones.Mask("090-1234-5678") // "090-xxxx-xxxx", same layout
//
// [Masker.AppendMask] appends the same mask to a buffer, for code that
// writes many (an export). [Masker.Unmask] turns masks back, with an audit
// request and hook (package audit). Package mask/display makes unkeyed, irreversible display masks
// for screens and logs: `t***@example.com`, `***-****-5678`, `山* 太*`.
//
// A [kind.Field] says what is masked: its kind (name, phone, email, card,
// mynumber, pattern with Field.Pattern, id as a pattern, generic with
// Field.Alphabet), domain, scope and options; [kind.Options] lists which
// options masks of each kind take.
//
// # Validity
//
// What is a value of a kind is decided once, for masks, display masks and
// tokens (package tokenize) alike (SPEC.md §3): a phone number is an
// optional "tel:", ASCII or full-width digits, separators and a leading
// plus (no letters: "090-1234-5678 Taro" is not a phone number); an email
// address, a name and an ID are what normalization accepts; cards and My
// Numbers need a valid check digit ([Valid] is this rule). A value that is
// not of its kind is an error wrapping [ErrInvalidValue], for display masks
// too: no text around a value is
// ever passed through. A valid value a mask cannot carry (a non-ASCII email
// local part) is [ErrUnsupportedChar]. Display masks keep only separators
// in place: for IDs white space, dash punctuation, U+2212 and U+30FC.
//
// A mask never writes a character that starts a spreadsheet formula where
// the input had another character: alphabets, pattern classes and display
// mask characters holding one (= + - @ | %, tab, CR, their full-width forms)
// or an invisible or combining character are refused with [kind.ErrOption].
//
// # Names
//
// Name masks draw from the characters names are written with (format 2, the
// default): jōyō and jinmeiyō kanji, kana without archaic or rare forms
// (no ゐ ゑ ヷ, no word starting with ん), vowels for vowels (in names of
// nine letters a–z or more), an umlaut for
// an umlaut, so a masked name reads as a name. Characters outside those
// sets mask among characters as rare as themselves. Format 1
// (Field.NameFormat 1, policy option format: 1) is the format of before,
// kept to unmask old masks and to join with them; an export's manifest
// records each name field's format (SPEC.md §5 "Names"). For names that
// must read as real ones, see package surrogate.
//
// # Key management
//
// The root is a keyset of purpose keyset.PurposePRF. Each Masker derives its
// FF1 key from the root for its domain and scope (SPEC.md §2) and builds its
// ciphers once. New masks always use the root's primary key, and a mask has
// no room to say which key made it: record [Masker.KeyID] with the masked
// data (an export records it in its manifest) and pass it to
// [Masker.Unmask]. After a rotation, old masks unmask with the old key ID as
// long as that key stays enabled in the keyset; new masks differ from old
// ones, so a rotation breaks joins between old and new masked data.
//
// # Short values
//
// FF1 is only secure on domains of at least 1,000,000 values (NIST SP
// 800-38G Rev. 1). A value whose masked part is smaller — a 4-letter name, a
// 2-letter email local part, a one-kanji name — is never enciphered with a
// weakened FF1. Mask fails with [ErrTooShort] by default. With
// Field.AllowIrreversibleShort it is replaced by a keyed, deterministic,
// irreversible substitution of the same format that is never the input;
// [Masker.MaskResult] reports it in [Result.Irreversible] and Unmask refuses
// it. The parts of a value are enciphered together (a name is one FF1 input
// whatever its scripts), so most values are long enough; card numbers keep
// fewer leading digits when needed (SPEC.md §5).
//
// # Wrong key or domain
//
// FF1 has no integrity check: unmasking with another key, domain, scope or
// options gives a wrong value of the right format, not an error. Where the
// format allows, [Masker.Check] detects values this Masker cannot have made
// (a check digit that does not fit the check-digit mode, a value of the wrong
// shape); [kind.CheckInvalid] masks for cards and My Numbers make masked and real
// numbers tell apart by their check digit alone.
//
// # Security
//
// Masks are deterministic: equal values give equal masks, so masked data
// reveals which records share a value and how often. A mask keeps what its
// format keeps in clear: separators and case, the country code and
// type-telling prefix of a phone number, an email's domain (unless
// Field.MaskDomain), the first and last digits of a card. Few possible
// values (a field of birth years, a short name with
// Field.AllowIrreversibleShort) are easy to guess from their masks by trying
// them all: mask only fields with enough entropy, or tokenize them instead.
// Display masks are not encryption; they only hide part of a value from a
// casual look.
//
// No error, String method or log line of this package contains a value,
// masked or clear, or key material.
//
// # Compatibility
//
// The mask of a value is part of piikit's stable format (SPEC.md §5, pinned
// by golden tests): a new version masks and unmasks exactly as before. The
// phone kind follows the metadata of github.com/nyaruka/phonenumbers; an
// update of that metadata can change which prefix is kept for some numbers,
// and so their masks.
package mask
