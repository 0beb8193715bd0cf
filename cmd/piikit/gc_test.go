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
	for _, env := range []bool{true, false} {
		if !env {
			// t.Setenv above restores the environment after the test.
			os.Unsetenv("GOGC")
		}
		before := debug.SetGCPercent(150)
		stop := gcHeadroom()
		stop()
		if got := debug.SetGCPercent(before); got != 150 {
			t.Errorf("GOGC set %v: after the run the percent is %d, want 150 restored", env, got)
		}
	}
}
