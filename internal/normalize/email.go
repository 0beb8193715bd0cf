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
//  1. trim white space; NFKC (full-width ＠ and letters become ASCII);
//  2. split at the only "@" (quoted local parts are not supported);
//  3. local part: case folded (foldString), 1 to 64 bytes of RFC 5322 atext,
//     dots, or non-ASCII letters, marks, numbers, symbols and punctuation;
//  4. domain: IDNA ToASCII with emailDomainProfile, at least two labels;
//  5. the address is at most 254 bytes.
func appendEmail(dst []byte, v string) ([]byte, error) {
	if isASCII(v) {
		if out, ok := appendASCIIEmail(dst, trimASCIISpace(v)); ok {
			return out, nil
		}
	}
	return appendEmailGeneral(dst, v)
}

func appendEmailGeneral(dst []byte, v string) ([]byte, error) {
	v = strings.TrimSpace(norm.NFKC.String(strings.TrimSpace(v)))
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
// local part is ASCII atext and dots and whose domain is plain LDH labels:
// it lower-cases and checks, with the same result as the general path
// (FuzzEmailFastPath checks that). ok is false when the general path must
// decide.
func appendASCIIEmail(dst []byte, v string) (out []byte, ok bool) {
	at := strings.IndexByte(v, '@')
	if at < 1 || len(v) > maxEmailLen {
		return dst, false
	}
	local, domain := v[:at], v[at+1:]
	if len(local) > maxLocalLen || !plainLDHDomain(domain) {
		return dst, false
	}
	for i := 0; i < len(local); i++ {
		if !atext(local[i]) && local[i] != '.' {
			return dst, false
		}
	}
	for i := 0; i < len(v); i++ {
		dst = append(dst, lowerASCII(v[i]))
	}
	return dst, true
}

// plainLDHDomain reports whether d is at least two labels of 1 to 63 letters,
// digits and hyphens, no label starting or ending with a hyphen or having
// hyphens in its third and fourth positions (so no "xn--" label), at most 253
// bytes. Such a domain is its own IDNA ToASCII, up to case.
func plainLDHDomain(d string) bool {
	if len(d) > 253 {
		return false
	}
	labels := 0
	for len(d) > 0 {
		i := strings.IndexByte(d, '.')
		label := d
		if i >= 0 {
			label, d = d[:i], d[i+1:]
			if d == "" {
				return false // trailing dot
			}
		} else {
			d = ""
		}
		n := len(label)
		if n == 0 || n > 63 || label[0] == '-' || label[n-1] == '-' || (n >= 4 && label[2] == '-' && label[3] == '-') {
			return false
		}
		for j := 0; j < n; j++ {
			c := label[j]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
		labels++
	}
	return labels >= 2
}

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
