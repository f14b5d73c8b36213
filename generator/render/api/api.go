// Package api writes the Atlassian Statuspage public API v2 (the files under
// api/v2/) so that clients written for Statuspage — widgets, monitoring
// plugins, aggregators, chat bots — read a sitrep site unchanged: the same
// paths, keys in the same order, and the same enumerations.
package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
)

// ListCap is how many incidents or maintenances a list holds at most;
// Statuspage's v2 lists are never paginated and stop at 50.
const ListCap = 50

// Files returns the names of the files the renderer writes, relative to
// paths.API, in a fixed order.
func Files() []string {
	return []string{
		"summary.json",
		"status.json",
		"components.json",
		"incidents.json",
		"incidents/unresolved.json",
		"scheduled-maintenances.json",
		"scheduled-maintenances/upcoming.json",
		"scheduled-maintenances/active.json",
	}
}

// Renderer writes the api/v2/ files.
type Renderer struct{}

// New returns the API renderer.
func New() Renderer { return Renderer{} }

// Name says what the renderer writes.
func (Renderer) Name() string { return "api" }

// Render writes the eight files of the API.
func (Renderer) Render(ctx context.Context, c *render.Context) error {
	d := build(c)
	live := livePage{page: d.page, BuiltAt: clock{loc: c.Model.Loc}.ts(c.Model.Now)}
	docs := map[string]any{
		"summary.json": summaryFile{
			Page:                  live,
			Components:            d.components,
			Incidents:             d.unresolved,
			ScheduledMaintenances: d.current,
			Status:                d.status,
		},
		"status.json":                          statusFile{Page: live, Status: d.status},
		"components.json":                      componentsFile{Page: d.page, Components: d.components},
		"incidents.json":                       incidentsFile{Page: d.page, Incidents: d.incidents},
		"incidents/unresolved.json":            incidentsFile{Page: d.page, Incidents: d.unresolved},
		"scheduled-maintenances.json":          maintenancesFile{Page: d.page, ScheduledMaintenances: d.maintenances},
		"scheduled-maintenances/upcoming.json": maintenancesFile{Page: d.page, ScheduledMaintenances: d.upcoming},
		"scheduled-maintenances/active.json":   maintenancesFile{Page: d.page, ScheduledMaintenances: d.active},
	}
	for _, name := range Files() { // fixed order: output never depends on map order
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := encode(docs[name])
		if err != nil {
			return err
		}
		c.Emit(paths.APIFile(name), b)
	}
	return nil
}

// encode writes v as compact JSON with a final newline. HTML escaping stays
// on, so no string can close a <script> element the JSON is pasted into.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ID returns the Statuspage-style id of the object of a kind ("component",
// "incident", …) with key (its id, slug or name): 12 characters of
// [a-z0-9] derived from a hash, so the same object has the same id in
// every build. Base32's "extended hex" alphabet (0-9, A-V) lower-cased
// gives only [a-z0-9], like Statuspage's ids.
func ID(kind, key string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + key))
	return strings.ToLower(base32.HexEncoding.EncodeToString(sum[:])[:12])
}

// Timestamp layouts: Statuspage writes milliseconds always and the page's
// offset, "Z" only on pages whose time zone is UTC itself.
const (
	layoutOffset = "2006-01-02T15:04:05.000-07:00"
	layoutUTC    = "2006-01-02T15:04:05.000Z07:00"
	layoutDate   = "2006-01-02"
)

// Timestamp formats t like Statuspage: in the zone loc with
// milliseconds; "Z" when the zone is UTC (Etc/UTC and its aliases),
// "+00:00" for other zones at offset zero, such as Europe/London in
// winter. Notify's webhooks write their times with it too.
func Timestamp(loc *time.Location, t time.Time) string {
	t = t.In(loc)
	if name, off := t.Zone(); off == 0 && (name == "UTC" || name == "UCT") {
		return t.Format(layoutUTC)
	}
	return t.Format(layoutOffset)
}

// clock formats times in the page's time zone.
type clock struct{ loc *time.Location }

// ts formats t in the page's zone; see Timestamp.
func (c clock) ts(t time.Time) string { return Timestamp(c.loc, t) }

// opt formats t, or returns nil (JSON null) for the zero time.
func (c clock) opt(t time.Time, ok bool) *string {
	if !ok || t.IsZero() {
		return nil
	}
	s := c.ts(t)
	return &s
}

// date formats t as a bare date in the page's zone, or nil when zero.
func (c clock) date(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(c.loc).Format(layoutDate)
	return &s
}

// text returns s trimmed, or nil (JSON null) when it is empty.
func text(s string) *string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}
