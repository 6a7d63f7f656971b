//go:build race

package site

// raceEnabled is true when the tests run under the race detector, which makes the
// generated corpora too slow to build: they are compared in the normal run.
const raceEnabled = true
