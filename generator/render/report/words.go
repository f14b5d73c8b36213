package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/render"
)

// words turns the report's values into the site language's words. The
// report's strings have built-in English and Korean defaults; a theme's
// i18n file overrides any of them by key ("report.title").
type words struct {
	s    render.Strings
	def  map[string]string
	loc  *time.Location
	lang string
}

func newWords(s render.Strings, lang string, loc *time.Location) *words {
	return &words{s: s, def: defaults(lang), loc: loc, lang: lang}
}

// T returns the string for key: the theme's, else the built-in default.
func (w *words) T(key string) string {
	if v, ok := w.s[key]; ok {
		return v
	}
	if v, ok := w.def[key]; ok {
		return v
	}
	return key
}

// F returns the string for key with {name} placeholders filled from pairs.
func (w *words) F(key string, pairs ...string) string {
	s := w.T(key)
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, "{"+pairs[i]+"}", pairs[i+1])
	}
	return s
}

// month parses a report month ("2026-11") in the site's time zone.
func (w *words) month(name string) time.Time {
	t, err := time.ParseInLocation("2006-01", name, w.loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

// MonthShort is the axis label of a month: "Nov", "11월".
func (w *words) MonthShort(name string) string {
	return w.month(name).Format(w.T("report.layout.month_short"))
}

// Month is a month in full: "Nov 2026", "2026년 11월".
func (w *words) Month(name string) string { return w.month(name).Format(w.T("report.layout.month")) }

// DateTime is a moment in the site's zone: "22 Nov 2026, 11:00 KST".
func (w *words) DateTime(t time.Time) string {
	return t.In(w.loc).Format(w.T("report.layout.datetime"))
}

// Num formats a number exactly as metrics.json holds it.
func Num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Minutes is a number of minutes with its unit: "21.6 min".
func (w *words) Minutes(v float64) string { return w.F("report.unit.minutes", "n", Num(v)) }

// Percent is a percentage: "99.9523%".
func (w *words) Percent(v float64) string { return Num(v) + "%" }

// Duration is a mean time in minutes in the largest sensible units:
// "42 min", "3 h 12 min", "21 d 3 h".
func (w *words) Duration(mins float64) string {
	m := int(mins + 0.5)
	switch {
	case m < 60:
		return w.Minutes(mins)
	case m < 48*60:
		return w.F("report.unit.hours_minutes", "h", strconv.Itoa(m/60), "m", strconv.Itoa(m%60))
	}
	return w.F("report.unit.days_hours", "d", strconv.Itoa(m/(24*60)), "h", strconv.Itoa(m/60%24))
}

// defaults are the report's strings in English, or Korean for "ko".
func defaults(lang string) map[string]string {
	en := map[string]string{
		"report.title":                   "Reliability report",
		"report.intro":                   "Availability, error budgets and incident response over the last 12 months, computed from the incident history at {now}. Months and times are in {zone}.",
		"report.back":                    "Current status",
		"report.skip":                    "Skip to the report",
		"report.site_nav":                "Site",
		"report.footer":                  "Computed at {now} from the incident history.",
		"report.json":                    "The numbers as JSON (metrics.json)",
		"report.nav":                     "Sections",
		"report.slo.heading":             "Service level objectives",
		"report.slo.intro":               "The error budget of a month is the downtime its target allows over the whole calendar month. Downtime counts a major outage in full and a partial outage at 30%; degraded performance and maintenance do not count.",
		"report.slo.none":                "No component has a service level objective.",
		"report.slo.caption":             "Error budgets for {month}",
		"report.col.component":           "Component",
		"report.col.target":              "Target",
		"report.col.availability":        "Availability so far",
		"report.col.allowed":             "Budget",
		"report.col.used":                "Used",
		"report.col.remaining":           "Remaining",
		"report.col.exhausted":           "Ran out",
		"report.col.month":               "Month",
		"report.col.total":               "Total",
		"report.col.scope":               "Incidents of",
		"report.col.incidents":           "Incidents",
		"report.col.mttr":                "MTTR",
		"report.col.mtbf":                "MTBF",
		"report.col.ttfu":                "First update",
		"report.col.promises":            "Promises kept",
		"report.budget.ok":               "Within budget",
		"report.budget.out":              "Budget exhausted",
		"report.budget.not_out":          "not run out",
		"report.met":                     "met",
		"report.missed":                  "missed",
		"report.on_track":                "on track",
		"report.off_track":               "budget exhausted",
		"report.no_data":                 "no data",
		"report.so_far":                  "{month} (so far)",
		"report.availability.heading":    "Availability by month",
		"report.availability.intro":      "Each chart shows a component's monthly availability (line) against its target (dashed line). Circles mark months that met the target, crosses months that missed it.",
		"report.availability.title":      "{name}: availability by month against a target of {target}",
		"report.availability.desc":       "Months met: {met} of {months}. Lowest: {lowest} in {month}.",
		"report.availability.desc_empty": "No data in the last 12 months.",
		"report.availability.caption":    "{name}, target {target}",
		"report.incidents.heading":       "Incidents per month",
		"report.incidents.title":         "Incidents per month by severity",
		"report.incidents.desc":          "{total} incidents from {first} to {last}; the most in {month} ({n}).",
		"report.incidents.desc_empty":    "No incidents from {first} to {last}.",
		"report.downtime.heading":        "Downtime per month",
		"report.downtime.intro":          "Weighted downtime in minutes per component and month, all charts on the same scale (up to {max}).",
		"report.downtime.title":          "{name}: downtime minutes per month",
		"report.downtime.desc":           "{total} in the last 12 months; the most in {month} ({most}).",
		"report.downtime.desc_empty":     "No downtime in the last 12 months.",
		"report.downtime.axis":           "max {max}",
		"report.response.heading":        "Response and recovery",
		"report.response.intro":          "MTTR is the mean time from start to resolution of the incidents resolved in the period. MTBF is the time without an open incident divided by the number of incidents that started in it. First update is the mean time from an incident's start to its first post, where the start was recorded. A next-update promise counts as kept when the next post came by the promised time.",
		"report.window.last_90_days":     "Last 90 days",
		"report.window.last_12_months":   "Last 12 months",
		"report.scope.all":               "All incidents",
		"report.severity.P0":             "P0 critical",
		"report.severity.P1":             "P1 major",
		"report.severity.P2":             "P2 minor",
		"report.severity.P3":             "P3 informational",
		"report.none.incidents":          "no incidents",
		"report.none.resolved":           "none resolved",
		"report.none.measured":           "not measured",
		"report.none.promises":           "no promises",
		"report.promises":                "{kept} of {n} ({pct})",
		"report.table":                   "Data table",
		"report.unit.minutes":            "{n} min",
		"report.unit.hours_minutes":      "{h} h {m} min",
		"report.unit.days_hours":         "{d} d {h} h",
		"report.layout.month_short":      "Jan",
		"report.layout.month":            "Jan 2006",
		"report.layout.datetime":         "2 Jan 2006, 15:04 MST",
	}
	if lang != "ko" {
		return en
	}
	ko := map[string]string{
		"report.title":                   "안정성 보고서",
		"report.intro":                   "지난 12개월의 가용성, 오류 예산, 장애 대응 지표입니다. {now} 기준 장애 기록으로 계산했으며 월과 시각은 {zone} 기준입니다.",
		"report.back":                    "현재 상태",
		"report.skip":                    "보고서로 건너뛰기",
		"report.site_nav":                "사이트",
		"report.footer":                  "{now} 기준 장애 기록으로 계산했습니다.",
		"report.json":                    "JSON으로 보기 (metrics.json)",
		"report.nav":                     "목차",
		"report.slo.heading":             "서비스 수준 목표(SLO)",
		"report.slo.intro":               "한 달의 오류 예산은 목표가 그 달 전체에 대해 허용하는 다운타임입니다. 전체 장애는 100%, 부분 장애는 30%로 계산하며 성능 저하와 점검은 포함하지 않습니다.",
		"report.slo.none":                "서비스 수준 목표가 정해진 구성 요소가 없습니다.",
		"report.slo.caption":             "{month} 오류 예산",
		"report.col.component":           "구성 요소",
		"report.col.target":              "목표",
		"report.col.availability":        "현재까지 가용성",
		"report.col.allowed":             "예산",
		"report.col.used":                "사용",
		"report.col.remaining":           "남음",
		"report.col.exhausted":           "소진 시각",
		"report.col.month":               "월",
		"report.col.total":               "합계",
		"report.col.scope":               "대상",
		"report.col.incidents":           "장애 수",
		"report.col.mttr":                "MTTR",
		"report.col.mtbf":                "MTBF",
		"report.col.ttfu":                "첫 공지까지",
		"report.col.promises":            "공지 약속 준수",
		"report.budget.ok":               "예산 내",
		"report.budget.out":              "예산 소진",
		"report.budget.not_out":          "소진 안 됨",
		"report.met":                     "달성",
		"report.missed":                  "미달",
		"report.on_track":                "달성 가능",
		"report.off_track":               "예산 소진",
		"report.no_data":                 "데이터 없음",
		"report.so_far":                  "{month} (현재까지)",
		"report.availability.heading":    "월별 가용성",
		"report.availability.intro":      "각 차트는 구성 요소의 월별 가용성(실선)과 목표(점선)를 보여 줍니다. 원은 목표를 달성한 달, X는 미달한 달입니다.",
		"report.availability.title":      "{name}: 목표 {target} 대비 월별 가용성",
		"report.availability.desc":       "{months}개월 중 {met}개월 달성. 최저: {month} {lowest}.",
		"report.availability.desc_empty": "지난 12개월 데이터가 없습니다.",
		"report.availability.caption":    "{name}, 목표 {target}",
		"report.incidents.heading":       "월별 장애",
		"report.incidents.title":         "심각도별 월별 장애 수",
		"report.incidents.desc":          "{first}부터 {last}까지 장애 {total}건, 가장 많은 달은 {month}({n}건).",
		"report.incidents.desc_empty":    "{first}부터 {last}까지 장애가 없습니다.",
		"report.downtime.heading":        "월별 다운타임",
		"report.downtime.intro":          "구성 요소별 월간 가중 다운타임(분)이며 모든 차트의 축이 같습니다(최대 {max}).",
		"report.downtime.title":          "{name}: 월별 다운타임(분)",
		"report.downtime.desc":           "지난 12개월 {total}, 가장 긴 달은 {month}({most}).",
		"report.downtime.desc_empty":     "지난 12개월 동안 다운타임이 없습니다.",
		"report.downtime.axis":           "최대 {max}",
		"report.response.heading":        "대응과 복구",
		"report.response.intro":          "MTTR은 기간 중 해결된 장애의 시작부터 해결까지 평균 시간입니다. MTBF는 열린 장애가 없던 시간을 기간 중 시작된 장애 수로 나눈 값입니다. 첫 공지까지는 시작 시각이 기록된 장애의 시작부터 첫 공지까지 평균 시간입니다. 다음 공지 약속은 약속한 시각까지 다음 공지가 올라왔으면 지킨 것으로 셉니다.",
		"report.window.last_90_days":     "최근 90일",
		"report.window.last_12_months":   "최근 12개월",
		"report.scope.all":               "전체 장애",
		"report.severity.P0":             "P0 심각",
		"report.severity.P1":             "P1 주요",
		"report.severity.P2":             "P2 경미",
		"report.severity.P3":             "P3 안내",
		"report.none.incidents":          "장애 없음",
		"report.none.resolved":           "해결된 장애 없음",
		"report.none.measured":           "측정 안 됨",
		"report.none.promises":           "약속 없음",
		"report.promises":                "{n}건 중 {kept}건 ({pct})",
		"report.table":                   "데이터 표",
		"report.unit.minutes":            "{n}분",
		"report.unit.hours_minutes":      "{h}시간 {m}분",
		"report.unit.days_hours":         "{d}일 {h}시간",
		"report.layout.month_short":      "1월",
		"report.layout.month":            "2006년 1월",
		"report.layout.datetime":         "2006년 1월 2일 15:04 MST",
	}
	for k, v := range en {
		if _, ok := ko[k]; !ok {
			ko[k] = v
		}
	}
	return ko
}
