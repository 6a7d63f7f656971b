//go:build unix

package record

import (
	"io/fs"
	"syscall"
	"time"
)

// stampOf is fi's stamp; false when it changed at or after before (or the system
// gives none), so that it may have changed again within the same tick unseen.
func stampOf(fi fs.FileInfo, before time.Time) (fileStamp, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || !fi.Mode().IsRegular() {
		return fileStamp{}, false
	}
	s := fileStamp{Size: st.Size, Dev: int64(st.Dev), Ino: int64(st.Ino), Mtime: fi.ModTime().UnixNano(),
		Ctime: time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec)).UnixNano()}
	b := before.UnixNano()
	return s, s.Mtime < b && s.Ctime < b
}
