//go:build !unix && !windows

package main

// processUsage reports nothing where the platform offers no portable call.
func processUsage() resourceUsage { return resourceUsage{} }
