//go:build !unix && !windows

package publish

import "os"

// Systems without file locks (js, wasip1, plan9) build without one: xxgk does not run
// as a cron job there.
func tryLock(*os.File) (bool, error) { return true, nil }

func lock(*os.File) error { return nil }
