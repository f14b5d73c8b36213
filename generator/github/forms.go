package github

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

// FormDir is where GitHub looks for issue forms.
const FormDir = ".github/ISSUE_TEMPLATE"

// Form file names, relative to the site root.
var (
	IncidentForm    = path.Join(FormDir, "incident.yml")
	MaintenanceForm = path.Join(FormDir, "maintenance.yml")
)

// formMarker starts every form sitrep writes; "sitrep github setup"
// replaces only files that start with it.
const formMarker = "# Written by sitrep"

// label is a form field's label in each site language. GitHub renders a
// submitted form as "### <label>" sections, so the labels are also how
// the body is read back; both languages are read whatever the site's.
type label struct{ id, en, ko string }

func (l label) in(lang string) string {
	if lang == "ko" {
		return l.ko
	}
	return l.en
}

var (
	fSeverity    = label{"severity", "Severity", "심각도"}
	fStatus      = label{"status", "Status", "상태"}
	fComponents  = label{"components", "Affected components", "영향받는 구성 요소"}
	fCompStatus  = label{"component_status", "Status of the affected components", "영향받는 구성 요소의 상태"}
	fMessage     = label{"message", "Message", "메시지"}
	fNext        = label{"next_update", "Next update", "다음 업데이트"}
	fMComponents = label{"components", "Components under maintenance", "점검 대상 구성 요소"}
	fStart       = label{"start", "Start", "시작"}
	fEnd         = label{"end", "End", "종료"}
	fDescription = label{"description", "Description", "설명"}

	incidentFields    = []label{fSeverity, fStatus, fComponents, fCompStatus, fMessage, fNext}
	maintenanceFields = []label{fMComponents, fStart, fEnd, fDescription}
)

// noResponse is what GitHub writes for an optional field left empty.
const noResponse = "_No response_"

// formBody is a submitted issue form: the value of each field by id.
type formBody struct {
	kind   string // "incident" or "maintenance"
	values map[string]string
}

// parseForm reads an issue body as GitHub renders a submitted form. It
// returns nil when the body is not one of sitrep's forms. Only "### "
// lines that are one of the form's labels start a field, so a message
// may hold "###" headings of its own.
func parseForm(body string) *formBody {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	fields := map[string]label{}
	for _, l := range append(slices.Clone(incidentFields), maintenanceFields...) {
		fields[l.en], fields[l.ko] = l, l
	}
	values := map[string]string{}
	var cur string
	var buf []string
	flush := func() {
		if cur != "" {
			v := strings.TrimSpace(strings.Join(buf, "\n"))
			if v == noResponse {
				v = ""
			}
			values[cur] = v
		}
		buf = nil
	}
	for _, line := range strings.Split(body, "\n") {
		if h, ok := strings.CutPrefix(line, "### "); ok {
			if l, ok := fields[strings.TrimSpace(h)]; ok {
				flush()
				cur = l.id
				continue
			}
		}
		buf = append(buf, line)
	}
	flush()
	_, sev := values[fSeverity.id]
	_, start := values[fStart.id]
	switch {
	case sev:
		return &formBody{kind: "incident", values: values}
	case start:
		return &formBody{kind: "maintenance", values: values}
	}
	return nil
}

// option is a dropdown choice that names an id: "API (api)".
func option(name, id string) string { return name + " (" + id + ")" }

// optionID returns the id in an option's trailing parentheses.
func optionID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	i := strings.LastIndex(s, "(")
	if i < 0 || !strings.HasSuffix(s, ")") {
		return "", false
	}
	return s[i+1 : len(s)-1], true
}

// selected splits a multiple-choice dropdown's value, which GitHub joins
// with ", ", into the ids of the chosen options. A name may hold ", "
// itself, so pieces are joined until they end in "(id)".
func selected(v string) ([]string, error) {
	if strings.TrimSpace(v) == "" || v == "None" {
		return nil, nil
	}
	var ids []string
	cur := ""
	for _, p := range strings.Split(v, ", ") {
		if cur != "" {
			cur += ", "
		}
		cur += p
		if id, ok := optionID(cur); ok && status.ValidSlug(id) {
			ids = append(ids, id)
			cur = ""
		}
	}
	if cur != "" {
		return nil, fmt.Errorf("%q is not an option of the form (is .github/ISSUE_TEMPLATE/ out of date? run sitrep github setup)", cur)
	}
	return ids, nil
}

// Forms returns the issue forms for the site: incident.yml and
// maintenance.yml under .github/ISSUE_TEMPLATE/, in the site's language,
// listing its components, statuses and severities.
func Forms(st *status.Site) map[string][]byte {
	lang := st.Config.Language
	ko := lang == "ko"
	tr := func(en, k string) string {
		if ko {
			return k
		}
		return en
	}
	comps := slices.Clone(st.Components)
	slices.SortStableFunc(comps, func(a, b *status.Component) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return strings.Compare(a.Name, b.Name)
	})
	var compOpts []string
	for _, c := range comps {
		compOpts = append(compOpts, option(c.Name, c.ID))
	}
	sevText := [][2]string{
		{"complete loss of access, data loss, security", "전체 접근 불가, 데이터 손실, 보안"},
		{"core feature down for many customers", "많은 고객의 핵심 기능 중단"},
		{"partial or regional degradation", "일부 또는 지역적 저하"},
		{"minor, informational", "경미, 안내"},
	}
	var sevOpts []string
	for i, t := range sevText {
		sevOpts = append(sevOpts, fmt.Sprintf("P%d — %s", i, tr(t[0], t[1])))
	}
	statusOpts := []string{tr("Investigating", "조사 중"), tr("Identified", "원인 파악"), tr("Monitoring", "모니터링")}
	compStatusOpts := []string{
		option(tr("Degraded performance", "성능 저하"), status.DegradedPerformance.String()),
		option(tr("Partial outage", "부분 장애"), status.PartialOutage.String()),
		option(tr("Major outage", "전체 장애"), status.MajorOutage.String()),
	}
	zone := st.Config.TimeZone

	var in formWriter
	in.header(tr("Incident", "장애"), tr("Open an incident on the status page", "상태 페이지에 장애를 게시합니다"), "incident")
	in.markdown(tr(
		"The issue's title is the incident's title on the status page. Only the repository's owners, members and collaborators can publish; after this, post updates as comments: `/update identified …`, `/next 30m`, `/resolve …`.",
		"이슈 제목이 상태 페이지의 장애 제목이 됩니다. 저장소의 소유자, 멤버, 협업자만 게시할 수 있습니다. 이후 업데이트는 댓글로 남깁니다: `/update identified …`, `/next 30m`, `/resolve …`."))
	in.dropdown(fSeverity, lang, sevOpts, 2, false, true)
	in.dropdown(fStatus, lang, statusOpts, 0, false, true)
	if len(compOpts) > 0 {
		in.dropdown(fComponents, lang, compOpts, -1, true, false)
		in.dropdown(fCompStatus, lang, compStatusOpts, 1, false, false)
	}
	in.textarea(fMessage, lang, tr("What customers see first: what is affected and what you are doing.", "고객이 처음 보는 내용: 무엇이 영향을 받고 무엇을 하고 있는지."), true)
	in.input(fNext, lang, tr("When the next update comes: 30m, 1h or 15:30 ("+zone+")", "다음 업데이트 시각: 30m, 1h 또는 15:30 ("+zone+")"), "30m", false)

	var m formWriter
	m.header(tr("Maintenance", "점검"), tr("Schedule maintenance on the status page", "상태 페이지에 점검 일정을 게시합니다"), "maintenance")
	m.markdown(tr(
		"The issue's title is the maintenance's title. Comment `/maintenance start` and `/maintenance complete` when it begins and ends.",
		"이슈 제목이 점검 제목이 됩니다. 시작과 종료 때 `/maintenance start`, `/maintenance complete` 댓글을 남깁니다."))
	if len(compOpts) > 0 {
		m.dropdown(fMComponents, lang, compOpts, -1, true, true)
	}
	m.input(fStart, lang, tr("Start, in "+zone, "시작 시각 ("+zone+")"), "2026-12-01 02:00", true)
	m.input(fEnd, lang, tr("End, or how long it lasts", "종료 시각 또는 소요 시간"), "2h", true)
	m.textarea(fDescription, lang, tr("What customers should expect.", "고객이 알아야 할 내용."), false)
	return map[string][]byte{IncidentForm: in.Bytes(), MaintenanceForm: m.Bytes()}
}

// formWriter writes an issue form's YAML. Every string is written as a
// JSON string, which YAML reads as the same double-quoted scalar.
type formWriter struct{ bytes.Buffer }

func q(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

func (w *formWriter) header(name, desc, lab string) {
	fmt.Fprintf(w, "%s github setup from content/; run it again when components change\n", formMarker)
	w.WriteString("# (sitrep check warns when the list below no longer matches the site).\n")
	fmt.Fprintf(w, "name: %s\ndescription: %s\nlabels: [%s]\nbody:\n", q(name), q(desc), q(lab))
}

func (w *formWriter) markdown(text string) {
	fmt.Fprintf(w, "  - type: markdown\n    attributes:\n      value: %s\n", q(text))
}

func (w *formWriter) field(kind string, l label, lang string) {
	fmt.Fprintf(w, "  - type: %s\n    id: %s\n    attributes:\n      label: %s\n", kind, l.id, q(l.in(lang)))
}

func (w *formWriter) required(req bool) {
	fmt.Fprintf(w, "    validations:\n      required: %t\n", req)
}

func (w *formWriter) dropdown(l label, lang string, opts []string, def int, multiple, req bool) {
	w.field("dropdown", l, lang)
	if multiple {
		w.WriteString("      multiple: true\n")
	}
	w.WriteString("      options:\n")
	for _, o := range opts {
		fmt.Fprintf(w, "        - %s\n", q(o))
	}
	if def >= 0 {
		fmt.Fprintf(w, "      default: %d\n", def)
	}
	w.required(req)
}

func (w *formWriter) textarea(l label, lang, desc string, req bool) {
	w.field("textarea", l, lang)
	fmt.Fprintf(w, "      description: %s\n", q(desc))
	w.required(req)
}

func (w *formWriter) input(l label, lang, desc, placeholder string, req bool) {
	w.field("input", l, lang)
	fmt.Fprintf(w, "      description: %s\n      placeholder: %s\n", q(desc), q(placeholder))
	w.required(req)
}

// Owned reports whether src is a form sitrep wrote, which "sitrep github
// setup" may replace.
func Owned(src []byte) bool { return bytes.HasPrefix(src, []byte(formMarker)) }

// CheckForms warns when a site's issue forms (if it has them) list
// components the site does not have, or miss some it has: an incident
// opened with such a form would be refused.
func CheckForms(fsys fs.FS, st *status.Site) status.Problems {
	var ids []string
	for _, c := range st.Components {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	var probs status.Problems
	for _, name := range []string{IncidentForm, MaintenanceForm} {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue // no form: nothing to keep in step
		}
		doc, ps := content.DecodeYAML(name, src)
		if len(ps) > 0 {
			for _, p := range ps {
				p.Warning = true
			}
			probs = append(probs, ps...)
			continue
		}
		listed, line := formComponents(doc, src)
		if listed == nil {
			continue
		}
		var extra, missing []string
		for _, id := range listed {
			if !slices.Contains(ids, id) {
				extra = append(extra, id)
			}
		}
		for _, id := range ids {
			if !slices.Contains(listed, id) {
				missing = append(missing, id)
			}
		}
		var what []string
		if len(extra) > 0 {
			what = append(what, "lists components the site does not have ("+strings.Join(extra, ", ")+")")
		}
		if len(missing) > 0 {
			what = append(what, "does not list "+strings.Join(missing, ", "))
		}
		if len(what) > 0 {
			probs = append(probs, &status.Problem{Pos: status.Pos{File: name, Line: line}, Warning: true,
				Msg: "the issue form " + strings.Join(what, " and ") + "; run \"sitrep github setup\" to write it again"})
		}
	}
	return probs
}

// formComponents returns the ids of the components dropdown's options
// and the line of its id, or nil when the form has no such dropdown.
func formComponents(doc map[string]any, src []byte) ([]string, int) {
	body, _ := doc["body"].([]any)
	for _, item := range body {
		m, _ := item.(map[string]any)
		if m["id"] != fComponents.id {
			continue
		}
		attrs, _ := m["attributes"].(map[string]any)
		opts, _ := attrs["options"].([]any)
		ids := []string{}
		for _, o := range opts {
			s, _ := o.(string)
			if id, ok := optionID(s); ok {
				ids = append(ids, id)
			}
		}
		line := 1
		if i := bytes.Index(src, []byte("id: "+fComponents.id)); i >= 0 {
			line += bytes.Count(src[:i], []byte("\n"))
		}
		return ids, line
	}
	return nil, 0
}
