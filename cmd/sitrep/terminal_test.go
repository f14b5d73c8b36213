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
