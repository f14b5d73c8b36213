package watchtest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Editor makes random edits to a site written from Site(), the way an
// author would: new incidents, edits (in place and by rename and replace),
// renames, deletions, maintenance windows coming and going, a bad save now
// and then (always repaired by the next edit), and bursts of saves.
type Editor struct {
	Dir       string
	rng       *rand.Rand
	incidents []string // slugs on disk
	maint     bool     // a maintenance window exists
	broken    string   // the file a bad save broke, repaired next
	serial    int
}

// NewEditor returns an editor of the site in dir, seeded.
func NewEditor(dir string, seed uint64) *Editor {
	return &Editor{Dir: dir, rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), incidents: []string{"2026-11-20-api-errors"}}
}

// Step makes one random edit and says what it did, and whether the site
// is now broken.
func (e *Editor) Step(t testing.TB) (what string, broken bool) {
	t.Helper()
	if e.broken != "" {
		p := e.broken
		e.broken = ""
		if e.rng.IntN(2) == 0 {
			must(t, os.Remove(filepath.Join(e.Dir, p)))
			e.incidents = slices.DeleteFunc(e.incidents, func(s string) bool { return "content/incidents/"+s+".md" == p })
			return "repaired by deleting " + p, false
		}
		WriteFile(t, e.Dir, p, e.incident(p))
		return "repaired " + p, false
	}
	switch k := e.rng.IntN(10); {
	case k == 0 || len(e.incidents) == 0:
		slug := e.newSlug()
		e.incidents = append(e.incidents, slug)
		p := incidentPath(slug)
		WriteFile(t, e.Dir, p, e.incident(p))
		return "created " + p, false
	case k == 1:
		p := incidentPath(e.pick())
		WriteFile(t, e.Dir, p, e.incident(p))
		return "edited " + p, false
	case k == 2:
		p := incidentPath(e.pick())
		SaveByRename(t, e.Dir, p, e.incident(p))
		return "saved by rename " + p, false
	case k == 3:
		old := e.pick()
		slug := e.newSlug()
		must(t, os.Rename(filepath.Join(e.Dir, incidentPath(old)), filepath.Join(e.Dir, incidentPath(slug))))
		e.incidents[slices.Index(e.incidents, old)] = slug
		return "renamed " + old + " to " + slug, false
	case k == 4:
		old := e.pick()
		must(t, os.Remove(filepath.Join(e.Dir, incidentPath(old))))
		e.incidents = slices.DeleteFunc(e.incidents, func(s string) bool { return s == old })
		return "deleted " + old, false
	case k == 5:
		p := incidentPath(e.pick())
		e.broken = p
		WriteFile(t, e.Dir, p, Incident("Broken", "nosuchcomponent", "2026-11-10 10:00", "Investigating"))
		return "broke " + p, true
	case k == 6:
		p := "content/maintenance/2026-11-23-db-upgrade.md"
		if e.maint {
			must(t, os.RemoveAll(filepath.Join(e.Dir, "content/maintenance")))
			e.maint = false
			return "removed the maintenance folder", false
		}
		e.maint = true
		WriteFile(t, e.Dir, p, fmt.Sprintf("---\ntitle: Upgrade %d\ncomponents: [api]\nscheduled_for: 2026-11-23 02:00\nscheduled_until: 2026-11-23 04:00\n---\nUpgrade.\n", e.next()))
		return "added " + p, false
	case k == 7:
		WriteFile(t, e.Dir, "content/components/web.md", fmt.Sprintf("---\nname: Website %d\norder: 2\nsince: 2026-01-01\n---\nThe website.\n", e.next()))
		return "renamed the web component", false
	default:
		// A burst: several saves of different files in a row.
		n := 2 + e.rng.IntN(3)
		for range n {
			p := incidentPath(e.pick())
			WriteFile(t, e.Dir, p, e.incident(p))
		}
		return fmt.Sprintf("a burst of %d saves", n), false
	}
}

func incidentPath(slug string) string { return "content/incidents/" + slug + ".md" }

func (e *Editor) pick() string { return e.incidents[e.rng.IntN(len(e.incidents))] }

func (e *Editor) next() int {
	e.serial++
	return e.serial
}

func (e *Editor) newSlug() string {
	for {
		slug := fmt.Sprintf("2026-11-%02d-incident-%d", 1+e.rng.IntN(20), e.rng.IntN(1000))
		if !slices.Contains(e.incidents, slug) {
			return slug
		}
	}
}

// incident is a valid incident for the file p, different on every call.
func (e *Editor) incident(p string) string {
	kinds := []string{"Investigating", "Identified", "Monitoring", "Resolved"}
	comps := []string{"api", "web"}
	day := p[len("content/incidents/2026-11-") : len("content/incidents/2026-11-")+2]
	return Incident(fmt.Sprintf("Incident %d", e.next()), comps[e.rng.IntN(2)], "2026-11-"+day+" 10:00", kinds[e.rng.IntN(len(kinds))])
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
