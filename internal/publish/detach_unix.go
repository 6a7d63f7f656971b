//go:build unix

package publish

import "syscall"

// detached starts a process in its own session, so that it survives the build and
// a Ctrl-C in the terminal does not reach it.
func detached() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
