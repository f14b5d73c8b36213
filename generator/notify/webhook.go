package notify

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render/api"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// The webhook kind posts what Atlassian Statuspage posts to its webhook
// subscribers, key for key (see the captures in testdata/), so that
// existing consumers read it unchanged: "meta", "page", and either
// "incident" (with incident_updates newest first; maintenance too, as
// Statuspage sends it) or "component" with "component_update". Ids are
// those of the site's api/v2/ files.

type hookMeta struct {
	Unsubscribe   *string `json:"unsubscribe"`
	Documentation string  `json:"documentation"`
	GeneratedAt   string  `json:"generated_at"`
}

type hookPage struct {
	ID                string `json:"id"`
	StatusIndicator   string `json:"status_indicator"`
	StatusDescription string `json:"status_description"`
}

type hookComponent struct {
	Status      string  `json:"status"`
	Name        string  `json:"name"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
	Position    int     `json:"position"`
	Description *string `json:"description"`
	Showcase    bool    `json:"showcase"`
	ID          string  `json:"id"`
	PageID      string  `json:"page_id"`
	GroupID     *string `json:"group_id"`
}

type hookComponentUpdate struct {
	OldStatus     string `json:"old_status"`
	NewStatus     string `json:"new_status"`
	CreatedAt     string `json:"created_at"`
	ComponentType string `json:"component_type"`
	ID            string `json:"id"`
	ComponentID   string `json:"component_id"`
}

type hookAffected struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

type hookUpdate struct {
	Status               string         `json:"status"`
	Body                 string         `json:"body"`
	CreatedAt            string         `json:"created_at"`
	WantsTwitterUpdate   bool           `json:"wants_twitter_update"`
	TwitterUpdatedAt     *string        `json:"twitter_updated_at"`
	UpdatedAt            string         `json:"updated_at"`
	DisplayAt            string         `json:"display_at"`
	AffectedComponents   []hookAffected `json:"affected_components"`
	CustomTweet          *string        `json:"custom_tweet"`
	DeliverNotifications bool           `json:"deliver_notifications"`
	ID                   string         `json:"id"`
	IncidentID           string         `json:"incident_id"`

	at time.Time // for ordering: not written (unexported)
}

type hookIncident struct {
	Name                          string           `json:"name"`
	Status                        string           `json:"status"`
	CreatedAt                     string           `json:"created_at"`
	UpdatedAt                     string           `json:"updated_at"`
	MonitoringAt                  *string          `json:"monitoring_at"`
	ResolvedAt                    *string          `json:"resolved_at"`
	Impact                        string           `json:"impact"`
	Shortlink                     string           `json:"shortlink"`
	PostmortemIgnored             bool             `json:"postmortem_ignored"`
	PostmortemBody                *string          `json:"postmortem_body"`
	PostmortemBodyLastUpdatedAt   *string          `json:"postmortem_body_last_updated_at"`
	PostmortemPublishedAt         *string          `json:"postmortem_published_at"`
	PostmortemNotifiedSubscribers bool             `json:"postmortem_notified_subscribers"`
	PostmortemNotifiedTwitter     bool             `json:"postmortem_notified_twitter"`
	Backfilled                    bool             `json:"backfilled"`
	ScheduledFor                  *string          `json:"scheduled_for"`
	ScheduledUntil                *string          `json:"scheduled_until"`
	ScheduledRemindPrior          bool             `json:"scheduled_remind_prior"`
	ScheduledRemindedAt           *string          `json:"scheduled_reminded_at"`
	ImpactOverride                *string          `json:"impact_override"`
	ScheduledAutoInProgress       bool             `json:"scheduled_auto_in_progress"`
	ScheduledAutoCompleted        bool             `json:"scheduled_auto_completed"`
	ID                            string           `json:"id"`
	PageID                        string           `json:"page_id"`
	IncidentUpdates               []hookUpdate     `json:"incident_updates"`
	Components                    []*hookComponent `json:"components"`
}

type hookPayload struct {
	Meta            hookMeta             `json:"meta"`
	Page            hookPage             `json:"page"`
	Incident        *hookIncident        `json:"incident,omitempty"`
	Component       *hookComponent       `json:"component,omitempty"`
	ComponentUpdate *hookComponentUpdate `json:"component_update,omitempty"`
}

// Documentation is where a receiver reads how sitrep's webhooks work.
const Documentation = "https://github.com/sitrep/sitrep/blob/main/docs/notify.md"

// webhook formats Statuspage webhook payloads.
type webhook struct {
	m      *view.Model
	urls   paths.URLs
	now    time.Time
	pageID string
	seen   Seen
}

func newWebhook(m *view.Model, urls paths.URLs, seen Seen) *webhook {
	return &webhook{m: m, urls: urls, now: m.Now, pageID: api.ID("page", urls.Base()), seen: seen}
}

func (*webhook) wants(Kind) bool { return true }

// ts formats t as the site's api/v2/ files do, so that a receiver reads
// the same string for the same moment in both.
func (h *webhook) ts(t time.Time) string { return api.Timestamp(h.m.Loc, t) }

func (h *webhook) opt(t time.Time, ok bool) *string {
	if !ok || t.IsZero() {
		return nil
	}
	s := h.ts(t)
	return &s
}

func (h *webhook) format(ev *Event, _ *Message, _ string, _ time.Time) ([]byte, error) {
	p := hookPayload{
		Meta: hookMeta{Documentation: Documentation, GeneratedAt: h.ts(h.now)},
		Page: hookPage{ID: h.pageID, StatusIndicator: h.m.Overall.Indicator.String(), StatusDescription: h.m.Overall.Description},
	}
	if h.m.Overall.Maintenance && h.m.Overall.Indicator == status.ImpactNone {
		p.Page.StatusIndicator = "maintenance" // as Statuspage's webhooks say it
	}
	switch {
	case ev.Kind == ComponentChanged:
		c := ev.Changes[0]
		p.Component = h.component(c.Component)
		p.ComponentUpdate = &hookComponentUpdate{
			OldStatus: c.Old.String(), NewStatus: c.New.String(), CreatedAt: h.ts(ev.At), ComponentType: "Component",
			ID: api.ID("component-update", ev.ID), ComponentID: p.Component.ID,
		}
	case ev.Incident != nil:
		p.Incident = h.incident(ev)
	default:
		p.Incident = h.maintenance(ev)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true) // no string can close a <script> a receiver pastes the JSON into
	err := enc.Encode(p)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), err
}

func (h *webhook) component(c *view.Component) *hookComponent {
	created := c.Since
	if created.IsZero() {
		created = c.UpdatedAt
	}
	o := &hookComponent{
		Status: c.Status.String(), Name: c.Name, CreatedAt: h.ts(created), UpdatedAt: h.ts(c.UpdatedAt),
		Position: c.Position, Showcase: true, ID: api.ID("component", c.ID), PageID: h.pageID,
	}
	if d := strings.TrimSpace(c.Description.Source); d != "" {
		o.Description = &d
	}
	if c.Group != "" {
		g := api.ID("group", c.Group)
		o.GroupID = &g
	}
	return o
}

func (h *webhook) components(cs []Change) []*hookComponent {
	out := make([]*hookComponent, 0, len(cs))
	for _, c := range cs {
		out = append(out, h.component(c.Component))
	}
	return out
}

func (h *webhook) affected(cs []Change) []hookAffected {
	out := make([]hookAffected, 0, len(cs))
	for _, c := range cs {
		out = append(out, hookAffected{Code: api.ID("component", c.Component.ID), Name: c.Component.Name, OldStatus: c.Old.String(), NewStatus: c.New.String()})
	}
	return out
}

func (h *webhook) update(kind, key, parent, st, body string, at time.Time, cs []Change) hookUpdate {
	t := h.ts(at)
	return hookUpdate{
		Status: st, Body: strings.TrimSpace(body), CreatedAt: t, UpdatedAt: t, DisplayAt: t,
		AffectedComponents: h.affected(cs), DeliverNotifications: true,
		ID: api.ID(kind+"-update", key), IncidentID: parent, at: at,
	}
}

// incident is the incident as it stood at the event: its updates up to
// the event, newest first.
func (h *webhook) incident(ev *Event) *hookIncident {
	in := ev.Incident
	id := api.ID("incident", in.Slug)
	anchors := in.Anchors()
	last := ev.Update
	if last < 0 {
		last = len(in.Updates) - 1
	}
	var ups []hookUpdate
	cur := status.Investigating
	var monitoring, resolved time.Time
	for i, u := range in.Updates[:last+1] {
		if u.Kind != status.Update {
			cur = u.Kind
		}
		if u.Kind == status.Monitoring && monitoring.IsZero() {
			monitoring = u.At
		}
		if u.Kind == status.Resolved {
			resolved = u.At
		}
		ups = append(ups, h.update("incident", in.Slug+"#"+anchors[i], id, cur.String(), u.Body.Source, u.At, incidentChanges(in, i)))
	}
	o := &hookIncident{
		Name: in.Title, Impact: in.Impact.String(), Shortlink: h.urls.Abs(paths.Incident(in.Slug)),
		MonitoringAt: h.opt(monitoring, true), ResolvedAt: h.opt(resolved, true),
		ID: id, PageID: h.pageID, Components: h.components(ev.Changes),
	}
	if ev.Kind == Postmortem {
		pm := in.Postmortem
		cur = status.Postmortem
		ups = append(ups, h.update("incident", in.Slug+"#"+paths.Postmortem, id, cur.String(), pm.Body.Source, pm.At, ev.Changes))
		body := strings.TrimSpace(pm.Body.Source)
		o.PostmortemBody, o.PostmortemBodyLastUpdatedAt, o.PostmortemPublishedAt = &body, h.opt(pm.At, true), h.opt(pm.At, true)
		o.PostmortemNotifiedSubscribers = true
	}
	o.Status = cur.String()
	if len(in.Updates) > 0 {
		o.CreatedAt = h.ts(in.Updates[0].At)
	}
	o.UpdatedAt = h.ts(ev.At)
	slices.Reverse(ups)
	o.IncidentUpdates = ups
	return o
}

// maintenance is a window in the incident shape, as Statuspage sends
// it: statuses scheduled, in_progress, verifying and completed (a
// cancelled window is completed), impact "maintenance".
func (h *webhook) maintenance(ev *Event) *hookIncident {
	mt := ev.Maintenance
	id := api.ID("maintenance", mt.Slug)
	anchors := mt.Anchors()
	created := mt.Created()
	if seen := h.seen(mt.Slug); !seen.IsZero() && seen.Before(created) {
		created = seen // announced when notify first saw it
	}
	changes := func(before, after status.ComponentStatus) []Change { return windowChanges(mt, before, after) }
	ups := []hookUpdate{h.update("maintenance", mt.Slug+"#scheduled", id, "scheduled", mt.Body.Source, created, changes(status.Operational, status.Operational))}
	cur := "scheduled"
	wrote := map[Kind]bool{}
	for i, u := range mt.Updates {
		if u.At.After(ev.At) {
			continue
		}
		st := u.Status
		if st == status.Cancelled {
			st = status.Completed
		}
		var cs []Change
		switch st {
		case status.InProgress, status.Verifying:
			cs = changes(status.Operational, status.UnderMaintenance)
			wrote[MaintenanceStarted] = true
		case status.Completed:
			cs = changes(status.UnderMaintenance, status.Operational)
			wrote[MaintenanceCompleted] = true
		default:
			cs = changes(status.Operational, status.Operational)
		}
		cur = st.String()
		ups = append(ups, h.update("maintenance", mt.Slug+"#"+anchors[i], id, cur, u.Body.Source, u.At, cs))
	}
	// A window the schedule started or ended, without an update saying
	// so, gets the update Statuspage's automation would have posted.
	from, until, _ := mt.Window()
	started, done := ev.Kind == MaintenanceStarted || ev.Kind == MaintenanceCompleted, ev.Kind == MaintenanceCompleted
	autoStart, autoDone := started && !wrote[MaintenanceStarted], done && !wrote[MaintenanceCompleted]
	if autoStart {
		cur = "in_progress"
		ups = append(ups, h.update("maintenance", mt.Slug+"#in_progress", id, cur, "", from, changes(status.Operational, status.UnderMaintenance)))
	}
	if autoDone {
		cur = "completed"
		ups = append(ups, h.update("maintenance", mt.Slug+"#completed", id, cur, "", until, changes(status.UnderMaintenance, status.Operational)))
	}
	var resolved *string
	if ev.Kind == MaintenanceCompleted || ev.Kind == MaintenanceCancelled {
		cur, resolved = "completed", h.opt(ev.At, true)
	}
	// By time, not by the strings: where clocks go back, a later time
	// can be written as a smaller string.
	slices.SortStableFunc(ups, func(a, b hookUpdate) int { return a.at.Compare(b.at) })
	slices.Reverse(ups)
	schedFrom, schedUntil := h.ts(mt.From), h.ts(mt.Until)
	return &hookIncident{
		Name: mt.Title, Status: cur, CreatedAt: h.ts(created), UpdatedAt: h.ts(ev.At), ResolvedAt: resolved,
		Impact: "maintenance", Shortlink: h.urls.Abs(paths.Maintenance(mt.Slug)),
		ScheduledFor: &schedFrom, ScheduledUntil: &schedUntil,
		ScheduledAutoInProgress: autoStart, ScheduledAutoCompleted: autoDone,
		ID: id, PageID: h.pageID, IncidentUpdates: ups, Components: h.components(changes(status.Operational, status.Operational)),
	}
}
