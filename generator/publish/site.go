package publish

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Site is a rendered site: file paths (slash-separated, relative) to
// bytes, or to the digest of a file the published tree already holds
// (Keep). Emit and Keep are safe for concurrent use.
type Site struct {
	mu    sync.Mutex
	files map[string][]byte
	kept  map[string]keptFile
	dir   string // the output folder the site was published to: where kept files are read
	err   error
}

// NewSite returns an empty site.
func NewSite() *Site { return &Site{files: map[string][]byte{}, kept: map[string]keptFile{}} }

// keptFile is a file of a site without its bytes.
type keptFile struct {
	dig  Digest
	size int64 // -1: the size the live manifest records
}

// Emit adds a file. Emitting a path twice is a bug in a renderer and makes
// the build fail.
func (s *Site) Emit(p string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.add(p) {
		s.files[p] = data
	}
}

// Keep adds a file without its bytes: the file the live published tree
// holds at p, whose digest is d, as Publisher.Published said. Publish
// links it from there, and fails if that tree no longer holds it. Keeping
// a path twice, or emitting and keeping it, makes the build fail.
func (s *Site) Keep(p string, d Digest) { s.keep(p, keptFile{d, -1}) }

// keep adds a file without its bytes and reports whether it could.
func (s *Site) keep(p string, k keptFile) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.add(p) && s.err == nil {
		s.kept[p] = k
		return true
	}
	return false
}

// add checks that p may be added. s.mu must be held.
func (s *Site) add(p string) bool {
	_, dup := s.files[p]
	if _, k := s.kept[p]; (dup || k) && s.err == nil {
		s.err = fmt.Errorf("publish: %s was rendered twice", p)
	}
	if !validPath(p) {
		s.err = fmt.Errorf("publish: invalid output path %q", p)
		return false
	}
	return true
}

// Err reports a renderer bug seen by Emit or Keep.
func (s *Site) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// File returns a file's bytes. A kept file has no bytes in memory: once
// the site is published, File reads it from the output folder and returns
// it only if it still has the digest it was kept with; before that, or
// when it changed since, File reports it missing.
func (s *Site) File(p string) ([]byte, bool) {
	s.mu.Lock()
	b, ok := s.files[p]
	k, kept := s.kept[p]
	dir := s.dir
	s.mu.Unlock()
	if ok || !kept || dir == "" {
		return b, ok
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil || DigestOf(b) != k.dig {
		return nil, false
	}
	return b, true
}

// Paths returns every file path, kept ones included, sorted.
func (s *Site) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.all()))
}

// all is every path of the site. s.mu must be held.
func (s *Site) all() map[string]bool {
	m := make(map[string]bool, len(s.files)+len(s.kept))
	for p := range s.files {
		m[p] = true
	}
	for p := range s.kept {
		m[p] = true
	}
	return m
}

// Len is the number of files, kept ones included.
func (s *Site) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files) + len(s.kept)
}

// Diff lists the files of s that prev lacks or holds with other bytes,
// and the files only prev has, each sorted. A nil prev has no files. A
// kept file is compared by its digest.
func (s *Site) Diff(prev *Site) (changed, removed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev == nil {
		return slices.Sorted(maps.Keys(s.all())), nil
	}
	prev.mu.Lock()
	defer prev.mu.Unlock()
	for p := range s.all() {
		if !s.same(prev, p) {
			changed = append(changed, p)
		}
	}
	for p := range prev.all() {
		if _, ok := s.files[p]; ok {
			continue
		}
		if _, ok := s.kept[p]; !ok {
			removed = append(removed, p)
		}
	}
	slices.Sort(changed)
	slices.Sort(removed)
	return changed, removed
}

// same reports whether prev has s's file p with the same bytes. Both
// sites' locks must be held.
func (s *Site) same(prev *Site, p string) bool {
	data, ok := s.files[p]
	old, okOld := prev.files[p]
	if ok && okOld {
		return bytes.Equal(old, data)
	}
	digest := func(t *Site, ok bool, data []byte) (Digest, bool) {
		if ok {
			return DigestOf(data), true
		}
		k, kept := t.kept[p]
		return k.dig, kept
	}
	d, ok := digest(s, ok, data)
	dOld, okOld := digest(prev, okOld, old)
	return ok && okOld && d == dOld
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
