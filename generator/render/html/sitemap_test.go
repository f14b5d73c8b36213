package html_test

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render/html"
)

func TestTheSitemapSplitsInsteadOfGrowingWithIncidents(t *testing.T) {
	extra := map[string]string{}
	const n = 2 * html.SitemapURLs
	for i := range n {
		day := 1 + i%28
		extra[fmt.Sprintf("content/incidents/2026-10-%02d-i%04d.md", day, i)] = fmt.Sprintf(`
---
title: Incident %d
severity: P3
---
## Resolved — 2026-10-%02d 10:00
Fine.
`, i, day)
	}
	site := renderHTML(t, smallSite(extra), smallNow)
	var index struct {
		XMLName  xml.Name
		Sitemaps []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal([]byte(page(t, site, paths.Sitemap)), &index); err != nil {
		t.Fatal(err)
	}
	if index.XMLName.Local != "sitemapindex" || len(index.Sitemaps) < 3 {
		t.Fatalf("sitemap.xml is a %s of %d sitemaps, want an index of at least 3", index.XMLName.Local, len(index.Sitemaps))
	}
	seen := map[string]bool{}
	for i, loc := range index.Sitemaps {
		p, ok := strings.CutPrefix(loc, "https://example.org/status/")
		if !ok || p != paths.SitemapPart(i+1) {
			t.Fatalf("sitemap %d is at %s", i+1, loc)
		}
		var part struct {
			URLs []string `xml:"url>loc"`
		}
		if err := xml.Unmarshal([]byte(page(t, site, p)), &part); err != nil {
			t.Fatal(err)
		}
		if len(part.URLs) == 0 || len(part.URLs) > html.SitemapURLs {
			t.Errorf("%s lists %d URLs, want 1 to %d", p, len(part.URLs), html.SitemapURLs)
		}
		for _, u := range part.URLs {
			if seen[u] {
				t.Errorf("%s is listed twice", u)
			}
			seen[u] = true
		}
	}
	for _, want := range []string{"https://example.org/status/", "https://example.org/status/incidents/2026-10-01-i0000/"} {
		if !seen[want] {
			t.Errorf("no sitemap lists %s", want)
		}
	}
	if seen["https://example.org/status/404.html"] || len(seen) < n {
		t.Errorf("the sitemaps list %d URLs (404 included: %v), want every page but 404", len(seen), seen["https://example.org/status/404.html"])
	}
}
