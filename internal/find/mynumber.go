package find

import "unicode/utf8"

// My Number context. Twelve digits with a valid check digit are a My
// Number only near a word that names one; without it they are an order,
// account or tracking number and stay. Near means: the word ends within
// contextBefore characters before the number, or starts within
// contextAfter characters after it. Sentences are not a bound: a label on
// one line and the number on the next ("マイナンバー：\n1234 5678 9012") is
// how forms are pasted into chats, and a missed My Number leaks while a
// masked order number only costs a little use.
const (
	contextBefore = 24
	contextAfter  = 12
)

// contextWords name a My Number. They are compared with full-width ASCII
// read as ASCII and ASCII letters in any case.
var contextWords = []string{
	"マイナンバ", "まいなんば", "ﾏｲﾅﾝﾊﾞ", "マイナカード", "マイナ保険証", "個人番号",
	"my number", "mynumber", "my-number", "my no.", "individual number",
}

// maxContextWord is the longest context word in bytes.
var maxContextWord = func() int {
	m := 0
	for _, w := range contextWords {
		m = max(m, len(w))
	}
	return m
}()

// MyNumberContext reports whether a context word of the My Number finder
// stands near text[s:e] (freetext also reads it, to refuse My Numbers the
// finder cannot read).
func MyNumberContext(text string, s, e int) bool {
	b := s
	for n := 0; n < contextBefore && b > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:b])
		b -= size
	}
	if hasContextWord(text[b:s], s-b) {
		return true
	}
	a := e
	for n := 0; n < contextAfter && a < len(text); n++ {
		_, size := utf8.DecodeRuneInString(text[a:])
		a += size
	}
	return hasContextWord(text[e:min(len(text), a+maxContextWord)], a-e)
}

// hasContextWord reports whether a context word is in s at an offset
// before limit.
func hasContextWord(s string, limit int) bool {
	for i := 0; i < limit; {
		for _, w := range contextWords {
			if foldedPrefix(s[i:], w) {
				return true
			}
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return false
}

// foldedPrefix reports whether s starts with w, reading full-width ASCII
// as ASCII and ASCII letters in lower case (w is in lower case).
func foldedPrefix(s, w string) bool {
	for _, c := range w {
		if s == "" {
			return false
		}
		r, n := utf8.DecodeRuneInString(s)
		if r != c && foldASCII(r) != c {
			return false
		}
		s = s[n:]
	}
	return true
}

// foldASCII reads a full-width ASCII character (and U+3000) as ASCII, and
// an ASCII letter in lower case.
func foldASCII(r rune) rune {
	r = asciiForm(r)
	if r == '\u3000' {
		r = ' '
	}
	if 'A' <= r && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}
