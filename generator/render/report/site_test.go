package report_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/paths"
)

var linkRE = regexp.MustCompile(`(?:href|src)="(/[^"#]*)`)

// TestReportLinksResolveInTheBuiltSite builds the whole example site, with
// every renderer, and follows the report page's local links: the site's
// stylesheet (named by the HTML renderer), component pages, metrics.json.
func TestReportLinksResolveInTheBuiltSite(t *testing.T) {
	res, err := generator.Render(context.Background(), generator.Options{
		Source: os.DirFS(filepath.Join("..", "..", "..")),
		Now:    exampleNow(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	page, ok := res.Site.File(paths.File(paths.Reports))
	if !ok {
		t.Fatal("the build has no report page: is report.New() in generator/renderers.go?")
	}
	if _, ok := res.Site.File(paths.Metrics); !ok {
		t.Fatal("the build has no metrics.json")
	}
	base := res.Model.Site.Config.BaseURL.Path
	links := linkRE.FindAllStringSubmatch(string(page), -1)
	if len(links) < 10 {
		t.Fatalf("only %d local links", len(links))
	}
	for _, m := range links {
		p, err := url.PathUnescape(strings.TrimPrefix(m[1], base))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := res.Site.File(paths.File(p)); !ok {
			t.Errorf("the report links to %s, which the site does not have", m[1])
		}
	}
	if !strings.Contains(string(page), `rel="stylesheet" href="/static/style.`) {
		t.Error("the report does not use the site's stylesheet")
	}
}
