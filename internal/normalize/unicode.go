package normalize

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// foldString is the case-insensitive canonical form of s used for names and
// the local part of emails: NFKC, then Unicode full case folding
// (CaseFolding.txt, statuses C and F), then NFKC again, because folding can
// leave a string that is no longer in NFKC.
func foldString(s string) string {
	s = norm.NFKC.String(s)
	// A Caser is stateful: make one per call rather than share it.
	s = cases.Fold().String(s)
	return norm.NFKC.String(s)
}

// hasControl reports whether s holds a control character (general category
// Cc) other than white space.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.Is(unicode.Cc, r) && !unicode.IsSpace(r)
	})
}

// dropFormat removes format characters (general category Cf: soft hyphen,
// zero-width space and joiners, bidirectional marks, byte-order mark). They
// are invisible, so two values that differ only in them look the same to
// the person who typed them.
func dropFormat(s string) string {
	if !strings.ContainsFunc(s, isFormat) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isFormat(r) {
			return -1
		}
		return r
	}, s)
}

func isFormat(r rune) bool { return unicode.Is(unicode.Cf, r) }
