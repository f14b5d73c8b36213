// Package publish holds a rendered site in memory and writes it to disk.
// Nothing reaches disk until the whole site has rendered; then only changed
// files are written, each whole (temporary file and rename), and files the
// site no longer has are removed.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Site is a rendered site: file paths (slash-separated, relative) to bytes.
// Emit is safe for concurrent use.
type Site struct {
	mu    sync.Mutex
	files map[string][]byte
	err   error
}

// NewSite returns an empty site.
func NewSite() *Site { return &Site{files: map[string][]byte{}} }

// Emit adds a file. Emitting a path twice is a bug in a renderer and makes
// the build fail.
func (s *Site) Emit(p string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.files[p]; dup && s.err == nil {
		s.err = fmt.Errorf("publish: %s was rendered twice", p)
	}
	if !fs.ValidPath(p) || p == "." {
		s.err = fmt.Errorf("publish: invalid output path %q", p)
		return
	}
	s.files[p] = data
}

// Err reports a renderer bug seen by Emit.
func (s *Site) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// File returns a file's bytes.
func (s *Site) File(p string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.files[p]
	return b, ok
}

// Paths returns every file path, sorted.
func (s *Site) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.files))
}

// Len is the number of files.
func (s *Site) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files)
}

// Stats says what a sync did.
type Stats struct {
	Written   int // new or changed files
	Unchanged int
	Removed   int // stale files deleted
}

// Sync makes dir hold exactly the site's files. Files whose bytes are
// unchanged are not touched; stale files, links and the directories they
// leave empty are removed. Dotfiles and dot-directories in dir (such as
// .gitignore) are left alone. Each file is written whole: to a temporary
// file, then renamed over the old one.
//
// The tree is read once and written with plain system calls, several at a
// time: a site of 10,000 incidents has as many directories, and
// per-file path resolution dominated the build. Links found in dir are
// removed before anything is written, so no write can follow one out.
func (s *Site) Sync(dir string) (Stats, error) {
	var st Stats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()

	old, err := scan(dir)
	if err != nil {
		return st, err
	}
	// Remove what the site no longer has, and anything in the way of what
	// it has: links, and files where a directory must go or vice versa.
	needDirs := map[string]bool{".": true}
	for p := range s.files {
		for d := path.Dir(p); !needDirs[d]; d = path.Dir(d) {
			needDirs[d] = true
		}
	}
	var stale []string
	for p, kind := range old {
		_, isFile := s.files[p]
		switch {
		case kind == entryLink, kind == entryFile && !isFile, kind == entryDir && !needDirs[p]:
			stale = append(stale, p)
		}
	}
	// Deepest first, so that directories are empty by the time they go.
	slices.SortFunc(stale, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, p := range stale {
		full := filepath.Join(dir, filepath.FromSlash(p))
		kind := old[p]
		if kind == entryDir {
			if err := os.RemoveAll(full); err != nil {
				return st, err
			}
		} else {
			if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return st, err
			}
			if kind == entryFile {
				st.Removed++
			}
		}
		delete(old, p)
	}
	dirs := make([]string, 0, len(needDirs))
	for d := range needDirs {
		if old[d] != entryDir && d != "." {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs) // parents before children
	for _, d := range dirs {
		if err := os.Mkdir(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return st, err
		}
	}

	paths := slices.Sorted(maps.Keys(s.files))
	written := make([]bool, len(paths))
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf []byte // the file on disk, read again for each path
			for i := range next {
				p := paths[i]
				full := filepath.Join(dir, filepath.FromSlash(p))
				data := s.files[p]
				if old[p] == entryFile && sameFile(full, data, &buf) {
					continue
				}
				errs[i] = writeFile(full, data)
				written[i] = true
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for i := range paths {
		if written[i] && errs[i] == nil {
			st.Written++
		} else if !written[i] {
			st.Unchanged++
		}
	}
	return st, errors.Join(errs...)
}

// sameFile reports whether the file at full holds exactly data, reading it
// into *buf (kept for the next file) and no further than one byte past
// data's length.
func sameFile(full string, data []byte, buf *[]byte) bool {
	f, err := os.Open(full)
	if err != nil {
		return false
	}
	defer f.Close()
	if cap(*buf) < len(data)+1 {
		*buf = make([]byte, len(data)+1)
	}
	b := (*buf)[:len(data)+1]
	n, err := io.ReadFull(f, b)
	return n == len(data) && errors.Is(err, io.ErrUnexpectedEOF) && bytes.Equal(b[:n], data) ||
		len(data) == 0 && errors.Is(err, io.EOF)
}

type entryKind int

const (
	entryFile entryKind = iota + 1
	entryDir
	entryLink // or anything else that is neither file nor directory
)

// scan lists dir recursively without following links, skipping names
// that start with a dot: slash paths relative to dir, and what they are.
func scan(dir string) (map[string]entryKind, error) {
	t := map[string]entryKind{}
	var walk func(rel string) error
	walk = func(rel string) error {
		es, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		for _, e := range es {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			p := path.Join(rel, e.Name())
			switch {
			case e.Type().IsRegular():
				t[p] = entryFile
			case e.IsDir():
				t[p] = entryDir
				if err := walk(p); err != nil {
					return err
				}
			default:
				t[p] = entryLink
			}
		}
		return nil
	}
	return t, walk(".")
}

// writeFile writes data to full through a temporary file beside it and a
// rename, so that a reader never sees half a file.
func writeFile(full string, data []byte) error {
	tmp := filepath.Join(filepath.Dir(full), "."+filepath.Base(full)+".sitrep-tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", full, err)
	}
	if err := os.Rename(tmp, full); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Diff lists the files of s that prev lacks or holds with other bytes,
// and the files only prev has, each sorted. A nil prev has no files.
func (s *Site) Diff(prev *Site) (changed, removed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev == nil {
		return slices.Sorted(maps.Keys(s.files)), nil
	}
	prev.mu.Lock()
	defer prev.mu.Unlock()
	for p, data := range s.files {
		if old, ok := prev.files[p]; !ok || !bytes.Equal(old, data) {
			changed = append(changed, p)
		}
	}
	for p := range prev.files {
		if _, ok := s.files[p]; !ok {
			removed = append(removed, p)
		}
	}
	slices.Sort(changed)
	slices.Sort(removed)
	return changed, removed
}

// SyncFrom makes dir hold the site's files when dir is known to hold
// exactly prev, as after the previous Sync of a watch session: only the
// Diff is written and removed, without reading the disk, and directories
// left empty are removed too. With a nil prev it is Sync.
func (s *Site) SyncFrom(dir string, prev *Site) (Stats, error) {
	if prev == nil {
		return s.Sync(dir)
	}
	changed, removed := s.Diff(prev)
	st := Stats{Unchanged: s.Len() - len(changed)}
	for _, p := range changed {
		data, _ := s.File(p)
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return st, err
		}
		if err := writeFile(full, data); err != nil {
			return st, err
		}
		st.Written++
	}
	for _, p := range removed {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, err
		}
		st.Removed++
		// Remove the directories this leaves empty; Remove fails on the
		// first one that still holds something.
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if os.Remove(filepath.Join(dir, filepath.FromSlash(d))) != nil {
				break
			}
		}
	}
	return st, nil
}
