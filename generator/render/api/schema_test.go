package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The types below are an independent reading of Statuspage's v2 schema:
// every field, its enumeration and its format. Both the captures and
// sitrep's files must decode into them with unknown fields disallowed.

type enumSet interface{ values() []string }

// enum is a string that must be one of S's values.
type enum[S enumSet] string

func (e *enum[S]) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	var set S
	if !slices.Contains(set.values(), s) {
		return fmt.Errorf("%q is not one of %v", s, set.values())
	}
	*e = enum[S](s)
	return nil
}

type (
	indicators          struct{}
	componentStatuses   struct{}
	incidentStatuses    struct{}
	maintenanceStatuses struct{}
	impacts             struct{}
	maintenanceImpacts  struct{}
)

// indicators leaves out "maintenance" on purpose: strict clients reject it.
func (indicators) values() []string { return []string{"none", "minor", "major", "critical"} }
func (componentStatuses) values() []string {
	return []string{"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
}
func (incidentStatuses) values() []string {
	return []string{"investigating", "identified", "monitoring", "resolved", "postmortem"}
}
func (maintenanceStatuses) values() []string {
	return []string{"scheduled", "in_progress", "verifying", "completed"}
}
func (impacts) values() []string { return []string{"none", "minor", "major", "critical"} }
func (maintenanceImpacts) values() []string {
	return []string{"none", "minor", "major", "critical", "maintenance"}
}

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9]{12}$`)
	stampPattern = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$`)
)

// id is a 12-character [a-z0-9] id.
type id string

func (v *id) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if !idPattern.MatchString(s) {
		return fmt.Errorf("id %q is not 12 characters of [a-z0-9]", s)
	}
	*v = id(s)
	return nil
}

// stamp is an ISO-8601 time with milliseconds and an offset; null only
// where the field is a pointer.
type stamp struct{ time.Time }

func (v *stamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("timestamp %s: %w", b, err)
	}
	if !stampPattern.MatchString(s) {
		return fmt.Errorf("timestamp %q lacks milliseconds or an offset", s)
	}
	t, err := time.Parse("2006-01-02T15:04:05.000Z07:00", s)
	v.Time = t
	return err
}

// date is a bare YYYY-MM-DD.
type date struct{ time.Time }

func (v *date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := time.Parse(time.DateOnly, s)
	v.Time = t
	return err
}

// absURL is an absolute http(s) URL.
type absURL string

func (v *absURL) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	*v = absURL(s)
	return nil
}

// tPage is Statuspage's page plus sitrep's one documented extension,
// built_at (docs/embedding.md): absent in the captures, present in
// sitrep's summary.json and status.json only (TestOnlyTheLiveFilesSayWhenTheyWereBuilt).
type tPage struct {
	ID        id     `json:"id"`
	Name      string `json:"name"`
	URL       absURL `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt stamp  `json:"updated_at"`
	BuiltAt   *stamp `json:"built_at"`
}

type tStatus struct {
	Indicator   enum[indicators] `json:"indicator"`
	Description string           `json:"description"`
}

type tComponent struct {
	ID                 id                      `json:"id"`
	Name               string                  `json:"name"`
	Status             enum[componentStatuses] `json:"status"`
	CreatedAt          stamp                   `json:"created_at"`
	UpdatedAt          stamp                   `json:"updated_at"`
	Position           int                     `json:"position"`
	Description        *string                 `json:"description"`
	Showcase           bool                    `json:"showcase"`
	StartDate          *date                   `json:"start_date"`
	GroupID            *id                     `json:"group_id"`
	PageID             id                      `json:"page_id"`
	Group              bool                    `json:"group"`
	OnlyShowIfDegraded bool                    `json:"only_show_if_degraded"`
	Components         []id                    `json:"components"`
}

type tAffected struct {
	Code      id                      `json:"code"`
	Name      string                  `json:"name"`
	OldStatus enum[componentStatuses] `json:"old_status"`
	NewStatus enum[componentStatuses] `json:"new_status"`
}

type tUpdate[S enumSet] struct {
	ID                   id          `json:"id"`
	Status               enum[S]     `json:"status"`
	Body                 string      `json:"body"`
	IncidentID           id          `json:"incident_id"`
	CreatedAt            stamp       `json:"created_at"`
	UpdatedAt            stamp       `json:"updated_at"`
	DisplayAt            stamp       `json:"display_at"`
	AffectedComponents   []tAffected `json:"affected_components"`
	DeliverNotifications bool        `json:"deliver_notifications"`
	CustomTweet          *string     `json:"custom_tweet"`
	TweetID              *string     `json:"tweet_id"`
}

type tIncident struct {
	ID              id                          `json:"id"`
	Name            string                      `json:"name"`
	Status          enum[incidentStatuses]      `json:"status"`
	CreatedAt       stamp                       `json:"created_at"`
	UpdatedAt       stamp                       `json:"updated_at"`
	MonitoringAt    *stamp                      `json:"monitoring_at"`
	ResolvedAt      *stamp                      `json:"resolved_at"`
	Impact          enum[impacts]               `json:"impact"`
	Shortlink       absURL                      `json:"shortlink"`
	StartedAt       stamp                       `json:"started_at"`
	PageID          id                          `json:"page_id"`
	IncidentUpdates []tUpdate[incidentStatuses] `json:"incident_updates"`
	Components      []tComponent                `json:"components"`
}

type tMaintenance struct {
	ID              id                             `json:"id"`
	Name            string                         `json:"name"`
	Status          enum[maintenanceStatuses]      `json:"status"`
	CreatedAt       stamp                          `json:"created_at"`
	UpdatedAt       stamp                          `json:"updated_at"`
	MonitoringAt    *stamp                         `json:"monitoring_at"`
	ResolvedAt      *stamp                         `json:"resolved_at"`
	Impact          enum[maintenanceImpacts]       `json:"impact"`
	Shortlink       absURL                         `json:"shortlink"`
	StartedAt       stamp                          `json:"started_at"`
	PageID          id                             `json:"page_id"`
	IncidentUpdates []tUpdate[maintenanceStatuses] `json:"incident_updates"`
	Components      []tComponent                   `json:"components"`
	ScheduledFor    stamp                          `json:"scheduled_for"`
	ScheduledUntil  stamp                          `json:"scheduled_until"`
}

type tSummary struct {
	Page                  tPage          `json:"page"`
	Components            []tComponent   `json:"components"`
	Incidents             []tIncident    `json:"incidents"`
	ScheduledMaintenances []tMaintenance `json:"scheduled_maintenances"`
	Status                tStatus        `json:"status"`
}

type tStatusFile struct {
	Page   tPage   `json:"page"`
	Status tStatus `json:"status"`
}

type tComponents struct {
	Page       tPage        `json:"page"`
	Components []tComponent `json:"components"`
}

type tIncidents struct {
	Page      tPage       `json:"page"`
	Incidents []tIncident `json:"incidents"`
}

type tMaintenances struct {
	Page                  tPage          `json:"page"`
	ScheduledMaintenances []tMaintenance `json:"scheduled_maintenances"`
}

// decodeStrict decodes data into v, refusing unknown fields and trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the value")
	}
	return nil
}

// typeOf returns a fresh value of the schema type of an API file.
func typeOf(name string) any {
	switch name {
	case "summary.json":
		return new(tSummary)
	case "status.json":
		return new(tStatusFile)
	case "components.json":
		return new(tComponents)
	case "incidents.json", "incidents/unresolved.json":
		return new(tIncidents)
	}
	return new(tMaintenances)
}

func TestTheCapturesDecodeIntoTheSchemaTypes(t *testing.T) {
	for name, data := range captures(t) {
		var v any = new(tComponents)
		if strings.Contains(name, "summary") {
			v = new(tSummary)
		}
		if err := decodeStrict(data, v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSitrepsFilesDecodeIntoTheSameSchemaTypes(t *testing.T) {
	for name, data := range exampleAPI(t) {
		t.Run(name, func(t *testing.T) {
			if err := decodeStrict(data, typeOf(name)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestTheSchemaTypesRejectWhatStatuspageWouldNotWrite(t *testing.T) {
	page := `"page":{"id":"abcdefghijkl","name":"X","url":"https://s.example.com","time_zone":"Etc/UTC","updated_at":"2026-01-02T03:04:05.000Z"}`
	tests := []struct{ name, json string }{
		{"an unknown key is refused", `{` + page + `,"status":{"indicator":"none","description":"ok"},"extra":1}`},
		{"the maintenance indicator is refused", `{` + page + `,"status":{"indicator":"maintenance","description":"x"}}`},
		{"a timestamp without milliseconds is refused", strings.Replace(`{`+page+`,"status":{"indicator":"none","description":"x"}}`, ".000Z", "Z", 1)},
		{"a build time without milliseconds is refused", strings.Replace(`{`+page+`,"status":{"indicator":"none","description":"x"}}`, `.000Z"}`, `.000Z","built_at":"2026-01-02T03:04:05Z"}`, 1)},
		{"an id with capitals is refused", strings.Replace(`{`+page+`,"status":{"indicator":"none","description":"x"}}`, "abcdefghijkl", "ABCDEFGHIJKL", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := decodeStrict([]byte(tt.json), new(tStatusFile)); err == nil {
				t.Fatalf("decoded %s", tt.json)
			}
		})
	}
}
