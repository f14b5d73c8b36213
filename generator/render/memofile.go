package render

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/sitrep/sitrep/generator/publish"
)

// memoHeader starts a saved memo; the number is the format's version.
const memoHeader = "sitrep-build-cache 2\n"

// Saved returns the last build's outputs in the form ReadMemo reads: for
// each output the memo may reuse, its path, its key and the digest of the
// file the live published tree holds for it (published). Outputs the tree
// does not hold as the build made them are left out: those the memo holds
// the bytes or the digest of are compared with the tree. Those of a lean
// memo it holds neither of are taken as the tree has them: call Saved
// only after that build was published. The form is
//
//	"sitrep-build-cache 2\n"
//	uvarint length, stamp      the program (NewMemoOf)
//	16 bytes                   the build's inputs (Start)
//	uvarint count, then count times:
//	  uvarint length, path; 16 bytes key; 32 bytes SHA-256 of the file
//	4 bytes                    CRC-32C of everything before it (publish.Seal)
//
// with the outputs sorted by path. Saved returns nil when the entries may
// not be reused by another process: the memo has no stamp, or the build's
// inputs could not all be read.
func (m *Memo) Saved(published func(path string) (publish.Digest, bool)) []byte {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.prevBlind || m.stamp == "" {
		return nil
	}
	b := []byte(memoHeader)
	b = binary.AppendUvarint(b, uint64(len(m.stamp)))
	b = append(b, m.stamp...)
	b = append(b, m.prevInputs[:]...)
	type rec struct {
		path string
		key  Sum
		dig  publish.Digest
	}
	recs := make([]rec, 0, len(m.prev))
	for _, p := range slices.Sorted(maps.Keys(m.prev)) {
		e := m.prev[p]
		if !e.output {
			continue
		}
		d, ok := published(p)
		switch {
		case !ok:
			continue
		case e.has && publish.DigestOf(e.data) != d, e.digOK && e.dig != d:
			continue // the tree holds another build's file
		}
		recs = append(recs, rec{p, e.key, d})
	}
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for _, r := range recs {
		b = binary.AppendUvarint(b, uint64(len(r.path)))
		b = append(b, r.path...)
		b = append(b, r.key[:]...)
		b = append(b, r.dig[:]...)
	}
	return publish.Seal(b)
}

// ReadMemo returns a memo (see NewMemoOf) whose previous build is the one
// saved in data (Saved). It refuses data that is not exactly what Saved
// writes: another format or version, a wrong checksum (a torn or
// corrupted file), or another program's stamp; and any with an empty
// stamp.
func ReadMemo(data []byte, stamp string, lean bool) (*Memo, error) {
	if stamp == "" {
		return nil, errors.New("this program cannot tell itself from others")
	}
	body, err := publish.Unseal(data, memoHeader)
	if err != nil {
		return nil, err
	}
	r := memoReader{b: body}
	if got := string(r.next(r.uvarint())); got != stamp {
		if r.err != nil {
			return nil, r.err
		}
		return nil, fmt.Errorf("made by another program (%q, this is %q)", got, stamp)
	}
	m := NewMemoOf(stamp, lean)
	copy(m.prevInputs[:], r.next(uint64(len(Sum{}))))
	n := r.uvarint()
	if n <= uint64(len(r.b)) { // each entry takes more than a byte
		m.prev = make(map[string]memoEntry, n)
	}
	for i := uint64(0); i < n && r.err == nil; i++ {
		path := string(r.next(r.uvarint()))
		e := memoEntry{output: true, digOK: true}
		copy(e.key[:], r.next(uint64(len(e.key))))
		copy(e.dig[:], r.next(uint64(len(e.dig))))
		if _, dup := m.prev[path]; (dup || path == "") && r.err == nil {
			r.err = fmt.Errorf("entry %d: bad or repeated path %q", i, path)
		}
		m.prev[path] = e
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errors.New("bytes after the last entry")
	}
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}

// memoReader reads a saved memo, keeping the first error.
type memoReader struct {
	b   []byte
	err error
}

func (r *memoReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("truncated")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *memoReader) next(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = errors.New("truncated")
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}
