package headers_test

import (
	"bufio"
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render/headers"
)

type rule struct {
	pattern string
	headers [][2]string
}

// parse reads a _headers file the way Netlify and Cloudflare Pages do: a
// pattern at the start of a line, its headers indented below it.
func parse(t *testing.T, data []byte) []rule {
	t.Helper()
	var rules []rule
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#"):
		case line[0] != ' ' && line[0] != '\t':
			if !strings.HasPrefix(line, "/") {
				t.Fatalf("line %d: pattern %q does not start with /", n, line)
			}
			if strings.Count(line, "*") > 1 || strings.Contains(strings.TrimSuffix(line, "*"), "*") {
				t.Fatalf("line %d: %q: only one splat, at the end, works on both hosts", n, line)
			}
			rules = append(rules, rule{pattern: line})
		default:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
			if !ok || len(rules) == 0 {
				t.Fatalf("line %d: %q is not a header of a rule", n, line)
			}
			r := &rules[len(rules)-1]
			r.headers = append(r.headers, [2]string{name, strings.TrimSpace(value)})
		}
	}
	if len(rules) > 100 {
		t.Fatalf("%d rules; Cloudflare Pages reads at most 100", len(rules))
	}
	return rules
}

// match is the header set a request path gets: every matching rule's
// headers. A header set by two matching rules is reported as a conflict,
// since both hosts would join the values.
func match(rules []rule, p string) (map[string]string, []string) {
	got := map[string]string{}
	var conflicts []string
	for _, r := range rules {
		ok := r.pattern == p
		if prefix, splat := strings.CutSuffix(r.pattern, "*"); splat {
			ok = strings.HasPrefix(p, prefix)
		}
		if !ok {
			continue
		}
		for _, h := range r.headers {
			k := strings.ToLower(h[0])
			if _, dup := got[k]; dup {
				conflicts = append(conflicts, h[0]+" via "+r.pattern)
			}
			got[k] = h[1]
		}
	}
	return got, conflicts
}

func TestEveryFileGetsOneCachePolicyAndCORSWhereOtherSitesFetch(t *testing.T) {
	root := example.Root(t)
	base, _ := url.Parse("https://example.github.io/status/")
	res, err := generator.Render(context.Background(), generator.Options{
		Source:  root.FS(),
		Now:     time.Date(2026, 11, 22, 11, 0, 0, 0, time.FixedZone("KST", 9*3600)),
		BaseURL: base,
	})
	if err != nil {
		t.Fatal(err)
	}
	data, ok := res.Site.File(paths.Headers)
	if !ok {
		t.Fatal("_headers was not written")
	}
	rules := parse(t, data)
	for _, r := range rules {
		if !strings.HasPrefix(r.pattern, "/status/") {
			t.Errorf("pattern %q lacks the base URL's path /status/", r.pattern)
		}
	}

	// What the build wrote, plus what other renderers write that this
	// build may not have yet (content-hashed assets, badges).
	files := append(res.Site.Paths(),
		"static/style.3f2a9c1b.css", "static/app.77e0d1aa.js",
		paths.Badge, paths.BadgeJSON, paths.ComponentBadgeJSON("api"), paths.ComponentBadge("api"),
		paths.ComponentRSS("api"), paths.File(paths.Embed), paths.Widget, paths.RSS, paths.Atom, paths.Calendar,
		paths.File(paths.Incident("x")), paths.File(paths.HistoryPage(2)), paths.File(paths.Maintenance("x")),
		paths.APIFile("summary.json"), paths.NotFound, paths.Sitemap, paths.Robots)
	var requests []string
	for _, f := range files {
		if f == paths.Headers {
			continue // read by the host, never served
		}
		requests = append(requests, "/status/"+f)
		if dir, ok := strings.CutSuffix(f, "index.html"); ok {
			requests = append(requests, "/status/"+dir) // pretty URL of a page
		}
	}
	cors := func(p string) bool {
		return strings.HasPrefix(p, "/status/api/") || strings.HasSuffix(p, "/badge.json") || p == "/status/widget.js"
	}
	for _, p := range requests {
		got, conflicts := match(rules, p)
		if len(conflicts) > 0 {
			t.Errorf("%s: headers set by two rules, which hosts join with a comma: %v", p, conflicts)
		}
		want := headers.ShortCache
		if strings.HasPrefix(p, "/status/static/") {
			want = headers.LongCache
		}
		if got["cache-control"] != want {
			t.Errorf("%s: Cache-Control %q, want %q", p, got["cache-control"], want)
		}
		if cors(p) && got["access-control-allow-origin"] != "*" {
			t.Errorf("%s: no Access-Control-Allow-Origin: *; other sites fetch it", p)
		}
		if got["x-content-type-options"] != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options", p)
		}
	}
}

func TestTheRulesFollowTheBaseURL(t *testing.T) {
	tests := []struct{ name, base, want string }{
		{"a site at the root gets /api/v2/*", "https://status.example.com/", "/api/v2/*\n"},
		{"a project site gets its path in front", "https://acme.github.io/status/", "/status/api/v2/*\n"},
	}
	root := example.Root(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, _ := url.Parse(tt.base)
			res, err := generator.Render(context.Background(), generator.Options{
				Source: root.FS(), Now: time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC), BaseURL: base,
			})
			if err != nil {
				t.Fatal(err)
			}
			data, _ := res.Site.File(paths.Headers)
			if !strings.Contains(string(data), "\n"+tt.want) {
				t.Fatalf("no line %q in\n%s", tt.want, data)
			}
		})
	}
}
