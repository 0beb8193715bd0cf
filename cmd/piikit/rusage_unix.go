//go:build unix

package main

import (
	"runtime"
	"syscall"
	"time"
)

func processUsage() resourceUsage {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return resourceUsage{}
	}
	// getrusage(2) gives ru_maxrss in bytes on Darwin, in kilobytes on
	// Linux and the BSDs.
	rss := int64(ru.Maxrss)
	if runtime.GOOS != "darwin" && runtime.GOOS != "ios" {
		rss *= 1024
	}
	return resourceUsage{cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), peakRSS: rss}
}
