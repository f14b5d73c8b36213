package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/author"
)

func TestInitStartsASiteThatChecksAndBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "status")
	r := sitrep(t, "", "init", dir, "--title", "Acme Status", "--time-zone", "Europe/Berlin")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, f := range []string{".github/workflows/status.yml", "README.md", "content/site.yaml", "content/components/api.md",
		"content/components/website.md", "content/templates/outage.md", "public/.gitignore"} {
		if !strings.Contains(r.stdout, "created "+filepath.Join(dir, f)+"\n") {
			t.Errorf("init did not report %s:\n%s", f, r.stdout)
		}
	}
	if r := sitrep(t, "", "check", "--source", dir, "--now", testNow); r.code != 0 || !strings.Contains(r.stdout, "ok: no errors\n") {
		t.Errorf("check on the new site: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	res := build(t, dir, testNow)
	if res.Model.Site.Config.Title != "Acme Status" || res.Model.Site.Config.TimeZone != "Europe/Berlin" || len(res.Model.Components) != 2 {
		t.Errorf("built %+v", res.Model.Site.Config)
	}

	// The on-call workflow works on it straight away.
	r = sitrep(t, "", "new", "incident", "--template", "outage", "--source", dir, "--now", testNow)
	if r.code != 0 {
		t.Fatalf("new incident from the skeleton's template: exit %d: %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, "content/incidents/2026-11-22-service-disruption.md"); !strings.Contains(got, "a disruption of API.") {
		t.Errorf("the template's text is not filled in:\n%s", got)
	}
	build(t, dir, testNow)
}

func TestInitRefusesToOverwriteAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "site.yaml"), []byte("title: mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	r := sitrep(t, "", "init", dir)
	if r.code != exitUsage || !strings.Contains(r.stderr, "already has content/site.yaml; sitrep init writes nothing over existing files") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	sameFiles(t, before, snapshot(t, dir))

	r = sitrep(t, "", "init", t.TempDir(), "--time-zone", "Seoul")
	if r.code != exitUsage || !strings.Contains(r.stderr, `unknown time zone "Seoul"`) {
		t.Errorf("a bad time zone: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestInitPinsOneVersion(t *testing.T) {
	files, err := author.Skeleton(author.InitOptions{Commit: "0123456789ab"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, data := range files {
		n += strings.Count(string(data), author.Version)
		if strings.HasSuffix(name, ".yml") && strings.Contains(string(data), "go install") && name != ".github/actions/install-sitrep/action.yml" {
			t.Errorf("%s installs sitrep itself instead of using the install action", name)
		}
	}
	action := string(files[".github/actions/install-sitrep/action.yml"])
	if n != 1 || !strings.Contains(action, `default: "`+author.Version+`"`) || !strings.Contains(action, `default: "0123456789ab"`) {
		t.Errorf("the install action should pin the release and the commit, once (%d times):\n%s", n, action)
	}
}

func TestCheckFormatGitHubPrintsAnnotations(t *testing.T) {
	files := map[string]string{}
	for k, v := range smallSite {
		files[k] = v
	}
	files["content/incidents/2026-11-22-typo.md"] = "---\ntitle: Typo\ncomponents:\n  apii: major_outage\n---\n\n## Investigating — 2026-11-22 10:00\nA.\n"
	files["content/incidents/2026-11-22-bad-time.md"] = "---\ntitle: Bad time, 100%\n---\n\n## Investigating — 2026-11-22 25:00\nA.\n"
	dir := writeSite(t, files)
	r := sitrep(t, "", "check", "--format", "github", "--source", dir, "--now", testNow)
	if r.code != exitContent {
		t.Errorf("exit %d, want %d", r.code, exitContent)
	}
	want := []string{
		"::error file=content/incidents/2026-11-22-bad-time.md,line=5::bad time \"2026-11-22 25:00\"",
		"::error file=content/incidents/2026-11-22-typo.md,line=4::unknown component \"apii\" (did you mean \"api\"?)\n",
	}
	for _, w := range want {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if !strings.HasPrefix(line, "::error file=") && !strings.HasPrefix(line, "::warning file=") {
			t.Errorf("not a workflow command: %q", line)
		}
	}

	// A warning only (a promise that has passed) is an annotation too, and no failure.
	dir = writeSite(t, smallSite)
	r = sitrep(t, "", "check", "--format", "github", "--source", dir, "--now", testNow)
	if r.code != 0 || !strings.Contains(r.stdout, "::warning file=content/incidents/2026-11-22-hooks-late.md,line=5::next_update 2026-11-22 10:30:00 has passed") {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
}

func TestGitHubAnnotationsEscapeWhatGitHubParses(t *testing.T) {
	if got := ghEscape("100% done\nnext"); got != "100%25 done%0Anext" {
		t.Errorf("ghEscape = %q", got)
	}
	if got := ghEscapeProp(filepath.Join("content", "a,b:c.md")); got != "content/a%2Cb%3Ac.md" {
		t.Errorf("ghEscapeProp = %q", got)
	}
}

func TestEditorWritesTheMessage(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "editor.sh")
	// The editor replaces the text above the scissors line, as a person would.
	body := "#!/bin/sh\nprintf 'Written in the editor.\\n\\n' | cat - \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	e, _, _ := testEnv(strings.NewReader(""), func(k string) string {
		if k == "EDITOR" {
			return script
		}
		return ""
	})
	msg, err := e.fromEditor("", "message")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(msg) != "Written in the editor." {
		t.Errorf("message = %q", msg)
	}

	empty := filepath.Join(dir, "empty.sh")
	if err := os.WriteFile(empty, []byte("#!/bin/sh\n: > \"$1\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	e.getenv = func(k string) string {
		if k == "VISUAL" {
			return empty
		}
		return script
	}
	if _, err := e.fromEditor("", "message"); err == nil || !strings.Contains(err.Error(), "the message is empty; nothing was written") {
		t.Errorf("an empty message from the editor: %v", err)
	}
}

func TestStandardInputFromDevNullIsNoTerminal(t *testing.T) {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, _, _ := testEnv(f, os.Getenv)
	if e.interactive() {
		t.Error("/dev/null was taken for a terminal")
	}
}

func TestTheCommandsInTheInitREADMEWork(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) { testInitREADME(t, lang) })
	}
}

func testInitREADME(t *testing.T, lang string) {
	dir := filepath.Join(t.TempDir(), "status")
	if r := sitrep(t, "", "init", dir, "--language", lang, "--time-zone", "Asia/Seoul"); r.code != 0 {
		t.Fatalf("init: exit %d: %s", r.code, r.stderr)
	}
	readme := readFile(t, dir, "README.md")
	var lines []string
	inSh := false
	for _, line := range strings.Split(strings.ReplaceAll(readme, "\\\n", " "), "\n") {
		switch {
		case strings.HasPrefix(line, "```sh"):
			inSh = true
		case strings.HasPrefix(line, "```"):
			inSh = false
		case inSh && strings.HasPrefix(line, "sitrep "):
			lines = append(lines, line)
		}
	}
	ran := 0
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "sed -i s/_…_/Done./") // fills in the postmortem; changes nothing in edit
	for _, line := range lines {
		cmds, err := shellWords(line)
		if err != nil {
			t.Fatal(err)
		}
		args, _ := sitrepArgs(cmds[0])
		if args[0] == "serve" {
			continue // runs until stopped; the serve tests cover it
		}
		args = append(args, "--source", dir)
		if args[0] != "edit" {
			args = append(args, "--now", testNow)
		}
		if r := sitrep(t, "", args...); r.code != 0 {
			t.Errorf("%s: exit %d\n%s%s", line, r.code, r.stdout, r.stderr)
		}
		ran++
	}
	if ran < 6 {
		t.Errorf("ran %d commands from the README, want the new, update, resolve, maintenance and check examples", ran)
	}
	res := build(t, dir, testNow)
	slug := "2026-11-22-elevated-error-rates-on-the-api"
	if lang == "ko" {
		slug = "2026-11-22-api"
	}
	in := builtIncident(t, res, slug)
	if !in.Resolved || len(in.Updates) != 4 || in.Postmortem == nil {
		t.Errorf("after the README's commands the incident is resolved=%v with %d updates, postmortem %v", in.Resolved, len(in.Updates), in.Postmortem != nil)
	}
}

func TestInitInKoreanWritesAKoreanSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if r := sitrep(t, "", "init", dir, "--language", "ko"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	cfg := readFile(t, dir, "content/site.yaml")
	for _, want := range []string{"language: ko", "time_zone: Asia/Seoul", "title: 서비스 상태", "https://github.com/sitrep/sitrep#contentsiteyaml"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("site.yaml lacks %q:\n%s", want, cfg)
		}
	}
	if strings.Contains(cfg, "SPEC") {
		t.Errorf("site.yaml points to the SPEC, which is not in the repository:\n%s", cfg)
	}
	if tpl := readFile(t, dir, "content/templates/outage.md"); !strings.Contains(tpl, "장애가 발생하여") {
		t.Errorf("the template is not Korean:\n%s", tpl)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/templates/outage.ko.md")); err == nil {
		t.Error("the .ko.md file was written as it is")
	}
	r := sitrep(t, "", "new", "incident", "--source", dir, "--template", "outage", "--now", "10m ago")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, strings.TrimPrefix(filepath.ToSlash(strings.TrimSpace(r.stdout)), filepath.ToSlash(dir)+"/")); !strings.Contains(got, "## 조사 중 — ") || !strings.Contains(got, "API에 장애가 발생하여") {
		t.Errorf("the incident is not Korean:\n%s", got)
	}
	if r := sitrep(t, "", "check", "--source", dir); r.code != 0 {
		t.Errorf("check: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}
