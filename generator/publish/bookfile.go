package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Bookkeeping files of other packages (the build cache) live in the
// output folder's bookkeeping folder beside publish's own, written while
// the Publisher holds the lock.

// ReadBookFile returns the bookkeeping file name (a plain name, no
// folders) as the last WriteBookFile left it; fs.ErrNotExist if there is
// none.
func (p *Publisher) ReadBookFile(name string) ([]byte, error) {
	if !bookFileName(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	return os.ReadFile(filepath.Join(p.book, name))
}

// WriteBookFile writes the bookkeeping file name whole, through a
// temporary file and a rename, so that a reader sees the old bytes or
// the new ones; nil data removes it. The file is not synced: its owner
// must recognise a torn one (a checksum) and ignore it. Temporary files a
// killed process left behind for this file are removed first: under the lock no other
// process writes one.
func (p *Publisher) WriteBookFile(name string, data []byte) error {
	if !bookFileName(name) {
		return &fs.PathError{Op: "write", Path: name, Err: fs.ErrInvalid}
	}
	dst := filepath.Join(p.book, name)
	if data == nil {
		if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	es, _ := os.ReadDir(p.book)
	for _, e := range es {
		if strings.HasPrefix(e.Name(), tempOf(name)) && e.Type().IsRegular() {
			os.Remove(filepath.Join(p.book, e.Name()))
		}
	}
	return writeAtomic(dst, data)
}

// bookFileName reports a name another package may use in the
// bookkeeping folder: a plain name that is none of publish's own.
func bookFileName(name string) bool {
	switch name {
	case "", ".", "..", markerName, lockName, ownerName, spareName, journal, ManifestName, statCache, folderCacheName, oldName:
		return false
	}
	return !strings.ContainsAny(name, `/\`) && !strings.HasPrefix(name, tempPrefix)
}
