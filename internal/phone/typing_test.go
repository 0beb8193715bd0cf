package phone

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestUniformCache checks that the kept-prefix cache changes no answer:
// KeptLen warm, and again with the cache emptied, gives what it gave cold,
// and distinct prefixes have distinct cache keys ("1" and "01" too).
func TestUniformCache(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 1))
	m := ForCallingCode(81)
	keys := map[uint64]string{}
	for range 2000 {
		nsn := make([]byte, 2+r.IntN(16))
		for i := range nsn {
			nsn[i] = byte('0' + r.IntN(10))
		}
		cold := m.KeptLen(nsn)
		if warm := m.KeptLen(nsn); warm != cold {
			t.Fatalf("%s: KeptLen %d cold, %d warm", nsn, cold, warm)
		}
		for i := range uniformCache {
			uniformCache[i].Store(0)
		}
		if again := m.KeptLen(nsn); again != cold {
			t.Fatalf("%s: KeptLen %d cold, %d with the cache emptied", nsn, cold, again)
		}
		for p := 1; p <= len(nsn); p++ {
			k, ok := m.cacheKey(nsn[:p], len(nsn))
			id := fmt.Sprintf("%s/%d", nsn[:p], len(nsn))
			if ok && keys[k] != "" && keys[k] != id {
				t.Fatalf("cache key of %s and %s: both %x", keys[k], id, k)
			}
			if ok {
				keys[k] = id
			}
		}
	}
}

// TestExtensionsCache checks that the direct-mapped cache in front of
// Extensions' map changes no answer: for prefixes of many numbers of a few
// calling codes, the answers once the front is full (prefixes sharing a slot
// replace each other), through the map with the front emptied, and worked
// out anew with both emptied are the first ones.
func TestExtensionsCache(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 2))
	metas := []*Meta{ForCallingCode(81), ForCallingCode(1), ForCallingCode(44)}
	type query struct {
		m      *Meta
		prefix []byte
		l      int
		want   Extensions
	}
	var queries []query
	slots := map[uint64]map[uint64]bool{} // front slot → keys hashed to it
	for range 1500 {
		m := metas[r.IntN(len(metas))]
		nsn := make([]byte, 8+r.IntN(4))
		for i := range nsn {
			nsn[i] = byte('0' + r.IntN(10))
		}
		q := query{m: m, prefix: nsn[:1+r.IntN(3)], l: len(nsn)}
		q.want = *m.Extensions(q.prefix, q.l)
		queries = append(queries, q)
		k, _ := m.cacheKey(q.prefix, q.l)
		slot := (k * 0x9e3779b97f4a7c15) >> (64 - extFrontBits)
		if slots[slot] == nil {
			slots[slot] = map[uint64]bool{}
		}
		slots[slot][k] = true
	}
	check := func(how string) {
		t.Helper()
		for _, q := range queries {
			if got := *q.m.Extensions(q.prefix, q.l); got != q.want {
				t.Fatalf("+%d %s/%d: Extensions %v, then %v %s", q.m.cc, q.prefix, q.l, q.want, got, how)
			}
		}
	}
	check("with the front full")
	clear(extFront[:])
	check("through the map")
	clear(extFront[:])
	extCache.Clear()
	extSize.Store(0)
	check("worked out anew")
	shared := 0
	for _, keys := range slots {
		if len(keys) > 1 {
			shared++
		}
	}
	if shared < 10 {
		t.Fatalf("%d front slots shared by two prefixes: the test misses replacements", shared)
	}
}
