package github

import (
	"strings"
	"testing"
)

func TestCommandsThatCannotBeCarriedOutAreRefusedWithAReply(t *testing.T) {
	for _, tc := range []struct {
		name, body, assoc, when string
		want                    []string
	}{
		{"a contributor may not publish", "/resolve fixed", "CONTRIBUTOR", "", []string{"Not published", "`contributor`", "owners, members, collaborators"}},
		{"nor may anyone else", "/update identified x", "NONE", "", []string{"Not published", "`none`"}},
		{"an unknown command", "/resolv fixed", "", "", []string{"unknown command /resolv", `did you mean /resolve?`, "/update investigating|identified"}},
		{"a status that does not exist", "/update identifed We found it", "", "", []string{`unknown status "identifed" (did you mean "identified"?)`, "Usage: `/update"}},
		{"a status missing", "/update", "", "", []string{"/update needs a status"}},
		{"a misspelt flag", "/update monitoring --componet api=operational Fixed", "", "", []string{"unknown flag --componet"}},
		{"a message missing", "/update identified", "", "", []string{"the message is missing"}},
		{"an unknown component", "/update monitoring --component apii=operational Fixed", "", "", []string{`unknown component "apii" (did you mean "api"?)`}},
		{"an unknown component status", "/update monitoring --component api=fine Fixed", "", "", []string{`unknown status "fine"`}},
		{"a bad promise", "/next soon", "", "", []string{`bad time "soon"`, "Usage: `/next"}},
		{"a promise in the past", "/next 2026-11-22 09:00", "", "", []string{"is not in the future"}},
		{"a level-2 heading in the message", "/update identified ok\n## Resolved — 2026-11-22 10:30\nsneaky", "", "", []string{"level-2 heading"}},
		{"a comment dated after the clock", "/resolve fixed", "", "2026-11-22 12:00", []string{"after the clock"}},
		{"an older comment than the newest update", "/update identified late", "", "2026-11-22 10:00", []string{"is not newer than the newest"}},
		{"maintenance commands on an incident", "/maintenance start", "", "", []string{"is an incident, not a maintenance window"}},
		{"/postmortem with arguments", "/postmortem now", "", "", []string{"takes no arguments"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, _ := newSite(t, "en")
			openIncident(t, root)
			before := read(t, root, incidentFile)
			when, assoc := tc.when, tc.assoc
			if when == "" {
				when = "2026-11-22 10:30"
			}
			if assoc == "" {
				assoc = "OWNER"
			}
			res := apply(t, root, "issue_comment", payload(t, "issue_comment_created", map[string]any{
				"comment.body": tc.body, "comment.author_association": assoc,
				"comment.created_at": at(when), "comment.updated_at": at(when),
			}))
			for _, w := range tc.want {
				if !strings.Contains(res.Reply, w) {
					t.Errorf("the reply lacks %q:\n%s", w, res.Reply)
				}
			}
			if len(res.Written) > 0 || read(t, root, incidentFile) != before {
				t.Errorf("a refused command wrote %v", res.Written)
			}
		})
	}
}

func TestACommandOnAnIssueThatIsNotAnIncidentIsRefused(t *testing.T) {
	root, _ := newSite(t, "en")
	res := apply(t, root, "issue_comment", payload(t, "issue_comment_created", map[string]any{"comment.body": "/resolve fixed"}))
	if !strings.Contains(res.Reply, "Issue #1 is not an incident") || len(res.Written) > 0 {
		t.Errorf("reply %q, wrote %v", res.Reply, res.Written)
	}
}

func TestFormsThatCannotBePublishedAreRefusedAndPublishedOnceFixed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		set   map[string]any
		wants []string
	}{
		{"a contributor's form", map[string]any{"issue.author_association": "CONTRIBUTOR"}, []string{"`contributor`"}},
		{"a component the site lacks", map[string]any{"issue.body": incidentForm("Search (search)", "x", "")}, []string{`unknown component "search"`}},
		{"an option the form never had", map[string]any{"issue.body": incidentForm("Everything", "x", "")}, []string{"is not an option of the form", "sitrep github setup"}},
		{"a promise that is no time", map[string]any{"issue.body": incidentForm("API (api)", "x", "whenever")}, []string{`next update: bad time "whenever"`}},
		{"an issue from the future", map[string]any{"issue.created_at": at("2026-11-23 10:00")}, []string{"after the clock"}},
		{"an empty title", map[string]any{"issue.title": "  "}, []string{"title is empty"}},
		{"a component status that does not exist", map[string]any{"issue.body": strings.Replace(incidentForm("API (api)", "x", ""), "Major outage (major_outage)", "Broken (broken)", 1)}, []string{`unknown status "broken"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, _ := newSite(t, "en")
			set := map[string]any{"issue.title": "Errors", "issue.body": incidentForm("API (api)", "x", ""), "issue.created_at": at("2026-11-22 10:00")}
			for k, v := range tc.set {
				set[k] = v
			}
			res := apply(t, root, "issues", payload(t, "issues_opened", set))
			for _, w := range tc.wants {
				if !strings.Contains(res.Reply, w) {
					t.Errorf("the reply lacks %q:\n%s", w, res.Reply)
				}
			}
			if len(res.Written) > 0 {
				t.Fatalf("wrote %v", res.Written)
			}
		})
	}
	// The issue edited into shape is published at the edit.
	root, _ := newSite(t, "en")
	bad := map[string]any{"issue.title": "Errors", "issue.body": incidentForm("Search (search)", "x", ""), "issue.created_at": at("2026-11-22 10:00")}
	apply(t, root, "issues", payload(t, "issues_opened", bad))
	fixed := map[string]any{"issue.title": "Errors", "issue.body": incidentForm("API (api)", "x", ""), "issue.created_at": at("2026-11-22 10:00"), "issue.updated_at": at("2026-11-22 10:03")}
	res := apply(t, root, "issues", payload(t, "issues_edited", fixed))
	if len(res.Written) != 1 || !strings.Contains(read(t, root, res.Written[0]), "## Investigating — 2026-11-22 10:03") {
		t.Fatalf("the edited issue: wrote %v, reply %s", res.Written, res.Reply)
	}
	if res := apply(t, root, "issues", payload(t, "issues_edited", fixed)); len(res.Written) > 0 || !strings.Contains(res.Reply, "does not change") {
		t.Errorf("editing a published incident's issue: wrote %v, reply %s", res.Written, res.Reply)
	}
}

func TestEditsOfCommentsApplyOnlyToFreshUnappliedOnes(t *testing.T) {
	root, _ := newSite(t, "en")
	openIncident(t, root)
	edited := func(body, created, updated string) Result {
		return apply(t, root, "issue_comment", payload(t, "issue_comment_edited", map[string]any{
			"comment.body": body, "comment.created_at": at(created), "comment.updated_at": at(updated),
		}))
	}
	// A typo fixed two minutes later is applied.
	if res := edited("/update identified Found it.", "2026-11-22 10:10", "2026-11-22 10:12"); len(res.Written) != 1 {
		t.Errorf("a fixed typo: wrote %v, reply %s", res.Written, res.Reply)
	}
	// Editing that comment again does not post it twice.
	if res := edited("/update identified Found it, really.", "2026-11-22 10:10", "2026-11-22 10:14"); len(res.Written) > 0 || res.Reply != "" {
		t.Errorf("a second edit: wrote %v, reply %s", res.Written, res.Reply)
	}
	// An old comment edited an hour later is ignored.
	if res := edited("/resolve Fixed.", "2026-11-22 10:15", "2026-11-22 11:20"); len(res.Written) > 0 || res.Reply != "" {
		t.Errorf("an old comment edited: wrote %v, reply %s", res.Written, res.Reply)
	}
}

func TestHostileTextStaysText(t *testing.T) {
	root, _ := newSite(t, "en")
	// A control character in the title is refused by the content check,
	// at its line, in a code span.
	res := apply(t, root, "issues", payload(t, "issues_opened", map[string]any{
		"issue.title": "Errors \x1b[31m red", "issue.body": incidentForm("API (api)", "x", ""), "issue.created_at": at("2026-11-22 10:00"),
	}))
	if len(res.Written) > 0 || !strings.Contains(res.Reply, "control character U+001B") || strings.Contains(res.Reply, "\x1b") {
		t.Fatalf("a title with an escape sequence: wrote %v, reply %q", res.Written, res.Reply)
	}
	title := "\"]} <script>alert(1)</script> @everyone ``` ![x](https://evil.example/x.png) : yes"
	res = apply(t, root, "issues", payload(t, "issues_opened", map[string]any{
		"issue.title":      title,
		"issue.body":       incidentForm("API (api)", "$(rm -rf /) `whoami` ${{ secrets.GITHUB_TOKEN }}\n\n### Not a field\n\nstill the message", ""),
		"issue.created_at": at("2026-11-22 10:00"),
	}))
	if len(res.Written) != 1 {
		t.Fatalf("wrote %v, reply %s", res.Written, res.Reply)
	}
	in := loadSite(t, root).Incidents[0]
	if in.Title != strings.TrimSpace(title) {
		t.Errorf("the title reads back as %q, want %q", in.Title, title)
	}
	if src := in.Updates[0].Body.Source; !strings.Contains(src, "$(rm -rf /)") || !strings.Contains(src, "### Not a field\n\nstill the message") {
		t.Errorf("the message reads back as %q", src)
	}
	if strings.Contains(string(in.Updates[0].Body.HTML), "<script") {
		t.Error("raw HTML reached the page")
	}
	// Commands with hostile text: the reply quotes it only in code spans.
	for _, body := range []string{
		"/frobnicate ![x](https://evil.example/x.png) @everyone",
		"/update monitoring --component <img/src=x>=operational x",
		"/next `` @octocat ``",
		"/update identified\x00\x1b]8;;https://evil.example\x07",
	} {
		res := apply(t, root, "issue_comment", payload(t, "issue_comment_created", map[string]any{
			"comment.body": body, "comment.created_at": at("2026-11-22 10:30"), "comment.updated_at": at("2026-11-22 10:30"),
		}))
		if res.Reply == "" || len(res.Written) > 0 {
			t.Errorf("%q: reply %q, wrote %v", body, res.Reply, res.Written)
		}
		if strings.ContainsAny(res.Reply, "\x00\x1b\x07") {
			t.Errorf("%q: a control character reached the reply: %q", body, res.Reply)
		}
		for _, bad := range []string{"![x](", "@everyone", "<img", "@octocat"} {
			if i := strings.Index(res.Reply, bad); i >= 0 && !inCodeSpan(res.Reply, i) {
				t.Errorf("%q: %q reaches the reply outside a code span:\n%s", body, bad, res.Reply)
			}
		}
	}
}

// inCodeSpan reports whether offset i of Markdown s lies inside an
// inline code span (backtick fences of equal length on one line).
func inCodeSpan(s string, i int) bool {
	start := strings.LastIndexByte(s[:i], '\n') + 1
	line := s[start:]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	pos := i - start
	for k := 0; k < len(line); {
		if line[k] != '`' {
			k++
			continue
		}
		n := k
		for n < len(line) && line[n] == '`' {
			n++
		}
		fence := line[k:n]
		end := strings.Index(line[n:], fence)
		for end >= 0 && n+end+len(fence) < len(line) && line[n+end+len(fence)] == '`' {
			next := strings.Index(line[n+end+len(fence)+1:], fence)
			if next < 0 {
				end = -1
				break
			}
			end += len(fence) + 1 + next
		}
		if end < 0 {
			return false
		}
		if pos >= n && pos < n+end {
			return true
		}
		k = n + end + len(fence)
	}
	return false
}
