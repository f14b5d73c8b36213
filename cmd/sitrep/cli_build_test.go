package main

import (
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestBuildAtSourceDateEpochEqualsBuildAtTheSameNow(t *testing.T) {
	dir := copyExample(t)
	at := mustTime(t, "2026-11-22 11:00")
	e, _, errb := testEnv(strings.NewReader(""), func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return strconv.FormatInt(at.Unix(), 10)
		}
		return ""
	})
	epochOut := filepath.Join(t.TempDir(), "a")
	if code := e.run([]string{"build", "--source", dir, "--out", epochOut}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	nowOut := filepath.Join(t.TempDir(), "b")
	if r := sitrep(t, "", "build", "--source", dir, "--out", nowOut, "--now", "2026-11-22 11:00"); r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	a, b := snapshot(t, epochOut), snapshot(t, nowOut)
	if len(a) < 100 {
		t.Fatalf("only %d files built", len(a))
	}
	sameFiles(t, a, b)
}

func TestABrokenSiteExitsWithItsErrorsAndWritesNothing(t *testing.T) {
	dir := copyExample(t)
	bad := filepath.Join(dir, "content", "incidents", "2026-11-22-elevated-api-errors.md")
	src, err := os.ReadFile(bad)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(bad, []byte(strings.Replace(string(src), "  api: partial_outage", "  apii: partial_outage", 1)), 0o644)
	out := filepath.Join(t.TempDir(), "public")
	r := sitrep(t, "", "build", "--source", dir, "--out", out, "--now", "2026-11-22 11:00")
	if r.code != exitContent {
		t.Fatalf("exit %d, want %d", r.code, exitContent)
	}
	want := `content/incidents/2026-11-22-elevated-api-errors.md:`
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, `unknown component "apii" (did you mean "api"?)`) || !strings.Contains(r.stderr, "nothing was written") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed build created %s", out)
	}
}

func TestCommandLineMistakesExitWithUsage(t *testing.T) {
	dir := copyExample(t)
	for _, args := range [][]string{
		{"build", "--source", dir, "--now", "yesterday"},
		{"build", "--source", dir, "--base-url", "/status/"},
		{"build", "--source", filepath.Join(dir, "content")},
		{"check", "--source", dir, "--format", "xml"},
		{"frobnicate"},
	} {
		if r := sitrep(t, "", args...); r.code != exitUsage || r.stderr == "" {
			t.Errorf("sitrep %s: exit %d, stderr %q; want %d and a message", strings.Join(args, " "), r.code, r.stderr, exitUsage)
		}
	}
}

func TestCheckRunsTemplatesOnASample(t *testing.T) {
	files := maps.Clone(smallSite)
	files["content/templates/loop.md"] = "---\ntitle: T\n---\n{{ range 1000000000 }}{{ end }}\n"
	files["content/templates/typo.md"] = "---\ntitle: T\n---\n{{ .Component }}\n"
	dir := writeSite(t, files)
	r := sitrep(t, "", "check", "--source", dir, "--now", testNow)
	if r.code != exitContent || !strings.Contains(r.stdout+r.stderr, "content/templates/loop.md:1: the template's range loops run 100001 times (at most 100000)") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout+r.stderr, `content/templates/typo.md:1: template: content/templates/typo.md:1:3: executing "content/templates/typo.md" at <.Component>: can't evaluate field Component`) {
		t.Errorf("the typo is not reported:\n%s%s", r.stdout, r.stderr)
	}
}
