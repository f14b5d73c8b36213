package widget_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render/widget"
)

// hostileTitle is an incident title that would run script if it were ever
// parsed as HTML.
const hostileTitle = `<img src=x onerror=alert(1)>`

// hostileIncident is an open incident, newer than the example site's own,
// with markup in its title and body.
const hostileIncident = `---
title: "` + hostileTitle + `"
severity: P2
components:
  search: degraded_performance
---

## Investigating — 2026-11-22 10:50
Search is slow. <img src=x onerror=alert(2)> <script>alert(3)</script> is plain text here.
`

// exampleWith returns the repository's example site in memory, with extra
// files (path → text) added.
func exampleWith(t *testing.T, extra map[string]string) fstest.MapFS {
	t.Helper()
	src := os.DirFS(example.Dir(t))
	out := fstest.MapFS{}
	err := fs.WalkDir(src, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		out[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, s := range extra {
		out[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return out
}

// build renders a site at the example's moment, served at base.
func build(t *testing.T, fsys fs.FS, base string) *publish.Site {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	res, err := generator.Render(context.Background(), generator.Options{Source: fsys, Now: example.Now, BaseURL: u})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return res.Site
}

// scriptConfig returns the configuration line of widget.js, decoded.
func scriptConfig(t *testing.T, js []byte) map[string]string {
	t.Helper()
	for line := range strings.Lines(string(js)) {
		if rest, ok := strings.CutPrefix(line, "var cfg = "); ok {
			var cfg map[string]string
			if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimSpace(rest), ";")), &cfg); err != nil {
				t.Fatalf("the configuration is not a JSON literal: %v\n%s", err, line)
			}
			return cfg
		}
	}
	t.Fatalf("no configuration line in\n%s", js)
	return nil
}

func TestTheScriptKnowsTheSitesAbsoluteAddresses(t *testing.T) {
	tests := []struct {
		name, base, page, data string
	}{
		{"a site at a host's root", "https://status.example.com/", "https://status.example.com/", "https://status.example.com/widget-data.js"},
		{"a project site under a path", "https://acme.github.io/status/", "https://acme.github.io/status/", "https://acme.github.io/status/widget-data.js"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, _ := url.Parse(tt.base)
			js, err := widget.Script(paths.New(u), "Acme", "Open")
			if err != nil {
				t.Fatal(err)
			}
			cfg := scriptConfig(t, js)
			if cfg["page"] != tt.page || cfg["data"] != tt.data || cfg["name"] != "Acme" {
				t.Fatalf("configuration %v, want page %s and data %s", cfg, tt.page, tt.data)
			}
		})
	}
}

func TestNothingInTheConfigurationCanEndTheScript(t *testing.T) {
	u, _ := url.Parse("https://status.example.com/a'b\"c</script>/")
	title := `Acme </script><script>alert(1)</script> "quoted" ` + "\u2028"
	js, err := widget.Script(paths.New(u), title, "Open")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(string(js)), "</script") {
		t.Errorf("widget.js contains </script")
	}
	if strings.Contains(string(js), "\u2028") {
		t.Errorf("a raw U+2028 would end the line in older JavaScript engines")
	}
	if cfg := scriptConfig(t, js); cfg["name"] != title {
		t.Errorf("the title came through as %q", cfg["name"])
	}
}

func TestTheScriptIsSmallAndNeverParsesMarkup(t *testing.T) {
	u, _ := url.Parse("https://status.example.com/")
	js, err := widget.Script(paths.New(u), "Acme", "Open")
	if err != nil {
		t.Fatal(err)
	}
	if len(js) > 8<<10 {
		t.Errorf("widget.js is %d bytes, want a few KB", len(js))
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "console."} {
		if strings.Contains(string(js), bad) {
			t.Errorf("widget.js uses %s", bad)
		}
	}
	again, _ := widget.Script(paths.New(u), "Acme", "Open")
	if string(again) != string(js) {
		t.Error("two builds wrote different widget.js")
	}
}

// text returns the text of n and its descendants.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestTheEmbedPageShowsTheStatusWithoutScriptsOfOthers(t *testing.T) {
	base := "https://acme.github.io/status/"
	site := build(t, exampleWith(t, map[string]string{"content/incidents/2026-11-22-hostile.md": hostileIncident}), base)
	data, ok := site.File(paths.File(paths.Embed))
	if !ok {
		t.Fatal("embed/index.html was not written")
	}
	doc, err := html.Parse(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	var baseTarget, lang string
	var titles []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "html":
			lang = attr(n, "lang")
		case "script":
			// Its own inline script only checks the reader's clock.
			if attr(n, "src") != "" || !strings.Contains(text(n), "Date.now()") {
				t.Errorf("the embed page loads or runs another script: %s", text(n))
			}
		case "img", "iframe", "object":
			t.Errorf("the embed page has a <%s> element", n.Data)
		case "base":
			baseTarget = attr(n, "target")
		case "a":
			links = append(links, attr(n, "href"))
			titles = append(titles, text(n))
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has an event handler %s", n.Data, a.Key)
			}
		}
	}
	if lang != "en" {
		t.Errorf("lang %q, want the site's language en", lang)
	}
	if baseTarget != "_blank" {
		t.Errorf("links open in %q, want _blank (outside the frame)", baseTarget)
	}
	want := []string{"Partial outage: API · Degraded performance: Search, Webhooks", hostileTitle, "Elevated error rates on the API", "and 1 more on the status page"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("link texts %q, want %q", titles, want)
	}
	for _, l := range links {
		if !strings.HasPrefix(l, base) {
			t.Errorf("link %q is not under the site's base URL", l)
		}
	}
	if want := base + path.Clean(paths.Incident("2026-11-22-hostile")) + "/"; links[1] != want {
		t.Errorf("the incident links to %q, want %q", links[1], want)
	}
	if !strings.Contains(string(data), "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("the hostile title is not escaped in\n%s", data)
	}
}
