package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
)

// TestTwoCommentsAtOnceBothReachTheBranch runs the steps of issue-ops.yml
// that apply an event and push it — sitrep built from this tree, real git,
// a bare repository as GitHub — for two comments whose runs start from
// the same commit. The second push is refused; the step applies its event
// again on top of the first and pushes. Both updates end up on main.
func TestTwoCommentsAtOnceBothReachTheBranch(t *testing.T) {
	for _, tool := range []string{"git", "bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "sitrep"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	git := func(wd string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = wd
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	origin := filepath.Join(dir, "origin.git")
	git(dir, "init", "-q", "--bare", "-b", "main", origin)
	seed := filepath.Join(dir, "seed")
	if r := sitrep(t, "", "init", "--time-zone", "Asia/Seoul", seed); r.code != exitOK {
		t.Fatal(r.stderr)
	}
	// An incident opened from issue #1, as issue-ops.yml wrote it.
	incident := "content/incidents/2026-11-22-api-errors-gh1.md"
	os.MkdirAll(filepath.Join(seed, "content", "incidents"), 0o755)
	os.WriteFile(filepath.Join(seed, filepath.FromSlash(incident)), []byte("---\ntitle: API errors\nseverity: P1\ncomponents:\n  api: major_outage\n---\n\n## Investigating — 2026-11-22 10:00\nErrors.\n"), 0o644)
	git(seed, "init", "-q", "-b", "main")
	git(seed, "add", ".")
	git(seed, "commit", "-q", "-m", "seed")
	git(seed, "push", "-q", origin, "main")

	skel, err := author.Skeleton(author.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc, probs := content.DecodeYAML("issue-ops.yml", skel[".github/workflows/issue-ops.yml"])
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var apply, commit string
	for _, s := range mapAt(doc, "jobs", "apply")["steps"].([]any) {
		switch mapAt(s)["name"] {
		case "Apply the event":
			apply = mapAt(s)["run"].(string)
		case "Commit and push":
			commit = mapAt(s)["run"].(string)
		}
	}
	if apply == "" || commit == "" {
		t.Fatal("issue-ops.yml has no apply or commit step")
	}

	// Two runs check out main before either pushes.
	run := func(name, body, when string) (string, string) {
		wd := filepath.Join(dir, name)
		git(dir, "clone", "-q", origin, wd)
		tmp := filepath.Join(dir, name+"-tmp")
		os.Mkdir(tmp, 0o755)
		event, _ := os.ReadFile(filepath.Join("..", "..", "generator", "github", "testdata", "issue_comment_created.json"))
		var ev map[string]any
		json.Unmarshal(event, &ev)
		c := ev["comment"].(map[string]any)
		c["body"], c["created_at"], c["updated_at"] = body, when, when
		event, _ = json.Marshal(ev)
		eventFile := filepath.Join(tmp, "event.json")
		os.WriteFile(eventFile, event, 0o644)
		env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1",
			"GITHUB_EVENT_NAME=issue_comment", "GITHUB_EVENT_PATH="+eventFile, "GITHUB_REF_NAME=main",
			"RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+filepath.Join(tmp, "output"), "SOURCE_DATE_EPOCH=1795500000")
		return wd, strings.Join(env, "\x00")
	}
	step := func(wd, envs, script string) {
		t.Helper()
		cmd := exec.Command("bash", "-e", "-c", script)
		cmd.Dir, cmd.Env = wd, strings.Split(envs, "\x00")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
	}
	a, envA := run("a", "/update identified The database pool is exhausted.", "2026-11-22T01:20:00Z")
	b, envB := run("b", "/update monitoring A fix is deployed.", "2026-11-22T01:25:00Z")
	step(a, envA, apply)
	step(b, envB, apply)
	if r, _ := os.ReadFile(filepath.Join(dir, "a-tmp", "reply.md")); !strings.Contains(string(r), "Updated") {
		t.Fatalf("the first run replied %q", r)
	}
	step(a, envA, commit)
	step(b, envB, commit) // refused once, applied again on top of a's commit

	check := filepath.Join(dir, "check")
	git(dir, "clone", "-q", origin, check)
	got, _ := os.ReadFile(filepath.Join(check, filepath.FromSlash(incident)))
	for _, want := range []string{"## Identified — 2026-11-22 10:20", "## Monitoring — 2026-11-22 10:25"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("main lacks %q:\n%s", want, got)
		}
	}
	if log := git(check, "log", "--format=%s"); strings.Count(log, "status: from issue #1") != 2 {
		t.Errorf("main's log:\n%s", log)
	}
	if out, _ := os.ReadFile(filepath.Join(dir, "b-tmp", "output")); !strings.Contains(string(out), "changed=true") {
		t.Errorf("the second run's output: %q", out)
	}
}
