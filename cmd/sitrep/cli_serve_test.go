package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/watch/watchtest"
)

// lineWriter collects output and hands over each complete line.
type lineWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	all   strings.Builder
	lines chan string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 1000)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.all.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line) // an incomplete line waits for the rest
			return len(p), nil
		}
		w.lines <- strings.TrimSuffix(line, "\n")
	}
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.all.String()
}

// waitLine waits for a line matching re.
func (w *lineWriter) waitLine(t *testing.T, re string) []string {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.After(watchtest.Timeout)
	for {
		select {
		case l := <-w.lines:
			if m := rx.FindStringSubmatch(l); m != nil {
				return m
			}
		case <-deadline:
			t.Fatalf("no line matching %q within %v; output:\n%s", re, watchtest.Timeout, w.String())
		}
	}
}

// runLong runs a long-running command until the test cancels it, and
// returns its exit code through the channel.
func runLong(t *testing.T, args ...string) (stdout, stderr *lineWriter, stop func() int) {
	t.Helper()
	stdout, stderr = newLineWriter(), newLineWriter()
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- Run(ctx, args, strings.NewReader(""), stdout, stderr) }()
	stop = sync.OnceValue(func() int {
		cancel()
		select {
		case c := <-code:
			return c
		case <-time.After(watchtest.Timeout):
			t.Fatal("the command did not end after cancel")
			return -1
		}
	})
	t.Cleanup(func() { stop() })
	return stdout, stderr, stop
}

func TestWatchBuildsThenRebuildsEachSaveOnOneLine(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	out := filepath.Join(t.TempDir(), "public")
	stdout, stderr, stop := runLong(t, "watch", "--source", dir, "--out", out)
	stdout.waitLine(t, `^\d\d:\d\d:\d\d built \d+ files into .*public: \d+ written, 0 removed in `)
	stdout.waitLine(t, `^watching content/ and themes/; Ctrl-C stops$`)

	inc := "content/incidents/2026-11-20-api-errors.md"
	watchtest.WriteFile(t, dir, inc, watchtest.Incident("API errors, edited", "api", "2026-11-20 10:00", "Resolved"))
	stdout.waitLine(t, `^\d\d:\d\d:\d\d `+regexp.QuoteMeta(inc)+` changed: [1-9]\d* written, 0 removed in \d`)

	watchtest.WriteFile(t, dir, inc, watchtest.Incident("API errors", "apii", "2026-11-20 10:00", "Resolved"))
	stderr.waitLine(t, regexp.QuoteMeta(inc)+`:\d+: .*"apii"`)
	stderr.waitLine(t, `1 error; .*public keeps the last good build$`)

	watchtest.WriteFile(t, dir, inc, watchtest.Incident("API errors, fixed", "api", "2026-11-20 10:00", "Resolved"))
	stdout.waitLine(t, regexp.QuoteMeta(inc)+` changed: [1-9]\d* written`)
	if code := stop(); code != exitInterrupt {
		t.Errorf("exit code %d after Ctrl-C, want %d; stderr:\n%s", code, exitInterrupt, stderr)
	}
}

func TestWatchRefusesAnOutputInsideTheContent(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	var stderr bytes.Buffer
	code := Run(context.Background(), []string{"watch", "--source", dir, "--out", filepath.Join(dir, "content", "public")}, nil, io.Discard, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "overlaps the site's content/") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestServeServesTheSiteAtItsOwnAddress(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	stdout, stderr, stop := runLong(t, "serve", "--source", dir, "--addr", "127.0.0.1:0")
	m := stdout.waitLine(t, `^serving (http://127\.0\.0\.1:\d+/); watching content/ and themes/; Ctrl-C stops$`)
	stdout.waitLine(t, `^\d\d:\d\d:\d\d built \d+ files in \d`)
	resp, err := http.Get(m[1] + "api/v2/status.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
		!strings.Contains(string(body), strings.TrimSuffix(m[1], "/")) {
		t.Errorf("status.json: %d %q\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	inc := "content/incidents/2026-11-20-api-errors.md"
	watchtest.WriteFile(t, dir, inc, watchtest.Incident("API errors, edited", "api", "2026-11-20 10:00", "Resolved"))
	stdout.waitLine(t, regexp.QuoteMeta(inc)+` changed: [1-9]\d* files? changed, \d+ pages? reloaded in \d`)
	if code := stop(); code != exitInterrupt {
		t.Errorf("exit code %d after Ctrl-C; stderr:\n%s", code, stderr)
	}
}

func TestServeOnAPortInUseSaysWhatToDo(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := watchtest.WriteSite(t, watchtest.Site())
	var stderr bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--source", dir, "--addr", ln.Addr().String()}, nil, io.Discard, &stderr)
	if code != exitFailure || !strings.Contains(stderr.String(), "in use") || !strings.Contains(stderr.String(), "--addr 127.0.0.1:") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestServeAndWatchNeedASite(t *testing.T) {
	for _, cmd := range []string{"serve", "watch"} {
		var stderr bytes.Buffer
		code := Run(context.Background(), []string{cmd, "--source", t.TempDir()}, nil, io.Discard, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), "no content/site.yaml") {
			t.Errorf("%s: exit %d, stderr %q", cmd, code, stderr.String())
		}
	}
}

func TestServeStartsOnABrokenSiteAndSaysWhere(t *testing.T) {
	files := watchtest.Site()
	inc := "content/incidents/2026-11-20-api-errors.md"
	files[inc] = watchtest.Incident("API errors", "apii", "2026-11-20 10:00", "Resolved")
	dir := watchtest.WriteSite(t, files)
	stdout, stderr, stop := runLong(t, "serve", "--source", dir, "--addr", "127.0.0.1:0")
	m := stdout.waitLine(t, `^serving (http://127\.0\.0\.1:\d+/);`)
	stderr.waitLine(t, regexp.QuoteMeta(inc)+`:\d+: `)
	stderr.waitLine(t, `1 error; serving a notice until a good save$`)
	resp, err := http.Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("before a good build: status %d", resp.StatusCode)
	}
	watchtest.WriteFile(t, dir, inc, watchtest.Incident("API errors", "api", "2026-11-20 10:00", "Resolved"))
	stdout.waitLine(t, regexp.QuoteMeta(inc)+` changed: [1-9]\d* files changed`)
	if code := stop(); code != exitInterrupt {
		t.Errorf("exit code %d after Ctrl-C; stderr:\n%s", code, stderr)
	}
}
