// Package normalize puts personal values of each kind (names, phone numbers,
// emails, IDs) into one canonical form, so that one person gets one token and
// one mask: `Taro.Yamada@Example.COM` and `taro.yamada@example.com` are the
// same email, `090-1234-5678` and `+81 90 1234 5678` the same phone.
//
// Build a [Normalizer] once per field with [New] and call
// [Normalizer.Append] (no allocation for ASCII emails, names and IDs) or
// [Normalizer.Normalize] per value. The rules are specified in SPEC.md §3
// ("Normalization"); a change to any output is a change of the format.
//
// Errors never contain the value: they say what is wrong (empty, too long,
// not an email), never what the value was.
package normalize

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/phone"
)

// Kind is the kind of a personal value. Its zero value is not a valid kind.
type Kind uint8

// The kinds piikit knows.
const (
	Name  Kind = iota + 1 // a person's name, Latin or Japanese script
	Phone                 // a phone number, normalized to E.164
	Email                 // an email address
	ID                    // an identifier: a user ID, a card or My Number
)

var kindNames = [...]string{Name: "name", Phone: "phone", Email: "email", ID: "id"}

// String returns the kind's name ("name", "phone", "email", "id"), as
// [ParseKind] reads it, or "invalid" for a value that is not a kind.
func (k Kind) String() string {
	if !k.Valid() {
		return "invalid"
	}
	return kindNames[k]
}

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool { return k >= Name && k <= ID }

// ParseKind returns the kind named s: "name", "phone", "email" or "id".
func ParseKind(s string) (Kind, error) {
	for k := Name; k <= ID; k++ {
		if s == kindNames[k] {
			return k, nil
		}
	}
	return 0, ErrUnknownKind
}

// MaxLen is the longest value accepted, in bytes, both as given and once
// normalized. Emails have a lower limit (254 bytes, RFC 5321).
const MaxLen = 1024

// Errors of [Normalizer.Append] and [New], wrapped; branch with errors.Is.
// No message contains the value.
//
// The value errors (ErrInvalid and the three that wrap it) are the value
// errors of package tokenize and package mask alike: both re-export these
// variables, so errors.Is(err, tokenize.ErrTooLong) holds for a mask's
// error too.
var (
	// ErrUnknownKind: the kind is not one of name, phone, email, id.
	ErrUnknownKind = errors.New("unknown kind (want name, phone, email or id)")
	// ErrInvalid: the value is not a valid value of its kind (not an email,
	// not a phone number, a name with control characters). Every value
	// error wraps it.
	ErrInvalid = errors.New("invalid value")
	// ErrEmpty: the value is empty or only spaces and separators.
	ErrEmpty = fmt.Errorf("%w: empty", ErrInvalid)
	// ErrTooLong: the value is longer than MaxLen bytes (or a part of an
	// email is longer than RFC 5321 allows, or a mask's limit).
	ErrTooLong = fmt.Errorf("%w: too long", ErrInvalid)
	// ErrInvalidUTF8: the value is not valid UTF-8.
	ErrInvalidUTF8 = fmt.Errorf("%w: not valid UTF-8", ErrInvalid)
	// ErrRegion: the default phone region is not a region libphonenumber
	// knows.
	ErrRegion = errors.New("unknown phone region")
)

// invalid returns ErrInvalid wrapped with the kind and a fixed reason. The
// reason is a constant: it never describes the value's content.
func invalid(k Kind, reason string) error {
	return fmt.Errorf("%w (%s: %s)", ErrInvalid, k, reason)
}

// Options are the per-field settings of a [Normalizer].
type Options struct {
	// Region is the default region of phone numbers written without a
	// country code, as a CLDR region code ("JP", "US"). Empty means every
	// number must be in international form (+81…). Only for kind Phone.
	Region string
}

// Normalizer normalizes values of one kind. It is safe for concurrent use.
type Normalizer struct {
	kind   Kind
	region string
	phone  *phone.Meta // the region's metadata, looked up once; nil without a region
}

// New returns a Normalizer for values of kind k.
func New(k Kind, opts Options) (*Normalizer, error) {
	if !k.Valid() {
		return nil, ErrUnknownKind
	}
	n := &Normalizer{kind: k}
	if opts.Region != "" {
		if k != Phone {
			return nil, fmt.Errorf("a region applies to phone numbers only, not %s", k)
		}
		r, err := checkRegion(opts.Region)
		if err != nil {
			return nil, err
		}
		n.region, n.phone = r, phone.Region(r)
		if n.phone == nil {
			return nil, ErrRegion
		}
	}
	return n, nil
}

// Kind returns the kind of values n normalizes.
func (n *Normalizer) Kind() Kind { return n.kind }

// Region returns the default phone region (upper case), or "".
func (n *Normalizer) Region() string { return n.region }

// Append appends the normalized form of v to dst. On error it returns dst
// unchanged and an error that does not contain v.
func (n *Normalizer) Append(dst []byte, v string) ([]byte, error) {
	if len(v) > MaxLen {
		return dst, ErrTooLong
	}
	out, err := n.AppendAnyLength(dst, v)
	if err != nil {
		return dst, err
	}
	if len(out)-len(dst) > MaxLen {
		return dst, ErrTooLong
	}
	return out, nil
}

// AppendAnyLength is [Normalizer.Append] without the MaxLen limit (the
// limits of the kind itself, such as an email's 254 bytes, still hold), for
// a caller with a limit of its own: the masks, which count characters, check
// with it that a value is of its kind by the same rule as tokens.
func (n *Normalizer) AppendAnyLength(dst []byte, v string) ([]byte, error) {
	out, err := n.append(dst, v)
	if err != nil {
		return dst, err
	}
	return out, nil
}

func (n *Normalizer) append(dst []byte, v string) ([]byte, error) {
	ascii := isASCII(v)
	if !ascii && !utf8.ValidString(v) {
		return dst, ErrInvalidUTF8
	}
	var out []byte
	var err error
	switch n.kind {
	case Email:
		out, err = appendEmail(dst, v, ascii)
	case Name:
		out, err = appendName(dst, v, ascii)
	case Phone:
		out, err = appendPhone(dst, v, n.phone)
	case ID:
		out, err = appendID(dst, v, ascii)
	default:
		return dst, ErrUnknownKind
	}
	return out, err
}

// Normalize returns the normalized form of v.
func (n *Normalizer) Normalize(v string) (string, error) {
	b, err := n.Append(nil, v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// isASCIISpace reports the ASCII characters of Unicode's White_Space.
func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// trimASCIISpace trims ASCII white space; the slow paths trim all of
// Unicode's White_Space with strings.TrimSpace.
func trimASCIISpace(s string) string {
	for len(s) > 0 && isASCIISpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isASCIISpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// isASCII reports whether s holds only bytes below 0x80.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
