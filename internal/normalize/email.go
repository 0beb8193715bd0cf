package normalize

import (
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// Limits of RFC 5321 §4.5.3.1: a local part of at most 64 octets, a path of
// at most 256 octets including the angle brackets, so 254 for the address.
const (
	maxLocalLen = 64
	maxEmailLen = 254
)

// emailDomainProfile converts domains to ASCII: UTS #46 processing with the
// lookup mapping (case folding, width folding, NFC), nontransitional (ß
// stays ß, as IDNA2008 says), STD3 ASCII rules, hyphen and joiner checks,
// the Bidi rule of RFC 5893, and DNS length limits.
var emailDomainProfile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
	idna.VerifyDNSLength(true),
)

// appendEmail appends the normalized form of an email address (SPEC.md §3):
//
//  1. trim white space; remove format characters (Cf, see dropFormat);
//     NFKC (full-width ＠ and letters become ASCII);
//  2. split at the only "@" (quoted local parts are not supported);
//  3. local part: case folded (foldString), 1 to 64 bytes of RFC 5322 atext,
//     dots, or non-ASCII letters, marks, numbers, symbols and punctuation;
//  4. domain: IDNA ToASCII with emailDomainProfile, at least two labels;
//  5. the address is at most 254 bytes.
func appendEmail(dst []byte, v string, ascii bool) ([]byte, error) {
	if ascii {
		if out, ok := appendASCIIEmail(dst, trimASCIISpace(v)); ok {
			return out, nil
		}
	}
	return appendEmailGeneral(dst, v)
}

func appendEmailGeneral(dst []byte, v string) ([]byte, error) {
	v = strings.TrimSpace(norm.NFKC.String(dropFormat(strings.TrimSpace(v))))
	if v == "" {
		return dst, ErrEmpty
	}
	at := strings.IndexByte(v, '@')
	if at < 0 {
		return dst, invalid(Email, "no @")
	}
	local, domain := v[:at], v[at+1:]
	if strings.IndexByte(domain, '@') >= 0 {
		return dst, invalid(Email, "more than one @")
	}
	if local == "" {
		return dst, invalid(Email, "empty local part")
	}
	local = foldString(local)
	if !validLocal(local) {
		return dst, invalid(Email, "local part has a character that is not allowed")
	}
	if len(local) > maxLocalLen {
		return dst, ErrTooLong
	}
	if domain == "" {
		return dst, invalid(Email, "empty domain")
	}
	// idna's errors quote the domain: do not wrap them.
	a, err := emailDomainProfile.ToASCII(domain)
	if err != nil || !strings.Contains(a, ".") || strings.HasSuffix(a, ".") || strings.HasPrefix(a, ".") {
		return dst, invalid(Email, "domain is not a valid domain name")
	}
	if len(local)+1+len(a) > maxEmailLen {
		return dst, ErrTooLong
	}
	dst = append(dst, local...)
	dst = append(dst, '@')
	return append(dst, a...), nil
}

// appendASCIIEmail is the fast path for addresses already in ASCII whose
// local part is ASCII atext and dots and whose domain is at least two plain
// LDH labels (1 to 63 letters, digits and hyphens, no hyphen first or last or
// in both the third and fourth positions, so no "xn--" label), at most 253
// bytes: such a domain is its own IDNA ToASCII, up to case. It lower-cases
// and checks in one pass, with the same result as the general path
// (FuzzASCIIFastPaths checks that). ok is false when the general path must
// decide.
func appendASCIIEmail(dst []byte, v string) (out []byte, ok bool) {
	if !PlainASCIIEmail(v) {
		return dst, false
	}
	for i := 0; i < len(v); i++ {
		dst = append(dst, asciiLower[v[i]])
	}
	return dst, true
}

// PlainASCIIEmail reports whether v is an address of the ASCII fast path
// as it is, with no white space around: ASCII atext and dots, "@", and at
// least two plain LDH labels (appendASCIIEmail). Such an address is an
// email, whose normalized form is v in lower case; a caller that only
// checks that v is an email (the masks) need not make that form.
func PlainASCIIEmail(v string) bool {
	if len(v) > maxEmailLen {
		return false
	}
	i := 0
	for ; i < len(v) && v[i] != '@'; i++ {
		if asciiClass[v[i]]&classLocal == 0 {
			return false
		}
	}
	if i == 0 || i > maxLocalLen || len(v)-i-1 > 253 {
		return false
	}
	labels, n := 0, 0 // complete labels, length of the current label
	for j := i + 1; j < len(v); j++ {
		c := v[j]
		switch {
		case c == '.':
			if n == 0 || v[j-1] == '-' {
				return false
			}
			labels, n = labels+1, 0
		case asciiClass[c]&classLDH != 0:
			n++
			if n > 63 || c == '-' && (n == 1 || n == 4 && v[j-1] == '-') {
				return false
			}
		default:
			return false
		}
	}
	return n > 0 && v[len(v)-1] != '-' && labels >= 1
}

// Character classes of ASCII bytes, for the fast paths.
const (
	classLocal = 1 << iota // RFC 5322 atext or '.'
	classLDH               // letter, digit, hyphen
)

var asciiClass, asciiLower = func() (class, lower [256]byte) {
	for c := 0; c < 256; c++ {
		lower[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			lower[c] = byte(c) + 'a' - 'A'
		}
		if c < 0x80 && (atext(byte(c)) || c == '.') {
			class[c] |= classLocal
		}
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' {
			class[c] |= classLDH
		}
	}
	return
}()

// atext is RFC 5322 §3.2.3's atext: letters, digits and !#$%&'*+-/=?^_`{|}~.
func atext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// localRune reports whether r may appear in a normalized local part: ASCII
// atext or '.', or (RFC 6531) a non-ASCII letter, mark, number, punctuation
// or symbol. Dots may lead, trail or repeat: older Japanese mobile carriers
// issued such addresses and they are still in use.
func localRune(r rune) bool {
	if r < 0x80 {
		return r == '.' || atext(byte(r))
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S)
}

func validLocal(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return !localRune(r) })
}
