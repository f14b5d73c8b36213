package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/synth"
)

// These tests run sitrep as a real process: the test binary itself, which
// runs main when SITREP_TEST_MAIN is set.
func TestMain(m *testing.M) {
	if os.Getenv("SITREP_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// proc is sitrep as a process, with its output kept.
type proc struct {
	*exec.Cmd
	stdout, stderr lockedBuffer
}

// lockedBuffer is a buffer that may be read while the process writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func sitrepProcess(t *testing.T, args ...string) *proc {
	t.Helper()
	c := &proc{Cmd: exec.Command(os.Args[0], args...)}
	c.Env = append(os.Environ(), "SITREP_TEST_MAIN=1")
	c.Stdout, c.Stderr = &c.stdout, &c.stderr
	return c
}

// wait waits for the process to end and returns its exit code; it fails
// the test when the process does not end at all.
func (c *proc) wait(t *testing.T) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		c.Process.Kill()
		<-done
		t.Fatalf("%v did not end; stderr:\n%s", c.Args, &c.stderr)
	}
	return c.ProcessState.ExitCode()
}

func (c *proc) run(t *testing.T) int {
	t.Helper()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	return c.wait(t)
}

// tree is every entry under a folder: files by digest, links by target,
// folders by their mode.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			m[rel] = "link " + target
			return err
		case d.IsDir():
			m[rel+"/"] = "folder"
		default:
			b, err := os.ReadFile(p)
			sum := sha256.Sum256(b)
			m[rel] = hex.EncodeToString(sum[:])
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameTree fails the test unless two trees are equal, naming the first
// differences.
func sameTree(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	var diffs []string
	for p, w := range want {
		if g, ok := got[p]; !ok {
			diffs = append(diffs, "missing "+p)
		} else if g != w {
			diffs = append(diffs, "changed "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	if len(diffs) > 0 {
		if len(diffs) > 10 {
			diffs = append(diffs[:10], fmt.Sprintf("and %d more", len(diffs)-10))
		}
		t.Errorf("%s:\n%s", what, strings.Join(diffs, "\n"))
	}
}

// synthSite writes a synthetic site of n incidents with a .gitignore in
// its public/, and returns the site root.
func synthSite(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Spec{Components: 20, Incidents: n, End: synth.BenchEnd, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "public", ".gitignore"), []byte("*\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const processNow = "2026-11-22 11:00"

// buildInto builds site into out at base, and fails the test if it fails.
func buildInto(t *testing.T, site, out, base string) map[string]string {
	t.Helper()
	c := sitrepProcess(t, "build", "--source", site, "--out", out, "--now", processNow, "--base-url", base)
	if code := c.run(t); code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, &c.stderr)
	}
	return tree(t, out)
}

// noStrays fails the test if sitrep left temporary files or a journal.
func noStrays(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		for p := range tree(t, d) {
			if strings.Contains(p, ".sitrep-tmp") || strings.HasSuffix(p, "journal") {
				t.Errorf("left behind in %s: %s", d, p)
			}
		}
	}
}

func TestAKilledBuildLeavesTheOldTreeOrTheNew(t *testing.T) {
	// The size the issue names: 10,000 incidents, about 70 s on a 2-core
	// machine (-short: 300; SITREP_KILL_INCIDENTS sets any size).
	n, kills := 10000, 8
	if testing.Short() {
		n, kills = 300, 4
	}
	if v, err := strconv.Atoi(os.Getenv("SITREP_KILL_INCIDENTS")); err == nil {
		n = v
	}
	site := synthSite(t, n)
	// The two trees, built whole: every page differs between them.
	refs := t.TempDir()
	trees := []map[string]string{
		buildInto(t, site, filepath.Join(refs, "a"), "https://a.example.com/"),
		buildInto(t, site, filepath.Join(refs, "b"), "https://b.example.com/"),
	}
	bases := []string{"https://a.example.com/", "https://b.example.com/"}
	out := filepath.Join(site, "public")
	// The .gitignore in public/ is carried into every tree.
	for _, tr := range trees {
		tr[".gitignore"] = tree(t, filepath.Join(site, "public"))[".gitignore"]
	}
	sameTree(t, "first build", buildInto(t, site, out, bases[0]), trees[0])
	start := time.Now()
	sameTree(t, "second build", buildInto(t, site, out, bases[1]), trees[1])
	took := time.Since(start) // as long as the builds to kill take, about

	// Kill points from a third of the way in (rendering comes first) to
	// a little after the end.
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	journal := filepath.Join(site, ".public.sitrep", "journal")
	have := 1
	for k := range kills {
		next := 1 - have
		delay := took/3 + time.Duration(rng.Int64N(int64(took)*4/5))
		what := "at random"
		c := sitrepProcess(t, "build", "--source", site, "--now", processNow, "--base-url", bases[next])
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		if k%2 == 1 {
			// While the spare changes or is exchanged: a journal is
			// written first.
			delay = time.Duration(rng.Int64N(int64(15 * time.Millisecond)))
			what = "after the journal appeared"
			for give := time.Now().Add(2 * took); time.Now().Before(give); time.Sleep(time.Millisecond) {
				if _, err := os.Stat(journal); err == nil {
					break
				}
			}
		}
		time.Sleep(delay)
		c.Process.Signal(syscall.SIGKILL)
		c.wait(t)
		got := tree(t, out)
		switch {
		case maps.Equal(got, trees[have]):
			t.Logf("kill %d %s, %v: the old tree", k, what, delay)
		case maps.Equal(got, trees[next]):
			t.Logf("kill %d %s, %v: the new tree", k, what, delay)
			have = next
		default:
			sameTree(t, fmt.Sprintf("kill %d after %v: neither tree; against the old one", k, delay), got, trees[have])
			t.FailNow()
		}
	}
	// The next build finishes the job and leaves nothing behind.
	next := 1 - have
	sameTree(t, "after the kills", buildInto(t, site, out, bases[next]), trees[next])
	noStrays(t, out, filepath.Join(site, ".public.sitrep"))
}

func TestTwoBuildsAtOnceNeverMixTheirTrees(t *testing.T) {
	site := synthSite(t, 300)
	refs := t.TempDir()
	bases := []string{"https://a.example.com/", "https://b.example.com/"}
	var trees []map[string]string
	for i, b := range bases {
		tr := buildInto(t, site, filepath.Join(refs, fmt.Sprint(i)), b)
		tr[".gitignore"] = tree(t, filepath.Join(site, "public"))[".gitignore"]
		trees = append(trees, tr)
	}
	out := filepath.Join(site, "public")
	for round := range 3 {
		cs := make([]*proc, 2)
		for i, b := range bases {
			cs[i] = sitrepProcess(t, "build", "--source", site, "--now", processNow, "--base-url", b)
			if err := cs[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, c := range cs {
			// Builds wait for each other; both end well.
			if code := c.wait(t); code != exitOK {
				t.Errorf("round %d, build %d: exit %d\n%s", round, i, code, &c.stderr)
			}
		}
		got := tree(t, out)
		if !maps.Equal(got, trees[0]) && !maps.Equal(got, trees[1]) {
			sameTree(t, fmt.Sprintf("round %d: neither tree; against the first", round), got, trees[0])
		}
	}
}

func TestABuildIsRefusedWhileWatchWritesTheFolder(t *testing.T) {
	site := synthSite(t, 50)
	out := filepath.Join(site, "public")
	w := sitrepProcess(t, "watch", "--source", site)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		w.Process.Signal(syscall.SIGTERM)
		if code := w.wait(t); code != exitTerminate {
			t.Errorf("watch after SIGTERM: exit %d\n%s", code, &w.stderr)
		}
	}()
	// Once watch has built, its tree is there.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(out, ".sitrep-manifest")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("watch did not build; stderr:\n%s", &w.stderr)
		}
	}
	before := tree(t, out)
	b := sitrepProcess(t, "build", "--source", site, "--base-url", "https://other.example.com/")
	code := b.run(t)
	msg := fmt.Sprintf("pid %d (sitrep watch)", w.Process.Pid)
	if code != exitFailure || !strings.Contains(b.stderr.String(), msg) {
		t.Errorf("build while watch runs: exit %d, stderr %q; want %d and %q", code, &b.stderr, exitFailure, msg)
	}
	sameTree(t, "the output after the refused build", tree(t, out), before)
}

func TestSignalsStopEveryCommandWithTheirExitCodes(t *testing.T) {
	site := synthSite(t, 3000)
	for _, c := range []struct {
		args []string
		sig  syscall.Signal
		code int
	}{
		{[]string{"build", "--source", site, "--now", processNow}, syscall.SIGTERM, exitTerminate},
		{[]string{"build", "--source", site, "--now", processNow}, syscall.SIGINT, exitInterrupt},
		{[]string{"check", "--source", site, "--now", processNow}, syscall.SIGTERM, exitTerminate},
		{[]string{"watch", "--source", site}, syscall.SIGTERM, exitTerminate},
		{[]string{"serve", "--source", site, "--addr", "127.0.0.1:0"}, syscall.SIGINT, exitInterrupt},
	} {
		before := tree(t, filepath.Join(site, "public"))
		// The signal must come after sitrep set up its handlers and before
		// it finished: a command that ended first (exit 0) is run again
		// with a shorter wait, one killed before its handlers (no exit
		// code) with a longer one.
		var p *proc
		code := -1
		for wait, try := 300*time.Millisecond, 0; try < 10; try++ {
			p = sitrepProcess(t, c.args...)
			if err := p.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(wait)
			p.Process.Signal(c.sig)
			if code = p.wait(t); code == exitOK {
				wait /= 2
			} else if code == -1 {
				wait *= 2
			} else {
				break
			}
		}
		if code != c.code || !strings.Contains(p.stderr.String(), "sitrep: ") {
			t.Errorf("%s %v: exit %d, stderr %q; want %d and a message", c.args[0], c.sig, code, &p.stderr, c.code)
		}
		if after := tree(t, filepath.Join(site, "public")); !maps.Equal(before, after) && len(after) > 2 && after[".sitrep-manifest"] == "" {
			t.Errorf("%s %v left a partial tree", c.args[0], c.sig)
		}
	}
}

func TestAFullDiskLeavesThePreviousTree(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root")
	}
	site := synthSite(t, 200)
	os.RemoveAll(filepath.Join(site, "public"))
	size := treeBytes(t, site, "https://a.example.com/") // how much one tree takes
	t.Logf("one tree: %d KB", size/1024)
	mnt := t.TempDir()
	// Room for one tree and a half: the next tree, whose every page
	// differs, cannot be made beside it.
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dk", size*8/5/1024), "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	out := filepath.Join(mnt, "public")
	first := buildInto(t, site, out, "https://a.example.com/")

	c := sitrepProcess(t, "build", "--source", site, "--out", out, "--now", processNow, "--base-url", "https://b.example.com/")
	code := c.run(t)
	if code != exitFailure || !strings.Contains(c.stderr.String(), "no space left on device") {
		t.Errorf("build onto a full disk: exit %d, stderr %q", code, &c.stderr)
	}
	sameTree(t, "after the failed build", tree(t, out), first)
	// Once there is room again (the same tree), the next build goes through
	// and leaves nothing behind.
	sameTree(t, "the next build", buildInto(t, site, out, "https://a.example.com/"), first)
	noStrays(t, out, filepath.Join(mnt, ".public.sitrep"))
}

// treeBytes is how many bytes the files of a site's tree take.
func treeBytes(t *testing.T, site, base string) int64 {
	t.Helper()
	out := filepath.Join(t.TempDir(), "size")
	buildInto(t, site, out, base)
	var n int64
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += (fi.Size() + 4095) / 4096 * 4096
			}
		}
		return err
	})
	return n
}

func TestNoCommandTouchesFilesSitrepDidNotWrite(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	if err := synth.Write(site, synth.Spec{Components: 3, Incidents: 5, End: synth.BenchEnd, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	theirs := map[string]string{
		"site/README.md":           "# our status page\n",
		"site/other/IMPORTANT.txt": "keep me\n",
		"site/other/sub/notes.md":  "and me\n",
		"victim/precious.txt":      "do not delete\n",
		"victim/sub/deep.txt":      "nor this\n",
	}
	for name, data := range theirs {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A cloned status repository whose public/ links out of it.
	if err := os.Symlink(filepath.Join(root, "victim"), filepath.Join(site, "public")); err != nil {
		t.Fatal(err)
	}
	before := tree(t, root)
	for _, c := range []struct {
		args []string
		why  string
	}{
		{[]string{"build", "--out", "."}, "holds the site itself"},
		{[]string{"build", "--out", ".."}, "holds the site itself"},
		{[]string{"build", "--out", "other"}, "no record of an earlier build"},
		{[]string{"build", "--out", "content"}, "overlaps the site's content/"},
		{[]string{"build", "--out", "content/incidents"}, "overlaps the site's content/"},
		{[]string{"build"}, "is a link"},
		{[]string{"build", "--out", "public/sub"}, "is a link"},
		{[]string{"watch", "--out", "."}, "holds the site itself"},
		{[]string{"watch", "--out", "other"}, "no record of an earlier build"},
		{[]string{"watch", "--out", "content"}, "overlaps the site's content/"},
		{[]string{"watch"}, "is a link"},
	} {
		p := sitrepProcess(t, append(c.args, "--source", site)...)
		p.Dir = site
		code := p.run(t)
		if code != exitUsage || !strings.Contains(p.stderr.String(), c.why) {
			t.Errorf("sitrep %s: exit %d, stderr %q; want %d and %q", strings.Join(c.args, " "), code, &p.stderr, exitUsage, c.why)
		}
		sameTree(t, "after sitrep "+strings.Join(c.args, " "), tree(t, root), before)
	}
	// serve builds into memory only: nothing on disk changes while it runs.
	p := sitrepProcess(t, "serve", "--source", site, "--addr", "127.0.0.1:0")
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); !strings.Contains(p.stdout.String(), "built"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not build: %s", &p.stderr)
		}
	}
	p.Process.Signal(syscall.SIGINT)
	if code := p.wait(t); code != exitInterrupt {
		t.Errorf("serve after SIGINT: exit %d", code)
	}
	sameTree(t, "after sitrep serve", tree(t, root), before)
}
