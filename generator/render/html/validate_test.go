package html_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/generator/internal/browsertest"
	"github.com/sitrep/sitrep/generator/internal/example"
)

// The checkers come from the npm packages in the repository's package.json
// (npm ci installs them under node_modules/).
var (
	nodeModules = filepath.Join("..", "..", "..", "node_modules")
	vnuJar      = filepath.Join(nodeModules, "vnu-jar", "build", "dist", "vnu.jar")
	axeJS       = filepath.Join(nodeModules, "axe-core", "axe.min.js")
)

// TestPagesPassTheNuHtmlChecker runs the Nu Html Checker (vnu.jar) over
// every page and the stylesheet of the example site.
func TestPagesPassTheNuHtmlChecker(t *testing.T) {
	browsertest.Require(t, "java", "Java")
	browsertest.Require(t, vnuJar, "the Nu Html Checker (npm ci)")
	site := renderHTML(t, example.FS(t), example.Now)
	dir := t.TempDir()
	var files []string
	for _, p := range site.Paths() {
		if !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".css") && !strings.HasSuffix(p, ".svg") {
			continue
		}
		b, _ := site.File(p)
		file := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	args := append([]string{"-jar", vnuJar, "--format", "json", "--also-check-css", "--also-check-svg"}, files...)
	out, err := exec.Command("java", args...).CombinedOutput()
	var report struct {
		Messages []struct {
			Type, SubType, URL, Message, Extract string
			LastLine                             int
		}
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("vnu: %v (%v)\n%s", err, jerr, out)
	}
	for _, m := range report.Messages {
		if m.Type == "info" && m.SubType != "warning" {
			continue
		}
		t.Errorf("%s:%d: %s %s: %s\n\t%s", strings.TrimPrefix(m.URL, "file:"+dir), m.LastLine, m.Type, m.SubType, m.Message, m.Extract)
	}
	if len(files) < 10 {
		t.Fatalf("only %d files checked", len(files))
	}
}

// TestPagesPassAxe runs axe-core's WCAG 2.2 A and AA rules on the example
// site's pages in Chromium, in light and dark and on a phone's width.
func TestPagesPassAxe(t *testing.T) {
	browsertest.Require(t, axeJS, "axe-core (npm ci)")
	axe, err := os.ReadFile(axeJS)
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t)
	b := newBrowser(t)
	pages := []string{
		"/", "/incidents/2026-11-22-elevated-api-errors/", "/incidents/2026-10-21-api-dashboard-sign-in-unavailable/",
		"/components/api/", "/history/", "/maintenance/2026-11-22-reports-storage-upgrade/", "/reports/", "/no-such-page/",
	}
	modes := []struct {
		scheme string
		width  int64
	}{{"light", 1280}, {"dark", 1280}, {"light", 360}, {"dark", 360}}
	for _, mode := range modes {
		for _, p := range pages {
			var result string
			err := chromedp.Run(b.ctx,
				emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: mode.scheme}}),
				chromedp.EmulateViewport(mode.width, 800),
				chromedp.Navigate(srv.URL+p),
				chromedp.WaitVisible("footer", chromedp.ByQuery),
				chromedp.Evaluate(string(axe), nil),
				chromedp.Evaluate(`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
					.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}))))`,
					&result, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			)
			if err != nil {
				t.Fatal(err)
			}
			var violations []struct {
				ID, Help string
				Nodes    []string
			}
			if err := json.Unmarshal([]byte(result), &violations); err != nil {
				t.Fatal(err)
			}
			for _, v := range violations {
				nodes := v.Nodes[:min(len(v.Nodes), 3)]
				t.Errorf("%s (%s, %d px): %s: %s\n\t%s", p, mode.scheme, mode.width, v.ID, v.Help, strings.Join(nodes, "\n\t"))
			}
		}
	}
	// The 404 page is served with status 404 on purpose.
	for _, p := range b.problems() {
		if !strings.Contains(p, "HTTP 404") && !slices.Contains([]string{"log error: Failed to load resource: the server responded with a status of 404 (Not Found) " + srv.URL + "/no-such-page/"}, p) {
			t.Error(p)
		}
	}
}
