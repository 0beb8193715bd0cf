package names

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/piikit/piikit/internal/find"
)

// A morpheme of the text, with what the finder needs of its part of
// speech (IPA's 品詞 hierarchy).
type morph struct {
	start, end int
	kind       kind
	// alsoName: the dictionary read this word otherwise here (a place, a
	// proper or common noun) but also lists it as a family or given name
	// (石川, 恵子 in 石川 恵子です).
	alsoName bool
}

type kind uint8

const (
	other    kind = iota
	surname       // 名詞,固有名詞,人名,姓
	given         // 名詞,固有名詞,人名,名
	fullName      // 名詞,固有名詞,人名,一般
	proper        // another 名詞,固有名詞 (組織, 一般) or a word the dictionary does not know
	place         // 名詞,固有名詞,地域 and place suffixes (駅, 区, 県: 名詞,接尾,地域)
	common        // a common noun the dictionary knows (名詞,一般 / サ変接続 / 副詞可能 / 代名詞…)
	suffix        // another 名詞,接尾 (さん, 様, 部長…)
	particle      // 助詞
	verb          // 動詞
	number        // 名詞,数
	symbol        // 記号 and the rest
)

func (k kind) name() bool { return k == surname || k == given || k == fullName }

func classify(t tokenizer.Token) kind {
	pos0, _ := t.FeatureAt(0)
	pos1, _ := t.FeatureAt(1)
	pos2, _ := t.FeatureAt(2)
	switch pos0 {
	case "名詞":
		switch pos1 {
		case "固有名詞":
			switch pos2 {
			case "人名":
				switch pos3, _ := t.FeatureAt(3); pos3 {
				case "姓":
					return surname
				case "名":
					return given
				}
				return fullName
			case "地域":
				return place
			}
			return proper
		case "接尾":
			if pos2 == "地域" {
				return place
			}
			return suffix
		case "数":
			return number
		}
		if t.Class == tokenizer.UNKNOWN {
			return proper
		}
		return common
	case "助詞":
		return particle
	case "動詞":
		return verb
	}
	return symbol
}

// honorifics are written after a name and are not part of it: package
// find's and 先輩. One is refused when a character of notIn[it] follows,
// which makes it part of another word (様子, 氏名).
var (
	honorifics = append(slices.Clip(find.Honorifics), "先輩")
	notIn      = map[string]string{"様": "子式々相態", "君": "主臨", "氏": "名族", "殿": "堂様下"}
)

// honorificAt returns the length of the honorific that starts at byte i of
// text, or 0.
func honorificAt(text string, i int) int {
	for _, h := range honorifics {
		if !strings.HasPrefix(text[i:], h) {
			continue
		}
		if next, _ := utf8.DecodeRuneInString(text[i+len(h):]); strings.ContainsRune(notIn[h], next) {
			return 0
		}
		return len(h)
	}
	return 0
}

type japaneseText struct {
	text   string
	morphs []morph
	found  []find.Finding // the names before an honorific
}

func findJapanese(dst []find.Finding, text string) []find.Finding {
	toks := analyzer().Tokenize(text)
	jt := japaneseText{text: text, morphs: make([]morph, len(toks))}
	for i, t := range toks {
		m := morph{start: t.Position, end: t.Position + len(t.Surface), kind: classify(t)}
		switch m.kind {
		case place, proper, common:
			m.alsoName = utf8.RuneCountInString(t.Surface) >= 2 && listedAsName(t.Surface)
		}
		jt.morphs[i] = m
	}
	taken := 0 // end of the last finding
	start := len(dst)
	// Names before an honorific.
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r != 'さ' && r != '様' && r != 'く' && r != '君' && r != 'ち' && r != '先' && r != '氏' && r != '殿' {
			i += n
			continue
		}
		h := honorificAt(text, i)
		if h == 0 {
			i += n
			continue
		}
		if s := jt.nameBefore(i); s >= taken && s < i {
			jt.found = append(jt.found, find.Finding{Entity: find.Name, Start: s, End: i})
			dst = append(dst, find.Finding{Entity: find.Name, Start: s, End: i})
			taken = i + h
		}
		i += h
	}
	dst = jt.findRuns(dst, start)
	// Names the dictionary tags, without an honorific.
	marked := dst[start:]
	for i := 0; i < len(jt.morphs); i++ {
		if !jt.morphs[i].kind.name() {
			// 石川 恵子: two words the dictionary read as places here.
			if !jt.morphs[i].alsoName {
				continue
			}
			k := jt.partAfter(i)
			if k < 0 || !jt.morphs[k].alsoName && !jt.morphs[k].kind.name() {
				continue
			}
			i = k
		}
		s, e, last := jt.group(i)
		if e > s && !overlapsAny(marked, s, e) {
			dst = append(dst, find.Finding{Entity: find.Name, Start: s, End: e})
		}
		i = last
	}
	return dst
}

func overlapsAny(fs []find.Finding, s, e int) bool {
	for _, f := range fs {
		if f.Start < e && s < f.End {
			return true
		}
	}
	return false
}

// morphAt returns the index of the morpheme that starts at byte i, or -1.
func (jt *japaneseText) morphAt(i int) int {
	// Morphemes are in text order: a binary search, so that a text of many
	// names is not quadratic.
	k, ok := slices.BinarySearchFunc(jt.morphs, i, func(m morph, i int) int { return cmp.Compare(m.start, i) })
	if !ok {
		return -1
	}
	return k
}

// morphEnding returns the index of the morpheme that ends at byte i, or -1.
func (jt *japaneseText) morphEnding(i int) int {
	k, ok := slices.BinarySearchFunc(jt.morphs, i, func(m morph, i int) int { return cmp.Compare(m.end, i) })
	if !ok {
		return -1
	}
	return k
}

// runBefore returns the start of the run of characters of script in that
// ends at byte i, at most max characters long.
func runBefore(text string, i int, in func(rune) bool, max int) int {
	for n := 0; i > 0 && n < max; n++ {
		r, sz := utf8.DecodeLastRuneInString(text[:i])
		if !in(r) {
			break
		}
		i -= sz
	}
	return i
}

// runAfter returns the end of the run of characters of script in that
// starts at byte i.
func runAfter(text string, i int, in func(rune) bool) int {
	for i < len(text) {
		r, sz := utf8.DecodeRuneInString(text[i:])
		if !in(r) {
			break
		}
		i += sz
	}
	return i
}

// nameBefore returns the start of the name that ends at byte h, where an
// honorific starts, or h if there is none. The name is the run of kanji or
// katakana before it (a family name and a given name may be separated by
// one space), less the common words it starts with (昨日田中さん); in
// hiragana, a word the dictionary tags as a name or a listed given name.
// A role or kinship word (お母さん, 店長さん, 皆様) is not a name.
func (jt *japaneseText) nameBefore(h int) int {
	text := jt.text
	r, _ := utf8.DecodeLastRuneInString(text[:h])
	var s int
	switch {
	case kanji(r), katakana(r):
		script := kanji
		if katakana(r) {
			script = katakana
		}
		s = runBefore(text, h, script, 12)
		// Drop the common words a run of kanji starts with.
		for kanji(r) {
			k := jt.morphAt(s)
			if k < 0 || jt.morphs[k].end >= h {
				break
			}
			m := jt.morphs[k]
			if m.kind.name() || m.kind == proper || m.alsoName || utf8.RuneCountInString(text[m.start:m.end]) < 2 {
				break
			}
			s = m.end
		}
		if !jt.nameWord(s, h) {
			return h
		}
		// A family name before a space: 佐々木　美咲様, ヤマダ タロウ様.
		if p, sz := utf8.DecodeLastRuneInString(text[:s]); space(p) {
			b := runBefore(text, s-sz, script, 5)
			if b < s-sz && jt.familyBefore(b, s-sz) {
				s = b
			}
		}
		return s
	case hiragana(r):
		s = runBefore(text, h, hiragana, 6)
		if k := jt.morphEnding(h); k >= 0 && jt.morphs[k].kind.name() && jt.morphs[k].start >= s {
			s = jt.morphs[k].start
		} else {
			found := false
			for b := s; b < h; {
				if utf8.RuneCountInString(text[b:h]) >= 2 && givenJA[text[b:h]] {
					s, found = b, true
					break
				}
				_, sz := utf8.DecodeRuneInString(text[b:])
				b += sz
			}
			if !found {
				return h
			}
		}
		// A family name in kanji straight before: 山田さくらさん.
		if k := jt.morphEnding(s); k >= 0 && jt.morphs[k].kind == surname {
			s = jt.morphs[k].start
		}
		return s
	}
	return h
}

// nameWord reports whether text[s:e], before an honorific, reads as a
// name: not a role word and not one common word the dictionary knows
// (母, 担任), unless it is a listed given name (紬, 陽翔).
func (jt *japaneseText) nameWord(s, e int) bool {
	if s >= e {
		return false
	}
	w := jt.text[s:e]
	if roleJA[w] {
		return false
	}
	if givenJA[w] {
		return true
	}
	k := jt.morphAt(s)
	if k >= 0 && jt.morphs[k].end == e && !jt.morphs[k].alsoName {
		switch jt.morphs[k].kind {
		case common, suffix, number, symbol, particle, verb:
			return false
		}
	}
	return true
}

// familyBefore reports whether text[s:e], a run before a space and a
// given name, is a family name: a word the dictionary tags as a name, or
// proper nouns and unknown words only (ヤマダ is tagged a place).
func (jt *japaneseText) familyBefore(s, e int) bool {
	if roleJA[jt.text[s:e]] {
		return false
	}
	k := jt.morphAt(s)
	if k < 0 {
		return false
	}
	for ; k < len(jt.morphs) && jt.morphs[k].end <= e; k++ {
		m := jt.morphs[k]
		switch {
		case m.kind.name(), m.kind == proper, m.kind == place, m.alsoName:
		case m.kind == common && m.start == s && m.end == e && utf8.RuneCountInString(jt.text[s:e]) == 1: // 森　結菜様
		default:
			return false
		}
		if m.end == e {
			return true
		}
	}
	return false
}

// group reads the name that starts with the tagged morpheme i and returns
// its byte span (empty when it is not read as a name) and the index of its
// last morpheme.
//
// Tagged morphemes next to each other, or separated by one space, are one
// name. A family name also takes the short run of the same script after
// it as the given name when the dictionary does not know it (佐藤陽翔:
// 陽|翔). A name of one morpheme is kept only if it is a family name of
// more than one character in a context that is not a place's; a given name
// alone, or a one-character family name (林, 森), needs an honorific.
func (jt *japaneseText) group(i int) (start, end, last int) {
	text, ms := jt.text, jt.morphs
	start, end, last = ms[i].start, ms[i].end, i
	parts := 1
	// A word before it that is listed as a name, or a proper noun in
	// katakana, glued or after one space: タナカ|ハナコ, フジイ ユイ, 石川 恵子.
	if k := jt.partBefore(i); k >= 0 {
		start = ms[k].start
		parts++
	}
	for {
		k := jt.partAfter(last)
		if k < 0 || !(ms[k].kind.name() || ms[k].alsoName || ms[k].kind == proper && allIn(text[ms[k].start:ms[k].end], katakana)) {
			break
		}
		end, last = ms[k].end, k
		parts++
	}
	if parts == 1 && ms[i].kind == surname {
		if e, l := jt.givenAfter(i); e > end {
			end, last = e, l
			parts++
		}
	}
	if parts > 1 {
		// The rest of a given name in kanji that the dictionary split
		// (池田悠|真, 金子陽|向): at most two more characters.
		if r, _ := utf8.DecodeLastRuneInString(text[start:end]); kanji(r) {
			e := runAfter(text, end, kanji)
			if n := utf8.RuneCountInString(text[end:e]); n > 0 && n <= 2 && !roleJA[text[end:e]] {
				if k := jt.morphAt(end); k >= 0 && jt.singles(k, e) {
					end = e
					for last+1 < len(ms) && ms[last+1].end <= e {
						last++
					}
				}
			}
		}
		return start, end, last
	}
	if ms[i].kind != surname || utf8.RuneCountInString(text[start:end]) < 2 || jt.placeContext(i) {
		return start, start, last
	}
	return start, end, last
}

// singles reports whether the morphemes from k to byte e are single
// characters or names.
func (jt *japaneseText) singles(k, e int) bool {
	for ; k < len(jt.morphs) && jt.morphs[k].start < e; k++ {
		m := jt.morphs[k]
		if m.end > e || !m.kind.name() && utf8.RuneCountInString(jt.text[m.start:m.end]) != 1 {
			return false
		}
	}
	return true
}

// partAfter returns the index of the morpheme straight after morpheme i or
// after one space, or -1.
func (jt *japaneseText) partAfter(i int) int {
	ms := jt.morphs
	j := i + 1
	if j < len(ms) && ms[j].kind == symbol && ms[j].start == ms[i].end && isOneSpace(jt.text[ms[j].start:ms[j].end]) {
		j++
	}
	if j < len(ms) && (ms[j].start == ms[i].end || isOneSpace(jt.text[ms[i].end:ms[j].start])) {
		return j
	}
	return -1
}

// partBefore returns the index of the morpheme before the name morpheme i,
// glued or after one space, that is the first part of its name: a word
// listed as a name, or a proper noun in katakana before a katakana name.
func (jt *japaneseText) partBefore(i int) int {
	ms, text := jt.morphs, jt.text
	k := i - 1
	if k >= 0 && ms[k].kind == symbol && isOneSpace(text[ms[k].start:ms[k].end]) {
		k--
	}
	if k < 0 || !(ms[k].end == ms[i].start || isOneSpace(text[ms[k].end:ms[i].start])) {
		return -1
	}
	m := ms[k]
	if m.alsoName || m.kind == proper && allIn(text[m.start:m.end], katakana) && allIn(text[ms[i].start:ms[i].end], katakana) {
		return k
	}
	return -1
}

func allIn(s string, in func(rune) bool) bool {
	for _, r := range s {
		if !in(r) {
			return false
		}
	}
	return s != ""
}

func isOneSpace(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && space(r)
}

// givenAfter returns the end of the given name after the family name
// morpheme i, when the dictionary did not tag it: a run of 1 to 3 kanji
// (or 1 to 6 katakana) of the family name's script, straight after it or
// after one space, made of single characters, unknown words or proper
// nouns, or a listed given name. It returns 0 if there is none.
func (jt *japaneseText) givenAfter(i int) (end, last int) {
	text, ms := jt.text, jt.morphs
	script, max := kanji, 3
	if r, _ := utf8.DecodeRuneInString(text[ms[i].start:]); katakana(r) {
		script, max = katakana, 6
	}
	s := ms[i].end
	if r, sz := utf8.DecodeRuneInString(text[s:]); space(r) {
		s += sz
	}
	e := runAfter(text, s, script)
	if e == s || utf8.RuneCountInString(text[s:e]) > max || roleJA[text[s:e]] {
		return 0, 0
	}
	k := jt.morphAt(s)
	if k < 0 {
		return 0, 0
	}
	listed := givenJA[text[s:e]]
	for ; k < len(ms) && ms[k].start < e; k++ {
		m := ms[k]
		if m.end > e {
			return 0, 0
		}
		ok := m.kind.name() || m.kind == proper || listed ||
			m.kind == common && utf8.RuneCountInString(text[m.start:m.end]) == 1
		if !ok {
			return 0, 0
		}
		last = k
	}
	return e, last
}

// placeContext reports whether the family name morpheme i, alone, reads as
// a place: after a place (東京都山田), before a place suffix, a noun or a
// number (山田駅, 山田線, 山田1-2-3), before a particle and a verb of going
// or living (山田に行く, 山田へ向かう; 山田に会う is a person), before で (山田で
// 待ち合わせ), or before の and a place or a person (山田の店, 山田の佐藤さん).
func (jt *japaneseText) placeContext(i int) bool {
	text, ms := jt.text, jt.morphs
	if i > 0 && ms[i-1].end == ms[i].start && ms[i-1].kind == place {
		return true
	}
	if i+1 >= len(ms) || ms[i+1].start != ms[i].end {
		return false
	}
	next := ms[i+1]
	w := text[next.start:next.end]
	switch next.kind {
	case place, number, common, proper:
		return !roleJA[w]
	case particle:
		after := ""
		if i+2 < len(ms) {
			after = text[ms[i+2].start:ms[i+2].end]
		}
		switch w {
		case "で":
			return true
		case "に", "へ", "まで":
			return movement(after)
		case "の":
			return i+2 < len(ms) && (ms[i+2].kind == place || ms[i+2].kind.name() || placeNouns[after] ||
				overlapsAny(jt.found, ms[i+2].start, ms[i+2].end))
		}
	}
	if r, _ := utf8.DecodeRuneInString(text[next.start:]); '0' <= r && r <= '9' || '０' <= r && r <= '９' {
		return true
	}
	return false
}

// movement reports verbs of going, coming and living, by their stems
// (行く, 来る, 住む, 着く, 向かう, 戻る, 帰る, 寄る, 泊まる, 引っ越す…).
func movement(w string) bool {
	for _, stem := range movementStems {
		if strings.HasPrefix(w, stem) {
			return true
		}
	}
	return false
}

var movementStems = []string{
	"行", "来", "住", "着", "向", "戻", "帰", "寄", "泊", "引っ越", "引越", "降", "乗", "通",
	"移", "遊", "出かけ", "出掛け", "入", "いく", "いっ", "いき", "いこ", "くる", "きた", "きて", "こ",
}

// placeNouns are nouns after 山田の that make 山田 a place.
var placeNouns = map[string]bool{
	"店": true, "駅": true, "近く": true, "辺り": true, "あたり": true, "方": true, "方面": true,
	"支店": true, "本店": true, "会場": true, "周辺": true, "町": true, "街": true,
}

// listedAsName reports whether the dictionary lists w as a person's name
// (a family, given or full name), whatever it read it as in this text.
func listedAsName(w string) bool { return listedAs(w, "") }

// findRuns finds the names the dictionary split or read otherwise, by the
// runs of the text: a family name the dictionary or the kana list knows
// followed, glued or after one space, by a given name (村上陽翔, 岡田　結菜,
// ヤマダツムギ, カトウ カズヤ, 藤井 さくら); a family name in katakana alone;
// a word the dictionary reads as a place here but lists as a name, alone
// before です, だ, より or a closing bracket (（石川）, 橋本より).
func (jt *japaneseText) findRuns(dst []find.Finding, start int) []find.Finding {
	text := jt.text
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		var script func(rune) bool
		switch {
		case kanji(r):
			script = kanji
		case katakana(r) && r != 'ー' && r != '・':
			script = katakana
		default:
			i += n
			continue
		}
		if p, _ := utf8.DecodeLastRuneInString(text[:i]); script(p) {
			i += n
			continue
		}
		e := runAfter(text, i, script)
		if overlapsAny(dst[start:], i, e) {
			i = e
			continue
		}
		if end := jt.runName(i, e, script); end > i {
			dst = append(dst, find.Finding{Entity: find.Name, Start: i, End: end})
			e = end
		}
		i = e
	}
	return dst
}

// runName returns the end of the name that starts the run text[s:e] of
// script, or s.
func (jt *japaneseText) runName(s, e int, script func(rune) bool) int {
	text := jt.text
	family := func(w string) bool {
		if allIn(w, katakana) {
			return familyKana[w]
		}
		return utf8.RuneCountInString(w) >= 2 && listedAs(w, "姓")
	}
	// The given name after a family name ending at byte f.
	givenAt := func(f int) int {
		g := f
		if r, sz := utf8.DecodeRuneInString(text[f:]); space(r) && f == e {
			g += sz
		}
		r, _ := utf8.DecodeRuneInString(text[g:])
		var ge int
		switch {
		case hiragana(r):
			ge = runAfter(text, g, hiragana)
			for ge > g && !givenJA[text[g:ge]] {
				_, sz := utf8.DecodeLastRuneInString(text[g:ge])
				ge -= sz
			}
			return ge
		case script(r):
			ge = runAfter(text, g, script)
		default:
			return f
		}
		w := text[g:ge]
		n := utf8.RuneCountInString(w)
		switch {
		case roleJA[w], n == 0:
			return f
		case givenJA[w], listedAs(w, "名"):
		case allIn(w, katakana) && n >= 2 && n <= 6 && !jt.commonWord(g, ge):
		case kanji(r) && n <= 2 && jt.givenMorphs(g, ge):
		default:
			return f
		}
		return ge
	}
	// The longest family name the run starts with.
	for f := e; f > s; {
		if family(text[s:f]) {
			// Inside a run the morphemes must part there, unless the rest
			// is a listed given name (ヨシダショウタ, 村上陽翔: 村|上陽|翔).
			if g := givenAt(f); g > f && (f == e || jt.morphAt(f) >= 0 || givenJA[text[f:g]] || listedAs(text[f:g], "名")) {
				return g
			}
			break
		}
		_, sz := utf8.DecodeLastRuneInString(text[s:f])
		f -= sz
	}
	if next := jt.nextWord(e); allIn(text[s:e], katakana) && familyKana[text[s:e]] && !jt.placeAfter(next) ||
		personNext(next) && utf8.RuneCountInString(text[s:e]) >= 2 && listedAsName(text[s:e]) {
		return e
	}
	return s
}

// givenMorphs reports whether the morphemes of text[s:e] can make a given
// name the dictionary does not know: names, proper nouns, single
// characters — not a place, a suffix (駅, 区) or a longer common word.
func (jt *japaneseText) givenMorphs(s, e int) bool {
	k := jt.morphAt(s)
	if k < 0 {
		return false
	}
	for ; k < len(jt.morphs) && jt.morphs[k].start < e; k++ {
		m := jt.morphs[k]
		switch {
		case m.end > e:
			return false
		case m.kind.name(), m.kind == proper, m.alsoName:
		case m.kind == common && utf8.RuneCountInString(jt.text[m.start:m.end]) == 1:
		default:
			return false
		}
	}
	return true
}

// commonWord reports whether text[s:e] is one common noun the dictionary
// knows (ナンバー, 会議).
func (jt *japaneseText) commonWord(s, e int) bool {
	k := jt.morphAt(s)
	return k >= 0 && jt.morphs[k].end == e && jt.morphs[k].kind == common && !jt.morphs[k].alsoName
}

// nextWord returns the morpheme that starts at byte e, or "".
func (jt *japaneseText) nextWord(e int) string {
	if k := jt.morphAt(e); k >= 0 {
		return jt.text[jt.morphs[k].start:jt.morphs[k].end]
	}
	return ""
}

func (jt *japaneseText) placeAfter(w string) bool {
	return w != "" && (placeNouns[w] || movement(w) || w == "で" || w == "に" || w == "へ")
}

// personNext reports the words after which a word the dictionary reads as
// a place is a person: です, だ, より, a closing bracket.
func personNext(w string) bool {
	switch w {
	case "です", "でし", "だ", "より", "）", ")", "」", "】", "』":
		return true
	}
	return false
}

// listedAs reports whether the dictionary lists w as a person's name
// (人名) of the kind sub (姓 or 名; "": any).
func listedAs(w, sub string) bool {
	d := ipa.DictShrink()
	for _, id := range d.Index.Search(w) {
		pos := d.POSTable.POSs[id]
		if len(pos) >= 3 && d.POSTable.NameList[pos[2]] == "人名" &&
			(sub == "" || len(pos) >= 4 && d.POSTable.NameList[pos[3]] == sub) {
			return true
		}
	}
	return false
}
