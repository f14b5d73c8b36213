package html_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/internal/example"
)

var iconRE = regexp.MustCompile(`<i class="ic i-([a-z]+)"></i>`)

// TestIconsAreDrawnByTheStylesheet checks that every icon a page of the
// example site shows has its shape in the stylesheet, which browsers
// cache, and that no page carries the shapes itself.
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
				used[m[1]] = p
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
		rule := regexp.MustCompile(`\.i-` + name + `\b[^{]*\{ --i: url\("data:image/svg\+xml,`)
		if !rule.MatchString(css) {
			t.Errorf("%s shows icon %q, which the stylesheet does not draw", p, name)
		}
	}
}
