package normalize

import (
	"unicode"
)

// appendName appends the normalized form of a person's name (SPEC.md §3):
//
//  1. refuse control characters other than white space;
//  2. remove format characters (Cf);
//  3. NFKC, full case folding, NFKC (foldString): full-width Latin letters
//     become ASCII, half-width katakana become full-width, Latin letters
//     become lower case; kanji, hiragana and katakana are otherwise kept as
//     they are (ひらがな and カタカナ are not merged);
//  4. every run of white space becomes one U+0020, leading and trailing
//     white space is removed.
func appendName(dst []byte, v string, ascii bool) ([]byte, error) {
	if ascii {
		return appendASCIIName(dst, v)
	}
	return appendNameGeneral(dst, v)
}

func appendNameGeneral(dst []byte, v string) ([]byte, error) {
	if hasControl(v) {
		return dst, invalid(Name, "control character")
	}
	s := foldString(dropFormat(v))
	start := len(dst)
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = len(dst) > start
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, string(r)...)
	}
	if len(dst) == start {
		return dst, ErrEmpty
	}
	return dst, nil
}

// appendASCIIName is appendName for ASCII input, where NFKC is the identity
// and case folding is lower-casing.
func appendASCIIName(dst []byte, v string) ([]byte, error) {
	start := len(dst)
	space := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case isASCIISpace(c):
			space = len(dst) > start
			continue
		case c < 0x20 || c == 0x7f:
			return dst[:start], invalid(Name, "control character")
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, asciiLower[c])
	}
	if len(dst) == start {
		return dst, ErrEmpty
	}
	return dst, nil
}
