package github

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/status"
)

// stamp writes an event's time as author requests take it: RFC 3339 with
// the seconds, so that the update is dated exactly by its event and a
// repeat of the event is recognised.
func stamp(at time.Time) string { return at.Format(time.RFC3339) }

// newIncident writes the incident a submitted form describes, with
// author.Site.NewIncident: the code of "sitrep new incident".
func (s *session) newIncident(f *formBody, at time.Time) (Result, error) {
	v := f.values
	req := author.IncidentRequest{
		Title:      strings.TrimSpace(s.ev.Issue.Title),
		Status:     v[fStatus.id],
		NextUpdate: v[fNext.id],
		Message:    v[fMessage.id],
		Time:       stamp(at),
		Components: map[string]string{},
	}
	if req.Title == "" {
		return Result{}, cmdErrorf("", "the issue's title is empty")
	}
	if sev := v[fSeverity.id]; sev != "" {
		req.Severity, _, _ = strings.Cut(sev, " ") // "P1 — core feature down…"
	}
	ids, err := selected(v[fComponents.id])
	if err != nil {
		return Result{}, cmdErrorf("", "%v", err)
	}
	cs := status.PartialOutage.String()
	// An optional dropdown left alone renders as "None" (or "_No response_").
	if w := v[fCompStatus.id]; w != "" && w != "None" {
		if cs, _ = optionID(w); cs == "" {
			cs = w
		}
	}
	first := ""
	for _, id := range ids {
		req.Components[id] = cs
		if first == "" {
			first = id
		}
	}
	req.Slug = s.slug(req.Title, "incident", first, at)
	w, err := s.a.NewIncident(req)
	if err != nil {
		return Result{}, err
	}
	in := w.Content.Incident(w.Slug)
	sev := req.Severity
	if in != nil {
		sev = in.Severity.String()
	}
	reply := fmt.Sprintf(s.tr("Published incident %s (%s) at %s: %s\n\nPost updates as comments: `/update identified …`, `/next 30m`, `/resolve …`. The page shows it once the deploy has finished.\n",
		"장애 %s(%s)을(를) %s에 게시했습니다: %s\n\n업데이트는 댓글로 남기세요: `/update identified …`, `/next 30m`, `/resolve …`. 배포가 끝나면 페이지에 보입니다.\n"),
		code(w.Slug), sev, author.FormatTime(at, s.loc), s.link(paths.Incident(w.Slug)))
	return Result{Reply: reply + s.notes(w), Written: []string{w.File}}, nil
}

// notes lists the warnings of a file written, as the command line prints
// them.
func (s *session) notes(w *author.Written) string {
	var b strings.Builder
	for _, p := range w.Warnings {
		b.WriteString("\n> " + code(p.Report()) + "\n")
	}
	return b.String()
}

// newMaintenance writes the maintenance window a submitted form
// describes, with author.Site.NewMaintenance.
func (s *session) newMaintenance(f *formBody, at time.Time) (Result, error) {
	v := f.values
	req := author.MaintenanceRequest{Title: strings.TrimSpace(s.ev.Issue.Title), Start: v[fStart.id], End: v[fEnd.id], Description: v[fDescription.id]}
	if req.Title == "" {
		return Result{}, cmdErrorf("", "the issue's title is empty")
	}
	ids, err := selected(v[fMComponents.id])
	if err != nil {
		return Result{}, cmdErrorf("", "%v", err)
	}
	req.Components = ids
	// The slug's date is the window's, as "sitrep new maintenance" gives it.
	from, err := author.ParseWhen(req.Start, s.a.Now, author.Future)
	if err != nil {
		return Result{}, cmdErrorf("", "start: %v", err)
	}
	req.Slug = s.slug(req.Title, "maintenance", "", from)
	w, err := s.a.NewMaintenance(req)
	if err != nil {
		return Result{}, err
	}
	m := w.Content.Maintenance(w.Slug)
	if m == nil {
		return Result{}, fmt.Errorf("%s does not read back", w.File)
	}
	reply := fmt.Sprintf(s.tr("Scheduled maintenance %s from %s to %s: %s\n\nComment `/maintenance start` and `/maintenance complete` when it begins and ends.\n",
		"점검 %s을(를) %s부터 %s까지로 예약했습니다: %s\n\n시작과 종료 때 `/maintenance start`, `/maintenance complete` 댓글을 남기세요.\n"),
		code(w.Slug), author.FormatTime(m.From, s.loc), author.FormatTime(m.Until, s.loc), s.link(paths.Maintenance(w.Slug)))
	return Result{Reply: reply + s.notes(w), Written: []string{w.File}}, nil
}

// update carries out /update and /resolve with author.Site.Update: the
// code of "sitrep update" and "sitrep resolve".
func (s *session) update(t target, c *command, at time.Time) (Result, error) {
	in := s.st.Incident(t.slug)
	if in == nil {
		return Result{}, &commandError{name: c.name, msg: "the incident's file has errors; fix them first"}
	}
	req := author.UpdateRequest{Status: c.kind.String(), NextUpdate: c.next, Message: c.message, Time: stamp(at)}
	if c.name == "resolve" {
		req.Status = status.Resolved.String()
	}
	kind, _ := status.ParseUpdateKind(req.Status)
	// A repeat of this very comment (a re-run, or an edit of it) is done.
	if slices.ContainsFunc(in.Updates, func(u status.IncidentUpdate) bool { return u.At.Equal(at) && u.Kind == kind }) {
		return Result{}, nil
	}
	if len(c.comps) > 0 {
		req.Components = map[string]string{}
		for _, v := range c.comps {
			id, st, ok := strings.Cut(v, "=")
			if !ok || st == "" {
				return Result{}, cmdErrorf(c.name, "--component %s: give the status too, e.g. --component %s=operational", v, id)
			}
			if _, dup := req.Components[id]; dup {
				return Result{}, cmdErrorf(c.name, "--component %s is given twice", id)
			}
			req.Components[id] = st
		}
	}
	w, err := s.a.Update(t.slug, req)
	if err != nil {
		return Result{}, err
	}
	changed := []string{fmt.Sprintf(s.tr("added %s at %s", "%s 추가(%s)"), code(headingName(kind)), author.FormatTime(at, s.loc))}
	for _, v := range c.comps {
		changed = append(changed, s.tr("component ", "구성 요소 ")+code(strings.Replace(v, "=", ": ", 1)))
	}
	if got := w.Content.Incident(t.slug); got != nil && !got.NextUpdate.Equal(in.NextUpdate) {
		changed = append(changed, s.promiseNote(got.NextUpdate))
	}
	reply := fmt.Sprintf(s.tr("Updated %s: %s. %s\n", "%s 업데이트: %s. %s\n"), code(t.slug), strings.Join(changed, "; "), s.link(paths.Incident(t.slug)))
	return Result{Reply: reply + s.notes(w), Written: []string{w.File}}, nil
}

func (s *session) promiseNote(p time.Time) string {
	if p.IsZero() {
		return s.tr("no next-update promise", "다음 업데이트 약속 없음")
	}
	return s.tr("next update by ", "다음 업데이트 ") + author.FormatTime(p, s.loc)
}

// next carries out /next: the promise alone, with no update. It is the
// one front matter key changed, saved with author.Site.Save, which checks
// the site as every command does.
func (s *session) next(t target, c *command, at time.Time) (Result, error) {
	ref, err := s.a.Lookup(t.slug, false)
	if err != nil {
		return Result{}, err
	}
	in := ref.Incident
	if resolvedAt, ok := in.Resolved(); ok {
		return Result{}, cmdErrorf(c.name, "%s was resolved at %s; it promises no next update", t.slug, author.FormatTime(resolvedAt, s.loc))
	}
	var promise time.Time
	if c.next != "none" {
		if promise, err = author.ParsePromise(c.next, at); err != nil {
			return Result{}, cmdErrorf(c.name, "%v", err)
		}
	}
	if promise.Equal(in.NextUpdate) {
		if promise.IsZero() {
			return Result{Reply: fmt.Sprintf(s.tr("Nothing to change: %s has no next-update promise.\n", "바꿀 것이 없습니다: %s에는 다음 업데이트 약속이 없습니다.\n"), code(t.slug))}, nil
		}
		return Result{Reply: fmt.Sprintf(s.tr("Nothing to change: the next update of %s is already due by %s.\n", "바꿀 것이 없습니다: %s의 다음 업데이트는 이미 %s입니다.\n"), code(t.slug), author.FormatTime(promise, s.loc))}, nil
	}
	src, err := s.a.ReadFile(ref.File)
	if err != nil {
		return Result{}, err
	}
	value := ""
	if !promise.IsZero() {
		value = author.FormatTime(promise, s.loc)
	}
	out, err := author.SetKey(src, "next_update", value)
	if err != nil {
		return Result{}, cmdErrorf(c.name, "%v", err)
	}
	w, err := s.a.Save(ref, src, out)
	if err != nil {
		return Result{}, err
	}
	reply := fmt.Sprintf(s.tr("Updated %s: %s. %s\n", "%s 업데이트: %s. %s\n"), code(t.slug), s.promiseNote(promise), s.link(paths.Incident(t.slug)))
	return Result{Reply: reply + s.notes(w), Written: []string{w.File}}, nil
}

// headingName is the English status word of kind, for replies.
func headingName(k status.UpdateKind) string {
	w := status.UpdateKindWords()
	if int(k) < len(w) {
		return w[k]
	}
	return k.String()
}

// maintenanceStep carries out /maintenance start|complete: an update
// heading at the end of the window's file, saved with author.Site.Save.
func (s *session) maintenanceStep(t target, c *command, at time.Time) (Result, error) {
	ref, err := s.a.Lookup(t.slug, true)
	if err != nil {
		return Result{}, err
	}
	m := ref.Maintenance
	want, word := status.InProgress, "In progress"
	if c.step == "complete" {
		want, word = status.Completed, "Completed"
	}
	if s.ko {
		word = map[status.MaintenanceStatus]string{status.InProgress: "진행 중", status.Completed: "완료"}[want]
	}
	if slices.ContainsFunc(m.Updates, func(u status.MaintenanceUpdate) bool { return u.At.Equal(at) && u.Status == want }) {
		return Result{}, nil // a repeat of this comment
	}
	if slices.ContainsFunc(m.Updates, func(u status.MaintenanceUpdate) bool { return u.Status == want }) {
		return Result{}, cmdErrorf(c.name, "%s is already %s", t.slug, want)
	}
	msg := ""
	if strings.TrimSpace(c.message) != "" {
		if hs := content.Headings([]byte(c.message), 1); len(hs) > 0 {
			return Result{}, cmdErrorf(c.name, "the message has a level-2 heading (%q), which would start an update of its own; use ###", hs[0].Text)
		}
		msg = strings.TrimSpace(strings.ReplaceAll(c.message, "\r\n", "\n")) + "\n"
	}
	src, err := s.a.ReadFile(ref.File)
	if err != nil {
		return Result{}, err
	}
	out := bytes.TrimRight(src, " \t\r\n")
	out = append(out, "\n\n## "+word+" — "+author.FormatTime(at, s.loc)+"\n"+msg...)
	w, err := s.a.Save(ref, src, out)
	if err != nil {
		return Result{}, err
	}
	reply := fmt.Sprintf(s.tr("Updated %s: %s at %s. %s\n", "%s 업데이트: %s(%s). %s\n"), code(t.slug), code(word), author.FormatTime(at, s.loc), s.link(paths.Maintenance(t.slug)))
	return Result{Reply: reply + s.notes(w), Written: []string{w.File}}, nil
}

// postmortem answers /postmortem with the postmortem "sitrep postmortem"
// would start from (the site's template, filled with what the incident
// knows) and the link to write it in the incident's file. It writes
// nothing: a postmortem is written with care, not from a phone.
func (s *session) postmortem(t target) (Result, error) {
	ref, draft, err := s.a.PostmortemDraft(t.slug)
	if err != nil {
		return Result{}, err
	}
	repo, branch := s.ev.Repository.HTMLURL, s.ev.Repository.DefaultBranch
	if branch == "" {
		branch = "main"
	}
	edit := repo + "/edit/" + branch + "/" + ref.File
	var b strings.Builder
	fmt.Fprintf(&b, s.tr("Write the postmortem of %s in its file: [edit %s](%s). Add this section at the end and fill it in; the page shows it once the change is on %s.\n\n",
		"%s의 사후 분석은 파일에 씁니다: [%s 편집](%s). 아래 섹션을 끝에 붙여 채우세요. %s에 반영되면 페이지에 보입니다.\n\n"),
		code(t.slug), ref.File, edit, code(branch))
	fence := "```"
	for strings.Contains(draft, fence) {
		fence += "`"
	}
	heading := "## " + s.tr("Postmortem", "사후 분석") + " — " + author.FormatTime(s.a.Now, s.loc)
	b.WriteString(fence + "markdown\n" + heading + "\n" + strings.TrimRight(draft, "\n") + "\n" + fence + "\n")
	return Result{Reply: b.String()}, nil
}
