package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestAFolderChangedBehindTheCacheIsListedAgain warms the folder cache
// with builds of new processes, then adds a file of someone else to a
// page's folder and changes a page by hand: the next process must see
// both (the file of theirs carried into the new tree, the page written
// again), as a process without the cache does.
func TestAFolderChangedBehindTheCacheIsListedAgain(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	pages := map[string]string{"a/index.html": "page a", "b/index.html": "page b", "c/index.html": "page c", "index.html": "home"}
	for range 3 {
		if _, err := publish(t, out, site(pages)); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Open(context.Background(), out, Options{Command: "build"})
	if err != nil {
		t.Fatal(err)
	}
	hits := len(p.leaves.used)
	for q := range p.cur.nodes {
		if p.cur.nodes[q].kind == kFile {
			if _, ok := p.Published(q); !ok {
				t.Errorf("%s is not known as published", q)
			}
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if hits == 0 {
		t.Fatal("the folder cache was not used")
	}

	write(t, out, map[string]string{"a/notes.txt": "mine", "b/index.html": "PAGE b"})
	p, err = Open(context.Background(), out, Options{Command: "build"})
	if err != nil {
		t.Fatal(err)
	}
	if n := p.cur.nodes["a/notes.txt"]; n == nil || n.kind != kFile || n.ours {
		t.Fatalf("a file added to a cached folder was not seen: %+v", n)
	}
	if _, ok := p.Published("b/index.html"); ok {
		t.Error("a page changed by hand is taken as published")
	}
	_, err = p.Publish(context.Background(), site(pages))
	if err := errors.Join(err, p.Close()); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a/notes.txt": "mine"}
	for q, s := range pages {
		want[q] = s
	}
	wantTree(t, out, want, "a/index.html", "b/index.html", "c/index.html", "index.html")
}

func TestABrokenFolderCacheIsIgnored(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, folderCacheName)
	fine := fileID{Dev: 1, Ino: 2, Size: 3, MTime: 1_700_000_000_123_456_789}
	coarse := fileID{Dev: 1, Ino: 3, Size: 3, MTime: 4_000_000_000 * 1e9} // whole seconds, after the cache was written
	var c folderCache
	c.put(fine, []leafEntry{{name: "index.html", file: true}})
	c.put(coarse, []leafEntry{{name: "index.html", file: true}})
	if err := c.save(name); err != nil {
		t.Fatal(err)
	}
	var next folderCache
	next.load(name)
	if es, ok := next.get(fine); !ok || len(es) != 1 || es[0] != (leafEntry{name: "index.html", file: true}) {
		t.Errorf("a folder with a fine time: %v %v", es, ok)
	}
	if _, ok := next.get(coarse); ok {
		t.Error("a folder with a coarse time, modified after the cache was written, was trusted")
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, broken := range [][]byte{b[:len(b)-1], append(append([]byte{}, b[:40]...), append([]byte{b[40] ^ 1}, b[41:]...)...)} {
		if err := os.WriteFile(name, broken, 0o600); err != nil {
			t.Fatal(err)
		}
		var c folderCache
		c.load(name)
		if len(c.m) != 0 {
			t.Error("a torn or corrupted folder cache was read")
		}
	}
}
