//go:build unix

package publish

import (
	"errors"
	"syscall"
)

func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
func isReadOnly(err error) bool { return errors.Is(err, syscall.EROFS) }
func isNotDir(err error) bool   { return errors.Is(err, syscall.ENOTDIR) }
func isTooManyFiles(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}
func isIO(err error) bool { return errors.Is(err, syscall.EIO) }
