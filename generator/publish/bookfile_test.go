package publish

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Other packages' bookkeeping files are written whole, read back, removed
// with nil, and may not take publish's own names or leave the folder;
// only their own leftover temporary files are cleared.
func TestBookFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	p, err := Open(context.Background(), out, Options{Command: "build"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	book := bookDir(out)
	if _, err := p.ReadBookFile("cache"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("read before write: %v, want not exist", err)
	}
	mine := filepath.Join(book, tempOf("cache")+"dead")
	other := filepath.Join(book, tempOf(markerName)+"inflight")
	for _, f := range []string{mine, other} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.WriteBookFile("cache", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if b, err := p.ReadBookFile("cache"); err != nil || string(b) != "one" {
		t.Fatalf("read = %q, %v", b, err)
	}
	if _, err := os.Stat(mine); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a killed write's temporary file stayed: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another file's temporary file was removed: %v", err)
	}
	if err := p.WriteBookFile("cache", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := p.ReadBookFile("cache"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after removal: %v", err)
	}
	for _, bad := range []string{"", "..", markerName, lockName, ownerName, spareName, journal, "a/b", `a\b`, tempPrefix + "x"} {
		if err := p.WriteBookFile(bad, []byte("x")); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("WriteBookFile(%q) = %v, want refused", bad, err)
		}
		if _, err := p.ReadBookFile(bad); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("ReadBookFile(%q) = %v, want refused", bad, err)
		}
	}
}
