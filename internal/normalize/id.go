package normalize

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// appendID appends the normalized form of an identifier (SPEC.md §3):
//
//  1. refuse control characters other than white space;
//  2. NFKC (full-width digits and letters become ASCII);
//  3. remove separators: white space, dash punctuation (Pd, which includes
//     "-" and the Japanese wave dash), U+2212 MINUS SIGN, U+30FC KATAKANA-
//     HIRAGANA PROLONGED SOUND MARK (often typed as a dash in Japan), and
//     format characters (Cf);
//  4. NFKC again if step 3 removed anything (a removed separator may leave
//     a letter next to a combining mark).
//
// Case is kept: IDs such as user handles may be case-sensitive.
func appendID(dst []byte, v string, ascii bool) ([]byte, error) {
	if ascii {
		return appendASCIIID(dst, v)
	}
	return appendIDGeneral(dst, v)
}

func appendIDGeneral(dst []byte, v string) ([]byte, error) {
	if hasControl(v) {
		return dst, invalid(ID, "control character")
	}
	s := norm.NFKC.String(v)
	if strings.ContainsFunc(s, isIDSeparator) {
		s = norm.NFKC.String(strings.Map(func(r rune) rune {
			if isIDSeparator(r) {
				return -1
			}
			return r
		}, s))
	}
	if s == "" {
		return dst, ErrEmpty
	}
	return append(dst, s...), nil
}

func isIDSeparator(r rune) bool { return IDSeparator(r) || isFormat(r) }

// IDSeparator reports whether r is a visible separator of an identifier:
// white space, dash punctuation (Pd), U+2212 MINUS SIGN or U+30FC
// KATAKANA-HIRAGANA PROLONGED SOUND MARK. Normalization removes these and
// format characters (Cf); display masks keep these in place and mask every
// other character (SPEC.md §6).
func IDSeparator(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '\u2212' || r == '\u30fc'
}

// appendASCIIID is appendID for ASCII input: NFKC is the identity and the
// separators are white space and '-'.
func appendASCIIID(dst []byte, v string) ([]byte, error) {
	start := len(dst)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case isASCIISpace(c) || c == '-':
			continue
		case c < 0x20 || c == 0x7f:
			return dst[:start], invalid(ID, "control character")
		}
		dst = append(dst, c)
	}
	if len(dst) == start {
		return dst, ErrEmpty
	}
	return dst, nil
}
