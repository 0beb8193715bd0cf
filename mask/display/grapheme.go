package display

import (
	"unicode"
	"unicode/utf8"
)

// Extended grapheme clusters (Unicode Standard Annex #29, "Unicode Text
// Segmentation", §3.1.1, rules GB3–GB13 without GB9c): display masks count
// and mask user-perceived characters, so that an emoji with modifiers, a
// flag or a letter with combining marks is one character, never split.
//
// The Go standard library and golang.org/x/text have no grapheme segmenter;
// the properties come from the unicode package (general categories,
// Other_Grapheme_Extend, Hangul ranges) plus the small explicit lists below
// (Prepend, Extended_Pictographic from emoji-data.txt). GB9c (Indic conjunct
// breaks, Unicode 15.1) is not implemented: an Indic conjunct may count as
// more than one character, which only ever reveals less.

type gcb uint8

const (
	gcbOther gcb = iota
	gcbCR
	gcbLF
	gcbControl
	gcbExtend
	gcbZWJ
	gcbRI
	gcbPrepend
	gcbSpacingMark
	gcbL
	gcbV
	gcbT
	gcbLV
	gcbLVT
	gcbPict // Extended_Pictographic (an emoji property, not a GCB value)
)

// prepend lists Grapheme_Cluster_Break=Prepend (GraphemeBreakProperty.txt).
var prepend = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x0600, 0x0605, 1}, {0x06DD, 0x06DD, 1}, {0x070F, 0x070F, 1}, {0x0890, 0x0891, 1},
		{0x08E2, 0x08E2, 1}, {0x0D4E, 0x0D4E, 1},
	},
	R32: []unicode.Range32{
		{0x110BD, 0x110BD, 1}, {0x110CD, 0x110CD, 1}, {0x111C2, 0x111C3, 1}, {0x1193F, 0x1193F, 1},
		{0x11941, 0x11941, 1}, {0x11A3A, 0x11A3A, 1}, {0x11A84, 0x11A89, 1}, {0x11D46, 0x11D46, 1},
	},
}

// pictographic lists Extended_Pictographic (emoji-data.txt, Unicode 15.1).
var pictographic = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x00A9, 0x00A9, 1}, {0x00AE, 0x00AE, 1}, {0x203C, 0x203C, 1}, {0x2049, 0x2049, 1},
		{0x2122, 0x2122, 1}, {0x2139, 0x2139, 1}, {0x2194, 0x2199, 1}, {0x21A9, 0x21AA, 1},
		{0x231A, 0x231B, 1}, {0x2328, 0x2328, 1}, {0x2388, 0x2388, 1}, {0x23CF, 0x23CF, 1},
		{0x23E9, 0x23F3, 1}, {0x23F8, 0x23FA, 1}, {0x24C2, 0x24C2, 1}, {0x25AA, 0x25AB, 1},
		{0x25B6, 0x25B6, 1}, {0x25C0, 0x25C0, 1}, {0x25FB, 0x25FE, 1}, {0x2600, 0x2605, 1},
		{0x2607, 0x2612, 1}, {0x2614, 0x2685, 1}, {0x2690, 0x2705, 1}, {0x2708, 0x2712, 1},
		{0x2714, 0x2714, 1}, {0x2716, 0x2716, 1}, {0x271D, 0x271D, 1}, {0x2721, 0x2721, 1},
		{0x2728, 0x2728, 1}, {0x2733, 0x2734, 1}, {0x2744, 0x2744, 1}, {0x2747, 0x2747, 1},
		{0x274C, 0x274C, 1}, {0x274E, 0x274E, 1}, {0x2753, 0x2755, 1}, {0x2757, 0x2757, 1},
		{0x2763, 0x2767, 1}, {0x2795, 0x2797, 1}, {0x27A1, 0x27A1, 1}, {0x27B0, 0x27B0, 1},
		{0x27BF, 0x27BF, 1}, {0x2934, 0x2935, 1}, {0x2B05, 0x2B07, 1}, {0x2B1B, 0x2B1C, 1},
		{0x2B50, 0x2B50, 1}, {0x2B55, 0x2B55, 1}, {0x3030, 0x3030, 1}, {0x303D, 0x303D, 1},
		{0x3297, 0x3297, 1}, {0x3299, 0x3299, 1},
	},
	R32: []unicode.Range32{
		{0x1F000, 0x1F0FF, 1}, {0x1F10D, 0x1F10F, 1}, {0x1F12F, 0x1F12F, 1}, {0x1F16C, 0x1F171, 1},
		{0x1F17E, 0x1F17F, 1}, {0x1F18E, 0x1F18E, 1}, {0x1F191, 0x1F19A, 1}, {0x1F1AD, 0x1F1E5, 1},
		{0x1F201, 0x1F20F, 1}, {0x1F21A, 0x1F21A, 1}, {0x1F22F, 0x1F22F, 1}, {0x1F232, 0x1F23A, 1},
		{0x1F23C, 0x1F23F, 1}, {0x1F249, 0x1F3FA, 1}, {0x1F400, 0x1F53D, 1}, {0x1F546, 0x1F64F, 1},
		{0x1F680, 0x1F6FF, 1}, {0x1F774, 0x1F77F, 1}, {0x1F7D5, 0x1F7FF, 1}, {0x1F80C, 0x1F80F, 1},
		{0x1F848, 0x1F84F, 1}, {0x1F85A, 0x1F85F, 1}, {0x1F888, 0x1F88F, 1}, {0x1F8AE, 0x1F8FF, 1},
		{0x1F90C, 0x1F93A, 1}, {0x1F93C, 0x1F945, 1}, {0x1F947, 0x1FAFF, 1}, {0x1FC00, 0x1FFFD, 1},
	},
}

func property(r rune) gcb {
	switch {
	case r == '\r':
		return gcbCR
	case r == '\n':
		return gcbLF
	case r == 0x200D:
		return gcbZWJ
	case r == 0x200C:
		return gcbExtend
	case r < 0x20 || (0x7F <= r && r < 0xA0):
		return gcbControl
	case r < 0x300:
		if r == 0xA9 || r == 0xAE {
			return gcbPict
		}
		if r == 0xAD {
			return gcbControl
		}
		return gcbOther
	case 0x3041 <= r && r <= 0x3096, 0x30A1 <= r && r <= 0x30FA, 0x3400 <= r && r <= 0x4DBF,
		0x4E00 <= r && r <= 0x9FFF, 0xFF21 <= r && r <= 0xFF5A, 0xFF66 <= r && r <= 0xFF9D:
		// Kana, kanji, full-width Latin, half-width katakana: the common
		// case of Japanese text, without table lookups.
		return gcbOther
	case 0x1F1E6 <= r && r <= 0x1F1FF:
		return gcbRI
	case 0x1F3FB <= r && r <= 0x1F3FF: // emoji modifiers are Extend
		return gcbExtend
	case 0x1100 <= r && r <= 0x115F, 0xA960 <= r && r <= 0xA97C:
		return gcbL
	case 0x1160 <= r && r <= 0x11A7, 0xD7B0 <= r && r <= 0xD7C6:
		return gcbV
	case 0x11A8 <= r && r <= 0x11FF, 0xD7CB <= r && r <= 0xD7FB:
		return gcbT
	case 0xAC00 <= r && r <= 0xD7A3:
		if (r-0xAC00)%28 == 0 {
			return gcbLV
		}
		return gcbLVT
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Other_Grapheme_Extend):
		return gcbExtend
	case unicode.Is(prepend, r):
		return gcbPrepend
	case unicode.In(r, unicode.Zl, unicode.Zp), unicode.Is(unicode.Cf, r):
		return gcbControl
	case unicode.Is(unicode.Mc, r), r == 0x0E33, r == 0x0EB3:
		return gcbSpacingMark
	case unicode.Is(pictographic, r):
		return gcbPict
	}
	return gcbOther
}

// firstGrapheme returns the length in bytes of the first extended grapheme
// cluster of s (0 for an empty s). Invalid UTF-8 bytes are clusters of one.
func firstGrapheme(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return 0
	}
	prev := property(r)
	ri := prev == gcbRI
	// emoji: the cluster so far is ExtPict Extend*, and (zwj) then ZWJ (GB11).
	emoji, zwj := prev == gcbPict, false
	i := n
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		p := property(r)
		join := false
		switch {
		case prev == gcbCR && p == gcbLF: // GB3
			join = true
		case prev == gcbCR || prev == gcbLF || prev == gcbControl: // GB4
		case p == gcbCR || p == gcbLF || p == gcbControl: // GB5
		case prev == gcbL && (p == gcbL || p == gcbV || p == gcbLV || p == gcbLVT): // GB6
			join = true
		case (prev == gcbLV || prev == gcbV) && (p == gcbV || p == gcbT): // GB7
			join = true
		case (prev == gcbLVT || prev == gcbT) && p == gcbT: // GB8
			join = true
		case p == gcbExtend || p == gcbZWJ || p == gcbSpacingMark: // GB9, GB9a
			join = true
		case prev == gcbPrepend: // GB9b
			join = true
		case zwj && p == gcbPict: // GB11
			join = true
		case ri && p == gcbRI: // GB12, GB13: pairs of regional indicators
			join = true
			ri = false
			prev = gcbOther
			i += w
			continue
		}
		if !join {
			break
		}
		switch {
		case p == gcbPict:
			emoji, zwj = true, false
		case emoji && !zwj && p == gcbExtend:
		case emoji && !zwj && p == gcbZWJ:
			zwj = true
		default:
			emoji, zwj = false, false
		}
		prev = p
		i += w
	}
	return i
}
