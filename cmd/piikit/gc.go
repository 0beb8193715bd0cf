package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// An export allocates fast over a small live heap: Tink's AES-SIV alone
// builds about 1 KB of cipher state per token, and the users table's live
// heap is a few MB. With Go's default target (twice the live heap) that is
// a collection every few MB, and on a loaded machine each stop of the world
// costs milliseconds of CPU. gcHeadroom keeps the target about gcSpare
// above the live heap instead while a run streams, so memory stays flat (it
// does not grow with the input) and collections are several times fewer.
// A GOGC set in the environment wins (an empty GOGC is Go's default, as
// the runtime reads it, so the headroom applies).
const (
	gcSpare    = 24 << 20
	gcMaxPct   = 800 // the target is at most 9× a tiny live heap
	gcInterval = 100 * time.Millisecond
)

// gcPercent is the GOGC that leaves about gcSpare above a live heap of
// live bytes, never below Go's default of 100.
func gcPercent(live uint64) int {
	if live == 0 {
		return 100
	}
	return int(min(max(gcSpare*100/live, 100), gcMaxPct))
}

// gcRuns counts the runs under gcHeadroom (tests run several at once): the
// first sets the target, the last restores GOGC.
var gcRuns struct {
	sync.Mutex
	n    int
	prev int
	stop chan struct{}
	done chan struct{}
}

// gcHeadroom sets the collector's target from the live heap now and every
// gcInterval until the returned function is called, which restores GOGC.
func gcHeadroom() (stop func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	gcRuns.Lock()
	defer gcRuns.Unlock()
	if gcRuns.n++; gcRuns.n == 1 {
		gcRuns.prev = debug.SetGCPercent(100)
		gcRuns.stop, gcRuns.done = make(chan struct{}), make(chan struct{})
		go gcTune(gcRuns.stop, gcRuns.done)
	}
	return func() {
		gcRuns.Lock()
		defer gcRuns.Unlock()
		if gcRuns.n--; gcRuns.n == 0 {
			close(gcRuns.stop)
			<-gcRuns.done
			debug.SetGCPercent(gcRuns.prev)
		}
	}
}

// gcTune sets the target from the live heap every gcInterval until stop is
// closed, then closes done.
func gcTune(stop, done chan struct{}) {
	defer close(done)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	pct := 100
	tune := func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if p := gcPercent(sample[0].Value.Uint64()); p*10 < pct*9 || p*10 > pct*11 {
			pct = p
			debug.SetGCPercent(p)
		}
	}
	tune()
	t := time.NewTicker(gcInterval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			tune()
		}
	}
}
