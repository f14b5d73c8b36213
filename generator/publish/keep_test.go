package publish

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// open opens out for a test and closes it at the end.
func open(t *testing.T, out string) *Publisher {
	t.Helper()
	p, err := Open(context.Background(), out, Options{Command: "build"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func stat(t *testing.T, name string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

func TestAKeptFileIsTakenFromThePublishedTree(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	v1 := map[string]string{"index.html": "home", "a/index.html": "page a", "b/index.html": "page b"}
	if _, err := publish(t, out, site(v1)); err != nil {
		t.Fatal(err)
	}
	// A new process knows the live tree by its manifest and the digest cache.
	p := open(t, out)
	d, ok := p.Published("a/index.html")
	if !ok || d != DigestOf([]byte("page a")) {
		t.Fatalf("Published(a/index.html) = %v, %v", d, ok)
	}
	for _, q := range []string{"missing.html", "a", ManifestName} {
		if _, ok := p.Published(q); ok {
			t.Errorf("Published(%q) says the live tree has it", q)
		}
	}
	before := stat(t, filepath.Join(out, "a", "index.html"))
	s := NewSite()
	s.Emit("index.html", []byte("home 2"))
	s.Keep("a/index.html", d)
	if b, ok := s.File("a/index.html"); ok {
		t.Errorf("a kept file has bytes before it is published: %q", b)
	}
	st, err := p.Publish(context.Background(), s)
	if err != nil || st != (Stats{Written: 1, Unchanged: 1, Removed: 1}) {
		t.Fatalf("publish: %+v, %v", st, err)
	}
	want := map[string]string{"index.html": "home 2", "a/index.html": "page a"}
	wantTree(t, out, want, "index.html", "a/index.html")
	if !os.SameFile(stat(t, filepath.Join(out, "a", "index.html")), before) {
		t.Error("the kept file was written again, not linked")
	}
	if b, ok := s.File("a/index.html"); !ok || string(b) != "page a" {
		t.Errorf("File of the kept file after publishing: %q, %v", b, ok)
	}
	if s.Len() != 2 || !slices.Equal(s.Paths(), []string{"a/index.html", "index.html"}) {
		t.Errorf("Len %d, Paths %v", s.Len(), s.Paths())
	}
	// A kept file is the same as the bytes it stands for.
	prev := site(want)
	if changed, removed := s.Diff(prev); len(changed)+len(removed) > 0 {
		t.Errorf("Diff with the same site in bytes: %v %v", changed, removed)
	}
	other := site(map[string]string{"index.html": "home 2", "a/index.html": "page A"})
	if changed, _ := other.Diff(s); !slices.Equal(changed, []string{"a/index.html"}) {
		t.Errorf("Diff with other bytes: %v", changed)
	}
	// The same publisher keeps it again, and a file can be both kept and
	// written in one site only once.
	s2 := NewSite()
	s2.Keep("a/index.html", d)
	s2.Emit("a/index.html", []byte("x"))
	if s2.Err() == nil {
		t.Error("a path both kept and emitted was accepted")
	}
	if _, ok := p.Published("index.html"); !ok {
		t.Error("the publisher does not know the file it just wrote")
	}
	s3 := NewSite()
	s3.Keep("a/index.html", d)
	s3.Keep("index.html", DigestOf([]byte("home 2")))
	if _, err := p.Publish(context.Background(), s3); err != nil {
		t.Fatal(err)
	}
	wantTree(t, out, want, "index.html", "a/index.html")
}

func TestKeepingAFileChangedSincePublishedFails(t *testing.T) {
	for _, c := range []struct {
		name   string
		tamper func(t *testing.T, file string)
	}{
		{"written in place", func(t *testing.T, file string) {
			write(t, filepath.Dir(file), map[string]string{filepath.Base(file): "tampered"})
		}},
		{"replaced", func(t *testing.T, file string) {
			write(t, filepath.Dir(file), map[string]string{"x": "page a, but other"})
			if err := os.Rename(filepath.Join(filepath.Dir(file), "x"), file); err != nil {
				t.Fatal(err)
			}
		}},
		{"removed", func(t *testing.T, file string) {
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			p := open(t, out)
			// The spare (the tree before) lacks a/index.html: it can only
			// come from the live tree.
			if _, err := p.Publish(context.Background(), site(map[string]string{"index.html": "home"})); err != nil {
				t.Fatal(err)
			}
			if _, err := p.Publish(context.Background(), site(map[string]string{"index.html": "home", "a/index.html": "page a"})); err != nil {
				t.Fatal(err)
			}
			d, ok := p.Published("a/index.html")
			if !ok {
				t.Fatal("Published does not know a file just published")
			}
			file := filepath.Join(out, "a", "index.html")
			c.tamper(t, file)
			before := files(t, out)
			s := NewSite()
			s.Emit("index.html", []byte("home 2"))
			s.Keep("a/index.html", d)
			_, err := p.Publish(context.Background(), s)
			var ke *KeptError
			if !errors.As(err, &ke) || ke.Path != "a/index.html" {
				t.Fatalf("publish with a tampered kept file: %v", err)
			}
			if after := files(t, out); !maps.Equal(before, after) {
				t.Errorf("the output folder changed:\n%v\n%v", before, after)
			}
			// Another process does not take the changed file for the published one.
			p.Close()
			q := open(t, out)
			if d2, ok := q.Published("a/index.html"); ok && d2 == d {
				t.Error("a new process says the tampered file is the published one")
			}
			if _, err := q.Publish(context.Background(), site(map[string]string{"index.html": "home 2", "a/index.html": "page a"})); err != nil {
				t.Fatal(err)
			}
			wantTree(t, out, map[string]string{"index.html": "home 2", "a/index.html": "page a"}, "index.html", "a/index.html")
		})
	}
}
