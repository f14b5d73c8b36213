package content

import (
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator/synth"
)

// restoredLoad loads fsys with a new loader, snapshots it, and loads it
// again with another new loader given the snapshot, as the next process
// does; it fails the test unless both loads return the same site and the
// same problems. It returns the second loader.
func restoredLoad(t testing.TB, fsys fs.FS) *Loader {
	t.Helper()
	var first Loader
	s1, p1 := first.Load(fsys)
	data, err := first.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var next Loader
	next.Restore(data)
	s2, p2 := next.Load(fsys)
	if !reflect.DeepEqual(p1, p2) {
		t.Fatalf("problems differ:\nparsed:   %v\nrestored: %v", reports(p1), reports(p2))
	}
	if !reflect.DeepEqual(s1, s2) {
		t.Fatalf("sites differ:\nparsed:   %s\nrestored: %s", describe(s1), describe(s2))
	}
	return &next
}

func TestARestoredSnapshotLoadsTheExampleSiteAsParsing(t *testing.T) {
	l := restoredLoad(t, os.DirFS("../.."))
	if n := l.Parsed(); n != 0 {
		t.Errorf("%d files parsed again; want 0", n)
	}
}

func TestARestoredSnapshotLoadsTheSyntheticSiteAsParsing(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 10,000 incidents")
	}
	root, err := os.OpenRoot(synth.Bench(t, 10000))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if n := restoredLoad(t, root.FS()).Parsed(); n != 0 {
		t.Errorf("%d files parsed again; want 0", n)
	}
}

func TestARestoredSnapshotKeepsEveryProblem(t *testing.T) {
	fsys := site(map[string]string{
		"content/incidents/bad.md":        "---\ntitle: X\nseverity: P9\ncomponents:\n  apx: partial_outage\n---\n## Investigating — 2026-11-21 14:32\nok\n",
		"content/incidents/warned.md":     "---\ntitle: Y\ncomponents:\n  api: partial_outage\n---\n## Investigating — 2026-11-21 14:32\nSee [x](/nowhere/).\n## Resolved — 2026-11-21 16:00\nok\n",
		"content/incidents/zoned.md":      "---\ntitle: Z\ncomponents:\n  api: major_outage\n---\n## Investigating — 2026-11-21 14:32 +02:00\nok\n## Resolved — 2026-11-21T18:00Z\nok\n",
		"content/maintenance/m.md":        "---\ntitle: M\ncomponents: [api]\nscheduled_for: 2026-12-01 02:00\nscheduled_until: 2026-12-01 04:00\n---\nbody\n",
		"content/templates/t.md":          "---\ntitle: T\nseverity: P2\ncomponents:\n  api: degraded_performance\n---\nWe look at {{.Component}}.\n",
		"content/incidents/Bad Name.md":   "x",
		"content/incidents/notes.txt":     "x",
		"content/incidents/invalid.md":    "\xff\xfe",
		"content/components/history.md":   "---\nname: History\nsince: 2025-01-01\n---\n",
		"content/maintenance/broken.md":   "---\ntitle: [\n---\n",
		"content/incidents/postmortem.md": "---\ntitle: P\ncomponents:\n  db: major_outage\n---\n## Resolved — 2026-11-20 10:00\nok\n## Investigating — 2026-11-20 09:00\nx\n## Postmortem — 2026-11-22 10:00\n### Summary\nA pool ran dry.\n",
	})
	l := restoredLoad(t, fsys)
	_, probs := l.Load(fsys) // a third load, from the restored loader's memory
	if len(probs) == 0 {
		t.Fatal("the site has problems; none reported")
	}
}

// TestASnapshotIsNotTrustedBlindly changes what a snapshot was taken of
// in each way that must make the loader parse again, and checks that the
// load after Restore is the load of a new loader without it.
func TestASnapshotIsNotTrustedBlindly(t *testing.T) {
	const inc = "---\ntitle: A\ncomponents:\n  api: major_outage\n---\n## Investigating — 2026-11-21 14:32\nFirst words.\n"
	base := func() fstest.MapFS {
		return site(map[string]string{"content/incidents/a.md": inc, "content/incidents/b.md": inc})
	}
	for _, tc := range []struct {
		name   string
		change func(fstest.MapFS)
		parsed int
	}{
		{"nothing changed", func(fstest.MapFS) {}, 0},
		{"a file edited, keeping its size and time", func(m fstest.MapFS) {
			m["content/incidents/a.md"] = &fstest.MapFile{Data: []byte(strings.Replace(inc, "First", "Fresh", 1)), ModTime: m["content/incidents/a.md"].ModTime}
		}, 1},
		{"site.yaml's time zone changed", func(m fstest.MapFS) {
			m["content/site.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(siteYAML, "Asia/Seoul", "Europe/Paris", 1))}
		}, 4},
		{"a file removed", func(m fstest.MapFS) { delete(m, "content/incidents/b.md") }, 0},
		{"a file added", func(m fstest.MapFS) { m["content/incidents/c.md"] = &fstest.MapFile{Data: []byte(inc)} }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := base()
			var first Loader
			first.Load(fsys)
			data, err := first.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			tc.change(fsys)
			var next Loader
			next.Restore(data)
			s2, p2 := next.Load(fsys)
			s1, p1 := new(Loader).Load(fsys)
			if !reflect.DeepEqual(p1, p2) || !reflect.DeepEqual(s1, s2) {
				t.Fatalf("the restored load differs from a new one:\n%s\n%s\n%s\n%s", describe(s1), describe(s2), reports(p1), reports(p2))
			}
			if n := next.Parsed(); n != tc.parsed {
				t.Errorf("%d files parsed; want %d", n, tc.parsed)
			}
			if stale := next.Stale(); stale != (tc.name != "nothing changed") {
				t.Errorf("Stale() = %v after %s", stale, tc.name)
			}
		})
	}
}

// TestASnapshotReadInAnotherZoneIsParsedAgain restores a snapshot whose
// times were read with other rules for the same zone name (another time
// zone database): the offsets differ, and the file is parsed again.
func TestASnapshotReadInAnotherZoneIsParsedAgain(t *testing.T) {
	fsys := site(map[string]string{"content/incidents/a.md": "---\ntitle: A\ncomponents:\n  api: major_outage\n---\n## Investigating — 2026-11-21 14:32\nok\n"})
	var first Loader
	s1, _ := first.Load(fsys)
	data, err := first.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	// The same snapshot, its times read as if Seoul were at +08:00.
	var next Loader
	next.restored = data
	cfg := s1.Config
	cfg.Location = time.FixedZone("Asia/Seoul", 8*3600)
	if ok, err := next.restore(first.cfg, &cfg); err != nil || !ok {
		t.Fatalf("restore: %v, %v", ok, err)
	}
	for _, d := range next.dirs {
		for _, e := range d.entries {
			if e.file == "content/incidents/a.md" {
				t.Fatal("a file whose times have another offset in this zone was taken from the snapshot")
			}
		}
	}
	if len(next.dirs["content/components"].entries) != 2 {
		t.Error("files without times were not taken")
	}
}

func TestABrokenSnapshotIsIgnored(t *testing.T) {
	fsys := site(map[string]string{"content/incidents/a.md": "---\ntitle: A\ncomponents:\n  api: major_outage\n---\n## Investigating — 2026-11-21 14:32\nok\n"})
	var first Loader
	first.Load(fsys)
	data, err := first.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{data[:len(data)/2], []byte("not a snapshot"), nil} {
		var next Loader
		next.Restore(bad)
		s, p := next.Load(fsys)
		s1, p1 := new(Loader).Load(fsys)
		if !reflect.DeepEqual(s, s1) || !reflect.DeepEqual(p, p1) {
			t.Fatal("a broken snapshot changed the load")
		}
		if next.Parsed() != 3 {
			t.Errorf("%d files parsed; want 3", next.Parsed())
		}
	}
}

// BenchmarkLoadRestored10000 is a load of a 10,000-incident site by a new
// loader given the snapshot of the last load (nothing changed), as `sitrep
// build` into a folder it built before does; BenchmarkLoadAll10000 is the
// same load without it.
func BenchmarkLoadRestored10000(b *testing.B) {
	root, err := os.OpenRoot(synth.Bench(b, 10000))
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	var first Loader
	first.Load(root.FS())
	data, err := first.Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(data)), "snapshot-B")
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		var l Loader
		l.Restore(data)
		if _, probs := l.Load(root.FS()); len(probs) > 0 || l.Parsed() > 0 {
			b.Fatal(probs, l.Parsed())
		}
	}
	b.ReportMetric((cpuTime(b)-start).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkSnapshot10000 is what saving the snapshot of a 10,000-incident
// site costs a build that parsed it.
func BenchmarkSnapshot10000(b *testing.B) {
	root, err := os.OpenRoot(synth.Bench(b, 10000))
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	var l Loader
	l.Load(root.FS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Snapshot(); err != nil {
			b.Fatal(err)
		}
	}
}
