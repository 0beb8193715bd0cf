package surrogate

import "testing"

// BenchmarkLoadLists measures what the first use of the package pays once:
// reading and indexing the four embedded lists.
func BenchmarkLoadLists(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		js := newList(read("data/ja_surnames.tsv", "\t", true))
		jg := newList(read("data/ja_given.tsv", "\t", true))
		newList(withKanji(js.entries))
		newList(withKanji(jg.entries))
		newList(read("data/census2010_surnames.csv", ",", false))
		newList(read("data/ssa_given.csv", ",", false))
	}
}
