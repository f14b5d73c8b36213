package main

import (
	"maps"
	"strings"
	"testing"
)

// TestMessagesNeverPrintControlBytesFromFiles: a crafted file name, YAML
// key or text must not reach the terminal (or a GitHub annotation) as raw
// control bytes that could clear the screen and print a fake "ok".
func TestMessagesNeverPrintControlBytesFromFiles(t *testing.T) {
	files := maps.Clone(smallSite)
	files["content/incidents/\x1b[2J\x1b[Hok.md"] = "---\ntitle: X\n---\n"
	files["content/incidents/2026-11-22-key.md"] = "---\ntitle: X\n? [\"\\e[2J\", b]\n: 1\n---\n"
	files["content/incidents/2026-11-22-bell.md"] = "---\ntitle: X\n---\nring\a\n"
	dir := writeSite(t, files)
	for _, format := range []string{"text", "github"} {
		t.Run(format, func(t *testing.T) {
			r := sitrep(t, "", "check", "--format", format, "--source", dir, "--now", testNow)
			if r.code != exitContent {
				t.Errorf("exit %d, want %d", r.code, exitContent)
			}
			out := r.stdout + r.stderr
			if i := strings.IndexFunc(out, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f }); i >= 0 {
				t.Fatalf("output holds control byte %#x: %q", out[i], out)
			}
			if !strings.Contains(out, `\x1b[2J\x1b[Hok.md`) {
				t.Errorf("the file name should be printed with escapes: %q", out)
			}
		})
	}
}

// TestFailuresNeverPrintControlBytes: errors that are not content
// problems (a missing folder, a refused slug) also carry names typed or
// found on disk; they are printed with escapes too.
func TestFailuresNeverPrintControlBytes(t *testing.T) {
	dir := writeSite(t, smallSite)
	for _, args := range [][]string{
		{"check", "--source", dir + "/\x1b[2Jnowhere"},
		{"update", "--source", dir, "\x1b[2J\x07nope", "--now", testNow, "text"},
	} {
		r := sitrep(t, "", args...)
		if r.code == exitOK {
			t.Errorf("%q: exit 0, want a failure", args)
		}
		if i := strings.IndexFunc(r.stderr, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f }); i >= 0 {
			t.Errorf("%q: stderr holds control byte %#x: %q", args, r.stderr[i], r.stderr)
		}
		if !strings.Contains(r.stderr, `\x1b[2J`) {
			t.Errorf("%q: the name should be printed with escapes: %q", args, r.stderr)
		}
	}
}
