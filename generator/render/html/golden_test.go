package html_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/generator/internal/example"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGoldenExampleSite compares every file this renderer writes for the
// repository's example site, built at 2026-11-22 11:00 KST, with
// testdata/golden. Run `go test ./generator/render/html -update` after an
// intended change and review the diff.
func TestGoldenExampleSite(t *testing.T) {
	site := renderHTML(t, example.FS(t), example.Now)
	dir := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for _, p := range site.Paths() {
			b, _ := site.File(p)
			file := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := map[string]bool{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want[p] = true
		got, ok := site.File(p)
		if !ok {
			t.Errorf("%s is in the golden tree but was not rendered", p)
			return nil
		}
		golden, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return err
		}
		if !bytes.Equal(got, golden) {
			t.Errorf("%s differs from the golden file (run go test -update and review the diff)", p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the golden tree (run go test -update to create it): %v", err)
	}
	for _, p := range site.Paths() {
		if !want[p] {
			t.Errorf("%s was rendered but is not in the golden tree", p)
		}
	}
}
