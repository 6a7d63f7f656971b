package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/watcher"
)

// watchedDirs are the parts of a site whose files change what is built.
var watchedDirs = []string{"content", "layouts", "data", "static", "i18n", "archetypes", "assets"}

// siteWatcher reports, in batches, the files of a site that were saved, created or
// removed.
type siteWatcher struct {
	src     string
	b       *watcher.Batcher
	changes chan []string
	errors  chan error
	done    chan struct{}
}

func newWatcher(src string) (*siteWatcher, error) {
	// Editors save a file in several steps; 100 ms gathers them into one change.
	b, err := watcher.New(100*time.Millisecond, 500*time.Millisecond, false)
	if err != nil {
		return nil, err
	}
	w := &siteWatcher{src: src, b: b, changes: make(chan []string), errors: make(chan error), done: make(chan struct{})}
	// The site directory itself, for config.toml and for watched directories created later.
	if err := b.Add(src); err != nil {
		b.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		w.addTree(filepath.Join(src, d))
	}
	go w.run()
	return w, nil
}

func (w *siteWatcher) close() {
	close(w.done)
	w.b.Close()
}

// addTree watches dir and every directory below it (fsnotify watches one directory
// at a time), returning the files found in it.
func (w *siteWatcher) addTree(dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			w.b.Add(path)
			return nil
		}
		files = append(files, path)
		return nil
	})
	return files
}

func (w *siteWatcher) run() {
	for {
		select {
		case <-w.done:
			return
		case err := <-w.b.Errors():
			select {
			case w.errors <- err:
			case <-w.done:
				return
			}
		case evs := <-w.b.Events:
			if changed := w.relevant(evs); len(changed) > 0 {
				select {
				case w.changes <- changed:
				case <-w.done:
					return
				}
			}
		}
	}
}

// relevant picks from events the files that belong to the site's sources, once
// each. A directory created (as xxgk new does for a new year) is watched from now
// on, and the files already in it count as changed.
func (w *siteWatcher) relevant(evs []fsnotify.Event) []string {
	var out []string
	add := func(f string) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	for _, ev := range evs {
		if ev.Op == fsnotify.Chmod || !w.source(ev.Name) {
			continue
		}
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			if ev.Op.Has(fsnotify.Create) {
				for _, f := range w.addTree(ev.Name) {
					if w.source(f) {
						add(f)
					}
				}
			}
			continue
		}
		add(ev.Name)
	}
	return out
}

// source reports whether file is one of the site's sources rather than an editor's
// temporary file or something outside the watched directories.
func (w *siteWatcher) source(file string) bool {
	rel, err := filepath.Rel(w.src, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	if rel == "config.toml" {
		return true
	}
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(watchedDirs, top) {
		return false
	}
	base := filepath.Base(file)
	switch {
	case strings.HasPrefix(base, ".") || strings.HasPrefix(base, "#"),
		strings.HasSuffix(base, "~"), strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"),
		strings.HasSuffix(base, ".tmp"), base == "4913": // vim's probe file
		return false
	}
	return true
}
