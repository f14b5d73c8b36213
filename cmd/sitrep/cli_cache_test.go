package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// reusedCount reads "(N rendered, M reused from the last build)" from a
// build's line.
func reusedCount(t *testing.T, stdout string) (rendered, reused int) {
	t.Helper()
	m := regexp.MustCompile(`\((\d+) rendered, (\d+) reused from the last build\)`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no counts in %q", stdout)
	}
	rendered, _ = strconv.Atoi(m[1])
	reused, _ = strconv.Atoi(m[2])
	return rendered, reused
}

func TestASecondBuildProcessRendersOnlyWhatShowsTheMoment(t *testing.T) {
	dir := copyExample(t)
	out := filepath.Join(t.TempDir(), "public")
	build := func(env ...string) *proc {
		t.Helper()
		p := sitrepProcess(t, "build", "--source", dir, "--out", out, "--now", "2026-11-22 11:00")
		p.Env = append(p.Env, env...)
		if code := p.run(t); code != exitOK {
			t.Fatalf("exit %d: %s", code, &p.stderr)
		}
		return p
	}
	first := build()
	if _, reused := reusedCount(t, first.stdout.String()); reused != 0 {
		t.Fatalf("the first build reused %d outputs", reused)
	}
	want := tree(t, out)
	again := build()
	rendered, reused := reusedCount(t, again.stdout.String())
	if reused == 0 || rendered > reused {
		t.Errorf("nothing changed: %d rendered, %d reused", rendered, reused)
	}
	sameTree(t, "public/ after a build with nothing changed", tree(t, out), want)

	// A page defaced in public/ is rendered again, not kept.
	page := filepath.Join(out, "incidents", "2026-10-14-webhook-delivery-delays", "index.html")
	if err := os.WriteFile(page, []byte("defaced"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, r := reusedCount(t, build().stdout.String()); r != reused-1 {
		t.Errorf("a defaced page: %d reused, want %d", r, reused-1)
	}
	sameTree(t, "public/ after a page was defaced", tree(t, out), want)

	// A broken cache is said only with SITREP_DEBUG, and builds it all.
	cache := filepath.Join(filepath.Dir(out), ".public.sitrep", "build-cache")
	if err := os.WriteFile(cache, []byte("sitrep-build-cache 2\ngarbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	quiet := build()
	if _, r := reusedCount(t, quiet.stdout.String()); r != 0 || quiet.stderr.String() != "" {
		t.Errorf("a broken cache: %d reused, stderr %q", r, &quiet.stderr)
	}
	os.WriteFile(cache, []byte("sitrep-build-cache 2\ngarbage"), 0o644)
	loud := build("SITREP_DEBUG=1")
	if !strings.Contains(loud.stderr.String(), "debug: build cache not used:") {
		t.Errorf("SITREP_DEBUG=1 with a broken cache: stderr %q", &loud.stderr)
	}
	sameTree(t, "public/ after a broken cache", tree(t, out), want)
}

// parsedCount reads "parse cache: N content files parsed" from a build's
// debug lines.
func parsedCount(t *testing.T, stderr string) int {
	t.Helper()
	m := regexp.MustCompile(`debug: parse cache: (\d+) content files parsed`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no parse count in %q", stderr)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// messages are a build's stderr without its debug lines.
func messages(stderr string) string {
	var b strings.Builder
	for line := range strings.Lines(stderr) {
		if !strings.HasPrefix(line, "debug: ") {
			b.WriteString(line)
		}
	}
	return b.String()
}

func TestASecondBuildProcessParsesOnlyFilesWhoseBytesChanged(t *testing.T) {
	dir := copyExample(t)
	warned := filepath.Join(dir, "content", "incidents", "2026-11-01-raw-html.md")
	const body = "---\ntitle: Raw HTML\ncomponents:\n  api: degraded_performance\n---\n## Resolved — 2026-11-01 10:30\nAll <b>good</b>.\n## Investigating — 2026-11-01 10:00\nFirst words.\n"
	if err := os.WriteFile(warned, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	build := func(out string, wantCode int) *proc {
		t.Helper()
		p := sitrepProcess(t, "build", "--source", dir, "--out", out, "--now", "2026-11-22 11:00")
		p.Env = append(p.Env, "SITREP_DEBUG=1")
		if code := p.run(t); code != wantCode {
			t.Fatalf("exit %d, want %d: %s", code, wantCode, &p.stderr)
		}
		return p
	}
	// fresh builds into a new folder: nothing is taken from a cache.
	fresh := func(wantCode int) (string, map[string]string) {
		t.Helper()
		o := filepath.Join(t.TempDir(), "public")
		p := build(o, wantCode)
		return messages(p.stderr.String()), tree(t, o)
	}
	first := build(out, exitOK)
	if parsedCount(t, first.stderr.String()) == 0 {
		t.Fatal("the first build parsed nothing")
	}
	wantMsgs := messages(first.stderr.String())
	if !strings.Contains(wantMsgs, "raw HTML is dropped") {
		t.Fatalf("no warning in %q", wantMsgs)
	}
	again := build(out, exitOK)
	if n := parsedCount(t, again.stderr.String()); n != 0 {
		t.Errorf("nothing changed: %d files parsed", n)
	}
	if got := messages(again.stderr.String()); got != wantMsgs {
		t.Errorf("messages from the cache differ:\n%s\nwant:\n%s", got, wantMsgs)
	}

	// An edit that keeps the file's size and time is parsed.
	fi, err := os.Stat(warned)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(warned, []byte(strings.Replace(body, "First", "Fresh", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(warned, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	edited := build(out, exitOK)
	if n := parsedCount(t, edited.stderr.String()); n != 1 {
		t.Errorf("one file edited keeping its size and time: %d files parsed, want 1", n)
	}
	msgs, want := fresh(exitOK)
	sameTree(t, "public/ after an edit keeping size and time", tree(t, out), want)
	if got := messages(edited.stderr.String()); got != msgs {
		t.Errorf("messages differ from a fresh build's:\n%s\nwant:\n%s", got, msgs)
	}

	// A file with an error fails the build with the same messages, from
	// the cache too.
	bad := filepath.Join(dir, "content", "incidents", "2026-11-02-bad.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: Bad\nseverity: P9\ncomponents:\n  apx: major_outage\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	failed := build(out, exitContent)
	if n := parsedCount(t, failed.stderr.String()); n != 1 {
		t.Errorf("one file added: %d files parsed, want 1", n)
	}
	failedAgain := build(out, exitContent)
	if n := parsedCount(t, failedAgain.stderr.String()); n != 0 {
		t.Errorf("nothing changed since a failed build: %d files parsed", n)
	}
	msgs, _ = fresh(exitContent)
	for _, p := range []*proc{failed, failedAgain} {
		if got := messages(p.stderr.String()); got != msgs {
			t.Errorf("messages of a failed build differ:\n%s\nwant:\n%s", got, msgs)
		}
	}
	os.Remove(bad)

	// A corrupted cache is ignored: everything is parsed.
	cache := filepath.Join(filepath.Dir(out), ".public.sitrep", "parse-cache")
	b, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	if err := os.WriteFile(cache, b, 0o600); err != nil {
		t.Fatal(err)
	}
	corrupt := build(out, exitOK)
	if n := parsedCount(t, corrupt.stderr.String()); n == 0 || !strings.Contains(corrupt.stderr.String(), "parse-cache: checksum mismatch") {
		t.Errorf("a corrupted cache: %d files parsed; stderr %q", n, &corrupt.stderr)
	}
	sameTree(t, "public/ after a corrupted cache", tree(t, out), want)
}
