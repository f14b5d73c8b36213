package status

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// Incidents are checked in parts, on all processors; the problems must
// not depend on how many there are.
func TestValidateReportsTheSameProblemsOnAnyNumberOfProcessors(t *testing.T) {
	site := &Site{Components: []*Component{{ID: "api"}, {ID: "db"}}}
	for i := range 101 {
		in := &Incident{Slug: fmt.Sprintf("i%03d", i), Pos: Pos{File: fmt.Sprintf("content/incidents/i%03d.md", i%7), Line: 1}}
		switch i % 4 {
		case 0: // no updates, and an unknown component
			in.Components = []Affected{{ID: "apx", Line: 3}}
		case 1: // resolved before it started, started after the first update, listed twice
			in.Started = at(11, 0)
			in.Updates = []IncidentUpdate{upd(Investigating, 10, 0), upd(Resolved, 9, 0)}
			in.Components = []Affected{{ID: "db", Line: 3}, {ID: "db", Line: 4}}
		case 2: // a broken promise and a postmortem while open
			in.NextUpdate = at(10, 30)
			in.Updates = []IncidentUpdate{upd(Investigating, 10, 0)}
			in.Postmortem = &IncidentUpdate{Kind: Postmortem, At: at(12, 0), Line: 9}
		}
		site.Incidents = append(site.Incidents, in)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var reports []string
	for _, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		var b strings.Builder
		for _, p := range site.Validate(at(13, 0)) {
			fmt.Fprintln(&b, p.Report())
		}
		reports = append(reports, b.String())
	}
	if strings.Count(reports[0], "\n") < 200 {
		t.Fatalf("too few problems to tell:\n%s", reports[0])
	}
	for i, r := range reports[1:] {
		if r != reports[0] {
			t.Errorf("problems with %d processors differ from one processor's:\n%s\nwant:\n%s", []int{2, 3, 8}[i], r, reports[0])
		}
	}
}

func TestProblemsPrintControlCharactersFromFilesAsEscapes(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Problem
		want string
	}{
		{"an escape sequence in a file name", Problem{Pos: Pos{File: "content/incidents/\x1b[2Jok.md", Line: 3}, Msg: "bad"}, `content/incidents/\x1b[2Jok.md:3: bad`},
		{"a bell and a carriage return in a message", Problem{Pos: Pos{File: "a.md"}, Msg: "key \"\a\r\" is unknown"}, `a.md: key "\a\r" is unknown`},
		{"a C1 control and DEL", Problem{Msg: "x\u009b\x7fy"}, `x\u009b\x7fy`},
		{"an invalid byte", Problem{Msg: "x\xffy"}, `x\xffy`},
		{"Korean and emoji stay as they are", Problem{Msg: "조사 중 🚧"}, "조사 중 🚧"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.Error(); got != c.want {
				t.Errorf("Error() = %q, want %q", got, c.want)
			}
		})
	}
}

// A site finds its incidents and maintenance windows by slug.
func TestSiteFindsBySlug(t *testing.T) {
	a, b := &Incident{Slug: "a"}, &Incident{Slug: "b"}
	m := &Maintenance{Slug: "m"}
	s := &Site{Incidents: []*Incident{a, b}, Maintenances: []*Maintenance{m}}
	if s.Incident("b") != b || s.Incident("a") != a || s.Incident("m") != nil {
		t.Error("Incident: wrong incident")
	}
	if s.Maintenance("m") != m || s.Maintenance("a") != nil {
		t.Error("Maintenance: wrong window")
	}
}
