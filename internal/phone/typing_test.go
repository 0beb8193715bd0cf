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
