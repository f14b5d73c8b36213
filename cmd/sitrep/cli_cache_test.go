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
	if err := os.WriteFile(cache, []byte("sitrep-build-cache 1\ngarbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	quiet := build()
	if _, r := reusedCount(t, quiet.stdout.String()); r != 0 || quiet.stderr.String() != "" {
		t.Errorf("a broken cache: %d reused, stderr %q", r, &quiet.stderr)
	}
	os.WriteFile(cache, []byte("sitrep-build-cache 1\ngarbage"), 0o644)
	loud := build("SITREP_DEBUG=1")
	if !strings.Contains(loud.stderr.String(), "debug: build cache not used:") {
		t.Errorf("SITREP_DEBUG=1 with a broken cache: stderr %q", &loud.stderr)
	}
	sameTree(t, "public/ after a broken cache", tree(t, out), want)
}
