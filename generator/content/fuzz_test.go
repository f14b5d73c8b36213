package content

import (
	"bytes"
	"regexp"
	"testing"
	"testing/fstest"
	"time"
)

func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range []string{"---\na: 1\n---\nbody\n", "---\r\n---\r\n", "---", "", "---\n---", "\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, line, err := SplitFrontMatter(src)
		if err == nil && (line < 3 || len(front)+len(body) > len(src)) {
			t.Fatalf("inconsistent split: %q %q %d", front, body, line)
		}
	})
}

func FuzzParseHeading(f *testing.F) {
	for _, s := range []string{"Resolved — 2026-11-21 16:45", "조사 중 — 2026-10-03 09:12", "Update @ 2026-11-21T16:10:05+09:00", "— —", "2026-11-21"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		word, when, err := ParseHeading(h)
		if err == nil && (word == "" || when == "") {
			t.Fatalf("ParseHeading(%q) = %q, %q without error", h, word, when)
		}
		if err == nil {
			ParseTime(when, time.UTC)
		}
	})
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte("---\ntitle: X\ncomponents:\n  api: major_outage\nnext_update: 2026-11-21 15:30\n---\n## Resolved — 2026-11-21 16:45\nok\n## Investigating — 2026-11-21 14:32\n```\n## x\n```\n## Postmortem — 2026-11-22 10:00\n### Summary\n"),
		[]byte("---\ntitle: M\ncomponents: [api]\nscheduled_for: 2026-12-01 02:00\nscheduled_until: 2026-12-01 04:00\n---\nbody\n## In progress — 2026-12-01 02:00\n"))
	f.Add([]byte("---\ntitle: X\ncomponents:\n  api: [major_outage, partial_outage from 2026-11-21 15:10, operational from 2026-11-21 16:05]\n---\n## Investigating — 2026-11-21 14:32\nok\n"),
		[]byte("---\ntitle: M\ncomponents:\n  api: [major_outage]\n---\n"))
	f.Add([]byte("---\na: &a [1]\nb: *a\n---\n"), []byte("---\n"))
	f.Fuzz(func(t *testing.T, incident, maintenance []byte) {
		fsys := fstest.MapFS{
			"content/site.yaml":         {Data: []byte(siteYAML)},
			"content/components/api.md": {Data: []byte("---\nname: API\n---\n")},
			"content/incidents/x.md":    {Data: incident},
			"content/maintenance/m.md":  {Data: maintenance},
			"content/templates/t.md":    {Data: incident},
		}
		s, probs := Load(fsys)
		if s == nil {
			t.Fatal("site.yaml is valid, but no site was returned")
		}
		for _, p := range probs {
			if p.Pos.File == "" {
				t.Fatalf("problem without a file: %v", p)
			}
		}
		if len(probs.Errors()) == 0 {
			s.Validate(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		}
		restoredLoad(t, fsys) // the next process loads what this one did
	})
}

// FuzzMarkdownShape checks that every body checkShape accepts is parsed
// with a number of allocations linear in its size (memory; the time of the
// worst accepted bodies is measured by BenchmarkWorstAccepted), and that
// every refusal names a line of the body.
func FuzzMarkdownShape(f *testing.F) {
	for _, c := range pathological {
		f.Add([]byte(c.body[:min(len(c.body), 4096)]))
	}
	for _, s := range []string{"> > - 1. *a_ [a](b)\n", "- a\n  - b\n2) c\n    - d\n", "[a]: b\n[a]\n", "```\n[[[\n```\n"} {
		f.Add([]byte(s))
	}
	md := newMarkdown(false)
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 32<<10 {
			// goldmark under coverage instrumentation parses large inputs
			// too slowly to fuzz; the worst large bodies are in
			// TestAcceptedMarkdownParsesInBoundedMemory.
			t.Skip()
		}
		err := checkShape(body)
		if se, ok := err.(*shapeError); ok {
			if se.line < 0 || se.line > bytes.Count(body, []byte("\n")) {
				t.Fatalf("refused at body line %d of %d", se.line, bytes.Count(body, []byte("\n")))
			}
			return
		}
		allocs := testing.AllocsPerRun(1, func() {
			if _, err := splitSections(md, body, 1, nil); err != nil {
				t.Fatal(err)
			}
		})
		if limit := 2000 + 8*float64(len(body)); allocs > limit {
			t.Fatalf("parsing %d bytes took %.0f allocations; want at most %.0f", len(body), allocs, limit)
		}
	})
}

// headingTime is the regular expression whenAt stands for.
var headingTime = regexp.MustCompile(`\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?\s*$`)

func FuzzWhenAt(f *testing.F) {
	for _, s := range []string{
		"Resolved — 2026-11-21 16:45", "Update @ 2026-11-21T16:10:05+09:00", "x 2026-11-21", "2026-11-21 1:05 Z",
		"a 2026-11-21 2026-11-21 14:32", "2026-11-21 14:32:10.123 -0700 ", "2026-11-21T14:32:1", "2026-11-21 14:3",
		"12026-11-21 14:32", "2026-11-21 14:32 +09:0", "2026-11-21 +09:00", "2026-11-21\t\f\r\n", "2026-11-21 14:32\v",
		"99999-99-99 99:99:99.9Z", "2026-11-21 14:32:00.", "2026-11-21 14:32Z Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		want := -1
		if loc := headingTime.FindStringIndex(h); loc != nil {
			want = loc[0]
		}
		if got := whenAt(h); got != want {
			t.Fatalf("whenAt(%q) = %d, want %d", h, got, want)
		}
	})
}
