package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// themedSite is a small site that renders with themes/x/, plus files.
func themedSite(t *testing.T, files map[string]string) string {
	t.Helper()
	all := map[string]string{
		"content/site.yaml":         smallSite + "theme: x\n",
		"content/components/api.md": "---\nname: API\n---\n",
		".git/config":               "[remote \"origin\"]\n\turl = https://token:SECRET@example.com/repo\n",
	}
	for p, s := range files {
		all[p] = s
	}
	return writeSite(t, all)
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
}

func TestThemeLinksFollowTheRulesOfContent(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "en.yaml")
	os.WriteFile(outside, []byte("site.title: Hacked\n"), 0o644)
	for _, c := range []struct {
		name       string
		link, to   string // link in the site, and where it points
		wantErr    string // "" when the build must succeed
		notPublish string
	}{
		{"a static file linked to the site's .git/config is refused", "themes/x/static/leak.css", "../../../.git/config", "themes/x/static/leak.css: it is a link to a place outside the theme", "SECRET"},
		{"a static folder linked to the site's .git is refused", "themes/x/static", "../../.git", "themes/x/static: it is a link to a place outside the theme", "SECRET"},
		{"an i18n file linked out of the site is refused, not replaced by the default", "themes/x/i18n/en.yaml", outside, "themes/x/i18n/en.yaml: it is a link to a place outside the theme", "Hacked"},
		{"a link inside the theme is followed", "themes/x/static/extra.css", "../assets/extra.css", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := themedSite(t, map[string]string{"themes/x/assets/extra.css": "body{color:red}"})
			symlink(t, c.to, filepath.Join(dir, filepath.FromSlash(c.link)))
			err := build(t, dir)
			if c.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for p, s := range snapshot(t, filepath.Join(dir, "public")) {
					found = found || strings.Contains(p, "extra.") && s == "body{color:red}"
				}
				if !found {
					t.Error("the linked file was not published")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("err = %v, want %q", err, c.wantErr)
			}
			for p, s := range snapshot(t, filepath.Join(dir, "public")) {
				if strings.Contains(s, c.notPublish) {
					t.Errorf("%s holds %q", p, c.notPublish)
				}
			}
		})
	}
}

func TestErrorsInAThemesStringsNameTheirFile(t *testing.T) {
	dir := themedSite(t, map[string]string{"themes/x/i18n/en.yaml": "ok: fine\nbad: [1, 2]\n"})
	err := build(t, dir)
	if err == nil || !strings.Contains(err.Error(), "themes/x/i18n/en.yaml:2: bad must be a text") {
		t.Fatalf("err = %v", err)
	}
}

func TestThemeFileNamesWithControlCharactersAreRefused(t *testing.T) {
	dir := themedSite(t, map[string]string{"themes/x/static/a\x1b[2J.css": "body{}"})
	err := build(t, dir)
	if err == nil || !strings.Contains(err.Error(), "control characters") {
		t.Fatalf("err = %v", err)
	}
	if strings.ContainsRune(err.Error(), 0x1b) {
		t.Errorf("the message holds a raw escape: %q", err)
	}
}
