package html_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/render/html"
)

// TestPagesAreWhatHTMLTemplateWrites renders sites twice, once with every
// template executed by html/template itself and once through tmplrun,
// and compares every file. On the default theme tmplrun must have handed
// no page back to html/template, and made the pages of a site with
// several of a kind itself (the first of each kind html/template makes,
// as it escapes the templates then).
func TestPagesAreWhatHTMLTemplateWrites(t *testing.T) {
	korean := smallSite(nil)
	korean["content/site.yaml"].Data = bytes.Replace(korean["content/site.yaml"].Data, []byte("language: en"), []byte("language: ko"), 1)
	incident := readTheme(t, "layouts/incident.html")
	ownIncident := strings.Replace(incident, "{{- with .Items}}<ul class=\"affected\">\n{{- range .}}<li>{{.}}</li>",
		"{{- with .Affected}}<ul class=\"affected\">\n{{- range $i, $a := .}}<li data-n=\"{{$i}}\"><a href=\"{{$a.URL}}\">{{.Name}}</a> {{.Status}}{{if eq $i 0}} first{{end}}</li>", 1)
	if ownIncident == incident {
		t.Fatal("the default theme no longer has the part this test replaces")
	}
	sites := []struct {
		name     string
		src      fs.FS
		now      time.Time
		ownTheme bool
	}{
		{"the example site", example.FS(t), example.Now, false},
		{"a small site", smallSite(nil), smallNow, false},
		{"a Korean site", korean, smallNow, false},
		{"a hostile site", mapFS(hostileSite()), smallNow, false},
		{"300 incidents", bigSite(300), bigNow, false},
		{"a theme's own incident.html", smallSite(map[string]string{"themes/default/layouts/incident.html": ownIncident}), smallNow, true},
	}
	for _, site := range sites {
		t.Run(site.name, func(t *testing.T) {
			var fast, declined int64
			restore := html.ExecutedBy(false, func(f, d int64) { fast, declined = f, d })
			got := renderHTML(t, site.src, site.now)
			restore()
			restore = html.ExecutedBy(true, nil)
			want := renderHTML(t, site.src, site.now)
			restore()
			if g, w := strings.Join(got.Paths(), "\n"), strings.Join(want.Paths(), "\n"); g != w {
				t.Fatalf("the files differ:\n%s\nhtml/template:\n%s", g, w)
			}
			for _, p := range want.Paths() {
				g, _ := got.File(p)
				w, _ := want.File(p)
				if !bytes.Equal(g, w) {
					t.Errorf("%s differs from html/template's:\n%s\nhtml/template's:\n%s", p, g, w)
				}
			}
			if declined != 0 && !site.ownTheme || fast == 0 && len(want.Paths()) > 100 {
				t.Errorf("tmplrun made %d pages and parts and handed %d to html/template", fast, declined)
			}
		})
	}
}
