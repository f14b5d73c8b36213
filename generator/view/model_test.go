package view

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// randomSite is a site of n incidents and some maintenance over a month,
// with overlaps, open incidents, equal start times and a component listed
// by an incident that does not exist.
func randomSite(seed uint64, n int) *status.Site {
	r := rand.New(rand.NewPCG(seed, 3))
	site := &status.Site{Config: status.Config{Location: seoul, UptimeDays: 40}}
	for i := range 5 {
		c := &status.Component{ID: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("C%d", i)}
		if i == 0 {
			c.Since = kst(10, 0, 0)
		}
		site.Components = append(site.Components, c)
	}
	when := func() time.Time { return kst(1, 0, 0).Add(time.Duration(r.IntN(30*24*4)) * 15 * time.Minute) }
	for i := range n {
		in := &status.Incident{Slug: fmt.Sprintf("%03d", r.IntN(n))}
		for range 1 + r.IntN(3) {
			in.Components = append(in.Components, status.Affected{ID: fmt.Sprintf("c%d", r.IntN(6)), Status: status.ComponentStatus(r.IntN(5))})
		}
		from := when()
		if a := &in.Components[0]; i%4 == 1 { // a status that changes, once within the incident
			a.Changes = []status.StatusChange{{At: from.Add(time.Duration(r.IntN(300)) * time.Minute), Status: status.ComponentStatus(r.IntN(5))}}
		}
		if i%10 == 3 {
			from = site.Incidents[0].Updates[0].At // the same start as another
		}
		in.Updates = []status.IncidentUpdate{{Kind: status.Investigating, At: from}}
		if r.IntN(5) > 0 {
			in.Updates = append(in.Updates, status.IncidentUpdate{Kind: status.Resolved, At: from.Add(time.Duration(r.IntN(600)) * time.Minute)})
		}
		site.Incidents = append(site.Incidents, in)
	}
	for i := range 4 {
		from := when()
		site.Maintenances = append(site.Maintenances, &status.Maintenance{Slug: fmt.Sprintf("m%d", i), From: from, Until: from.Add(2 * time.Hour),
			Components: []status.Affected{{ID: fmt.Sprintf("c%d", r.IntN(5)), Status: status.UnderMaintenance}}})
	}
	return site
}

func TestComponentSpansAreTheSpansOfTheSite(t *testing.T) {
	now := kst(28, 12, 0)
	for seed := range 20 {
		site := randomSite(uint64(seed), 300)
		m, want := New(site, now), spansOf(site, now)
		for _, c := range m.Components {
			if !reflect.DeepEqual(c.Spans, want[c.ID]) {
				t.Fatalf("seed %d: %s spans:\n%v\nwant:\n%v", seed, c.ID, c.Spans, want[c.ID])
			}
		}
	}
}

// The model is derived on all processors; it must not depend on how many
// there are.
func TestModelIsTheSameOnAnyNumberOfProcessors(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	now := kst(28, 12, 0)
	for seed := range 5 {
		site := randomSite(uint64(seed), 300)
		runtime.GOMAXPROCS(1)
		want := New(site, now)
		for _, procs := range []int{2, 3, 7} {
			runtime.GOMAXPROCS(procs)
			if got := New(site, now); !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d: the model on %d processors differs from one processor's", seed, procs)
			}
		}
	}
}

func TestIncidentsAndHistoryAreNewestFirst(t *testing.T) {
	now := kst(28, 12, 0)
	m := New(randomSite(1, 300), now)
	for i := 1; i < len(m.Incidents); i++ {
		a, b := m.Incidents[i-1], m.Incidents[i]
		if a.Start.Before(b.Start) || a.Start.Equal(b.Start) && a.Slug > b.Slug {
			t.Fatalf("incident %d (%v %s) before %d (%v %s)", i-1, a.Start, a.Slug, i, b.Start, b.Slug)
		}
	}
	var entries []HistoryEntry
	for _, page := range m.History {
		entries = append(entries, page...)
	}
	if len(entries) != len(m.Incidents)+len(m.Maintenances) {
		t.Fatalf("history has %d entries, want %d", len(entries), len(m.Incidents)+len(m.Maintenances))
	}
	for i := 1; i < len(entries); i++ {
		if entries[i-1].At.Before(entries[i].At) {
			t.Fatalf("history entry %d (%v) before %d (%v)", i-1, entries[i-1].At, i, entries[i].At)
		}
	}
}

func TestHistoryListsAnIncidentBeforeMaintenanceAtTheSameTime(t *testing.T) {
	at := kst(20, 2, 0)
	site := testSite(time.Time{}, incident(status.MajorOutage, at, kst(20, 3, 0)))
	site.Maintenances = []*status.Maintenance{{Slug: "m", From: at, Until: kst(20, 4, 0), Components: []status.Affected{{ID: "api"}}}}
	h := New(site, kst(22, 12, 0)).History[0]
	if len(h) != 2 || h[0].Incident == nil || h[1].Maintenance == nil {
		t.Fatalf("history = %+v, want the incident, then the maintenance", h)
	}
}

// spansOf is the plain way to derive what the model derives on all
// processors (Component.Spans): each component's history up to now as non-overlapping
// spans of non-operational status, each status for the period it held, in time order, keyed by component id.
// Where incidents and maintenance overlap, the worst status holds, so
// overlapping incidents count once. Unresolved incidents last until now;
// nothing before a component's since is included.
func spansOf(site *status.Site, now time.Time) map[string][]Span {
	ivs := make(map[string][]Span, len(site.Components))
	for _, in := range site.Incidents {
		from, to := in.Start(), in.End(now)
		for _, a := range in.Components {
			a.Periods(from, to, func(from, to time.Time, s status.ComponentStatus) {
				ivs[a.ID] = append(ivs[a.ID], Span{from, to, s})
			})
		}
	}
	for _, m := range site.Maintenances {
		from, until, ok := m.Window()
		if !ok {
			continue
		}
		for _, a := range m.Components {
			ivs[a.ID] = append(ivs[a.ID], Span{from, until, status.UnderMaintenance})
		}
	}
	out := make(map[string][]Span, len(site.Components))
	for _, c := range site.Components {
		out[c.ID] = merge(ivs[c.ID], c.Since, now)
	}
	return out
}
