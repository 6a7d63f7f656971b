package publish

import (
	"fmt"
	"os"
	"time"
)

// PauseVar names the environment variable of the crash tests, and of nothing else: when
// it names a point of a build — render (Hugo has written the pages into the staging directory), outputs
// (the search index is written, the registers not yet), staged (the staging directory
// is complete), swap (the directories are exchanged, the old one not yet renamed) —, the build stops there for good,
// after saying so on stderr, so that a test can kill it at that exact point and check
// what the next build finds. Unset, as it always is outside those tests, it does nothing.
const PauseVar = "XXGK_TEST_PAUSE"

// PausedMessage is the line a paused build writes to stderr at point.
func PausedMessage(point string) string { return "xxgk test: paused at " + point }

// Pause stops the build for good if PauseVar names point (tests only, see PauseVar).
func Pause(point string) {
	if os.Getenv(PauseVar) != point {
		return
	}
	fmt.Fprintln(os.Stderr, PausedMessage(point))
	for {
		time.Sleep(time.Hour) // not select{}: with no other goroutine that is a crash
	}
}
