package html_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/themes"
)

// iconRE matches an icon element, or a status or badge whose class names
// the icon the stylesheet draws in it (.st-NAME, .b-NAME).
var iconRE = regexp.MustCompile(`<i class="ic (i)-([a-z]+)"></i>|<span class="(?:st|badge) (st|b)-([a-z]+)">`)

// TestIconsAreDrawnByTheStylesheet checks that every icon a page of the
// example site shows, as an element or as a status's or badge's class, has
// its shape in the stylesheet, which browsers cache, and that no page
// carries the shapes itself.
func TestIconsAreDrawnByTheStylesheet(t *testing.T) {
	site := renderHTML(t, example.FS(t), example.Now)
	var css string
	used := map[string]string{} // icon name -> a page that shows it
	for _, p := range site.Paths() {
		b, _ := site.File(p)
		switch {
		case strings.HasPrefix(p, "static/style.") && strings.HasSuffix(p, ".css"):
			css = string(b)
		case strings.HasSuffix(p, ".html"):
			if strings.Contains(string(b), "<symbol") {
				t.Errorf("%s carries SVG symbols; icons belong in the stylesheet", p)
			}
			for _, m := range iconRE.FindAllStringSubmatch(string(b), -1) {
				if m[1] != "" {
					used["i-"+m[2]] = p
				} else {
					used[m[3]+"-"+m[4]] = p
				}
			}
		}
	}
	if css == "" {
		t.Fatal("no static/style.*.css in the output")
	}
	if len(used) < 5 {
		t.Fatalf("the example site shows %d kinds of icons, want at least 5: %v", len(used), used)
	}
	for name, p := range used {
		rule := regexp.MustCompile(`\.` + name + `\b[^{]*\{ --i: url\("data:image/svg\+xml,`)
		if !rule.MatchString(css) {
			t.Errorf("%s shows icon %q, which the stylesheet does not draw", p, name)
		}
	}
}

// TestThemesWithTheirOwnSpriteKeepWorking checks the "sprite" hook that
// base.html keeps: a site theme whose partials.html draws icons with an
// inline SVG sprite gets it on every page, and a base.html that includes
// "sprite" on its own line, as they were written before the icons moved to
// the stylesheet, still builds.
func TestThemesWithTheirOwnSpriteKeepWorking(t *testing.T) {
	partials := readTheme(t, "layouts/partials.html")
	base := readTheme(t, "layouts/base.html")
	spriteTheme := strings.Replace(partials, `{{define "sprite"}}{{end}}`,
		`{{define "sprite"}}<svg class="sprite"><symbol id="i-ok" viewBox="0 0 16 16"><path d="M0 0h16v16H0z"/></symbol></svg>{{end}}`, 1)
	spriteTheme = strings.Replace(spriteTheme, `{{define "icon"}}<i class="ic i-{{.}}"></i>{{end}}`,
		`{{define "icon"}}<svg class="ic"><use href="#i-{{.}}"></use></svg>{{end}}`, 1)
	oldBase := strings.Replace(base, `</a>{{template "sprite"}}`, "</a>\n{{template \"sprite\"}}", 1)
	if spriteTheme == partials || oldBase == base {
		t.Fatal("the default theme no longer has the sprite hook this test replaces")
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"a partials.html with a sprite has it on every page", map[string]string{"themes/default/layouts/partials.html": spriteTheme},
			[]string{`<symbol id="i-ok"`, `<svg class="ic"><use href="#i-`}},
		{"a base.html that includes the sprite on its own line builds", map[string]string{"themes/default/layouts/base.html": oldBase},
			[]string{"<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header", `<i class="ic i-`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := page(t, renderHTML(t, smallSite(tt.files), smallNow), "index.html")
			for _, w := range tt.want {
				if !strings.Contains(p, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

// readTheme returns a file of the embedded default theme.
func readTheme(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(themes.Default(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
