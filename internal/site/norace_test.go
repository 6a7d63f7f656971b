//go:build !race

package site

// raceEnabled is true when the tests run under the race detector.
const raceEnabled = false
