//go:build race

package ff1

// raceEnabled shortens the randomised tests under the race detector, which
// slows them about tenfold; their full runs happen without it.
const raceEnabled = true
