package publish

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/generator/internal/par"
)

// fileID tells one file from another, and one version of it from the
// next, without reading it.
type fileID struct {
	Dev, Ino    uint64
	Size, MTime int64
}

type kind uint8

const (
	kFile kind = iota + 1
	kDir
	kOther // a link, or anything that is neither file nor folder
)

// node is one entry of a tree on disk.
type node struct {
	kind  kind
	ours  bool // the tree's manifest (or the journal) names it
	id    fileID
	idOK  bool
	dig   Digest
	digOK bool // dig is the digest of the bytes on disk
}

// tree is a folder on disk as scanned: every entry but the manifest, by
// slash path.
type tree struct {
	exists bool
	nodes  map[string]*node
}

func newTree() *tree { return &tree{exists: true, nodes: map[string]*node{}} }

// scan lists dir without following links, until ctx is done. ours says
// which file paths are sitrep's; about hint entries are expected. With
// dropTemps, sitrep's temporary files (left by a killed process) are
// removed on the way; they are only ever made in the spare. The folders
// of each depth are read by a few workers taking the next by number:
// each read waits on the file system, and a goroutine per folder costs
// the scheduler more than the read. A leaf folder that folders knows by
// its identity is not listed again (see folderCache); folders may be nil.
func scan(ctx context.Context, dir string, ours func(string) bool, dropTemps bool, hint int, folders *folderCache) (*tree, error) {
	t := newTree()
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		t.exists = false
		return t, nil
	}
	t.nodes = make(map[string]*node, hint)
	type result struct {
		paths []string
		nodes []node
		sub   []folder
		err   error
	}
	sd := scanner{dir: dir, ours: ours, dropTemps: dropTemps, folders: folders}
	for level := []folder{{rel: "."}}; len(level) > 0; {
		res := make([]result, len(level))
		forEach(len(level), func(i int) {
			if err := ctx.Err(); err != nil {
				res[i].err = context.Cause(ctx)
				return
			}
			r := &res[i]
			r.paths, r.nodes, r.sub, r.err = sd.scanDir(level[i])
		})
		level = nil
		for i := range res {
			r := &res[i]
			if r.err != nil {
				return t, r.err
			}
			for j, p := range r.paths {
				t.nodes[p] = &r.nodes[j]
			}
			level = append(level, r.sub...)
		}
	}
	return t, nil
}

// folder is a folder to scan, and its identity when its parent read it.
type folder struct {
	rel  string
	id   fileID
	idOK bool
}

type scanner struct {
	dir       string
	ours      func(string) bool
	dropTemps bool
	folders   *folderCache
}

// scanDir reads the folder d: the paths of its entries and their nodes,
// in the same order, and its folders to read next. A file's identity is
// read relative to the open folder; so is a folder's, and when the cache
// knows that identity as a leaf folder its entries are taken from it
// (their identities read relative to this folder) instead of listing it.
func (sd *scanner) scanDir(d folder) ([]string, []node, []folder, error) {
	rel := d.rel
	full := filepath.Join(sd.dir, filepath.FromSlash(rel))
	f, err := openDir(full)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	es, err := f.ReadDir(-1)
	if err != nil {
		return nil, nil, nil, err
	}
	paths := make([]string, 0, len(es))
	nodes := make([]node, 0, len(es)) // one allocation for the folder's nodes
	var sub []folder
	leaf := d.idOK && sd.folders != nil // no folder in it (so far), nothing skipped
	var entries []leafEntry
	for _, e := range es {
		name := e.Name()
		p := name
		if rel != "." {
			p = rel + "/" + name
		}
		if p == ManifestName {
			leaf = false
			continue
		}
		if strings.HasPrefix(name, tempPrefix) && sd.dropTemps {
			if err := os.Remove(filepath.Join(full, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, nil, nil, err
			}
			leaf = false
			continue
		}
		n := node{kind: kOther, ours: sd.ours(p)}
		switch {
		case e.Type().IsRegular():
			n.kind = kFile
			if n.id, n.idOK, err = fileIDAt(f, name); err != nil {
				return nil, nil, nil, err
			}
		case e.IsDir():
			n.kind, n.ours = kDir, false
			leaf = false
			sf := folder{rel: p}
			if sd.folders != nil {
				if sf.id, sf.idOK, err = fileIDAt(f, name); err != nil {
					return nil, nil, nil, err
				}
				if cached, ok := sd.folders.get(sf.id); ok && sf.idOK {
					if ps, ns, ok := sd.known(f, name, p, cached); ok {
						paths, nodes = append(paths, ps...), append(nodes, ns...)
						break
					}
				}
			}
			sub = append(sub, sf)
		}
		if leaf {
			entries = append(entries, leafEntry{name: name, file: n.kind == kFile})
		}
		paths = append(paths, p)
		nodes = append(nodes, n)
	}
	if leaf {
		sd.folders.put(d.id, entries)
	}
	return paths, nodes, sub, nil
}

// known returns the entries of the leaf folder name (path p) of the open
// folder parent as the cache has them, with the identities of its files
// read now; ok is false when one cannot be read (the folder is then
// listed).
func (sd *scanner) known(parent *os.File, name, p string, cached []leafEntry) ([]string, []node, bool) {
	paths := make([]string, 0, len(cached))
	nodes := make([]node, 0, len(cached))
	for _, e := range cached {
		q := p + "/" + e.name
		n := node{kind: kOther, ours: sd.ours(q)}
		if e.file {
			n.kind = kFile
			var err error
			if n.id, n.idOK, err = fileIDAt(parent, name+"/"+e.name); err != nil {
				return nil, nil, false
			}
		}
		paths = append(paths, q)
		nodes = append(nodes, n)
	}
	return paths, nodes, true
}

// digestCache remembers the digests of files by identity, so that a tree
// can be verified with stat calls instead of reading every file.
type digestCache struct {
	mu sync.Mutex
	m  map[fileID]Digest
}

func (c *digestCache) get(id fileID) (Digest, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.m[id]
	return d, ok
}

func (c *digestCache) put(id fileID, d Digest) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[fileID]Digest{}
	}
	c.m[id] = d
}

// verify fills in the digests of the named file nodes of t (in dir), from
// the cache where their identity is known, else by reading them. A file
// that cannot be read keeps no digest: it matches nothing.
func (c *digestCache) verify(dir string, t *tree, paths []string) {
	var todo []string
	for _, p := range paths {
		n := t.nodes[p]
		if n == nil || n.kind != kFile || n.digOK {
			continue
		}
		if n.idOK {
			if d, ok := c.get(n.id); ok {
				n.dig, n.digOK = d, true
				continue
			}
		}
		todo = append(todo, p)
	}
	forEach(len(todo), func(i int) {
		n := t.nodes[todo[i]]
		d, err := digestFile(filepath.Join(dir, filepath.FromSlash(todo[i])))
		if err != nil {
			return
		}
		n.dig, n.digOK = d, true
		if n.idOK {
			c.put(n.id, n.dig)
		}
	})
}

// digestFile reads the file name and returns its digest.
func digestFile(name string) (Digest, error) {
	var d Digest
	f, err := os.Open(name)
	if err != nil {
		return d, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return d, err
	}
	h.Sum(d[:0])
	return d, nil
}

// forEach runs f for 0..n-1 on a few goroutines: file system calls block,
// so more than one per core keeps the disk busy.
func forEach(n int, f func(i int)) { par.Each(n, 2*runtime.GOMAXPROCS(0), f) }

const cacheHeader = "sitrep-stat-cache 1\n"

// load reads a cache saved by save. On a file system with coarse times (a
// modification time in whole seconds) a file could change again without
// its time changing, so there entries for files modified less than two
// seconds before the cache was written are dropped.
func (c *digestCache) load(name string) {
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return
	}
	trustBefore := fi.ModTime().Add(-2 * time.Second).UnixNano()
	r := bufio.NewReader(f)
	if head, err := r.ReadString('\n'); err != nil || head != cacheHeader {
		return
	}
	var rec [4*8 + sha256.Size]byte
	for {
		if _, err := io.ReadFull(r, rec[:]); err != nil {
			return
		}
		id := fileID{
			Dev: binary.LittleEndian.Uint64(rec[0:]), Ino: binary.LittleEndian.Uint64(rec[8:]),
			Size: int64(binary.LittleEndian.Uint64(rec[16:])), MTime: int64(binary.LittleEndian.Uint64(rec[24:])),
		}
		if id.MTime%int64(time.Second) != 0 || id.MTime < trustBefore {
			c.put(id, Digest(rec[32:]))
		}
	}
}

// save writes the entries for the files of the given trees.
func (c *digestCache) save(name string, trees ...*tree) error {
	var b []byte
	b = append(b, cacheHeader...)
	seen := map[fileID]bool{}
	for _, t := range trees {
		for _, n := range t.nodes {
			if n.kind != kFile || !n.idOK || seen[n.id] {
				continue
			}
			dig, ok := n.dig, n.digOK
			if !ok {
				dig, ok = c.get(n.id) // verified, but not marked in the node (see Stream.liveHas)
			}
			if !ok {
				continue
			}
			seen[n.id] = true
			b = binary.LittleEndian.AppendUint64(b, n.id.Dev)
			b = binary.LittleEndian.AppendUint64(b, n.id.Ino)
			b = binary.LittleEndian.AppendUint64(b, uint64(n.id.Size))
			b = binary.LittleEndian.AppendUint64(b, uint64(n.id.MTime))
			b = append(b, dig[:]...)
		}
	}
	return writeAtomic(name, b)
}

// readJournal reads the paths a killed process may have put in the spare.
func readJournal(name string) (map[string]bool, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	m := map[string]bool{}
	for line := range strings.Lines(string(b)) {
		if p, err := strconv.Unquote(strings.TrimSuffix(line, "\n")); err == nil {
			m[p] = true
		}
	}
	return m, nil
}

func writeJournal(name string, paths []string) error {
	var b []byte
	for _, p := range paths {
		b = strconv.AppendQuote(b, p)
		b = append(b, '\n')
	}
	return writeAtomic(name, b)
}
