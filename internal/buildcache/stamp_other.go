//go:build !unix

package buildcache

import "io/fs"

// stampOf gives no stamp where the system has no inodes: such a build walks the
// directory it renders into.
func stampOf(fs.FileInfo) (DirStamp, bool) { return DirStamp{}, false }
