package publish

import (
	"encoding/binary"
	"os"
	"sync"
	"time"
)

// folderCache remembers what leaf folders (folders without folders in
// them: a page's folder, most of a site) held, by the folder's identity,
// so that a new process scanning a tree need not open and list each of
// them: one fstatat of the folder tells that it is the folder listed
// before, unmodified, and one per file gives the file's identity, as a
// scan would. A folder's modification time changes when an entry is
// added, removed or renamed in it; its identity is taken before it is
// listed, so a listing is never older than the identity it is kept under.
// Coarse times are handled as the digest cache handles them: a record of
// a folder modified less than two seconds before the cache was written,
// in whole seconds, is dropped.
type folderCache struct {
	mu    sync.Mutex
	m     map[fileID][]leafEntry // as loaded, and as found since
	dirty bool                   // found a folder the cache did not hold
	used  map[fileID]bool        // the folders of the scans since the load
}

// leafEntry is one entry of a leaf folder: a file or something else that
// is not a folder.
type leafEntry struct {
	name string
	file bool
}

func (c *folderCache) get(id fileID) ([]leafEntry, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	es, ok := c.m[id]
	if ok {
		c.use(id)
	}
	return es, ok
}

// put records the entries a leaf folder of identity id was listed with.
func (c *folderCache) put(id fileID, es []leafEntry) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[fileID][]leafEntry{}
	}
	if _, ok := c.m[id]; !ok {
		c.dirty = true
	}
	c.m[id] = es
	c.use(id)
}

func (c *folderCache) use(id fileID) {
	if c.used == nil {
		c.used = map[fileID]bool{}
	}
	c.used[id] = true
}

const folderCacheHeader = "sitrep-folder-cache 2\n"

// load reads a cache saved by save; a file that is not whole (it ends in
// the checksum of the rest, Seal's) is ignored.
func (c *folderCache) load(name string) {
	b, err := os.ReadFile(name)
	if err != nil {
		return
	}
	fi, err := os.Stat(name)
	if err != nil {
		return
	}
	rest, err := Unseal(b, folderCacheHeader)
	if err != nil {
		return
	}
	trustBefore := fi.ModTime().Add(-2 * time.Second).UnixNano()
	m := map[fileID][]leafEntry{}
	for len(rest) > 0 {
		if len(rest) < 4*8+4 {
			return
		}
		id := fileID{
			Dev: binary.LittleEndian.Uint64(rest[0:]), Ino: binary.LittleEndian.Uint64(rest[8:]),
			Size: int64(binary.LittleEndian.Uint64(rest[16:])), MTime: int64(binary.LittleEndian.Uint64(rest[24:])),
		}
		n := int(binary.LittleEndian.Uint32(rest[32:]))
		rest = rest[36:]
		es := make([]leafEntry, 0, min(n, len(rest)/3))
		for range n {
			if len(rest) < 3 {
				return
			}
			l := int(binary.LittleEndian.Uint16(rest[1:]))
			if len(rest) < 3+l {
				return
			}
			es = append(es, leafEntry{file: rest[0] == 1, name: string(rest[3 : 3+l])})
			rest = rest[3+l:]
		}
		if id.MTime%int64(time.Second) != 0 || id.MTime < trustBefore {
			m[id] = es
		}
	}
	c.m = m
}

// save writes the folders the scans since the load found, when one of
// them was not in the cache loaded.
func (c *folderCache) save(name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty && len(c.used) == len(c.m) {
		return nil
	}
	b := []byte(folderCacheHeader)
	for id := range c.used {
		es := c.m[id]
		b = binary.LittleEndian.AppendUint64(b, id.Dev)
		b = binary.LittleEndian.AppendUint64(b, id.Ino)
		b = binary.LittleEndian.AppendUint64(b, uint64(id.Size))
		b = binary.LittleEndian.AppendUint64(b, uint64(id.MTime))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(es)))
		for _, e := range es {
			var f byte
			if e.file {
				f = 1
			}
			b = append(b, f)
			b = binary.LittleEndian.AppendUint16(b, uint16(len(e.name)))
			b = append(b, e.name...)
		}
	}
	c.dirty = false
	return writeAtomic(name, Seal(b))
}
