package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// pages is a site of n pages in folders of their own and a home page.
func pages(n int) map[string]string {
	fs := map[string]string{"index.html": "home"}
	for i := range n {
		fs[fmt.Sprintf("p/%02d/index.html", i)] = fmt.Sprintf("page %d", i)
	}
	return fs
}

// identities lists everything under dir, dir itself included (as "."),
// with its inode, size and modification time.
func identities(t *testing.T, dir string) map[string]fileID {
	t.Helper()
	out := map[string]fileID{}
	walk(t, dir, func(_, rel string, d fs.DirEntry) error {
		fi, err := d.Info()
		if err != nil {
			return err
		}
		id, ok := identity(fi)
		if !ok {
			t.Skip("no file identities on this system")
		}
		out[rel] = id
		return nil
	})
	return out
}

// streamSame publishes fs through a stream of p, keeping every file
// Published knows with those bytes when keep says so.
func streamSame(t *testing.T, p *Publisher, fs map[string]string, keep bool) (Stats, error) {
	t.Helper()
	w, err := p.Begin(context.Background())
	if err != nil {
		return Stats{}, err
	}
	for _, q := range slices.Sorted(maps.Keys(fs)) {
		if d, ok := p.Published(q); keep && ok && d == DigestOf([]byte(fs[q])) {
			w.Keep(q, d)
		} else {
			w.Emit(q, []byte(fs[q]))
		}
	}
	_, st, err := w.Commit(context.Background())
	return st, err
}

// A stream that puts exactly the live tree, emitted or kept, in the same
// process or a new one, leaves the output folder and the spare as they
// are: the same folder, files, modification times and manifest, and no
// exchange.
func TestAStreamOfTheLiveTreeChangesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	spare := filepath.Join(bookDir(out), spareName)
	v1 := pages(12)
	p := open(t, out)
	if _, _, err := stream(t, p, v1); err != nil {
		t.Fatal(err)
	}
	write(t, out, map[string]string{"CNAME": "example.com\n", ".well-known/x": "theirs"})
	for i, c := range []struct {
		name      string
		newOpen   bool
		keep      bool
		twiceMore bool // the spare holds the previous tree
	}{
		{"again", false, false, false},
		{"again, in a new process", true, false, false},
		{"again, kept, in a new process", true, true, false},
		{"again, the spare full", true, false, true},
	} {
		if c.newOpen {
			p.Close()
			p = open(t, out)
		}
		if c.twiceMore {
			if _, err := streamSame(t, p, pages(3), false); err != nil {
				t.Fatal(err)
			}
			if _, err := streamSame(t, p, v1, false); err != nil {
				t.Fatal(err)
			}
			if len(files(t, spare)) < 4 {
				t.Fatalf("%s: the spare holds %v", c.name, files(t, spare))
			}
		}
		liveBefore, spareBefore := identities(t, out), identities(t, spare)
		delete(spareBefore, ".") // Begin may make it
		man, err := os.ReadFile(filepath.Join(out, ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		st, err := streamSame(t, p, v1, c.keep)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if st != (Stats{Unchanged: len(v1)}) {
			t.Errorf("%s: stats %+v", c.name, st)
		}
		if after := identities(t, out); !maps.Equal(liveBefore, after) {
			t.Errorf("%s: the output folder changed:\n%v\n%v", c.name, liveBefore, after)
		}
		spareAfter := identities(t, spare)
		delete(spareAfter, ".")
		if !maps.Equal(spareBefore, spareAfter) {
			t.Errorf("%s: the spare changed:\n%v\n%v", c.name, spareBefore, spareAfter)
		}
		if b, _ := os.ReadFile(filepath.Join(out, ManifestName)); string(b) != string(man) {
			t.Errorf("%s: the manifest changed", c.name)
		}
		noStrays(t, bookDir(out))
		if i == 0 {
			// Published still knows the files: the next build may keep them.
			if d, ok := p.Published("p/03/index.html"); !ok || d != DigestOf([]byte(v1["p/03/index.html"])) {
				t.Errorf("Published after a stream that changed nothing: %v %v", d, ok)
			}
		}
	}
	want := maps.Clone(v1)
	want["CNAME"], want[".well-known/x"] = "example.com\n", "theirs"
	wantTree(t, out, want, slices.Collect(maps.Keys(v1))...)
}

// A stream whose new tree differs from the live one, wherever the first
// difference shows (first, in the middle, last, or only at Commit: a file
// less), makes the tree, the spare and the stats a stream makes that
// never held a file: the output folder's unchanged files linked into the
// new tree, the previous tree in the spare.
func TestAStreamThatDiffersPlacesWhatItHeld(t *testing.T) {
	v1 := pages(12)
	for _, c := range []struct {
		name   string
		change func(fs map[string]string)
		st     Stats
	}{
		{"the first changed", func(fs map[string]string) { fs["index.html"] = "home 2" }, Stats{Written: 1, Unchanged: 12}},
		{"one in the middle changed", func(fs map[string]string) { fs["p/05/index.html"] = "page 5 again" }, Stats{Written: 1, Unchanged: 12}},
		{"the last changed", func(fs map[string]string) { fs["p/11/index.html"] = "page 11 again" }, Stats{Written: 1, Unchanged: 12}},
		{"one more", func(fs map[string]string) { fs["p/12/index.html"] = "page 12" }, Stats{Written: 1, Unchanged: 13}},
		{"one less", func(fs map[string]string) { delete(fs, "p/07/index.html") }, Stats{Unchanged: 12, Removed: 1}},
	} {
		for _, keep := range []bool{false, true} {
			name := fmt.Sprintf("%s (kept %v)", c.name, keep)
			out := filepath.Join(t.TempDir(), "public")
			spare := filepath.Join(bookDir(out), spareName)
			p := open(t, out)
			if _, _, err := stream(t, p, v1); err != nil {
				t.Fatal(err)
			}
			p.Close()
			p = open(t, out)
			live := identities(t, out)
			v2 := maps.Clone(v1)
			c.change(v2)
			st, err := streamSame(t, p, v2, keep)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if st != c.st {
				t.Errorf("%s: stats %+v, want %+v", name, st, c.st)
			}
			wantTree(t, out, v2, slices.Collect(maps.Keys(v2))...)
			if identities(t, out)["."] == live["."] {
				t.Errorf("%s: the trees were not exchanged", name)
			}
			// The previous tree is the spare, and what did not change is
			// the same file in both.
			old := files(t, spare)
			delete(old, ManifestName)
			if !maps.Equal(old, v1) {
				t.Errorf("%s: the spare holds\n%v\nwant\n%v", name, old, v1)
			}
			for q := range v2 {
				if v1[q] != v2[q] {
					continue
				}
				if !os.SameFile(stat(t, filepath.Join(out, q)), stat(t, filepath.Join(spare, q))) {
					t.Errorf("%s: %s was not linked from the previous tree", name, q)
				}
			}
			noStrays(t, bookDir(out))
		}
	}
}

// A stream that puts the live tree still makes the new tree where the
// output folder is not quite it: an empty folder, which the new tree
// lacks, or a manifest with the same entries in another order.
func TestAStreamOfTheLiveTreeReplacesWhatIsNotQuiteIt(t *testing.T) {
	v1 := pages(4)
	for _, c := range []struct {
		name string
		do   func(out string)
	}{
		{"an empty folder", func(out string) {
			if err := os.Mkdir(filepath.Join(out, "empty"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"a manifest in another order", func(out string) {
			name := filepath.Join(out, ManifestName)
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.SplitAfter(string(b), "\n")
			lines[1], lines[2] = lines[2], lines[1]
			if err := os.WriteFile(name, []byte(strings.Join(lines, "")), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		out := filepath.Join(t.TempDir(), "public")
		p := open(t, out)
		if _, _, err := stream(t, p, v1); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(out, ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		c.do(out)
		p.Close()
		p = open(t, out)
		if st, err := streamSame(t, p, v1, true); err != nil || st != (Stats{Unchanged: len(v1)}) {
			t.Fatalf("%s: %+v %v", c.name, st, err)
		}
		if b, _ := os.ReadFile(filepath.Join(out, ManifestName)); string(b) != string(want) {
			t.Errorf("%s: the manifest is\n%s\nwant\n%s", c.name, b, want)
		}
		if _, err := os.Stat(filepath.Join(out, "empty")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: the empty folder is still there: %v", c.name, err)
		}
		wantTree(t, out, v1, slices.Collect(maps.Keys(v1))...)
	}
}

// A live file changed by hand after Open and before the stream puts it
// is not taken as the live tree: emitted, its bytes are published as
// before; kept, the stream fails with a *KeptError and changes nothing.
func TestAStreamOfTheLiveTreeNoticesAFileChangedByHand(t *testing.T) {
	v1 := pages(6)
	const q = "p/03/index.html"
	for _, keep := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "public")
		p := open(t, out)
		if _, _, err := stream(t, p, v1); err != nil {
			t.Fatal(err)
		}
		p.Close()
		p = open(t, out)
		d, ok := p.Published(q)
		if !ok {
			t.Fatalf("Published does not know %s", q)
		}
		w, err := p.Begin(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		write(t, out, map[string]string{q: "by hand"})
		before := identities(t, out)
		for _, o := range slices.Sorted(maps.Keys(v1)) {
			if o == q && keep {
				w.Keep(o, d)
			} else {
				w.Emit(o, []byte(v1[o]))
			}
		}
		_, st, err := w.Commit(context.Background())
		if keep {
			var ke *KeptError
			if !errors.As(err, &ke) || ke.Path != q {
				t.Errorf("keeping a file changed by hand: %v", err)
			}
			if after := identities(t, out); !maps.Equal(before, after) {
				t.Errorf("a failed stream changed the output folder")
			}
			continue
		}
		if err != nil || st != (Stats{Unchanged: len(v1)}) {
			t.Fatalf("%+v %v", st, err)
		}
		wantTree(t, out, v1, slices.Collect(maps.Keys(v1))...)
		if identities(t, out)["."] == before["."] {
			t.Error("the trees were not exchanged")
		}
	}
}
