package publish

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// ManifestName is the file, at the top of every output folder sitrep
// publishes, that records what sitrep wrote there.
const ManifestName = ".sitrep-manifest"

// manifestHeader starts every manifest; the number is the format version.
const manifestHeader = "sitrep-manifest 1"

// Digest is the SHA-256 of a file's bytes.
type Digest [sha256.Size]byte

// DigestOf returns the digest of data.
func DigestOf(data []byte) Digest { return sha256.Sum256(data) }

// String is the digest in lower-case hex.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// Entry is what a manifest records of one file.
type Entry struct {
	Digest Digest
	Size   int64
}

// Manifest is sitrep's record of the files it wrote into an output
// folder: slash-separated paths relative to the folder, each with the
// digest and size of the bytes written. sitrep deletes or replaces only
// files a manifest names; anything else in the folder is someone else's.
//
// On disk (ManifestName) it is text, so that it diffs and greps well:
//
//	sitrep-manifest 1
//	<sha256 in hex> <size in bytes> <path, Go-quoted>
//
// one line per file, sorted by path, every line ending in "\n". The number
// in the first line is the format's version; a reader refuses versions it
// does not know. The manifest is part of the tree it describes and is
// replaced with it, so it always describes exactly that tree; the same
// site and moment give the same manifest, byte for byte.
type Manifest struct {
	Files map[string]Entry
}

// Paths returns the manifest's paths, sorted.
func (m *Manifest) Paths() []string { return slices.Sorted(maps.Keys(m.Files)) }

// WriteTo writes the manifest in its text form.
func (m *Manifest) WriteTo(w io.Writer) (int64, error) {
	paths := m.Paths()
	b := appendManifest(nil, paths, func(i int) Entry { return m.Files[paths[i]] })
	n, err := w.Write(b)
	return int64(n), err
}

// appendManifest appends the text form of a manifest of the sorted paths.
func appendManifest(b []byte, sorted []string, entry func(i int) Entry) []byte {
	b = append(b, manifestHeader+"\n"...)
	for i, p := range sorted {
		b = appendLine(b, p, entry(i))
	}
	return b
}

// appendLine appends one file's line of a manifest.
func appendLine(b []byte, p string, e Entry) []byte {
	b = hex.AppendEncode(b, e.Digest[:])
	b = append(b, ' ')
	b = strconv.AppendInt(b, e.Size, 10)
	b = append(b, ' ')
	b = strconv.AppendQuote(b, p)
	return append(b, '\n')
}

// manifestText makes the text of the manifests a publisher writes. After
// a save most files keep their digest and size: their lines are copied
// from the previous text instead of being formatted again.
type manifestText struct {
	text, spare []byte
	gen         int     // the paths the text is of (Publisher.pathsGen)
	ends        []int   // where each path's line ends in text
	entries     []Entry // each path's entry in text
}

// build returns the text of the manifest of the sorted paths, which are
// those of generation gen. The result is valid until the next call.
func (m *manifestText) build(gen int, sorted []string, entry func(i int) Entry) []byte {
	reuse := m.gen == gen && len(m.entries) == len(sorted)
	if !reuse {
		m.ends, m.entries = make([]int, len(sorted)), make([]Entry, len(sorted))
	}
	b := append(m.spare[:0], manifestHeader+"\n"...)
	start := len(b)
	for i, p := range sorted {
		e := entry(i)
		if reuse && m.entries[i] == e {
			b = append(b, m.text[start:m.ends[i]]...)
		} else {
			b = appendLine(b, p, e)
		}
		start = m.ends[i]
		m.ends[i], m.entries[i] = len(b), e
	}
	m.text, m.spare, m.gen = b, m.text, gen
	return b
}

// Bytes is the manifest in its text form.
func (m *Manifest) Bytes() []byte {
	paths := m.Paths()
	return appendManifest(nil, paths, func(i int) Entry { return m.Files[paths[i]] })
}

// ReadManifest parses a manifest in its text form. It refuses anything
// that is not exactly what WriteTo writes, except for the order of lines.
func ReadManifest(r io.Reader) (*Manifest, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() {
		return nil, errors.New("manifest: empty")
	}
	if head := sc.Text(); head != manifestHeader {
		if v, ok := strings.CutPrefix(head, "sitrep-manifest "); ok {
			return nil, fmt.Errorf("manifest: version %q is not known to this sitrep (it reads version 1)", v)
		}
		return nil, errors.New("manifest: not a sitrep manifest")
	}
	m := &Manifest{Files: map[string]Entry{}}
	for n := 2; sc.Scan(); n++ {
		line := sc.Text()
		dig, rest, ok1 := strings.Cut(line, " ")
		size, quoted, ok2 := strings.Cut(rest, " ")
		var e Entry
		d, err := hex.DecodeString(dig)
		if !ok1 || !ok2 || err != nil || len(d) != len(e.Digest) {
			return nil, fmt.Errorf("manifest: line %d: want \"<sha256> <size> <path>\"", n)
		}
		copy(e.Digest[:], d)
		if e.Size, err = strconv.ParseInt(size, 10, 64); err != nil || e.Size < 0 {
			return nil, fmt.Errorf("manifest: line %d: bad size %q", n, size)
		}
		p, err := strconv.Unquote(quoted)
		if err != nil || !validPath(p) {
			return nil, fmt.Errorf("manifest: line %d: bad path %s", n, quoted)
		}
		if _, dup := m.Files[p]; dup {
			return nil, fmt.Errorf("manifest: line %d: %s listed twice", n, quoted)
		}
		m.Files[p] = e
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	return m, nil
}
