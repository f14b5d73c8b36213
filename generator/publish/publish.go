// Package publish holds a rendered site in memory and writes it to disk.
// Nothing reaches disk until the whole site has rendered; then only changed
// files are written, each whole (temporary file and rename), and files the
// site no longer has are removed.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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
	ps := make([]string, 0, len(s.files))
	for p := range s.files {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
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
// unchanged are not touched; stale files and the directories they leave
// empty are removed. Dotfiles and dot-directories in dir (such as
// .gitignore) are left alone.
func (s *Site) Sync(dir string) (Stats, error) {
	var st Stats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return st, err
	}
	defer root.Close()

	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range sortedKeys(s.files) {
		data := s.files[p]
		if old, err := root.ReadFile(p); err == nil && bytes.Equal(old, data) {
			st.Unchanged++
			continue
		}
		if err := writeFile(root, p, data); err != nil {
			return st, err
		}
		st.Written++
	}
	var stale, dirs []string
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if _, ok := s.files[p]; !ok {
			stale = append(stale, p)
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	for _, p := range stale {
		if err := root.Remove(p); err != nil {
			return st, err
		}
		st.Removed++
	}
	// Deepest first, so parents empty out before they are looked at.
	slices.SortFunc(dirs, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range dirs {
		if entries, err := fs.ReadDir(root.FS(), d); err == nil && len(entries) == 0 {
			if err := root.Remove(d); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// writeFile writes data to p inside root through a temporary file and a
// rename, so that a reader never sees half a file.
func writeFile(root *os.Root, p string, data []byte) error {
	if d := path.Dir(p); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	tmp := path.Join(path.Dir(p), "."+path.Base(p)+".sitrep-tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		root.Remove(tmp)
		return fmt.Errorf("writing %s: %w", filepath.FromSlash(p), err)
	}
	if err := root.Rename(tmp, p); err != nil {
		root.Remove(tmp)
		return err
	}
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
