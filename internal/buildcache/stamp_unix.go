//go:build unix

package buildcache

import (
	"io/fs"
	"syscall"
)

func stampOf(fi fs.FileInfo) (DirStamp, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return DirStamp{}, false
	}
	return DirStamp{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}, true
}
