package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/content"
)

// testNow is the moment the authoring tests act at, in the test site's zone.
const testNow = "2026-11-22 11:00"

// smallSite is a site with three components, a template, and incidents
// written the way people write them: comments, odd spacing, oldest first,
// CRLF line ends.
var smallSite = map[string]string{
	"content/site.yaml":              "title: Test Status\nbase_url: https://status.test/\ntime_zone: Asia/Seoul\n",
	"content/components/api.md":      "---\nname: API\norder: 1\n---\nThe API.\n",
	"content/components/webhooks.md": "---\nname: Webhooks\norder: 2\n---\n",
	"content/components/database.md": "---\nname: Database\norder: 3\n---\n",
	"content/templates/errors.md": "---\ntitle: Elevated errors\nseverity: P1\ncomponents:\n  api: partial_outage\n  webhooks: degraded_performance\n---\n" +
		"We are investigating errors affecting {{ .Components }} since {{ .Time }} ({{ .Severity }}).\n",
	// Comments, spacing and key order an author chose.
	"content/incidents/2026-11-22-slow-api.md": "---\n# opened by the night shift\ntitle:    Slow API    # keep this comment\nseverity: P2\ncomponents:\n    api:   degraded_performance\nnext_update:   2026-11-22 12:00   # promised in #incident\n---\n\n" +
		"## Investigating — 2026-11-22 10:00\nResponses are slow.\n\n```\n## not a heading: inside a code block\n```\n",
	// Oldest first, "-" separators, a promise that has passed.
	"content/incidents/2026-11-22-hooks-late.md": "---\ntitle: Webhooks late\nseverity: P3\ncomponents: {webhooks: degraded_performance}\nnext_update: 2026-11-22 10:30\n---\n## Investigating - 2026-11-22 09:00\nA.\n\n## Identified - 2026-11-22 09:30\nB.\n",
	// Windows line ends.
	"content/incidents/2026-11-21-db-crlf.md": "---\r\ntitle: Database failover\r\nseverity: P1\r\ncomponents:\r\n  database: major_outage\r\n---\r\n\r\n## Investigating — 2026-11-21 23:00\r\nThe primary is down.\r\n",
	// Resolved already.
	"content/incidents/2026-11-20-done.md": "---\ntitle: Done\nseverity: P2\ncomponents:\n  api: partial_outage\n---\n\n## Resolved — 2026-11-20 10:00\nFixed.\n\n## Investigating — 2026-11-20 09:00\nA.\n",
	// Resolved, with its postmortem.
	"content/incidents/2026-11-20-pm.md":           "---\ntitle: Reported\nseverity: P2\ncomponents:\n  api: partial_outage\n---\n\n## Resolved — 2026-11-20 10:00\nFixed.\n\n## Postmortem — 2026-11-21 10:00\n### Summary\nS.\n",
	"content/maintenance/2026-11-29-db-upgrade.md": "---\ntitle: DB upgrade\ncomponents: [database]\nscheduled_for: 2026-11-29 02:00\nscheduled_until: 2026-11-29 04:00\n---\n",
}

// writeSite writes files into a new temporary site root.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// copyExample copies the repository's example site into a temporary root.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "content")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(src), p)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// result is what one run of the command gave.
type result struct {
	code           int
	stdout, stderr string
}

// sitrep runs the command with args and stdin.
func sitrep(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameFiles fails the test unless two snapshots are identical.
func sameFiles(t *testing.T, before, after map[string]string) {
	t.Helper()
	for name, b := range before {
		if a, ok := after[name]; !ok {
			t.Errorf("%s was removed", name)
		} else if a != b {
			t.Errorf("%s changed:\n%s", name, a)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s was created", name)
		}
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// build renders the site in dir at now, in memory, and fails the test on
// any problem.
func build(t *testing.T, dir, now string) *generator.Result {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	cfg, _ := content.ReadConfig(root.FS())
	at, err := content.ParseTime(now, cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	res, err := generator.Render(context.Background(), generator.Options{Source: root.FS(), Now: at})
	if err != nil {
		t.Fatalf("the site does not build: %v", err)
	}
	return res
}

// builtFile returns an output file of a build.
func builtFile(t *testing.T, res *generator.Result, p string) string {
	t.Helper()
	b, ok := res.Site.File(p)
	if !ok {
		t.Fatalf("the build has no %s", p)
	}
	return string(b)
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Seoul")
	at, err := content.ParseTime(s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// testEnv is an env for calling command helpers directly.
func testEnv(stdin io.Reader, getenv func(string) string) (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &env{ctx: context.Background(), stdin: stdin, stdout: &out, stderr: &errb, getenv: getenv, now: time.Now}, &out, &errb
}
