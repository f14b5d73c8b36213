package author

import (
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// PostmortemTemplate is the name of the site's own postmortem template,
// content/templates/postmortem.md; without it the built-in one is used.
const PostmortemTemplate = "postmortem"

const postmortemPlaceholders = "placeholders: .Title, .Slug, .Severity, .Started, .Resolved, .Duration, .Components, .Affected, .Timeline"

// PostmortemData is what a postmortem template reads: everything the
// incident already knows, so that nothing is typed twice.
type PostmortemData struct {
	Title      string
	Slug       string
	Severity   status.Severity
	Started    string // "2026-11-21 14:30 KST"
	Resolved   string
	Duration   string // "2h 13m"
	Components string // names as a phrase: "API and Webhooks"
	Affected   []AffectedData
	Timeline   []TimelineEntry // oldest first
}

// AffectedData is one affected component in a postmortem.
type AffectedData struct {
	Name string
	// Status is as the site's language says it ("major outage", "전체
	// 장애"); empty when the file says operational: a component marked
	// recovered keeps no record of how bad it was.
	Status string
	// Budget is the share of the month's error budget (from the
	// component's slo) this incident used, "37%", or "" without an slo.
	Budget string
}

// TimelineEntry is one update, for the postmortem's timeline.
type TimelineEntry struct {
	Time   string // "14:32", with the date when it differs from the start
	Status string // the update word
	Text   string // the update's first line, as written
}

// PostmortemDraft returns the incident query names and the text of its
// postmortem, from content/templates/postmortem.md or the built-in
// template of the site's language, filled with what the incident knows.
// The incident must be resolved and have no postmortem yet.
func (s *Site) PostmortemDraft(query string) (*Ref, string, error) {
	ref, err := s.Lookup(query, false)
	if err != nil {
		return nil, "", err
	}
	in := ref.Incident
	if err := s.allowed(in, status.Postmortem, UpdateRequest{}, s.after(in, status.Postmortem, UpdateRequest{}, s.Now)); err != nil {
		return nil, "", err
	}
	file, src := "built-in postmortem template", builtinPostmortem[s.Lang == "ko"]
	for _, t := range s.Content.Templates {
		if t.Name == PostmortemTemplate {
			file, src = t.Pos.File, t.Body
		}
	}
	text, err := runTemplate(file, src, s.postmortemData(in), postmortemPlaceholders)
	if err != nil {
		return nil, "", &RequestError{err.Error()}
	}
	return ref, text, nil
}

func (s *Site) postmortemData(in *status.Incident) PostmortemData {
	ko := s.Lang == "ko"
	start := in.Start()
	end, _ := in.Resolved()
	d := PostmortemData{
		Title: in.Title, Slug: in.Slug, Severity: in.Severity,
		Started:  s.moment(start),
		Resolved: s.moment(end),
		Duration: duration(end.Sub(start), ko),
	}
	var names []string
	for _, a := range in.Components {
		name, slo := a.ID, 0.0
		for _, c := range s.Content.Components {
			if c.ID == a.ID {
				name, slo = c.Name, c.SLO
			}
		}
		names = append(names, name)
		ad := AffectedData{Name: name}
		if w := a.Worst(); w != status.Operational {
			ad.Status, ad.Budget = statusWords(w, ko), budget(slo, &a, start, end)
		}
		d.Affected = append(d.Affected, ad)
	}
	d.Components = ComponentList(names, s.Lang)
	for _, u := range in.Updates {
		t := u.At.In(s.Loc)
		when := t.Format("15:04")
		if t.YearDay() != start.In(s.Loc).YearDay() || t.Year() != start.In(s.Loc).Year() {
			when = t.Format(TimeLayout)
		}
		line, _, _ := strings.Cut(strings.TrimSpace(u.Body.Source), "\n")
		d.Timeline = append(d.Timeline, TimelineEntry{Time: when, Status: headingWord(u.Kind, ko), Text: line})
	}
	return d
}

func samplePostmortem(loc *time.Location) PostmortemData {
	return PostmortemData{Title: "Elevated error rates", Slug: "2026-01-02-elevated-error-rates", Severity: status.P1,
		Started: "2026-01-02 14:30 " + loc.String(), Resolved: "2026-01-02 16:45 " + loc.String(), Duration: "2h 15m",
		Components: "API", Affected: []AffectedData{{Name: "API", Status: "partial outage", Budget: "40%"}},
		Timeline: []TimelineEntry{{Time: "14:32", Status: "Investigating", Text: "We are investigating."}}}
}

func (s *Site) moment(t time.Time) string {
	t = t.In(s.Loc)
	return t.Format(TimeLayout) + " " + t.Format("MST")
}

// duration writes d as "2h 13m" ("2시간 13분").
func duration(d time.Duration, ko bool) string {
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	if ko {
		if h == 0 {
			return fmt.Sprintf("%d분", m)
		}
		return fmt.Sprintf("%d시간 %d분", h, m)
	}
	if h == 0 {
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dh %dm", h, m)
}

// budget is the share of a month's error budget the component's outage
// from start to end used: each status's period counts as
// status.DowntimeWeight says, against (100 − slo)% of 30 days.
func budget(slo float64, a *status.Affected, start, end time.Time) string {
	if slo <= 0 || slo >= 100 {
		return ""
	}
	var down float64
	a.Periods(start, end, func(from, to time.Time, st status.ComponentStatus) {
		down += st.DowntimeWeight() * float64(to.Sub(from))
	})
	allowed := (100 - slo) / 100 * 30 * 24 * float64(time.Hour)
	return fmt.Sprintf("%.0f%%", down/allowed*100)
}

func statusWords(st status.ComponentStatus, ko bool) string {
	if ko {
		return [...]string{"정상", "점검 중", "성능 저하", "부분 장애", "전체 장애"}[st]
	}
	return strings.ReplaceAll(st.String(), "_", " ")
}

// builtinPostmortem follows the seeds' postmortem practice: summary,
// impact, timeline, detection, root cause with five whys, what went well
// and badly, action items with owners and due dates. Prompts are in
// italics, to be replaced.
var builtinPostmortem = map[bool]string{
	false: `### Summary
{{ .Title }}: from {{ .Started }} to {{ .Resolved }} ({{ .Duration }}){{ if .Components }}, {{ .Components }} {{ if eq (len .Affected) 1 }}was{{ else }}were{{ end }} affected{{ end }}.
_What happened, in two or three sentences a customer understands._

### Impact
- Customers affected: _who, how many, which regions or plans_
- Duration: {{ .Duration }} ({{ .Started }} to {{ .Resolved }})
{{- range .Affected }}
- {{ .Name }}{{ if .Status }}: {{ .Status }}{{ end }}{{ if .Budget }}; {{ .Budget }} of the month's error budget{{ end }}
{{- end }}

### Timeline
{{- range .Timeline }}
- {{ .Time }} {{ .Status }}: {{ .Text }}
{{- end }}

### Detection
_How did we find out (alert, customer report, …), and how long after the start?_

### Root cause
_The cause, found by asking "why?" five times:_
1. Why? _…_
2. Why? _…_
3. Why? _…_
4. Why? _…_
5. Why? _…_

### What went well
- _…_

### What went badly
- _…_

### Action items
| Action | Owner | Due |
|---|---|---|
| _…_ | _@name_ | _YYYY-MM-DD_ |
`,
	true: `### 요약
{{ .Title }}: {{ .Started }}부터 {{ .Resolved }}까지 ({{ .Duration }}){{ if .Components }} {{ .Components }}에 영향이 있었습니다{{ end }}.
_무슨 일이 있었는지 고객이 이해할 수 있게 두세 문장으로 적어 주세요._

### 영향
- 영향받은 고객: _누가, 얼마나, 어느 지역이나 요금제_
- 지속 시간: {{ .Duration }} ({{ .Started }} ~ {{ .Resolved }})
{{- range .Affected }}
- {{ .Name }}{{ if .Status }}: {{ .Status }}{{ end }}{{ if .Budget }}, 이번 달 오류 예산의 {{ .Budget }} 사용{{ end }}
{{- end }}

### 타임라인
{{- range .Timeline }}
- {{ .Time }} {{ .Status }}: {{ .Text }}
{{- end }}

### 탐지
_어떻게 알게 되었나요(알림, 고객 문의 등)? 시작 후 얼마 만이었나요?_

### 근본 원인
_"왜?"를 다섯 번 물어 찾은 원인:_
1. 왜? _…_
2. 왜? _…_
3. 왜? _…_
4. 왜? _…_
5. 왜? _…_

### 잘된 점
- _…_

### 아쉬운 점
- _…_

### 후속 조치
| 조치 | 담당자 | 기한 |
|---|---|---|
| _…_ | _@이름_ | _YYYY-MM-DD_ |
`,
}
