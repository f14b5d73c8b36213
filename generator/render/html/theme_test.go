package html_test

import (
	"strings"
	"testing"
)

// TestThemeFilesFromBeforeTheSharedPartsKeepWorking overrides one file of
// the default theme with a version that lacks the parts this package now
// renders once per build: the pages keep what those parts showed.
func TestThemeFilesFromBeforeTheSharedPartsKeepWorking(t *testing.T) {
	partials := readTheme(t, "layouts/partials.html")
	noCrumbs := strings.Replace(partials, `{{define "crumbs"}}`, `{{define "unused-crumbs"}}`, 1)
	incident := readTheme(t, "layouts/incident.html")
	rows := strings.Replace(incident, "{{- with .Items}}<ul class=\"affected\">\n{{- range .}}<li>{{.}}</li>",
		"{{- with .Affected}}<ul class=\"affected\">\n{{- range .}}<li><a href=\"{{.URL}}\">{{.Name}}</a> {{.Status}}</li>", 1)
	if noCrumbs == partials || rows == incident {
		t.Fatal("the default theme no longer has the parts this test replaces")
	}
	const p = "incidents/2026-11-22-api-down/index.html"
	want := []string{`<p class="crumbs"><a href="/status/">`,
		`<li><a href="/status/components/api/">API</a> <span class="st st-major">`}
	for _, tt := range []struct {
		name  string
		files map[string]string
	}{
		{"a partials.html without crumbs", map[string]string{"themes/default/layouts/partials.html": noCrumbs}},
		{"an incident.html that lists .Affected", map[string]string{"themes/default/layouts/incident.html": rows}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := page(t, renderHTML(t, smallSite(tt.files), smallNow), p)
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("%s lacks %q", p, w)
				}
			}
		})
	}
}
