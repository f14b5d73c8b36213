package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
)

// actionlint is the linter the workflows must pass, run from its Go
// module at a fixed version. It checks workflow syntax, expressions,
// reusable workflow calls and local actions, runs shellcheck on run:
// scripts when shellcheck is installed (it is on GitHub's runners), and
// flags untrusted event data in run: lines.
const actionlint = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"

// lint runs actionlint on files (relative to dir, a git project).
func lint(t *testing.T, dir string, files ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"run", actionlint, "-no-color"}, files...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("running actionlint: %v\n%s", err, out)
	}
	return string(out), err == nil
}

// initSite writes the site "sitrep init" makes into a new folder marked
// as a git project, as actionlint wants, and returns it.
func initSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if r := sitrep(t, "", "init", dir); r.code != exitOK {
		t.Fatalf("init: %s", r.stderr)
	}
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEveryWorkflowPassesActionlint(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("the go command is needed to run actionlint")
	}
	repo := filepath.Join("..", "..")
	own, _ := filepath.Glob(filepath.Join(repo, ".github", "workflows", "*.yml"))
	for i := range own {
		own[i], _ = filepath.Rel(repo, own[i])
	}
	if out, ok := lint(t, repo, own...); !ok {
		t.Errorf("the project's workflows:\n%s", out)
	}
	site := initSite(t)
	if out, ok := lint(t, site, ".github/workflows/status.yml", ".github/workflows/issue-ops.yml"); !ok {
		t.Errorf("the workflows sitrep init writes:\n%s", out)
	}

	// The check can fail: an issue title in a shell line is flagged.
	bad := filepath.Join(site, ".github", "workflows", "bad.yml")
	os.WriteFile(bad, []byte("on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.issue.title }}\"\n"), 0o644)
	if out, ok := lint(t, site, ".github/workflows/bad.yml"); ok || !strings.Contains(out, "potentially untrusted") {
		t.Errorf("actionlint passed a title in a run: line:\n%s", out)
	}
}

// eventInRun finds ${{ github.event… }} (or ${{ github.event_path }}'s
// neighbours such as github.head_ref, just as untrusted) in a run: script.
var eventInRun = regexp.MustCompile(`\$\{\{[^}]*\bgithub\.(event\b|head_ref)`)

func TestNoEventDataReachesARunLine(t *testing.T) {
	skel, err := author.Skeleton(author.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for name, data := range skel {
		if strings.HasSuffix(name, ".yml") {
			files["init: "+name] = data
		}
	}
	own, _ := filepath.Glob(filepath.Join("..", "..", ".github", "workflows", "*.yml"))
	for _, n := range own {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(n)] = b
	}
	runs := 0
	for name, data := range files {
		doc, probs := content.DecodeYAML(name, data)
		if len(probs) > 0 {
			t.Fatalf("%s: %v", name, probs)
		}
		var steps []any
		for _, job := range mapAt(doc, "jobs") {
			s, _ := mapAt(job)["steps"].([]any)
			steps = append(steps, s...)
		}
		s, _ := mapAt(doc, "runs")["steps"].([]any) // a composite action
		steps = append(steps, s...)
		for _, step := range steps {
			run, _ := mapAt(step)["run"].(string)
			if run == "" {
				continue
			}
			runs++
			if m := eventInRun.FindString(run); m != "" {
				t.Errorf("%s: a run: script reads %s…; pass event data through GITHUB_EVENT_PATH or env:", name, m)
			}
		}
	}
	if runs < 10 {
		t.Errorf("found %d run: scripts, want those of every workflow and the install action", runs)
	}
	if !eventInRun.MatchString(`echo "${{ github.event.comment.body }}"`) || eventInRun.MatchString(`jq .issue.number "$GITHUB_EVENT_PATH"`) {
		t.Error("eventInRun does not tell event data from the event file")
	}
}
