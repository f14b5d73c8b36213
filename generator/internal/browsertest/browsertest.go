// Package browsertest starts the headless Chromium that sitrep's browser
// tests drive. Without Chromium a test is skipped, except when the CI
// environment variable is set: then it fails, so that a CI machine without
// a browser cannot pass by skipping.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium is where Debian's chromium package puts the browser.
const Chromium = "/usr/bin/chromium"

// Require skips the test when the tool at path is missing, or fails it
// when CI is set.
func Require(t testing.TB, path, what string) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		return
	}
	if _, err := exec.LookPath(path); err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing at %s, and CI is set", what, path)
	}
	t.Skipf("%s is missing at %s", what, path)
}

// New starts a fresh headless Chromium with its own profile and returns a
// context for a tab in it, bounded by timeout. The browser is closed and
// its profile removed when the test ends.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	Require(t, Chromium, "Chromium")
	// Not t.TempDir: its removal can fail while Chromium's helper
	// processes still write to the profile after the browser exits.
	profile, err := os.MkdirTemp("", "sitrep-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(Chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		chromedp.Cancel(ctx) // closes the browser and waits for it
		cancelTab()
		cancelAlloc()
		removeProfile(profile)
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel)
	return ctx
}

// removeProfile deletes a Chromium profile, trying a few times because
// helper processes may write a last file just after the browser exits.
func removeProfile(dir string) {
	for range 50 {
		if os.RemoveAll(dir) == nil {
			if _, err := os.Stat(dir); os.IsNotExist(err) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
}
