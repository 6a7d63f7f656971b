//go:build !unix

package site

import "syscall"

func detached() *syscall.SysProcAttr { return nil }
