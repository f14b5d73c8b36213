package html_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/sitrep/sitrep/generator/internal/example"
)

var shots = flag.String("shots", "", "write screenshots of the example site to `DIR`")

// TestScreenshots photographs the example site for people to look at:
// go test ./generator/render/html -run Screenshots -shots /tmp/shots
func TestScreenshots(t *testing.T) {
	if *shots == "" {
		t.Skip("no -shots directory given")
	}
	if err := os.MkdirAll(*shots, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := serve(t)
	b := newBrowser(t)
	pages := []struct{ name, path string }{
		{"index", "/"},
		{"incident-active", "/incidents/2026-11-22-elevated-api-errors/"},
		{"incident-postmortem", "/incidents/2026-10-21-api-dashboard-sign-in-unavailable/"},
		{"history", "/history/"},
		{"component-api", "/components/api/"},
		{"maintenance", "/maintenance/2026-11-22-reports-storage-upgrade/"},
		{"report", "/reports/"},
		{"embed", "/embed/"},
	}
	if err := chromedp.Run(b.ctx, clockAt(example.Now.Add(5*time.Minute)), emulation.SetTimezoneOverride("Asia/Seoul")); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{1280, 360} {
			for _, p := range pages {
				var png []byte
				var height int
				err := chromedp.Run(b.ctx,
					emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
					chromedp.EmulateViewport(width, 900),
					chromedp.Navigate(srv.URL+p.path),
					chromedp.WaitVisible("main", chromedp.ByQuery),
					chromedp.Evaluate(`document.documentElement.scrollHeight`, &height),
					chromedp.FullScreenshot(&png, 100),
				)
				t.Logf("%s at %d px, %s: %d px tall", p.name, width, scheme, height)
				if err != nil {
					t.Fatal(err)
				}
				file := filepath.Join(*shots, fmt.Sprintf("%s-%d-%s.png", p.name, width, scheme))
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// A reader an hour after the build: the front page says as of when,
	// the embed says the status is unknown.
	if err := chromedp.Run(b.ctx, clockAt(example.Now.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ name, path string }{{"index-stale", "/"}, {"embed-stale", "/embed/"}} {
		var png []byte
		err := chromedp.Run(b.ctx,
			emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}),
			chromedp.EmulateViewport(360, 640),
			chromedp.Navigate(srv.URL+p.path),
			chromedp.WaitVisible("main", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*shots, p.name+"-360-light.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range b.problems() {
		t.Error(p)
	}
}
