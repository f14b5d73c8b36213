package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/github"
)

// ghEvent writes a captured issues payload with the incident form into a
// file and returns the environment GitHub Actions would set for it.
func ghEvent(t *testing.T, name, capture string, set func(map[string]any)) func(string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "generator", "github", "testdata", capture+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if set != nil {
		set(doc)
	}
	b, _ = json.Marshal(doc)
	file := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return func(k string) string {
		return map[string]string{"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": file}[k]
	}
}

func TestGitHubOpensAnIncidentFromTheIssueAndWritesTheReply(t *testing.T) {
	dir := writeSite(t, smallSite)
	getenv := ghEvent(t, "issues", "issues_opened", func(doc map[string]any) {
		is := doc["issue"].(map[string]any)
		is["title"] = "Webhooks delayed"
		is["created_at"] = "2026-11-22T01:55:00Z"
		is["body"] = "### Severity\n\nP2 — partial or regional degradation\n\n### Status\n\nInvestigating\n\n### Affected components\n\nWebhooks (webhooks)\n\n" +
			"### Status of the affected components\n\nDegraded performance (degraded_performance)\n\n### Message\n\nWebhooks arrive late.\n\n### Next update\n\n_No response_"
	})
	reply := filepath.Join(t.TempDir(), "reply.md")
	e, out, errb := testEnv(strings.NewReader(""), getenv)
	code := e.run([]string{"github", "--reply", reply, "--source", dir, "--now", testNow})
	want := filepath.Join(dir, "content", "incidents", "2026-11-22-webhooks-delayed-gh1.md")
	if code != exitOK || strings.TrimSpace(out.String()) != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want %s", code, out, errb, want)
	}
	b, err := os.ReadFile(reply)
	if err != nil || !strings.Contains(string(b), "Published incident `2026-11-22-webhooks-delayed-gh1`") {
		t.Errorf("reply = %q, %v", b, err)
	}

	// The same event again: nothing to write, and an empty reply file.
	e, out, _ = testEnv(strings.NewReader(""), getenv)
	if code := e.run([]string{"github", "--reply", reply, "--source", dir, "--now", testNow}); code != exitOK || !strings.Contains(out.String(), "nothing to write") {
		t.Errorf("again: exit %d, %q", code, out)
	}
	if b, _ := os.ReadFile(reply); len(b) != 0 {
		t.Errorf("the reply of a repeat is %q, want empty", b)
	}
}

func TestGitHubIgnoresOtherEventsAndNeedsActions(t *testing.T) {
	dir := writeSite(t, smallSite)
	e, out, _ := testEnv(strings.NewReader(""), ghEvent(t, "push", "issues_opened", nil))
	if code := e.run([]string{"github", "--source", dir}); code != exitOK || !strings.Contains(out.String(), "nothing to write") {
		t.Errorf("a push event: exit %d, %q", code, out)
	}
	e, _, errb := testEnv(strings.NewReader(""), func(string) string { return "" })
	if code := e.run([]string{"github", "--source", dir}); code != exitUsage || !strings.Contains(errb.String(), "GITHUB_EVENT_PATH") {
		t.Errorf("outside Actions: exit %d, %q", code, errb)
	}
	e, _, errb = testEnv(strings.NewReader(""), ghEvent(t, "issues", "issues_opened", nil))
	if code := e.run([]string{"github", "--source", dir, "--allow", "OWNER,ADMIN"}); code != exitUsage || !strings.Contains(errb.String(), `unknown author association "ADMIN"`) {
		t.Errorf("--allow ADMIN: exit %d, %q", code, errb)
	}
}

func TestGitHubAllowListIsConfigurable(t *testing.T) {
	dir := writeSite(t, smallSite)
	getenv := ghEvent(t, "issue_comment", "issue_comment_created", func(doc map[string]any) {
		doc["comment"].(map[string]any)["body"] = "/resolve Fixed."
		doc["comment"].(map[string]any)["author_association"] = "MEMBER"
	})
	reply := filepath.Join(t.TempDir(), "reply.md")
	e, _, _ := testEnv(strings.NewReader(""), getenv)
	if code := e.run([]string{"github", "--reply", reply, "--source", dir, "--now", testNow, "--allow", "OWNER"}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if b, _ := os.ReadFile(reply); !strings.Contains(string(b), "`member`") || !strings.Contains(string(b), "only owners can publish") {
		t.Errorf("reply = %q", b)
	}
}

func TestGitHubSetupWritesFormsAndWorkflowsAndKeepsOthers(t *testing.T) {
	dir := writeSite(t, smallSite)
	mine := filepath.Join(dir, ".github", "ISSUE_TEMPLATE", "maintenance.yml")
	os.MkdirAll(filepath.Dir(mine), 0o755)
	os.WriteFile(mine, []byte("name: Our own form\n"), 0o644)
	r := sitrep(t, "", "github", "setup", "--source", dir)
	for _, want := range []string{"ISSUE_TEMPLATE/incident.yml", "workflows/issue-ops.yml", "workflows/status.yml", "actions/install-sitrep/action.yml"} {
		if r.code != exitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("exit %d; setup did not write %s:\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}
	if b, _ := os.ReadFile(mine); string(b) != "name: Our own form\n" || !strings.Contains(r.stderr, "maintenance.yml was not written by sitrep and is kept") {
		t.Errorf("a form sitrep did not write was replaced, or not reported: %q\n%s", b, r.stderr)
	}
	form, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(github.IncidentForm)))
	if !strings.Contains(string(form), `"Webhooks (webhooks)"`) {
		t.Errorf("the form does not list the site's components:\n%s", form)
	}
	if r := sitrep(t, "", "github", "setup", "--source", dir); !strings.Contains(r.stdout, "up to date") {
		t.Errorf("setup again: %s", r.stdout)
	}

	// A component removed: check warns, setup writes the form again.
	os.Remove(filepath.Join(dir, "content", "components", "database.md"))
	os.Remove(filepath.Join(dir, "content", "incidents", "2026-11-21-db-crlf.md"))
	os.Remove(filepath.Join(dir, "content", "maintenance", "2026-11-29-db-upgrade.md"))
	r = sitrep(t, "", "check", "--source", dir, "--now", testNow)
	if r.code != exitOK || !strings.Contains(r.stdout, ".github/ISSUE_TEMPLATE/incident.yml:") || !strings.Contains(r.stdout, "(database)") {
		t.Errorf("check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := sitrep(t, "", "github", "setup", "--source", dir); !strings.Contains(r.stdout, "incident.yml") {
		t.Errorf("setup after the change: %s", r.stdout)
	}
	if r := sitrep(t, "", "check", "--source", dir, "--now", testNow); strings.Contains(r.stdout, "ISSUE_TEMPLATE") {
		t.Errorf("check still warns:\n%s", r.stdout)
	}
}

func TestVersionPrintsVersionAndCommit(t *testing.T) {
	r := sitrep(t, "", "--version")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "sitrep ") || !strings.Contains(r.stdout, "(commit ") {
		t.Errorf("--version: exit %d, %q", r.code, r.stdout)
	}
}
