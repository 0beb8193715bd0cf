package display

import "github.com/rivo/uniseg"

// firstGrapheme returns the length in bytes of the first extended grapheme
// cluster of s (Unicode Standard Annex #29, §3.1.1), or 0 if s is empty:
// display masks count and mask user-perceived characters, so that an emoji
// with modifiers, a flag or a letter with combining marks is one
// character, never split. A cluster break is final, so each call starts
// afresh at the boundary the last one found.
func firstGrapheme(s string) int {
	g, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
	return len(g)
}
