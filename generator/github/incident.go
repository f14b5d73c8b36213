package github

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/status"
)

// newIncident writes the incident a submitted form describes.
func (s *session) newIncident(f *formBody, at time.Time) (Result, error) {
	v := f.values
	in := author.Incident{Title: strings.TrimSpace(s.ev.Issue.Title), Severity: status.P2, At: at, Kind: status.Investigating, Message: v[fMessage.id]}
	if sev := v[fSeverity.id]; sev != "" {
		p, ok := status.ParseSeverity(strings.TrimSpace(strings.SplitN(sev, " ", 2)[0]))
		if !ok {
			return Result{}, cmdErrorf("", "severity %q is not P0, P1, P2 or P3", sev)
		}
		in.Severity = p
	}
	if w := v[fStatus.id]; w != "" {
		k, ok := status.ParseUpdateKind(w)
		if !ok || k > status.Monitoring {
			return Result{}, cmdErrorf("", "status %q: an incident opens as investigating, identified or monitoring", w)
		}
		in.Kind = k
	}
	ids, err := selected(v[fComponents.id])
	if err != nil {
		return Result{}, cmdErrorf("", "%v", err)
	}
	cs := status.PartialOutage
	// An optional dropdown left alone renders as "None" (or "_No response_").
	if w := v[fCompStatus.id]; w != "" && w != "None" {
		id, _ := optionID(w)
		if cs, err = componentStatus(id); err != nil {
			return Result{}, err
		}
	}
	for _, id := range ids {
		if _, err := s.component(id); err != nil {
			return Result{}, err
		}
		in.Components = append(in.Components, status.Affected{ID: id, Status: cs})
	}
	if n := v[fNext.id]; n != "" {
		if in.NextUpdate, err = author.ParsePromise(n, at); err != nil {
			return Result{}, cmdErrorf("", "next update: %v", err)
		}
	}
	if in.Title == "" {
		return Result{}, cmdErrorf("", "the issue's title is empty")
	}
	src, err := in.Bytes(s.loc)
	if err != nil {
		return Result{}, cmdErrorf("", "%v", err)
	}
	slug := s.slug(in.Title, "incident", at)
	name := path.Join(content.Dir, "incidents", slug+".md")
	err = s.write(name, src, nil, func(st *status.Site) error {
		got := findIncident(st, slug)
		if got == nil || got.Title != in.Title || len(got.Updates) != 1 || !got.Updates[0].At.Equal(at) {
			return errors.New("the new incident does not read back as written")
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	reply := fmt.Sprintf(s.tr("Published incident %s (%s) at %s: %s\n\nPost updates as comments: `/update identified …`, `/next 30m`, `/resolve …`. The page shows it once the deploy has finished.\n",
		"장애 %s(%s)을(를) %s에 게시했습니다: %s\n\n업데이트는 댓글로 남기세요: `/update identified …`, `/next 30m`, `/resolve …`. 배포가 끝나면 페이지에 보입니다.\n"),
		code(slug), in.Severity, author.FormatTime(at, s.loc), s.link(paths.Incident(slug)))
	return Result{Reply: reply, Written: []string{name}}, nil
}

func componentStatus(name string) (status.ComponentStatus, error) {
	cs, ok := status.ParseComponentStatus(name)
	if !ok {
		var names []string
		for _, c := range status.ComponentStatuses() {
			names = append(names, c.String())
		}
		hint := ""
		if c := status.Closest(name, names); c != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", c)
		}
		return 0, cmdErrorf("", "unknown component status %q%s; statuses: %s", name, hint, strings.Join(names, ", "))
	}
	return cs, nil
}

// newMaintenance writes the maintenance window a submitted form describes.
func (s *session) newMaintenance(f *formBody, at time.Time) (Result, error) {
	v := f.values
	m := author.Maintenance{Title: strings.TrimSpace(s.ev.Issue.Title), Description: v[fDescription.id]}
	ids, err := selected(v[fMComponents.id])
	if err != nil {
		return Result{}, cmdErrorf("", "%v", err)
	}
	if len(ids) == 0 {
		return Result{}, cmdErrorf("", "choose the components under maintenance")
	}
	for _, id := range ids {
		if _, err := s.component(id); err != nil {
			return Result{}, err
		}
	}
	m.Components = ids
	if m.From, err = content.ParseTime(v[fStart.id], s.loc); err != nil {
		return Result{}, cmdErrorf("", "start: %v", err)
	}
	if m.Until, err = author.ParseEnd(v[fEnd.id], m.From); err != nil {
		return Result{}, cmdErrorf("", "end: %v", err)
	}
	if m.Title == "" {
		return Result{}, cmdErrorf("", "the issue's title is empty")
	}
	src, err := m.Bytes(s.loc)
	if err != nil {
		return Result{}, cmdErrorf("", "%v", err)
	}
	slug := s.slug(m.Title, "maintenance", m.From)
	name := path.Join(content.Dir, "maintenance", slug+".md")
	err = s.write(name, src, nil, func(st *status.Site) error {
		got := findMaintenance(st, slug)
		if got == nil || got.Title != m.Title || !got.From.Equal(m.From) || !got.Until.Equal(m.Until) {
			return errors.New("the new maintenance does not read back as written")
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	reply := fmt.Sprintf(s.tr("Scheduled maintenance %s from %s to %s: %s\n\nComment `/maintenance start` and `/maintenance complete` when it begins and ends.\n",
		"점검 %s을(를) %s부터 %s까지로 예약했습니다: %s\n\n시작과 종료 때 `/maintenance start`, `/maintenance complete` 댓글을 남기세요.\n"),
		code(slug), author.FormatTime(m.From, s.loc), author.FormatTime(m.Until, s.loc), s.link(paths.Maintenance(slug)))
	return Result{Reply: reply, Written: []string{name}}, nil
}

// update carries out /update, /next and /resolve on an incident, as
// "sitrep update" and "sitrep resolve" do.
func (s *session) update(t target, c *command, at time.Time) (Result, error) {
	name := t.file()
	src, err := s.root.ReadFile(name)
	if err != nil {
		return Result{}, err
	}
	in := findIncident(s.st, t.slug)
	if in == nil {
		return Result{}, &commandError{name: c.name, msg: "the incident's file has errors; fix them first:\n" + inFile(s.probs, name).Errors().Error()}
	}
	kind := c.kind
	if c.name == "resolve" {
		kind = status.Resolved
	}
	// A repeat of this very comment (a re-run, or an edit of it) is done.
	if c.name != "next" && slices.ContainsFunc(in.Updates, func(u status.IncidentUpdate) bool { return u.At.Equal(at) && u.Kind == kind }) {
		return Result{}, nil
	}
	resolvedAt, resolved := in.Resolved()
	switch {
	case resolved && kind == status.Resolved:
		return Result{}, cmdErrorf(c.name, "%s is already resolved (at %s)", t.slug, author.FormatTime(resolvedAt, s.loc))
	case resolved && (c.name == "next" || kind != status.Update || c.next != "" || len(c.comps) > 0):
		return Result{}, cmdErrorf(c.name, "%s was resolved at %s; only /update update (a note) can be added", t.slug, author.FormatTime(resolvedAt, s.loc))
	}
	promise := in.NextUpdate
	switch {
	case c.next == "none" || kind == status.Resolved:
		promise = time.Time{}
	case c.next != "":
		if promise, err = author.ParsePromise(c.next, at); err != nil {
			return Result{}, cmdErrorf(c.name, "%v", err)
		}
	case !promise.IsZero() && !promise.After(at):
		promise = time.Time{} // this update keeps the promise that has passed
	}
	out := src
	var changed []string
	if c.name != "next" {
		if out, err = author.AddUpdate(src, author.Update{Kind: kind, At: at, Message: c.message}, s.loc); err != nil {
			return Result{}, cmdErrorf(c.name, "%v", err)
		}
		changed = append(changed, fmt.Sprintf(s.tr("added %s at %s", "%s 추가(%s)"), code(headingName(kind)), author.FormatTime(at, s.loc)))
	}
	comps, note, err := s.components(in, c.comps)
	if err != nil {
		return Result{}, err
	}
	if note != "" {
		if out, err = author.SetKey(out, "components", flowMap(comps)); err != nil {
			return Result{}, cmdErrorf(c.name, "%v", err)
		}
		changed = append(changed, note)
	}
	if !promise.Equal(in.NextUpdate) {
		value := ""
		if !promise.IsZero() {
			value = author.FormatTime(promise, s.loc)
			changed = append(changed, s.tr("next update by ", "다음 업데이트 ")+value)
		} else {
			changed = append(changed, s.tr("no next-update promise", "다음 업데이트 약속 없음"))
		}
		if out, err = author.SetKey(out, "next_update", value); err != nil {
			return Result{}, cmdErrorf(c.name, "%v", err)
		}
	}
	if bytes.Equal(out, src) {
		if in.NextUpdate.IsZero() {
			return Result{Reply: fmt.Sprintf(s.tr("Nothing to change: %s has no next-update promise.\n", "바꿀 것이 없습니다: %s에는 다음 업데이트 약속이 없습니다.\n"), code(t.slug))}, nil
		}
		return Result{Reply: fmt.Sprintf(s.tr("Nothing to change: the next update of %s is already due by %s.\n", "바꿀 것이 없습니다: %s의 다음 업데이트는 이미 %s입니다.\n"), code(t.slug), author.FormatTime(in.NextUpdate, s.loc))}, nil
	}
	err = s.write(name, out, src, func(st *status.Site) error {
		got := findIncident(st, t.slug)
		switch {
		case got == nil:
			return errors.New("the incident does not read back")
		case !got.NextUpdate.Equal(promise):
			return errors.New("next_update does not read back as written")
		case c.name != "next" && len(got.Updates) != len(in.Updates)+1:
			return errors.New("the new update does not read back")
		case got.Title != in.Title:
			return errors.New("the front matter changed")
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	reply := fmt.Sprintf(s.tr("Updated %s: %s. %s\n", "%s 업데이트: %s. %s\n"), code(t.slug), strings.Join(changed, "; "), s.link(paths.Incident(t.slug)))
	return Result{Reply: reply, Written: []string{name}}, nil
}

// headingName is the English status word of kind, for replies.
func headingName(k status.UpdateKind) string {
	w := status.UpdateKindWords()
	if int(k) < len(w) {
		return w[k]
	}
	return k.String()
}

// components applies --component ID=STATUS to the incident's affected
// components. It returns the new list and a note of what changed, "" if
// nothing did.
func (s *session) components(in *status.Incident, vals []string) ([]status.Affected, string, error) {
	if len(vals) == 0 {
		return nil, "", nil
	}
	out := slices.Clone(in.Components)
	var notes []string
	for _, v := range vals {
		id, st, ok := strings.Cut(v, "=")
		if !ok || st == "" {
			return nil, "", cmdErrorf("update", "--component %s: give the status too, e.g. --component %s=operational", v, id)
		}
		if _, err := s.component(id); err != nil {
			return nil, "", &commandError{name: "update", msg: err.Error()}
		}
		cs, err := componentStatus(st)
		if err != nil {
			return nil, "", &commandError{name: "update", msg: err.Error()}
		}
		if i := slices.IndexFunc(out, func(a status.Affected) bool { return a.ID == id }); i >= 0 {
			out[i].Status = cs
		} else {
			out = append(out, status.Affected{ID: id, Status: cs})
		}
		notes = append(notes, code(id+": "+cs.String()))
	}
	return out, "components " + strings.Join(notes, ", "), nil
}

// flowMap writes affected components as a one-line YAML map, the value
// author.SetKey puts in place of the file's components.
func flowMap(as []status.Affected) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.ID + ": " + a.Status.String()
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// maintenanceStep carries out /maintenance start|complete.
func (s *session) maintenanceStep(t target, c *command, at time.Time) (Result, error) {
	name := t.file()
	src, err := s.root.ReadFile(name)
	if err != nil {
		return Result{}, err
	}
	m := findMaintenance(s.st, t.slug)
	if m == nil {
		return Result{}, &commandError{name: c.name, msg: "the maintenance file has errors; fix them first:\n" + inFile(s.probs, name).Errors().Error()}
	}
	want, word := status.InProgress, "In progress"
	if c.step == "complete" {
		want, word = status.Completed, "Completed"
	}
	if s.st.Config.Language == "ko" {
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
	out := bytes.TrimRight(src, " \t\r\n")
	out = append(out, "\n\n## "+word+" — "+author.FormatTime(at, s.loc)+"\n"+msg...)
	err = s.write(name, out, src, func(st *status.Site) error {
		got := findMaintenance(st, t.slug)
		if got == nil || len(got.Updates) != len(m.Updates)+1 {
			return errors.New("the new update does not read back")
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	reply := fmt.Sprintf(s.tr("Updated %s: %s at %s. %s\n", "%s 업데이트: %s(%s). %s\n"), code(t.slug), code(word), author.FormatTime(at, s.loc), s.link(paths.Maintenance(t.slug)))
	return Result{Reply: reply, Written: []string{name}}, nil
}

// postmortem answers /postmortem with where to write the postmortem and
// the sections it has; it writes nothing, since a postmortem is written
// with care, not from a phone.
func (s *session) postmortem(t target) Result {
	repo, branch := s.ev.Repository.HTMLURL, s.ev.Repository.DefaultBranch
	if branch == "" {
		branch = "main"
	}
	edit := repo + "/edit/" + branch + "/" + t.file()
	var b strings.Builder
	fmt.Fprintf(&b, s.tr("Write the postmortem of %s in its file: [edit %s](%s). Add this section at the end and fill it in; the page shows it once the change is on %s.\n\n",
		"%s의 사후 분석은 파일에 씁니다: [%s 편집](%s). 아래 섹션을 끝에 붙여 채우세요. %s에 반영되면 페이지에 보입니다.\n\n"),
		code(t.slug), t.file(), edit, code(branch))
	b.WriteString("```markdown\n")
	fmt.Fprintf(&b, "## %s — %s\n", s.tr("Postmortem", "사후 분석"), author.FormatTime(s.now.Truncate(time.Minute), s.loc))
	sections := []string{"Summary", "Impact", "Timeline", "Root cause", "What went well", "What went badly", "Action items"}
	if s.ko {
		sections = []string{"요약", "영향", "타임라인", "근본 원인", "잘된 점", "아쉬운 점", "후속 조치"}
	}
	for _, h := range sections {
		fmt.Fprintf(&b, "### %s\n\n", h)
	}
	b.WriteString("```\n")
	return Result{Reply: b.String()}
}
