//go:build !unix

package publish

import "syscall"

func detached() *syscall.SysProcAttr { return nil }
