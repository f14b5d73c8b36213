package notify

import (
	"fmt"
	"testing"

	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// TestAnUpdateCarriesTheComponentChangeItMade: each update moves a
// component from the status in force at the update before to the one in
// force at its own time; the resolution returns it to operational.
func TestAnUpdateCarriesTheComponentChangeItMade(t *testing.T) {
	site := &status.Site{
		Config:     status.Config{Location: kst, UptimeDays: 90},
		Components: []*status.Component{{ID: "api", Name: "API"}},
		Incidents: []*status.Incident{{Slug: "x",
			Components: []status.Affected{{ID: "api", Status: status.MajorOutage, Changes: []status.StatusChange{{At: at("10:20"), Status: status.Operational}}}},
			Updates: []status.IncidentUpdate{
				{Kind: status.Investigating, At: at("10:00")}, {Kind: status.Identified, At: at("10:10")},
				{Kind: status.Monitoring, At: at("10:20")}, {Kind: status.Resolved, At: at("10:40")}},
		}},
	}
	in := view.New(site, at("11:00")).Incidents[0]
	var got []string
	for i := range in.Updates {
		c := incidentChanges(in, i)[0]
		got = append(got, fmt.Sprintf("%s→%s", c.Old, c.New))
	}
	want := "[operational→major_outage major_outage→major_outage major_outage→operational operational→operational]"
	if fmt.Sprint(got) != want {
		t.Errorf("changes by update: %v, want %s", got, want)
	}
}
