package author

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/content"
)

func TestOverlayShowsNewFilesToTheLoader(t *testing.T) {
	base := site(nil)
	inc := "---\ntitle: New\n---\n\n## Investigating — 2026-11-22 11:00\nA.\n"
	mt := "---\ntitle: M\ncomponents: [api]\nscheduled_for: 2026-12-01 02:00\nscheduled_until: 2026-12-01 03:00\n---\n"
	fsys := Overlay(base, map[string][]byte{
		"content/incidents/2026-11-22-new.md": []byte(inc),
		"content/maintenance/m.md":            []byte(mt),
		"content/components/api.md":           []byte("---\nname: Public API\n---\n"),
	})
	st, probs := content.Load(fsys)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if len(st.Incidents) != 1 || st.Incidents[0].Slug != "2026-11-22-new" || len(st.Maintenances) != 1 {
		t.Errorf("the overlay's new files are missing: %d incidents, %d maintenances", len(st.Incidents), len(st.Maintenances))
	}
	names := map[string]string{}
	for _, c := range st.Components {
		names[c.ID] = c.Name
	}
	if names["api"] != "Public API" || names["hooks"] != "Webhooks" {
		t.Errorf("components = %v, want the overlay's api over the base and the base's hooks", names)
	}
	if _, ok := base["content/incidents/2026-11-22-new.md"]; ok {
		t.Error("Overlay wrote into its base")
	}
}

func TestWriteNewNeverReplacesAFile(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := WriteNew(root, "content/incidents/a.md", []byte("one")); err != nil {
		t.Fatal(err)
	}
	err = WriteNew(root, "content/incidents/a.md", []byte("two"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("second WriteNew: err = %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content/incidents/a.md")); string(b) != "one" {
		t.Errorf("file holds %q, want the first write", b)
	}
	st, _ := os.Stat(filepath.Join(dir, "content/incidents/a.md"))
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", st.Mode().Perm())
	}
	if left := tempFiles(t, filepath.Join(dir, "content/incidents")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestReplaceRefusesAFileThatChanged(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f.md")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := Replace(root, "f.md", []byte("not what is there"), []byte("new")); !errors.Is(err, ErrChanged) {
		t.Errorf("err = %v, want ErrChanged", err)
	}
	if err := Replace(root, "f.md", []byte("old"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(name)
	st, _ := os.Stat(name)
	if string(b) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("file = %q mode %v, want \"new\" with its mode 0600 kept", b, st.Mode().Perm())
	}
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func tempFiles(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestInitWritesASiteThatLoads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "status")
	skel, err := Skeleton(InitOptions{Title: "Acme: Status", TimeZone: "Asia/Seoul"})
	if err != nil {
		t.Fatal(err)
	}
	files, err := Init(dir, skel)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		".github/actions/install-sitrep/action.yml", ".github/workflows/issue-ops.yml", ".github/workflows/status.yml", "README.md",
		"content/components/api.md", "content/components/website.md",
		"content/site.yaml", "content/templates/outage.md", "public/.gitignore",
	}
	if !slices.Equal(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	st, probs := content.Load(root.FS())
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if st.Config.Title != "Acme: Status" || st.Config.TimeZone != "Asia/Seoul" || len(st.Components) != 2 || len(st.Templates) != 1 {
		t.Errorf("loaded %+v", st.Config)
	}
	if ps := st.Validate(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)); len(ps) > 0 {
		t.Error(ps)
	}
	wf, _ := os.ReadFile(filepath.Join(dir, ".github/actions/install-sitrep/action.yml"))
	if !strings.Contains(string(wf), `default: "`+Version+`"`) || !strings.Contains(string(wf), `go install "`+Module+`@${COMMIT:-$VERSION}"`) {
		t.Errorf("the install action does not pin sitrep %s:\n%s", Version, wf)
	}
	if strings.Contains(string(wf), "[[") {
		t.Errorf("the workflow has unfilled placeholders:\n%s", wf)
	}
}

func TestInitWritesNothingWhenAFileExists(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	skel, err := Skeleton(InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Init(dir, skel)
	var exists *ExistsError
	if !errors.As(err, &exists) || !slices.Equal(exists.Files, []string{"README.md"}) {
		t.Fatalf("err = %v, want an *ExistsError naming README.md", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("Init wrote files although README.md existed: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "README.md")); string(b) != "mine" {
		t.Error("README.md was changed")
	}
}

func TestSkeletonRefusesAnUnknownTimeZone(t *testing.T) {
	if _, err := Skeleton(InitOptions{TimeZone: "Mars/Olympus"}); err == nil {
		t.Error("an unknown time zone was accepted")
	}
}
