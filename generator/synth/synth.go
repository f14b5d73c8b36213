// Package synth writes synthetic status sites of any size, for benchmarks
// and load tests: realistic components, incidents with several updates and
// maintenance windows, deterministic for a seed.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Spec says how big a site to write.
type Spec struct {
	Components int       // spread over 4 groups
	Incidents  int       // spread over the Days before End
	Days       int       // history length; default 3 years
	End        time.Time // the newest incident starts before this; required
	Seed       uint64
}

var statuses = []string{"degraded_performance", "partial_outage", "major_outage"}

var words = strings.Fields(`api database queue cache login webhooks dashboard search
exports uploads billing email notifications gateway storage latency errors timeouts
region replica certificate deploy rollback network upstream provider`)

// Write writes a site with spec's size under dir (creating dir/content).
func Write(dir string, spec Spec) error {
	if spec.Components < 1 || spec.Incidents < 0 || spec.End.IsZero() {
		return fmt.Errorf("synth: need at least one component, a non-negative incident count and an end time")
	}
	if spec.Days == 0 {
		spec.Days = 3 * 365
	}
	r := rand.New(rand.NewPCG(spec.Seed, 42))
	c := filepath.Join(dir, "content")
	for _, d := range []string{"components", "incidents", "maintenance"} {
		if err := os.MkdirAll(filepath.Join(c, d), 0o755); err != nil {
			return err
		}
	}
	groups := []string{"Core", "Dashboard", "Integrations", "Regions"}
	site := fmt.Sprintf("title: Synthetic Status\nbase_url: https://status.example.com/\nlanguage: en\ntime_zone: Asia/Seoul\nuptime_days: 90\ngroups: [%s]\n", strings.Join(groups, ", "))
	if err := write(filepath.Join(c, "site.yaml"), site); err != nil {
		return err
	}
	start := spec.End.AddDate(0, 0, -spec.Days)
	for i := range spec.Components {
		body := fmt.Sprintf("---\nname: Component %d\ngroup: %s\norder: %d\nslo: 99.9\nsince: %s\n---\nSynthetic component number %d.\n",
			i, groups[i%len(groups)], i, start.Format(time.DateOnly), i)
		if err := write(filepath.Join(c, "components", fmt.Sprintf("c%d.md", i)), body); err != nil {
			return err
		}
	}
	span := spec.End.Sub(start)
	for i := range spec.Incidents {
		// Spread evenly with jitter, so that history pages and months fill.
		at := start.Add(time.Duration((float64(i) + r.Float64()) / float64(spec.Incidents) * float64(span))).Truncate(time.Minute)
		if err := write(filepath.Join(c, "incidents", fmt.Sprintf("%s-incident-%d.md", at.Format(time.DateOnly), i)), incident(r, i, at, spec.Components)); err != nil {
			return err
		}
	}
	for i := range max(1, spec.Incidents/100) {
		from := start.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Hour)
		body := fmt.Sprintf("---\ntitle: Maintenance %d\ncomponents: [c%d]\nscheduled_for: %s\nscheduled_until: %s\n---\nRoutine maintenance of the %s.\n",
			i, r.IntN(spec.Components), from.Format("2006-01-02 15:04"), from.Add(2*time.Hour).Format("2006-01-02 15:04"), pick(r))
		if err := write(filepath.Join(c, "maintenance", fmt.Sprintf("maintenance-%d.md", i)), body); err != nil {
			return err
		}
	}
	return nil
}

func incident(r *rand.Rand, i int, at time.Time, comps int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Elevated %s %s on the %s\nseverity: P%d\ncomponents:\n", pick(r), pick(r), pick(r), r.IntN(4))
	for k := range 1 + r.IntN(3) {
		fmt.Fprintf(&b, "  c%d: %s\n", (i+k*7)%comps, statuses[r.IntN(len(statuses))])
	}
	b.WriteString("---\n")
	kinds := []string{"Investigating", "Identified", "Monitoring", "Update"}
	n := 3 + r.IntN(3) // 3–5 updates, the last one resolves
	times := make([]time.Time, n)
	t := at
	for k := range n {
		times[k] = t
		t = t.Add(time.Duration(5+r.IntN(55)) * time.Minute)
	}
	for k := n - 1; k >= 0; k-- {
		kind := kinds[min(k, len(kinds)-1)]
		if k == n-1 {
			kind = "Resolved"
		}
		fmt.Fprintf(&b, "\n## %s — %s\nWe are looking into **%s %s** affecting the %s. See [the runbook](https://example.com/runbook/%d) and `job-%d`.\n\n- customers may see %s\n- next step: %s\n",
			kind, times[k].Format("2006-01-02 15:04"), pick(r), pick(r), pick(r), i, k, pick(r), pick(r))
	}
	return b.String()
}

func pick(r *rand.Rand) string { return words[r.IntN(len(words))] }

func write(p, s string) error { return os.WriteFile(p, []byte(s), 0o644) }

// BenchEnd is the end of the benchmarks' sites: the newest incident
// starts before it.
var BenchEnd = time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)

// Bench writes the site the benchmarks share, n incidents over 20
// components ending at BenchEnd, into a temporary directory of tb and
// returns the directory.
func Bench(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := Write(dir, Spec{Components: 20, Incidents: n, End: BenchEnd, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	return dir
}
