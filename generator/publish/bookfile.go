package publish

import (
	"encoding/binary"
	"errors"
	"hash"
	"hash/crc32"
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

// Seal appends the checksum of b to it: a bookkeeping file that ends in
// the checksum of the rest is told from a torn or corrupted one by
// Unseal. The checksum is a CRC-32C (Castagnoli), as storage engines use
// for their blocks: it catches a torn write or flipped bits as surely as
// a cryptographic digest would, and these files guard against nothing
// else (whoever can write them can write the output folder). Computed by
// the processor's own instruction, it costs a twentieth of a SHA-256: a
// 10,000-incident site's parse cache is 20 MB, read or written by every
// build.
func Seal(b []byte) []byte {
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// NewSeal returns the hash whose sum Seal appends, for a file written as
// it is made: write every byte through it, then the sum.
func NewSeal() hash.Hash32 { return crc32.New(castagnoli) }

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Unseal returns what follows header in a file Seal ended: an error if b
// does not start with header (another format or version) or does not end
// in the checksum of the rest (torn or corrupted).
func Unseal(b []byte, header string) ([]byte, error) {
	if !strings.HasPrefix(string(b), header) {
		return nil, errors.New("not of this format")
	}
	if len(b) < len(header)+crc32.Size {
		return nil, errors.New("truncated")
	}
	body, sum := b[:len(b)-crc32.Size], b[len(b)-crc32.Size:]
	if binary.BigEndian.Uint32(sum) != crc32.Checksum(body, castagnoli) {
		return nil, errors.New("checksum mismatch (torn or corrupted)")
	}
	return body[len(header):], nil
}
