package feed_test

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/feed"
	"github.com/sitrep/sitrep/generator/view"
	"github.com/sitrep/sitrep/themes"
)

// hostile is an incident title that tries to break out of XML, CDATA and HTML.
const hostile = "<script>alert(1)</script> ]]> & bell" // content refuses control characters since issue 10

// testSite is a small site: two components, incidents on each, an
// informational incident, past, current and future maintenance.
func testSite() fstest.MapFS {
	files := map[string]string{
		"content/site.yaml": `title: Test Status
base_url: https://status.test/sub/
language: en
time_zone: Asia/Seoul
description: Live status of Test
`,
		"content/components/api.md": "---\nname: API\n---\n",
		"content/components/web.md": "---\nname: Web <app>\n---\n",
		"content/incidents/api-errors.md": `---
title: Elevated API errors
severity: P1
components:
  api: partial_outage
---
## Resolved — 2026-11-21 16:45
Back to normal.

## Identified — 2026-11-21 14:55
The pool is exhausted.

## Investigating — 2026-11-21 14:32
We are investigating.

## Postmortem — 2026-11-22 10:00
### Summary
It was the pool.
`,
		"content/incidents/web-slow.md": "---\ntitle: " + yamlQuote(hostile) + `
severity: P2
components:
  web: degraded_performance
---
## Investigating — 2026-11-22 09:00
Pages load slowly; ` + "`]]>`" + ` shows up in logs.

## Update — 2026-11-22 12:00
Written ahead of time: not shown before noon.
`,
		"content/incidents/notice.md": `---
title: Phishing emails
severity: P3
---
## Update — 2026-11-20 08:00
We never ask for passwords by email.
`,
		"content/maintenance/db-past.md": `---
title: Database migration
components: [api]
scheduled_for: 2026-11-08 02:00
scheduled_until: 2026-11-08 04:00
---
We move the database.

## In progress — 2026-11-08 02:00
Started.

## Completed — 2026-11-08 03:20
Done.
`,
		"content/maintenance/web-now.md": `---
title: Web storage upgrade
components: [web]
scheduled_for: 2026-11-22 10:00
scheduled_until: 2026-11-22 13:00
---
We upgrade storage.
`,
		"content/maintenance/api-future.md": `---
title: Primary database upgrade
components: [api, web]
scheduled_for: 2026-11-29 02:00
scheduled_until: 2026-11-29 04:00
---
Read-only for 20 minutes.
`,
		"content/maintenance/api-announced.md": `---
title: Network switch replacement
components: [api]
scheduled_for: 2026-12-03 01:00
scheduled_until: 2026-12-03 02:00
---
Short interruptions.

## Scheduled — 2026-11-15 09:00
Announced early.
`,
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func yamlQuote(s string) string {
	out := `"`
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			out += `\` + string(r)
		case r < 0x20:
			out += `\x` + string("0123456789abcdef"[r>>4]) + string("0123456789abcdef"[r&15])
		default:
			out += string(r)
		}
	}
	return out + `"`
}

// build renders the feeds of fsys at now (site time) and returns the files.
func build(t *testing.T, fsys fs.FS, now string) map[string][]byte {
	t.Helper()
	return buildWith(t, fsys, now, nil)
}

// buildWith is build with the memo of earlier builds (nil for none).
func buildWith(t *testing.T, fsys fs.FS, now string, memo *render.Memo) map[string][]byte {
	t.Helper()
	site, probs := content.Load(fsys)
	if errs := probs.Errors(); site == nil || len(errs) > 0 {
		t.Fatalf("loading the test site: %v", errs)
	}
	at, err := content.ParseTime(now, site.Config.Location)
	if err != nil {
		t.Fatal(err)
	}
	if errs := site.Validate(at).Errors(); len(errs) > 0 {
		t.Fatalf("validating the test site: %v", errs)
	}
	out := map[string][]byte{}
	c := &render.Context{
		Model:   view.New(site, at),
		URLs:    paths.New(site.Config.BaseURL),
		Theme:   themes.Default(),
		Strings: themeStrings(t, site.Config.Language),
		Memo:    memo,
		Emit: func(p string, b []byte) {
			if _, dup := out[p]; dup {
				t.Errorf("%s emitted twice", p)
			}
			out[p] = b
		},
	}
	if err := feed.New().Render(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	memo.Next()
	return out
}

// themeStrings reads the embedded theme's UI strings as a build does:
// English, overlaid with the site's language.
func themeStrings(t *testing.T, lang string) render.Strings {
	t.Helper()
	s, err := generator.Strings(themes.Default(), lang)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}
