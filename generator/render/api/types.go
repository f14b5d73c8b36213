package api

// The types below are the Statuspage API v2 objects, field for field and in
// the order Statuspage writes them (see STATUSPAGE-API.md and the captures
// in the tests). encoding/json writes struct fields in declaration order, so
// the order of the fields here is the order of the keys in the files.
// Timestamps are preformatted strings because Statuspage's layout (fixed
// milliseconds, "Z" only for UTC pages) is not what time.Time marshals to.

// page is the "page" object present in every file.
type page struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

// livePage is the "page" object of summary.json and status.json, the two
// files that state the current status: Statuspage's page followed by one
// sitrep extension, built_at, the moment the files were built (updated_at
// keeps Statuspage's meaning, the newest change of content). It comes last
// so that clients that read keys in order see Statuspage's first; clients
// that decode strictly (encoding/json by default, zod's z.object) ignore or
// strip an unknown key inside page as they would at the top level, and
// page is where the other times are. The other six files keep the plain
// page: they carry no live status, so unchanged content rebuilds them to
// the same bytes.
type livePage struct {
	page
	BuiltAt string `json:"built_at"`
}

// rollup is the "status" object of summary.json and status.json.
type rollup struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

// component is a component or, with Group set, a component group.
type component struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Status             string   `json:"status"`
	CreatedAt          string   `json:"created_at"`
	UpdatedAt          string   `json:"updated_at"`
	Position           int      `json:"position"`
	Description        *string  `json:"description"`
	Showcase           bool     `json:"showcase"`
	StartDate          *string  `json:"start_date"`
	GroupID            *string  `json:"group_id"`
	PageID             string   `json:"page_id"`
	Group              bool     `json:"group"`
	OnlyShowIfDegraded bool     `json:"only_show_if_degraded"`
	Components         []string `json:"components,omitempty"` // groups only: child ids in order
}

// affectedComponent is a component's change of status in one update.
type affectedComponent struct {
	Code      string `json:"code"` // the component id
	Name      string `json:"name"` // "Group - Component" when grouped
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// incidentUpdate is one entry of an incident's or a maintenance's timeline.
type incidentUpdate struct {
	ID                   string              `json:"id"`
	Status               string              `json:"status"`
	Body                 string              `json:"body"`
	IncidentID           string              `json:"incident_id"`
	CreatedAt            string              `json:"created_at"`
	UpdatedAt            string              `json:"updated_at"`
	DisplayAt            string              `json:"display_at"`
	AffectedComponents   []affectedComponent `json:"affected_components"`
	DeliverNotifications bool                `json:"deliver_notifications"`
	CustomTweet          *string             `json:"custom_tweet"`
	TweetID              *string             `json:"tweet_id"`
}

// incident is an incident as incidents.json and summary.json list it.
type incident struct {
	ID              string           `json:"id"`
	Name            string           `json:"name"`
	Status          string           `json:"status"`
	CreatedAt       string           `json:"created_at"`
	UpdatedAt       string           `json:"updated_at"`
	MonitoringAt    *string          `json:"monitoring_at"`
	ResolvedAt      *string          `json:"resolved_at"`
	Impact          string           `json:"impact"`
	Shortlink       string           `json:"shortlink"`
	StartedAt       string           `json:"started_at"`
	PageID          string           `json:"page_id"`
	IncidentUpdates []incidentUpdate `json:"incident_updates"`
	Components      []*component     `json:"components"`
}

// maintenance is a scheduled maintenance: the incident shape followed by
// its window (encoding/json writes an embedded struct's fields in place).
type maintenance struct {
	incident
	ScheduledFor   string `json:"scheduled_for"`
	ScheduledUntil string `json:"scheduled_until"`
}

// The files. Lists are never nil so that an empty one is written as [].

type summaryFile struct {
	Page                  livePage       `json:"page"`
	Components            []*component   `json:"components"`
	Incidents             []*incident    `json:"incidents"`
	ScheduledMaintenances []*maintenance `json:"scheduled_maintenances"`
	Status                rollup         `json:"status"`
}

type statusFile struct {
	Page   livePage `json:"page"`
	Status rollup   `json:"status"`
}

type componentsFile struct {
	Page       page         `json:"page"`
	Components []*component `json:"components"`
}

type incidentsFile struct {
	Page      page        `json:"page"`
	Incidents []*incident `json:"incidents"`
}

type maintenancesFile struct {
	Page                  page           `json:"page"`
	ScheduledMaintenances []*maintenance `json:"scheduled_maintenances"`
}
