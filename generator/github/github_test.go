package github

import (
	"os"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

const incidentFile = "content/incidents/2026-11-22-elevated-errors-on-the-api-gh1.md"

// openIncident opens issue #1 with the incident form at 10:02:07 KST.
func openIncident(t *testing.T, root *os.Root) Result {
	t.Helper()
	return apply(t, root, "issues", payload(t, "issues_opened", map[string]any{
		"issue.title":      "Elevated errors on the API",
		"issue.body":       incidentForm("API (api)", "We are investigating elevated 5xx responses.", "30m"),
		"issue.created_at": at("2026-11-22 10:02:07"),
	}))
}

func say(t *testing.T, root *os.Root, body, when string) Result {
	t.Helper()
	return apply(t, root, "issue_comment", payload(t, "issue_comment_created", map[string]any{
		"comment.body":       body,
		"comment.created_at": at(when),
		"comment.updated_at": at(when),
	}))
}

func loadSite(t *testing.T, root *os.Root) *status.Site {
	t.Helper()
	st, probs := content.Load(root.FS())
	if st == nil || len(probs.Errors()) > 0 {
		t.Fatalf("the site does not load: %v", probs)
	}
	return st
}

func TestAnIncidentGoesFromTheFormToResolvedByComments(t *testing.T) {
	root, _ := newSite(t, "en")
	res := openIncident(t, root)
	if len(res.Written) != 1 || res.Written[0] != incidentFile {
		t.Fatalf("opened wrote %v, want %s; reply:\n%s", res.Written, incidentFile, res.Reply)
	}
	for _, want := range []string{"`2026-11-22-elevated-errors-on-the-api-gh1`", "https://status.example.com/incidents/2026-11-22-elevated-errors-on-the-api-gh1/", "P1"} {
		if !strings.Contains(res.Reply, want) {
			t.Errorf("the reply lacks %q:\n%s", want, res.Reply)
		}
	}
	wantFile := "---\ntitle: Elevated errors on the API\nseverity: P1\ncomponents:\n  api: major_outage\nnext_update: 2026-11-22 10:32:07\n---\n\n" +
		"## Investigating — 2026-11-22 10:02:07\nWe are investigating elevated 5xx responses.\n"
	if got := read(t, root, incidentFile); got != wantFile {
		t.Errorf("the incident file is\n%s\nwant\n%s", got, wantFile)
	}

	steps := []struct{ body, when, reply string }{
		{"/update identified The connection pool of the primary database is exhausted.\n\nWe are raising it.", "2026-11-22 10:20:00", "added `Identified`"},
		{"/next 45m", "2026-11-22 10:21:00", "next update by 2026-11-22 11:06"},
		{"/update monitoring --component api=degraded_performance --next-update 30m A fix is deployed.", "2026-11-22 10:40:30", "`api: degraded_performance`"},
		{"Thanks all, watching the graphs.", "2026-11-22 10:41:00", ""}, // an ordinary comment
		{"/resolve Error rates are back to normal.", "2026-11-22 11:10:00", "added `Resolved`"},
	}
	for _, s := range steps {
		res := say(t, root, s.body, s.when)
		if s.reply == "" {
			if res.Reply != "" || len(res.Written) > 0 {
				t.Errorf("%q: reply %q, wrote %v; want nothing", s.body, res.Reply, res.Written)
			}
			continue
		}
		if !strings.Contains(res.Reply, s.reply) || len(res.Written) != 1 {
			t.Errorf("%q: reply\n%s\nwrote %v; want %q", s.body, res.Reply, res.Written, s.reply)
		}
	}
	in := loadSite(t, root).Incidents[0]
	if _, ok := in.Resolved(); !ok || len(in.Updates) != 4 {
		t.Errorf("after /resolve: %d updates, next update %v, status %v", len(in.Updates), in.NextUpdate, in.Status())
	}
	// /update --component starts the new status at the comment's time;
	// the major outage before it stays on record.
	if api := in.Components; len(api) != 1 || api[0].Status != status.MajorOutage || len(api[0].Changes) != 1 ||
		api[0].Changes[0].Status != status.DegradedPerformance || api[0].Changes[0].At.Format("2006-01-02 15:04:05") != "2026-11-22 10:40:30" {
		t.Errorf("components = %+v, want api major_outage, then degraded_performance from 10:40:30", in.Components)
	}
	if got := in.Updates[1].Body.Source; !strings.Contains(got, "We are raising it.") {
		t.Errorf("the multi-line message lost its second paragraph: %q", got)
	}

	// Running the same comment again (a re-run of the workflow) changes nothing.
	before := read(t, root, incidentFile)
	if res := say(t, root, "/resolve Error rates are back to normal.", "2026-11-22 11:10:00"); res.Reply != "" || len(res.Written) > 0 {
		t.Errorf("a repeated /resolve: reply %q, wrote %v", res.Reply, res.Written)
	}
	if res := openIncident(t, root); res.Reply != "" || len(res.Written) > 0 {
		t.Errorf("a repeated opened event: reply %q, wrote %v", res.Reply, res.Written)
	}
	if read(t, root, incidentFile) != before {
		t.Error("a repeated event changed the file")
	}

	// /postmortem links the file to fill in and writes nothing.
	res = say(t, root, "/postmortem", "2026-11-22 11:20:00")
	for _, want := range []string{"https://github.com/Codertocat/Hello-World/edit/master/" + incidentFile, "## Postmortem — ", "### Root cause", "### Action items"} {
		if !strings.Contains(res.Reply, want) {
			t.Errorf("the /postmortem reply lacks %q:\n%s", want, res.Reply)
		}
	}
	if len(res.Written) > 0 {
		t.Errorf("/postmortem wrote %v", res.Written)
	}
}

func TestClosingTheIssueWithoutResolveChangesNothingAndSaysSo(t *testing.T) {
	root, _ := newSite(t, "en")
	openIncident(t, root)
	closed := payload(t, "issues_opened", map[string]any{"action": "closed", "issue.state": "closed"})
	res := apply(t, root, "issues", closed)
	if len(res.Written) > 0 || !strings.Contains(res.Reply, "does not change the status page") || !strings.Contains(res.Reply, "/resolve") {
		t.Errorf("closing: reply\n%s\nwrote %v", res.Reply, res.Written)
	}
	say(t, root, "/resolve Fixed.", "2026-11-22 10:30:00")
	if res := apply(t, root, "issues", closed); res.Reply != "" {
		t.Errorf("closing a resolved incident's issue replied %q", res.Reply)
	}
}

func TestMaintenanceFromTheFormStartsAndCompletesByComments(t *testing.T) {
	root, _ := newSite(t, "en")
	res := apply(t, root, "issues", payload(t, "issues_opened", map[string]any{
		"issue.title": "Database upgrade",
		"issue.body": form("Components under maintenance", "API (api), Website (website)",
			"Start", "2026-11-22 11:00", "End", "2h", "Description", "The API is read-only for up to 20 minutes."),
		"issue.created_at": at("2026-11-22 09:00"),
	}))
	const file = "content/maintenance/2026-11-22-database-upgrade-gh1.md"
	if len(res.Written) != 1 || res.Written[0] != file {
		t.Fatalf("wrote %v, reply:\n%s", res.Written, res.Reply)
	}
	if res := say(t, root, "/update identified x", "2026-11-22 11:01"); !strings.Contains(res.Reply, "is a maintenance window") {
		t.Errorf("/update on a maintenance issue: %s", res.Reply)
	}
	if res := say(t, root, "/maintenance start", "2026-11-22 11:02"); !strings.Contains(res.Reply, "`In progress`") {
		t.Errorf("/maintenance start: %s", res.Reply)
	}
	if res := say(t, root, "/maintenance complete Done, all writes are back.", "2026-11-22 11:25"); !strings.Contains(res.Reply, "`Completed`") {
		t.Errorf("/maintenance complete: %s", res.Reply)
	}
	m := loadSite(t, root).Maintenances[0]
	if len(m.Components) != 2 || len(m.Updates) != 2 || m.StatusAt(clock) != status.Completed {
		t.Errorf("maintenance: %d components, %d updates, status %v", len(m.Components), len(m.Updates), m.StatusAt(clock))
	}
}

func TestAKoreanFormOpensAnIncident(t *testing.T) {
	root, _ := newSite(t, "ko")
	res := apply(t, root, "issues", payload(t, "issues_opened", map[string]any{
		"issue.title": "API 오류 증가",
		"issue.body": form("심각도", "P0 — 전체 접근 불가, 데이터 손실, 보안", "상태", "원인 파악",
			"영향받는 구성 요소", "API (api)", "영향받는 구성 요소의 상태", "부분 장애 (partial_outage)",
			"메시지", "원인을 확인했습니다.", "다음 업데이트", ""),
		"issue.created_at": at("2026-11-22 10:05"),
	}))
	if len(res.Written) != 1 || res.Written[0] != "content/incidents/2026-11-22-api-gh1.md" {
		t.Fatalf("wrote %v, reply:\n%s", res.Written, res.Reply)
	}
	in := loadSite(t, root).Incidents[0]
	if in.Severity != status.P0 || in.Status() != status.Identified || in.Components[0].Status != status.PartialOutage || !in.NextUpdate.IsZero() {
		t.Errorf("incident = %+v", in)
	}
	// The replies of a Korean site are in Korean.
	if !strings.Contains(res.Reply, "장애 `2026-11-22-api-gh1`") {
		t.Errorf("the reply is not in Korean:\n%s", res.Reply)
	}
	if res := say(t, root, "/update monitoring --component api=operational 복구 중입니다.", "2026-11-22 10:20"); !strings.Contains(res.Reply, "업데이트: `Monitoring` 추가") {
		t.Errorf("/update: %s", res.Reply)
	}
	if res := say(t, root, "/update fixed 끝", "2026-11-22 10:21"); !strings.Contains(res.Reply, "**게시하지 않았습니다.**") || !strings.Contains(res.Reply, "사용법: `/update") {
		t.Errorf("a refusal: %s", res.Reply)
	}
	if res := say(t, root, "/postmortem", "2026-11-22 10:21:30"); !strings.Contains(res.Reply, "is not resolved") {
		t.Errorf("/postmortem before the resolution: %s", res.Reply)
	}
	say(t, root, "/resolve 복구했습니다.", "2026-11-22 10:21:40")
	if res := say(t, root, "/postmortem", "2026-11-22 10:22"); !strings.Contains(res.Reply, "## 사후 분석 — ") || !strings.Contains(res.Reply, "### 근본 원인") {
		t.Errorf("/postmortem: %s", res.Reply)
	}
}

func TestEventsThatAreNotSitrepsChangeNothing(t *testing.T) {
	root, _ := newSite(t, "en")
	for _, tc := range []struct {
		name, event string
		p           []byte
	}{
		{"a bug report", "issues", payload(t, "issues_opened", nil)},
		{"a push", "push", []byte(`{"ref":"refs/heads/main"}`)},
		{"an issue labeled", "issues", payload(t, "issues_opened", map[string]any{"action": "labeled"})},
		{"a comment on a bug report", "issue_comment", payload(t, "issue_comment_created", nil)},
		{"a /cc on a bug report", "issue_comment", payload(t, "issue_comment_created", map[string]any{"comment.body": "/cc @octocat"})},
		{"a comment on a pull request", "issue_comment", payload(t, "issue_comment_created", map[string]any{"comment.body": "/resolve x", "+issue.pull_request": map[string]any{"url": "x"}})},
	} {
		res, err := Apply(root.Name(), tc.event, tc.p, Options{Now: clock})
		if err != nil || res.Reply != "" || len(res.Written) > 0 {
			t.Errorf("%s: reply %q, wrote %v, err %v", tc.name, res.Reply, res.Written, err)
		}
	}
}

func TestALongTitleAndABigIssueNumberMakeAValidSlug(t *testing.T) {
	root, _ := newSite(t, "en")
	res := apply(t, root, "issues", payload(t, "issues_opened", map[string]any{
		"issue.title":      strings.Repeat("Elevated error rates on every endpoint of the public API ", 3),
		"issue.number":     1234567,
		"issue.body":       incidentForm("", "x", ""),
		"issue.created_at": at("2026-11-22 10:00"),
	}))
	if len(res.Written) != 1 {
		t.Fatalf("wrote %v: %s", res.Written, res.Reply)
	}
	slug := strings.TrimSuffix(strings.TrimPrefix(res.Written[0], "content/incidents/"), ".md")
	if !status.ValidSlug(slug) || len(slug) > 64 || !strings.HasSuffix(slug, "-gh1234567") {
		t.Errorf("slug %q", slug)
	}
	if in := loadSite(t, root).Incidents[0]; len(in.Components) != 0 {
		t.Errorf("a form without components opened %v", in.Components)
	}
}

func TestNextNoneRemovesThePromiseOnce(t *testing.T) {
	root, _ := newSite(t, "en")
	openIncident(t, root)
	if res := say(t, root, "/next none", "2026-11-22 10:05"); !strings.Contains(res.Reply, "no next-update promise") || len(res.Written) != 1 {
		t.Errorf("/next none: %s", res.Reply)
	}
	if res := say(t, root, "/next none", "2026-11-22 10:06"); !strings.Contains(res.Reply, "Nothing to change") || len(res.Written) != 0 {
		t.Errorf("/next none again: %s", res.Reply)
	}
}
