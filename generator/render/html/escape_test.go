package html_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// hostile is content written to break out of every context a page puts
// text in: element content, attributes, URLs, Markdown links and raw HTML.
const hostile = `"><img src=x onerror=alert(1)><script>alert(1)</script>`

func hostileSite() map[string]string {
	return map[string]string{
		"content/site.yaml": `
title: '` + hostile + `'
base_url: https://example.org/
description: '` + hostile + `'
time_zone: UTC
home_url: 'https://example.org/"><script>alert(1)</script>'
groups: ['` + hostile + `']
`,
		"content/components/api.md": `
---
name: '` + hostile + `'
group: '` + hostile + `'
---
Description [click](javascript:alert(1)) <script>alert(1)</script>
`,
		"content/incidents/2026-11-22-evil.md": `
---
title: '` + hostile + `'
severity: P1
components:
  api: major_outage
next_update: 2026-11-22 12:00
---
## Investigating — 2026-11-22 10:00
Hello [click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
<script>alert(1)</script>
<img src=x onerror=alert(1)>
<a href="javascript:alert(1)">raw link</a>

## Postmortem — 2026-11-23 10:00
<iframe src="https://evil.example"></iframe> ` + "`" + hostile + "`" + `
`,
		"content/maintenance/2026-11-22-evil.md": `
---
title: '` + hostile + `'
components: [api]
scheduled_for: 2026-11-22 09:00
scheduled_until: 2026-11-22 13:00
---
<script>alert(1)</script> [x](javascript:alert(1))
`,
	}
}

// TestNothingExecutableReachesThePages parses every page and fails on any
// script but the theme's own, any event handler attribute, any element that
// can load or run content, and any javascript: or data: link.
func TestNothingExecutableReachesThePages(t *testing.T) {
	site := renderHTML(t, mapFS(hostileSite()), smallNow)
	pages := 0
	for _, p := range site.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		b, _ := site.File(p)
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script":
					if src := attr(n, "src"); !strings.HasPrefix(src, "/static/app.") || n.FirstChild != nil {
						t.Errorf("%s: a script that is not the theme's: src=%q", p, src)
					}
				case "img", "iframe", "object", "embed", "form", "base":
					t.Errorf("%s: a <%s> element reached the page", p, n.Data)
				}
				for _, a := range n.Attr {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: event handler attribute %s=%q on <%s>", p, a.Key, a.Val, n.Data)
					}
					if (a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:")) {
						t.Errorf("%s: dangerous link %s=%q on <%s>", p, a.Key, a.Val, n.Data)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	if pages < 5 {
		t.Fatalf("only %d pages rendered", pages)
	}
	// The hostile text is still shown, as text.
	idx := page(t, site, "index.html")
	if !strings.Contains(idx, "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the hostile title should be shown escaped")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
