package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/render"
)

// TestNoOutputGrowsWithTheSizeOfOneBody: 24 open incidents with large
// updates once made an 84 MB index.html and a 184 MB feed.atom. The front
// page and the feeds copy a capped excerpt of each body and link to the
// page that has it whole; the API cuts its plain text.
func TestNoOutputGrowsWithTheSizeOfOneBody(t *testing.T) {
	para := strings.Repeat("The database cluster is still recovering and we keep watching it closely. ", 12) + "\n\n"
	body := strings.Repeat(para, (512<<10)/len(para)) // 512 KB
	files := map[string]string{
		"content/site.yaml":         smallSite,
		"content/components/api.md": "---\nname: API\n---\n",
	}
	for i := range 24 {
		files[fmt.Sprintf("content/incidents/big-%02d.md", i)] = fmt.Sprintf("---\ntitle: Big %d\ncomponents: {api: major_outage}\n---\n## Investigating — 2026-11-20 10:%02d\n%s", i, i, body)
	}
	dir := writeSite(t, files)
	if err := build(t, dir); err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, "public")
	perEntry := render.FeedRunes + 2<<10 // the excerpt, its link and the entry's other fields
	for _, c := range []struct {
		file string
		max  int
	}{
		{"index.html", 24*(render.BriefRunes+1<<10) + 256<<10},
		{"feed.atom", 24*perEntry + 16<<10},
		{"feed.rss", 24*perEntry + 16<<10},
		{"components/api/feed.atom", 24*perEntry + 16<<10},
		{"api/v2/summary.json", 24*(3*render.APIRunes+2<<10) + 16<<10},
	} {
		b, err := os.ReadFile(filepath.Join(pub, filepath.FromSlash(c.file)))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > c.max {
			t.Errorf("%s is %d KB for 24 bodies of %d KB; want at most %d KB", c.file, len(b)>>10, len(body)>>10, c.max>>10)
		}
		if c.file != "api/v2/summary.json" && !strings.Contains(string(b), "Continued on") {
			t.Errorf("%s does not link to the rest of the cut bodies", c.file)
		}
	}
	page, err := os.ReadFile(filepath.Join(pub, "incidents/big-00/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(page), "recovering") < strings.Count(body, "recovering") {
		t.Error("the incident's own page must keep its whole body")
	}
}
