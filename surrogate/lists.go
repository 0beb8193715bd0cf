package surrogate

import (
	"embed"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

//go:embed data/ja_surnames.tsv data/ja_given.tsv data/census2010_surnames.csv data/ssa_given.csv
var data embed.FS

// entry is a name of a list: as written, its reading in hiragana (Japanese
// names only), its weight, and its written form folded (fold), which a
// draw compares with the name it replaces.
type entry struct {
	written, reading string
	weight           uint64
	folded           string
	forms            // written in other scripts (surrogate.go)
}

// list is a weighted list: cum[i] is the sum of the weights of entries
// 0…i, so a uniform draw below total picks entry i with probability
// weight/total.
type list struct {
	entries []entry
	cum     []uint64
	byName  map[string]int // written form → index
	// readings are the readings of the entries (Japanese lists).
	readings map[string]bool
}

func newList(es []entry) *list {
	l := &list{entries: es, cum: make([]uint64, len(es)), byName: make(map[string]int, len(es))}
	var t uint64
	for i, e := range es {
		t += e.weight
		l.cum[i] = t
		if _, ok := l.byName[e.written]; !ok {
			l.byName[e.written] = i
		}
		if e.reading != "" {
			if l.readings == nil {
				l.readings = make(map[string]bool)
			}
			l.readings[e.reading] = true
		}
	}
	return l
}

func (l *list) total() uint64 { return l.cum[len(l.cum)-1] }

// pick returns the entry that the draw x < total falls on.
func (l *list) pick(x uint64) *entry {
	i, _ := slices.BinarySearch(l.cum, x+1)
	return &l.entries[i]
}

// The lists (data/, each file says its source and licence), loaded once.
var (
	listsOnce                     sync.Once
	jaSurnames, jaGiven           *list // all Japanese entries
	jaSurnamesKanji, jaGivenKanji *list // those written with a kanji
	latinSurnames, latinGiven     *list
)

func lists() {
	listsOnce.Do(func() {
		jaSurnames = newList(read("data/ja_surnames.tsv", "\t", true))
		jaGiven = newList(read("data/ja_given.tsv", "\t", true))
		jaSurnamesKanji = newList(withKanji(jaSurnames.entries))
		jaGivenKanji = newList(withKanji(jaGiven.entries))
		latinSurnames = newList(read("data/census2010_surnames.csv", ",", false))
		latinGiven = newList(read("data/ssa_given.csv", ",", false))
	})
}

// read parses a list: "written SEP reading SEP weight" for Japanese lists
// (weight 1 when absent), "written SEP count" for Latin ones; # starts a
// comment line.
func read(path, sep string, japanese bool) []entry {
	b, err := data.ReadFile(path)
	if err != nil {
		panic("surrogate: " + err.Error()) // embedded: checked by the tests
	}
	var out []entry
	for line := range strings.Lines(string(b)) {
		line = strings.TrimRight(line, "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, sep)
		e := entry{written: f[0], weight: 1}
		w := ""
		if japanese {
			e.reading = f[1]
			if len(f) > 2 {
				w = f[2]
			}
		} else {
			e.written = titleCase(f[0])
			w = f[1]
		}
		if w != "" {
			n, err := strconv.ParseUint(w, 10, 64)
			if err != nil || n == 0 {
				panic("surrogate: bad weight in " + path)
			}
			e.weight = n
		}
		e.folded, e.forms = fold(e.written), formsOf(&e)
		out = append(out, e)
	}
	return out
}

func withKanji(es []entry) []entry {
	var out []entry
	for _, e := range es {
		if strings.ContainsFunc(e.written, isKanji) {
			out = append(out, e)
		}
	}
	return out
}

// isKanji reports whether r is of the Han script. The CJK Unified
// Ideographs block (U+4E00–U+9FFF) is all Han and nothing below U+2E80 is
// (TestIsKanji checks both), so the common cases skip the table.
func isKanji(r rune) bool {
	switch {
	case 0x4E00 <= r && r <= 0x9FFF:
		return true
	case r < 0x2E80:
		return false
	}
	return unicode.Is(unicode.Han, r)
}

// titleCase writes an upper-case census name as a name: SMITH → Smith.
func titleCase(s string) string {
	rs := []rune(strings.ToLower(s))
	if len(rs) > 0 {
		rs[0] = unicode.ToUpper(rs[0])
	}
	return string(rs)
}
