//go:build race

package phone_test

// raceEnabled: the race detector changes allocation counts.
const raceEnabled = true
