package status

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestAffectedPeriods: each status counts for the period it held, the
// one in force at a moment is the newest change at or before it, and the
// worst is over all periods.
func TestAffectedPeriods(t *testing.T) {
	recovered := Affected{ID: "api", Status: MajorOutage, Changes: []StatusChange{{At: at(10, 30), Status: PartialOutage}, {At: at(11, 0), Status: Operational}}}
	late := Affected{ID: "api", Status: Operational, Changes: []StatusChange{{At: at(10, 30), Status: DegradedPerformance}}}
	plain := Affected{ID: "api", Status: PartialOutage}
	tests := []struct {
		name           string
		a              Affected
		periods        string // within 10:00–12:00
		at1030, at1059 ComponentStatus
		latest, worst  ComponentStatus
	}{
		{"a plain status holds throughout", plain, "10:00-12:00 partial_outage", PartialOutage, PartialOutage, PartialOutage, PartialOutage},
		{"a recovery splits the incident", recovered, "10:00-10:30 major_outage, 10:30-11:00 partial_outage, 11:00-12:00 operational", PartialOutage, PartialOutage, Operational, MajorOutage},
		{"a component affected later was operational before", late, "10:00-10:30 operational, 10:30-12:00 degraded_performance", DegradedPerformance, DegradedPerformance, DegradedPerformance, DegradedPerformance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			tt.a.Periods(at(10, 0), at(12, 0), func(from, to time.Time, s ComponentStatus) {
				got = append(got, fmt.Sprintf("%s-%s %s", from.Format("15:04"), to.Format("15:04"), s))
			})
			if g := strings.Join(got, ", "); g != tt.periods {
				t.Errorf("Periods = %s, want %s", g, tt.periods)
			}
			if g := tt.a.At(at(10, 30)); g != tt.at1030 {
				t.Errorf("At(10:30) = %s, want %s", g, tt.at1030)
			}
			if g := tt.a.At(at(10, 59)); g != tt.at1059 {
				t.Errorf("At(10:59) = %s, want %s", g, tt.at1059)
			}
			if g := tt.a.Latest(); g != tt.latest {
				t.Errorf("Latest = %s, want %s", g, tt.latest)
			}
			if g := tt.a.Worst(); g != tt.worst {
				t.Errorf("Worst = %s, want %s", g, tt.worst)
			}
		})
	}
	t.Run("periods are clipped to an incident that ended early", func(t *testing.T) {
		var got []string
		recovered.Periods(at(10, 0), at(10, 45), func(from, to time.Time, s ComponentStatus) {
			got = append(got, fmt.Sprintf("%s-%s %s", from.Format("15:04"), to.Format("15:04"), s))
		})
		if g, want := strings.Join(got, ", "), "10:00-10:30 major_outage, 10:30-10:45 partial_outage"; g != want {
			t.Errorf("Periods = %s, want %s", g, want)
		}
	})
}
