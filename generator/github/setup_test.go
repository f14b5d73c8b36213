package github

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/generator/author"
)

// A site whose content has errors gets no forms: they would list the
// wrong components. Nothing is written.
func TestSetupRefusesBrokenContent(t *testing.T) {
	root, dir := newSite(t, "en")
	if err := os.RemoveAll(filepath.Join(dir, ".github")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "components", "api.md"), []byte("---\nname: [\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Setup(root, author.InitOptions{})
	var ce *author.ContentError
	if !errors.As(err, &ce) || len(ce.Problems.Errors()) == 0 {
		t.Fatalf("Setup = %v, want a content error", err)
	}
	if len(res.Written) > 0 {
		t.Errorf("wrote %v", res.Written)
	}
	if _, err := os.Stat(filepath.Join(dir, ".github")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf(".github exists after a refused setup: %v", err)
	}
}

// A site without .github gets the forms and the workflows, and a second
// run finds them up to date.
func TestSetupWritesMissingFiles(t *testing.T) {
	root, dir := newSite(t, "en")
	if err := os.RemoveAll(filepath.Join(dir, ".github")); err != nil {
		t.Fatal(err)
	}
	res, err := Setup(root, author.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{IncidentForm, MaintenanceForm}, workflowFiles...)
	slices.Sort(want)
	if !slices.Equal(res.Written, want) {
		t.Errorf("wrote %v, want %v", res.Written, want)
	}
	if res, err = Setup(root, author.InitOptions{}); err != nil || len(res.Written) > 0 || len(res.Notes) > 0 {
		t.Errorf("second run: wrote %v, notes %v, err %v; want nothing", res.Written, res.Notes, err)
	}
}
