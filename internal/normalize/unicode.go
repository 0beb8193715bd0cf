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
	return norm.NFKC.String(foldCherokee(s))
}

// foldCherokee corrects x/text's case folding of Cherokee, which maps the
// capital letters to the small ones (golang/go#46101), so that folding is
// not idempotent. Unicode's CaseFolding.txt folds the other way, for
// stability: U+AB70..U+ABBF (small) to U+13A0..U+13EF, and U+13F8..U+13FD to
// U+13F0..U+13F5 (status C). After this step every Cherokee letter is a
// capital, as Unicode's full case folding gives.
func foldCherokee(s string) string {
	if !strings.ContainsFunc(s, isSmallCherokee) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case 0xAB70 <= r && r <= 0xABBF:
			return r - 0xAB70 + 0x13A0
		case 0x13F8 <= r && r <= 0x13FD:
			return r - 0x13F8 + 0x13F0
		}
		return r
	}, s)
}

func isSmallCherokee(r rune) bool {
	return 0xAB70 <= r && r <= 0xABBF || 0x13F8 <= r && r <= 0x13FD
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
