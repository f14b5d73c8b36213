package publish

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
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
	if !validPath(p) {
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

// validPath reports whether p may name a file of a site: a valid fs.FS
// path, no control characters or backslashes (which would mean something
// else on Windows), and not one of the names sitrep keeps for itself.
func validPath(p string) bool {
	if !fs.ValidPath(p) || p == "." || p == ManifestName || strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return false
	}
	for part := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(part, tempPrefix) {
			return false
		}
	}
	return true
}
