package html_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/synth"
	"github.com/sitrep/sitrep/generator/view"
)

// stamps returns the datetime of every <time> inside an element of the
// class: "built" (status as of the build) or "updated" (page updated).
func stamps(t *testing.T, page []byte, class string) []time.Time {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []time.Time
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "class" && slices.Contains(strings.Fields(a.Val), class) {
					in = true
				}
			}
			if in && n.Data == "time" {
				for _, a := range n.Attr {
					if a.Key == "datetime" {
						at, err := time.Parse("2006-01-02T15:04Z07:00", a.Val)
						if err != nil {
							at, err = time.Parse(time.RFC3339, a.Val)
						}
						if err != nil {
							t.Fatalf("<time datetime=%q>: %v", a.Val, err)
						}
						out = append(out, at)
					}
				}
			}
		}
		for c := range n.ChildNodes() {
			walk(c, in)
		}
	}
	walk(doc, false)
	return out
}

// livePages are the files of the pages that show what the clock changes
// (generator/render/html/fresh.go), by the model's own reading.
func livePages(m *view.Model) map[string]bool {
	live := map[string]bool{paths.File(paths.Index): true, paths.File(paths.Reports): true}
	for _, in := range m.Incidents {
		if !in.Resolved {
			live[paths.File(paths.Incident(in.Slug))] = true
		}
	}
	for _, c := range m.Components {
		live[paths.File(paths.ComponentPage(c.ID, 1))] = true
	}
	for _, mt := range m.Maintenances {
		if mt.Status != status.Completed && mt.Status != status.Cancelled {
			live[paths.File(paths.Maintenance(mt.Slug))] = true
		}
	}
	return live
}

func TestEveryPageSaysWhenItWasTrue(t *testing.T) {
	big := t.TempDir()
	if err := synth.Write(big, synth.Spec{Components: 3, Incidents: 90, Days: 400, End: synth.BenchEnd, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	sites := []struct {
		name string
		src  fs.FS
		now  time.Time
	}{
		{"the example site", example.FS(t), example.Now},
		{"a site with many pages of history and of a component", os.DirFS(big), synth.BenchEnd.Add(3 * time.Hour)},
	}
	for _, site := range sites {
		t.Run(site.name, func(t *testing.T) {
			res, err := generator.Render(context.Background(), generator.Options{Source: site.src, Now: site.now})
			if err != nil {
				t.Fatal(err)
			}
			m := res.Model
			// A second build before anything the clock changes: the pages
			// that say when their content changed must not change at all.
			later := site.now.Add(m.Changes().Sub(site.now) / 2)
			if later.Sub(site.now) < time.Minute {
				t.Fatalf("the status changes at %v, too soon after %v to build again before it", m.Changes(), site.now)
			}
			again, err := generator.Render(context.Background(), generator.Options{Source: site.src, Now: later})
			if err != nil {
				t.Fatal(err)
			}
			live := livePages(m)
			// A resolved incident's page whose newest change is its
			// resolution shows that time in its facts and says no more.
			resolved := map[string]time.Time{}
			quiet := map[string]bool{}
			for _, in := range m.Incidents {
				if in.Resolved {
					resolved[paths.File(paths.Incident(in.Slug))] = in.Updated
					quiet[paths.File(paths.Incident(in.Slug))] = in.Updated.Equal(in.End)
				}
			}
			kinds := map[string]int{}
			for _, file := range res.Site.Paths() {
				if !strings.HasSuffix(file, ".html") || file == paths.NotFound || strings.HasPrefix(file, "embed/") {
					// 404.html states nothing that can go out of date; the
					// embed (render/widget) carries its build time as data
					// for its script, which says "as of" when it matters.
					continue
				}
				b, _ := res.Site.File(file)
				built, updated := stamps(t, b, "built"), stamps(t, b, "updated")
				b2, _ := again.Site.File(file)
				switch {
				case live[file]:
					kinds["live"]++
					if len(updated) != 0 || len(built) == 0 {
						t.Fatalf("%s shows the live status: want status as of the build, got built %v, updated %v", file, built, updated)
					}
					for _, at := range built {
						if !at.Equal(site.now) {
							t.Errorf("%s: status as of %v, want the build moment %v", file, at, site.now)
						}
					}
				case quiet[file]:
					kinds["resolved, no page-updated line"]++
					if len(built) != 0 || len(updated) != 0 {
						t.Fatalf("%s: a resolved incident's page repeats its resolved time: built %v, updated %v", file, built, updated)
					}
					if !bytes.Equal(b, b2) {
						t.Errorf("%s changed between builds at %v and %v with the same content", file, site.now, later)
					}
				default:
					if strings.HasPrefix(file, "components/") {
						kinds["later component page"]++
					}
					kinds["updated"]++
					if len(built) != 0 || len(updated) != 1 {
						t.Fatalf("%s does not depend on the clock: want one page-updated time, got built %v, updated %v", file, built, updated)
					}
					if updated[0].After(site.now) || updated[0].IsZero() {
						t.Errorf("%s: page updated %v, after the build %v", file, updated[0], site.now)
					}
					if want, ok := resolved[file]; ok && !updated[0].Equal(want) {
						t.Errorf("%s: page updated %v, want the incident's newest update %v", file, updated[0], want)
					}
					if !bytes.Equal(b, b2) {
						t.Errorf("%s changed between builds at %v and %v with the same content", file, site.now, later)
					}
				}
			}
			if kinds["live"] < 3 || kinds["updated"] < 3 || kinds["resolved, no page-updated line"] < 3 {
				t.Fatalf("too few pages of each kind to test: %v", kinds)
			}
			if site.name != "the example site" && kinds["later component page"] == 0 {
				t.Fatalf("no component page past the first: %v", kinds)
			}
		})
	}
}
