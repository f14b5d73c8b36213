package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestUpdateBodiesFollowTheUnsafeHTMLRule: bodies are Statuspage's plain
// text; raw HTML and javascript: links that the pages drop must not reach
// API clients, unless the site opted in with markdown.unsafe_html.
func TestUpdateBodiesFollowTheUnsafeHTMLRule(t *testing.T) {
	const body = "We see **errors** on <script>alert(1)</script> the [status](https://example.com/s) and [click](javascript:alert(1)).\n\n- one\n- two"
	inc := "---\ntitle: Errors\ncomponents:\n  api: major_outage\n---\n## Investigating — 2026-11-22 09:00\n" + body + "\n"
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, siteYAML string
		want           string
	}{
		{"a safe site gets the text of the page", "", "We see errors on alert(1) the status (https://example.com/s) and click.\n- one\n- two"},
		{"a site with unsafe_html gets what its author wrote", "title: S\nbase_url: https://status.example.com/\ntime_zone: UTC\nmarkdown:\n  unsafe_html: true\n", body},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := renderAPI(t, smallSite(c.siteYAML, map[string]string{"content/incidents/errors.md": inc}), now, "")
			var doc struct {
				Incidents []struct {
					IncidentUpdates []struct{ Body string } `json:"incident_updates"`
				}
			}
			if err := json.Unmarshal(files["incidents.json"], &doc); err != nil {
				t.Fatal(err)
			}
			got := doc.Incidents[0].IncidentUpdates[0].Body
			if got != c.want {
				t.Errorf("body %q, want %q", got, c.want)
			}
		})
	}
	files := renderAPI(t, smallSite("", map[string]string{
		"content/incidents/errors.md": inc,
		"content/components/web.md":   "---\nname: Website\n---\nOur <script>alert(2)</script> site, [docs](javascript:alert(3)).\n",
	}), now, "")
	for name, b := range files {
		if s := string(b); strings.Contains(s, "javascript:") || strings.Contains(s, "<script") || strings.Contains(s, `\u003cscript`) {
			t.Errorf("%s carries the raw HTML or link the pages drop", name)
		}
	}
}
