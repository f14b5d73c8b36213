// Package status holds sitrep's domain: components, incidents, maintenance
// windows and the rules that order their statuses. It knows nothing of files,
// Markdown or HTML; loaders and renderers depend on it, never the reverse.
package status

import (
	"fmt"
	"strings"
)

// ComponentStatus is a component's state, ordered from best to worst so that
// the worst of several is simply the maximum.
type ComponentStatus int

// Component statuses, best to worst (SPEC §3).
const (
	Operational ComponentStatus = iota
	UnderMaintenance
	DegradedPerformance
	PartialOutage
	MajorOutage
)

var componentStatusNames = [...]string{"operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"}

// ComponentStatuses lists every component status, best to worst.
func ComponentStatuses() []ComponentStatus {
	return []ComponentStatus{Operational, UnderMaintenance, DegradedPerformance, PartialOutage, MajorOutage}
}

// String returns the Statuspage name of s, such as "partial_outage".
func (s ComponentStatus) String() string {
	if s < 0 || int(s) >= len(componentStatusNames) {
		return fmt.Sprintf("ComponentStatus(%d)", int(s))
	}
	return componentStatusNames[s]
}

// ParseComponentStatus reads a Statuspage component status name.
func ParseComponentStatus(s string) (ComponentStatus, bool) {
	for i, n := range componentStatusNames {
		if n == s {
			return ComponentStatus(i), true
		}
	}
	return 0, false
}

// DowntimeWeight is the share of time in status s that counts as downtime:
// a major outage fully, a partial outage 30%, everything else not at all
// (Statuspage's rule).
func (s ComponentStatus) DowntimeWeight() float64 {
	switch s {
	case MajorOutage:
		return 1
	case PartialOutage:
		return 0.3
	}
	return 0
}

// Worse returns the worse of two statuses.
func Worse(a, b ComponentStatus) ComponentStatus { return max(a, b) }

// Severity is the team's priority of an incident, P0 (worst) to P3.
type Severity int

// Severities, worst first.
const (
	P0 Severity = iota
	P1
	P2
	P3
)

// String returns "P0" … "P3".
func (s Severity) String() string { return fmt.Sprintf("P%d", int(s)) }

// ParseSeverity reads "P0" … "P3" (case-insensitive).
func ParseSeverity(s string) (Severity, bool) {
	if len(s) == 2 && (s[0] == 'P' || s[0] == 'p') && s[1] >= '0' && s[1] <= '3' {
		return Severity(s[1] - '0'), true
	}
	return 0, false
}

// Impact is the Statuspage impact of an incident, ordered from none to critical.
type Impact int

// Impacts, least to worst.
const (
	ImpactNone Impact = iota
	ImpactMinor
	ImpactMajor
	ImpactCritical
)

var impactNames = [...]string{"none", "minor", "major", "critical"}

// String returns the Statuspage name of the impact.
func (i Impact) String() string {
	if i < 0 || int(i) >= len(impactNames) {
		return fmt.Sprintf("Impact(%d)", int(i))
	}
	return impactNames[i]
}

// ParseImpact reads a Statuspage impact name.
func ParseImpact(s string) (Impact, bool) {
	for i, n := range impactNames {
		if n == s {
			return Impact(i), true
		}
	}
	return 0, false
}

// Impact maps a severity to the impact it has by default (SPEC §3).
func (s Severity) Impact() Impact {
	switch s {
	case P0:
		return ImpactCritical
	case P1:
		return ImpactMajor
	case P2:
		return ImpactMinor
	}
	return ImpactNone
}

// UpdateKind is the status word that heads an incident update.
type UpdateKind int

// Incident update kinds. Update carries no change of status.
const (
	Investigating UpdateKind = iota
	Identified
	Monitoring
	Update
	Resolved
	Postmortem
)

var updateKindNames = [...]string{"investigating", "identified", "monitoring", "update", "resolved", "postmortem"}

// String returns the lower-case name, as used in the Statuspage API.
func (k UpdateKind) String() string {
	if k < 0 || int(k) >= len(updateKindNames) {
		return fmt.Sprintf("UpdateKind(%d)", int(k))
	}
	return updateKindNames[k]
}

// updateKindWords maps the heading words an author may write, lower-cased,
// to their kind. Korean aliases are part of the format (SPEC §2.3).
var updateKindWords = map[string]UpdateKind{
	"investigating": Investigating, "조사 중": Investigating, "조사중": Investigating,
	"identified": Identified, "원인 파악": Identified,
	"monitoring": Monitoring, "모니터링": Monitoring,
	"update": Update, "업데이트": Update,
	"resolved": Resolved, "해결": Resolved,
	"postmortem": Postmortem, "사후 분석": Postmortem,
}

// ParseUpdateKind reads a heading's status word, case-insensitively.
// Korean words are read whatever their spacing ("원인파악", "원인 파악"):
// both are common, and neither is a typo.
func ParseUpdateKind(word string) (UpdateKind, bool) {
	w := strings.TrimSpace(word)
	if isASCII(w) {
		return lookupASCII(updateKindWords, w)
	}
	w = strings.ToLower(w)
	k, ok := updateKindWords[w]
	if !ok && !isASCII(w) {
		k, ok = updateKindWords[unspaced[strings.Join(strings.Fields(w), "")]]
	}
	return k, ok
}

// unspaced maps the Korean words without their spaces to the words.
var unspaced = func() map[string]string {
	m := map[string]string{}
	for w := range updateKindWords {
		m[strings.Join(strings.Fields(w), "")] = w
	}
	for w := range maintenanceWords {
		m[strings.Join(strings.Fields(w), "")] = w
	}
	return m
}()

// lookupASCII returns words[strings.ToLower(w)] for an ASCII word w
// without making the lower-case copy: every update heading has a word.
func lookupASCII[V any](words map[string]V, w string) (V, bool) {
	var b [32]byte
	if len(w) > len(b) {
		v, ok := words[strings.ToLower(w)]
		return v, ok
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	v, ok := words[string(b[:len(w)])]
	return v, ok
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// UpdateKindWords returns the English status words, for error hints.
func UpdateKindWords() []string {
	return []string{"Investigating", "Identified", "Monitoring", "Update", "Resolved", "Postmortem"}
}

// KoreanUpdateKindWords returns the Korean status words, for hints.
func KoreanUpdateKindWords() []string {
	return []string{"조사 중", "원인 파악", "모니터링", "업데이트", "해결", "사후 분석"}
}

// MaintenanceStatus is the state of a scheduled maintenance window.
type MaintenanceStatus int

// Maintenance statuses in the order a window goes through them.
const (
	Scheduled MaintenanceStatus = iota
	InProgress
	Verifying
	Completed
	Cancelled
)

var maintenanceStatusNames = [...]string{"scheduled", "in_progress", "verifying", "completed", "cancelled"}

// String returns the Statuspage name, such as "in_progress".
func (s MaintenanceStatus) String() string {
	if s < 0 || int(s) >= len(maintenanceStatusNames) {
		return fmt.Sprintf("MaintenanceStatus(%d)", int(s))
	}
	return maintenanceStatusNames[s]
}

var maintenanceWords = map[string]MaintenanceStatus{
	"scheduled": Scheduled, "예정": Scheduled,
	"in progress": InProgress, "in_progress": InProgress, "진행 중": InProgress,
	"verifying": Verifying, "확인 중": Verifying,
	"completed": Completed, "완료": Completed,
	"cancelled": Cancelled, "canceled": Cancelled, "취소": Cancelled,
}

// ParseMaintenanceStatus reads a maintenance update heading's status word.
// Korean words are read whatever their spacing, as in ParseUpdateKind.
func ParseMaintenanceStatus(word string) (MaintenanceStatus, bool) {
	w := strings.TrimSpace(word)
	if isASCII(w) {
		return lookupASCII(maintenanceWords, w)
	}
	w = strings.ToLower(w)
	s, ok := maintenanceWords[w]
	if !ok && !isASCII(w) {
		s, ok = maintenanceWords[unspaced[strings.Join(strings.Fields(w), "")]]
	}
	return s, ok
}

// KoreanMaintenanceWords returns the Korean maintenance status words, for hints.
func KoreanMaintenanceWords() []string {
	return []string{"예정", "진행 중", "확인 중", "완료", "취소"}
}

// MaintenanceWords returns the English maintenance status words, for hints.
func MaintenanceWords() []string {
	return []string{"Scheduled", "In progress", "Verifying", "Completed", "Cancelled"}
}
