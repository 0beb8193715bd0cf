package main

import (
	"syscall"
	"time"
)

// processUsage reports CPU time only: the peak working set needs psapi,
// which package syscall does not reach.
func processUsage() resourceUsage {
	h, err := syscall.GetCurrentProcess()
	if err != nil {
		return resourceUsage{}
	}
	var creation, exit, kernel, user syscall.Filetime
	if syscall.GetProcessTimes(h, &creation, &exit, &kernel, &user) != nil {
		return resourceUsage{}
	}
	// Filetimes count 100 ns; Filetime.Nanoseconds would subtract the
	// epoch of 1601, which a duration does not have.
	ticks := func(f syscall.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) }
	return resourceUsage{cpu: time.Duration(ticks(kernel)+ticks(user)) * 100}
}
