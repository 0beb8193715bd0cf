package main

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestGCPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 100},        // no collection yet: Go's default
		{1 << 20, 800},  // a tiny heap: at most 9× it
		{6 << 20, 400},  // the users table: 24 MB spare
		{12 << 20, 200}, //
		{40 << 20, 100}, // the messages table's dictionary: Go's default
		{1 << 30, 100},  // never below it
	} {
		if got := gcPercent(tc.live); got != tc.want {
			t.Errorf("gcPercent(%d MB) = %d, want %d", tc.live>>20, got, tc.want)
		}
	}
}

func TestGCHeadroomRestores(t *testing.T) {
	t.Setenv("GOGC", "") // unset below
	for _, env := range []string{"200", "", "unset"} {
		if env == "unset" {
			// t.Setenv above restores the environment after the test.
			os.Unsetenv("GOGC")
		} else {
			os.Setenv("GOGC", env)
		}
		// 137 is a percent neither Go's default nor one gcHeadroom picks
		// for this test's small live heap.
		before := debug.SetGCPercent(137)
		stop := gcHeadroom()
		during := debug.SetGCPercent(137)
		stop()
		if got := debug.SetGCPercent(before); got != 137 {
			t.Errorf("GOGC=%q: after the run the percent is %d, want 137 restored", env, got)
		}
		// Only a GOGC with a value wins: the runtime reads an empty one
		// as its default, and so does the headroom.
		if applied := during != 137; applied != (env != "200") {
			t.Errorf("GOGC=%q: the percent during the run is %d: headroom applied %v, want %v", env, during, applied, env != "200")
		}
	}
}
