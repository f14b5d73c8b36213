package html_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/html"
	"github.com/sitrep/sitrep/generator/view"
)

// seoul is the example site's zone; tests read times in it.
var seoul = mustLoad("Asia/Seoul")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// htmlContext loads a site and returns what this package renders it
// from at now, with no memo and emitting nothing yet.
func htmlContext(t testing.TB, src fs.FS, now time.Time) *render.Context {
	t.Helper()
	site, _, err := generator.Load(generator.Options{Source: src, Now: now})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	theme := generator.Theme(src, site.Config.Theme)
	strs, err := generator.Strings(theme, site.Config.Language)
	if err != nil {
		t.Fatalf("strings: %v", err)
	}
	return &render.Context{
		Model:   view.New(site, now),
		URLs:    paths.New(site.Config.BaseURL),
		Theme:   theme,
		Strings: strs,
	}
}

// renderHTML renders only this package's output of a site at now.
func renderHTML(t testing.TB, src fs.FS, now time.Time) *publish.Site {
	t.Helper()
	out := publish.NewSite()
	rc := htmlContext(t, src, now)
	rc.Emit = out.Emit
	if err := html.New().Render(context.Background(), rc); err != nil {
		t.Fatalf("render: %v", err)
	}
	if err := out.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// page returns a rendered file as a string, failing when it is missing.
func page(t testing.TB, s *publish.Site, p string) string {
	t.Helper()
	b, ok := s.File(p)
	if !ok {
		t.Fatalf("%s was not rendered; have %v", p, s.Paths())
	}
	return string(b)
}

// mapFS builds a site from file contents; leading newlines are dropped so
// that front matter starts on line 1.
func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(strings.TrimLeft(data, "\n"))}
	}
	return m
}

// smallSite is a site with one component group, an open incident with a
// promise, a resolved incident with a postmortem, an informational one and
// maintenance in progress and upcoming. It is served under a path.
func smallSite(extra map[string]string) fstest.MapFS {
	files := map[string]string{
		"content/site.yaml": `
title: Small Status
base_url: https://example.org/status/
language: en
time_zone: Asia/Seoul
home_url: https://example.org
support_url: https://example.org/help
uptime_days: 30
groups: [Core]
`,
		"content/components/api.md": `
---
name: API
group: Core
order: 1
slo: 99.9
since: 2026-01-01
---
The public API.
`,
		"content/components/web.md": `
---
name: Website
group: Core
order: 2
since: 2026-11-10
---
`,
		"content/components/mail.md": `
---
name: Email
---
`,
		"content/incidents/2026-11-22-api-down.md": `
---
title: API requests failing
severity: P0
components:
  api: major_outage
  web: degraded_performance
next_update: 2026-11-22 11:30
---
## Identified — 2026-11-22 10:20
A bad deploy. Rolling back.

## Investigating — 2026-11-22 10:05
We are looking into **failing** requests.
`,
		"content/incidents/2026-11-15-mail-slow.md": `
---
title: Email delayed
severity: P2
components:
  mail: degraded_performance
---
## Postmortem — 2026-11-16 09:00
### Summary
A queue filled up.

## Resolved — 2026-11-15 15:00
Delivered.

## Investigating — 2026-11-15 14:00
Emails are late.
`,
		"content/incidents/2026-11-20-notice.md": `
---
title: Phishing notice
severity: P3
---
## Resolved — 2026-11-20 12:00
Be careful.
`,
		"content/maintenance/2026-11-22-web-move.md": `
---
title: Website move
components: [web]
scheduled_for: 2026-11-22 10:00
scheduled_until: 2026-11-22 12:00
---
Moving the website.
`,
		"content/maintenance/2026-11-30-api-upgrade.md": `
---
title: API upgrade
components: [api]
scheduled_for: 2026-11-30 02:00
scheduled_until: 2026-11-30 03:00
---
Upgrading.
`,
	}
	for k, v := range extra {
		files[k] = v
	}
	return mapFS(files)
}

// smallNow is when smallSite is built: the API incident is open, its
// promise not yet due, the website move in progress.
var smallNow = time.Date(2026, 11, 22, 11, 0, 0, 0, seoul)
