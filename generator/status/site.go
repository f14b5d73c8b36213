package status

import (
	"html/template"
	"net/url"
	"time"
)

// Pos is where something was written: a file relative to the site root and
// a 1-based line (0 when the whole file is meant).
type Pos struct {
	File string
	Line int
}

// Site is everything a status site is built from.
type Site struct {
	Config       Config
	Components   []*Component
	Incidents    []*Incident
	Maintenances []*Maintenance
	Templates    []*Template
}

// Incident returns the incident of a slug, or nil.
func (s *Site) Incident(slug string) *Incident {
	for _, in := range s.Incidents {
		if in.Slug == slug {
			return in
		}
	}
	return nil
}

// Maintenance returns the maintenance window of a slug, or nil.
func (s *Site) Maintenance(slug string) *Maintenance {
	for _, m := range s.Maintenances {
		if m.Slug == slug {
			return m
		}
	}
	return nil
}

// DefaultStaleAfter is stale_after when site.yaml has none: three times
// a 15-minute rebuild interval.
const DefaultStaleAfter = 45 * time.Minute

// Config is content/site.yaml.
type Config struct {
	Title    string
	BaseURL  *url.URL // absolute, path ends in "/"
	Language string   // "en" or "ko"
	TimeZone string   // IANA name
	Location *time.Location
	// ZoneUnknown is set when time_zone could not be read: times without
	// an offset were read in UTC instead, so Validate does not compare
	// times (an error there would follow from the one in site.yaml).
	ZoneUnknown bool
	Description string
	HomeURL     string
	SupportURL  string
	UptimeDays  int
	StaleAfter  time.Duration // after a build, how long its status counts as current (site.yaml stale_after)
	Groups      []string
	Theme       string
	UnsafeHTML  bool
	Notify      []Channel // where sitrep notify pushes events
	Pos         Pos
	Digest      uint64 // hash of site.yaml's bytes; see Component.Digest
}

// Text is Markdown that the loader has rendered: Source is what the author
// wrote, HTML is its safe rendering and Plain its text without markup.
type Text struct {
	Source string
	HTML   template.HTML
	Plain  string
}

// Component is one part of the service whose status is shown.
type Component struct {
	ID          string
	Name        string
	Group       string
	Order       int
	SLO         float64   // monthly availability target in percent; 0 = none
	Since       time.Time // history starts here; zero = no limit
	Description Text
	Pos         Pos
	// Digest is a hash of the file the component was read from, set by
	// the loader: equal digests mean equal files. Watch mode uses it to
	// know which outputs to render again.
	Digest uint64
}

// Affected is a component affected by an incident and its status
// meanwhile. Status holds from the incident's start; each of Changes holds
// from its time until the next change, the last one until the incident
// ends. Without changes Status holds for the whole incident (the plain
// "api: partial_outage" of the front matter).
type Affected struct {
	ID      string
	Status  ComponentStatus
	Changes []StatusChange // in the order written; Validate checks it is time order
	Line    int
}

// StatusChange is a later status of an affected component: in force from
// At. Line is where it was written, for problems.
type StatusChange struct {
	At     time.Time
	Status ComponentStatus
	Line   int
}

// IncidentUpdate is one entry of an incident's timeline.
type IncidentUpdate struct {
	Kind UpdateKind
	At   time.Time
	Body Text
	Line int
}

// Incident is one incident file. Updates are in timeline order once
// SortUpdates has run: oldest first, equal times in file order. The
// postmortem, when written, is kept apart from the timeline.
type Incident struct {
	Slug       string
	Title      string
	Severity   Severity
	Impact     Impact // from front matter, or derived from Severity
	Components []Affected
	Started    time.Time // zero: the first update
	NextUpdate time.Time // zero: no promise
	ResolvedAt time.Time // front matter "resolved"; zero if unset
	Updates    []IncidentUpdate
	Postmortem *IncidentUpdate
	Pos        Pos
	Lines      KeyLines // of front matter keys, for problems
	Links      []Link   // to the site's own pages, for Validate
	Digest     uint64   // hash of the file; see Component.Digest
}

// Link is a link in Markdown to a path of the site ("/incidents/x/").
type Link struct {
	URL  string
	Line int
}

// KeyLines are the file lines of an incident's front matter keys that
// checks across its parts point at; 0 when the key is not written.
type KeyLines struct {
	Started, NextUpdate, Resolved int
}

// MaintenanceUpdate is one entry of a maintenance window's timeline.
type MaintenanceUpdate struct {
	Status MaintenanceStatus
	At     time.Time
	Body   Text
	Line   int
}

// Maintenance is a scheduled maintenance window.
type Maintenance struct {
	Slug       string
	Title      string
	Components []Affected // Status is always UnderMaintenance
	From       time.Time
	Until      time.Time
	Body       Text
	Updates    []MaintenanceUpdate // oldest first after SortUpdates
	Links      []Link              // to the site's own pages, for Validate
	UntilLine  int                 // of scheduled_until, for problems
	Pos        Pos
	Digest     uint64 // hash of the file; see Component.Digest
}

// Template is pre-approved wording for a new incident (SPEC §2.5).
type Template struct {
	Name       string
	Title      string
	Severity   Severity
	Components []Affected
	Body       string // text/template source
	Pos        Pos
}
