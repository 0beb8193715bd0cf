package freetext

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/piikit/piikit/internal/find"
)

// atWords are the ways of writing an email's at sign as a word, to keep
// the address from harvesters ("taro[at]example.com", "taroアットマーク
// example.jp"); dotWords, its dots. ASCII letters in them match in any
// case. " at " and " dot " are English words as well: see checkAtWords.
var (
	atWords  = []string{"[at]", "(at)", "{at}", "<at>", "［at］", "（at）", "[@]", "(@)", "アットマーク", "あっとまーく", "＠マーク", "@マーク", " at "}
	dotWords = []string{"[.]", "(.)", "[dot]", "(dot)", "{dot}", "<dot>", "［dot］", "（dot）", "ドット", " dot "}
)

// checkAtWords refuses a text holding an email address written with its
// at sign as a word (atWords), and maybe its dots (dotWords): the text
// with each such word read as "@" or "." (and the spaces around it
// dropped) has an email there. With " at " the address must also have a
// dot word, or a local part that is no English word (a dot, a digit or
// "_" in it): "I work at example.com" passes, "taro.yamada at
// example.co.jp" does not.
func (p *Protector) checkAtWords(text string) error {
	if p.rules[find.Email] == nil || !hasAtWord(text) {
		return nil
	}
	read := make([]byte, 0, len(text))
	var ats, dots []wordSpan
	for i := 0; i < len(text); {
		w, at := wordAt(text[i:])
		if w == "" {
			read = append(read, text[i])
			i++
			continue
		}
		read = bytes.TrimRight(read, " ") // in place: a copy per word would be quadratic
		s := wordSpan{start: len(read), plain: w == " at " || strings.EqualFold(w, " dot ")}
		if at {
			read = append(read, '@')
			ats = append(ats, s)
		} else {
			read = append(read, '.')
			dots = append(dots, s)
		}
		for i += len(w); i < len(text) && text[i] == ' '; i++ {
		}
	}
	fs, err := p.plain.Find(string(read))
	if err != nil {
		return nil // the text itself is checked as it is
	}
	for _, f := range fs {
		if f.Entity != find.Email {
			continue
		}
		inDots := between(dots, f.Start, f.End)
		for _, d := range inDots {
			if !d.plain {
				return fmt.Errorf("freetext: %w: an email written with its dots as words ([.], [dot]…), which the finders do not read", ErrInvalidValue)
			}
		}
		for _, a := range between(ats, f.Start, f.End) {
			if !a.plain || bytes.ContainsAny(read[f.Start:a.start], "._0123456789") || len(inDots) > 0 {
				return fmt.Errorf("freetext: %w: an email written with its at sign as a word ([at], アットマーク…), which the finders do not read", ErrInvalidValue)
			}
		}
	}
	return nil
}

// wordSpan is where an at or dot word was read as "@" or ".".
type wordSpan struct {
	start int
	plain bool // " at ", " dot ": English words as well
}

// between returns the spans, sorted by start, that start in [start, end):
// a binary search, not a pass over all of them per email.
func between(spans []wordSpan, start, end int) []wordSpan {
	at := func(s wordSpan, off int) int { return s.start - off }
	i, _ := slices.BinarySearchFunc(spans, start, at)
	j, _ := slices.BinarySearchFunc(spans[i:], end, at)
	return spans[i : i+j]
}

// wordAt returns the at or dot word s starts with, and whether it is an at
// word.
func wordAt(s string) (string, bool) {
	for k, ws := range [2][]string{atWords, dotWords} {
		for _, w := range ws {
			if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
				return s[:len(w)], k == 0
			}
		}
	}
	return "", false
}

// hasAtWord reports whether text may hold an at word or a dot word that
// checkAtWords would read as part of an email: "at" or "dot" in brackets
// (ASCII or full-width), "[.]", "(.)", a Japanese one, or " at " after a
// word with a dot, digit or "_" in it or in a text with " dot ".
func hasAtWord(text string) bool {
	spacedAt := 0 // whether text has " at " in any case: 0 not looked at yet, 1 yes, -1 no
	for i := 1; i+2 < len(text); i++ {
		c := text[i-1]
		if c != ' ' && c != '[' && c != '(' && c != '<' && c != '{' && c != 0xBB && c != 0x88 {
			continue // not after a space, an ASCII bracket or ［ （ (EF BC BB, EF BC 88)
		}
		switch {
		case text[i]|0x20 == 'd' && text[i+1]|0x20 == 'o' && text[i+2]|0x20 == 't':
			if c != ' ' {
				return true
			}
			if spacedAt == 0 {
				spacedAt = -1
				if strings.Contains(strings.ToLower(text), " at ") {
					spacedAt = 1
				}
			}
			if spacedAt > 0 {
				return true
			}
			// " dot" as an English word: an at word may still follow
			// ("a dotted line; taro[at]example.com").
		case text[i]|0x20 != 'a' || text[i+1]|0x20 != 't':
		case c != ' ':
			return true
		case text[i+2] == ' ':
			word := text[:i-1]
			word = word[strings.LastIndexByte(word, ' ')+1:]
			if strings.ContainsAny(word, "._0123456789") {
				return true
			}
		}
	}
	for _, w := range []string{"[.]", "(.)", "[@]", "(@)", "ドット", "マーク", "あっと"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}
