package publish

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// A bookkeeping file written through WriteBookFileFunc is there whole
// when the write succeeds, and as it was, with no temporary file left,
// when it fails partway.
func TestBookFileFunc(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	p, err := Open(context.Background(), out, Options{Command: "build"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	big := strings.Repeat("0123456789", 100_000) // more than the write buffer
	if err := p.WriteBookFileFunc("cache", func(w io.Writer) error {
		_, err := io.WriteString(w, big)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := p.WriteBookFileFunc("cache", func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("x", 600_000))
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("failed write = %v, want %v", err, boom)
	}
	if b, err := p.ReadBookFile("cache"); err != nil || string(b) != big {
		t.Fatalf("after a failed write: %d bytes, %v; want the %d bytes written before", len(b), err, len(big))
	}
	es, err := os.ReadDir(bookDir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.HasPrefix(e.Name(), tempOf("cache")) {
			t.Errorf("a failed write left %s", e.Name())
		}
	}
	if err := p.WriteBookFileFunc(journal, func(io.Writer) error { return nil }); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("WriteBookFileFunc(journal) = %v, want refused", err)
	}
}

// A sealed file is read back whole; cut short anywhere, with any one bit
// flipped, or under another header, it is refused.
func TestSealRefusesTornAndCorruptedFiles(t *testing.T) {
	const header = "sitrep-test 1\n"
	body := []byte("the rest of a bookkeeping file, \x00 and binary \xff bytes")
	sealed := Seal(append([]byte(header), body...))
	got, err := Unseal(sealed, header)
	if err != nil || string(got) != string(body) {
		t.Fatalf("Unseal(Seal(b)) = %q, %v", got, err)
	}
	h := NewSeal()
	h.Write(sealed[:len(sealed)-4])
	if string(h.Sum(nil)) != string(sealed[len(sealed)-4:]) {
		t.Error("NewSeal's sum is not the one Seal appends")
	}
	for n := range len(sealed) {
		if _, err := Unseal(sealed[:n], header); err == nil {
			t.Errorf("cut to %d of %d bytes: read", n, len(sealed))
		}
	}
	for i := range len(sealed) * 8 {
		b := slices.Clone(sealed)
		b[i/8] ^= 1 << (i % 8)
		if _, err := Unseal(b, header); err == nil {
			t.Errorf("bit %d flipped: read", i)
		}
	}
	if _, err := Unseal(sealed, "sitrep-test 2\n"); err == nil {
		t.Error("read under another header")
	}
}
