package publish

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
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
	if data == nil {
		if !bookFileName(name) {
			return &fs.PathError{Op: "write", Path: name, Err: fs.ErrInvalid}
		}
		if err := os.Remove(filepath.Join(p.book, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	return p.WriteBookFileFunc(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteBookFileFunc is WriteBookFile of what write writes to w (buffered),
// for a file too big to hold in memory whole; when write fails, the file
// is left as it was.
func (p *Publisher) WriteBookFileFunc(name string, write func(w io.Writer) error) error {
	if !bookFileName(name) {
		return &fs.PathError{Op: "write", Path: name, Err: fs.ErrInvalid}
	}
	es, _ := os.ReadDir(p.book)
	for _, e := range es {
		if strings.HasPrefix(e.Name(), tempOf(name)) && e.Type().IsRegular() {
			os.Remove(filepath.Join(p.book, e.Name()))
		}
	}
	return writeAtomicFunc(filepath.Join(p.book, name), write)
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

// Seal appends the SHA-256 of b to it: a bookkeeping file that ends in
// the checksum of the rest is told from a torn or corrupted one by
// Unseal.
func Seal(b []byte) []byte {
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// Unseal returns what follows header in a file Seal ended: an error if b
// does not start with header (another format or version) or does not end
// in the SHA-256 of the rest (torn or corrupted).
func Unseal(b []byte, header string) ([]byte, error) {
	if !strings.HasPrefix(string(b), header) {
		return nil, errors.New("not of this format")
	}
	if len(b) < len(header)+sha256.Size {
		return nil, errors.New("truncated")
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errors.New("checksum mismatch (torn or corrupted)")
	}
	return body[len(header):], nil
}
