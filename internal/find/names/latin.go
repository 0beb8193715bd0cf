package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/piikit/piikit/internal/find"
)

// A word in Latin letters: text[start:end], without a possessive 's.
type word struct {
	start, end int
	folded     string // fold(text[start:end]), for the word lists
	capital    bool   // an upper-case letter then lower-case ones (Ken, O'Brien)
	upper      bool   // two or more letters, all upper case (YAMADA)
}

func latinLetter(r rune) bool {
	return unicode.IsLetter(r) && !kanji(r) && !kana(r) || unicode.Is(unicode.Mn, r)
}

func apostrophe(r rune) bool { return r == '\'' || r == '’' }

// latinWords appends to ws the words of Latin letters of text; an
// apostrophe between letters is part of a word (O'Brien), a final 's is
// not.
func latinWords(ws []word, text string) []word {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !latinLetter(r) {
			i += n
			continue
		}
		s := i
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if latinLetter(r) {
				i += n
				continue
			}
			if apostrophe(r) {
				if q, m := utf8.DecodeRuneInString(text[i+n:]); latinLetter(q) {
					i += n + m
					continue
				}
			}
			break
		}
		w := word{start: s, end: i}
		if p := w.end - 1; p > s && (text[p] == 's' || text[p] == 'S') {
			if q, m := utf8.DecodeLastRuneInString(text[s:p]); apostrophe(q) {
				w.end = p - m
			}
		}
		w.capital, w.upper = shape(text[w.start:w.end])
		w.folded = fold(text[w.start:w.end])
		ws = append(ws, w)
	}
	return ws
}

func shape(w string) (capital, upper bool) {
	first, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(first) {
		return false, false
	}
	lower, up := 0, 1
	for _, r := range w[n:] {
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r):
			up++
		}
	}
	return lower > 0, lower == 0 && up >= 2
}

// findLatin finds names written in Latin letters:
//   - capitalized words after a cue (Dear, Hi, Mr., Thanks, attn…) or
//     before a romanized or Japanese honorific (-san, 様): any word but
//     the stop words (months, weekdays, Hi all, Dear Customer);
//   - two or three capitalized words of which the first is a listed given
//     name or family name (Taro Yamada, Sarah O'Brien), or a listed family
//     name in capitals and a capitalized word (YAMADA Taro);
//   - a listed given name or family name alone, unless a determiner comes
//     before it (the Grace period), a place word after it (Ueno station), a
//     preposition of place before a family name (moved to Nakano); a name
//     that is also an English word (May, Will, Mark, Hope, White) alone is
//     kept only in mid-sentence and not after a preposition (in May).
func findLatin(dst []find.Finding, text string) []find.Finding {
	var buf [16]word // the words of most messages
	ws := latinWords(buf[:0], text)
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if !w.capital && !w.upper || stopLatin[w.folded] {
			continue
		}
		// The run of capitalized words that starts here, up to 3.
		j := i + 1
		for j < len(ws) && j < i+3 && ws[j].capital && text[ws[j-1].end:ws[j].start] == " " &&
			ws[j-1].end == wordEnd(text, ws[j-1]) && !stopLatin[ws[j].folded] &&
			!placeAfter[ws[j].folded] {
			j++
		}
		cued := cueBefore(text, ws, i) || cueAfter(text, ws, j-1)
		if !w.capital && !(j > i+1 && listed(w.folded, true)) && !cued {
			continue // capitals alone: an acronym
		}
		first := w.folded
		ok := false
		switch {
		case cued:
			ok = w.capital || j > i+1
		case j > i+1:
			ok = (listed(first, w.upper) || ambiguousLatin[first] && w.capital) && (!ambiguousLatin[first] || anyListed(text, ws[i+1:j]))
		default:
			ok = alone(text, ws, i)
		}
		if ok {
			dst = append(dst, find.Finding{Entity: find.Name, Start: w.start, End: ws[j-1].end})
			i = j - 1
		}
	}
	return dst
}

// wordEnd is the end of w's letters with its possessive.
func wordEnd(text string, w word) int {
	e := w.end
	for e < len(text) {
		r, n := utf8.DecodeRuneInString(text[e:])
		if !latinLetter(r) && !apostrophe(r) {
			break
		}
		e += n
	}
	return e
}

func listed(w string, familyOnly bool) bool {
	if familyOnly {
		return familyLatin[w] || familyRomaji[w]
	}
	return givenLatin[w] || familyLatin[w] || givenRomaji[w] || familyRomaji[w]
}

func anyListed(text string, ws []word) bool {
	for _, w := range ws {
		f := w.folded
		if listed(f, false) && !ambiguousLatin[f] {
			return true
		}
	}
	return false
}

// cueBefore reports whether a cue word stands before word i, separated by
// spaces and at most one of , . : — a title or a greeting (Mr., Dear, Hi,
// Thanks), or a sign-off followed by a comma (Best, Ken).
func cueBefore(text string, ws []word, i int) bool {
	if i == 0 {
		return false
	}
	p := ws[i-1]
	gap := text[p.end:ws[i].start]
	if strings.Trim(gap, " ,.:") != "" || len(gap) > 3 {
		return false
	}
	c := p.folded
	return cuesBefore[c] || signOffs[c] && strings.Contains(gap, ",")
}

// cueAfter reports whether an honorific follows word i: -san, " san", or a
// Japanese one (さん, 様…).
func cueAfter(text string, ws []word, i int) bool {
	e := wordEnd(text, ws[i])
	if e > ws[i].end {
		return false // a possessive
	}
	if honorificAt(text, e) > 0 {
		return true
	}
	if e < len(text) && (text[e] == '-' || text[e] == ' ') && i+1 < len(ws) && ws[i+1].start == e+1 {
		return cuesAfter[ws[i+1].folded]
	}
	return false
}

// alone decides a listed name word i without a cue or another name word.
func alone(text string, ws []word, i int) bool {
	w := ws[i]
	f := w.folded
	if !w.capital || !listed(f, false) {
		return false
	}
	prev := ""
	if i > 0 && strings.TrimSpace(text[ws[i-1].end:w.start]) == "" {
		prev = ws[i-1].folded
	}
	if determiners[prev] {
		return false
	}
	if i+1 < len(ws) && strings.TrimSpace(text[w.end:ws[i+1].start]) == "" || i+1 < len(ws) && text[w.end:ws[i+1].start] == "-" {
		if placeAfter[ws[i+1].folded] {
			return false
		}
	}
	familyOnly := !givenLatin[f] && !givenRomaji[f]
	if familyOnly && placeBefore[prev] {
		return false
	}
	if ambiguousLatin[f] {
		if placeBefore[prev] || datePrepositions[prev] || sentenceStart(text, ws, i) {
			return false
		}
		if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(text[w.end:], " ")); '0' <= r && r <= '9' {
			return false // May 3
		}
	}
	return true
}

var datePrepositions = words(`on by until till since before after during of for`)

// sentenceStart reports whether word i starts a sentence: it is the first
// word, or ., !, ?, a line break or Japanese full stop comes before it.
func sentenceStart(text string, ws []word, i int) bool {
	from := 0
	if i > 0 {
		from = ws[i-1].end
	}
	gap := text[from:ws[i].start]
	return i == 0 || strings.ContainsAny(gap, ".!?\n。！？")
}
