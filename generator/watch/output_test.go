package watch_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/generator/watch/watchtest"
)

func TestAnOutputRemovedBehindWatchsBackIsMadeWholeByTheNextSave(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	r, _ := start(t, dir, nil)
	defer r.stop()
	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors, edited", "api", "2026-11-20 10:00", "Resolved"))
	r.settle(t, api)
	if err := os.RemoveAll(r.out); err != nil {
		t.Fatal(err)
	}
	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors, edited again", "api", "2026-11-20 10:00", "Resolved"))
	r.settle(t, api) // every file, not only those the save changed
}

func TestEditingTheTargetOfALinkedContentFileRebuilds(t *testing.T) {
	files := watchtest.Site()
	shared := "shared/api-errors.md"
	files[shared] = files[api]
	delete(files, api)
	dir := watchtest.WriteSite(t, files)
	link := filepath.Join(dir, filepath.FromSlash(api))
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "..", shared), link); err != nil {
		t.Fatal(err)
	}
	r, _ := start(t, dir, nil)
	defer r.stop()
	watchtest.WriteFile(t, dir, shared, watchtest.Incident("API errors, edited through the link", "api", "2026-11-20 10:00", "Resolved"))
	r.settle(t, api)
}
