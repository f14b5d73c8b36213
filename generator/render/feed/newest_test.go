package feed_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/feed"
)

// bulkSite is the test site with n more incidents of the API, a day
// apart from 2026-09-01: more entries than a feed holds.
func bulkSite(n int) fstest.MapFS {
	fsys := testSite()
	for i := range n {
		day := time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		fsys[fmt.Sprintf("content/incidents/bulk-%02d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: Bulk %d\nseverity: P3\ncomponents:\n  api: degraded_performance\n---\n## Resolved — %s\nOK.\n\n## Investigating — %s\nLooking.\n",
			i, day.Add(time.Hour).Format("2006-01-02 15:04Z07:00"), day.Format("2006-01-02 15:04Z07:00"))}
	}
	return fsys
}

func TestAnOldIncidentWithANewEntryIsInTheFeeds(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"a postmortem written today", "## Resolved — 2025-03-01 12:00\nFixed.\n\n## Investigating — 2025-03-01 10:00\nLooking.\n\n## Postmortem — 2026-11-22 09:30\nWhat happened.\n", "#postmortem"},
		{"an update written today", "## Update — 2026-11-22 09:40\nStill on it.\n\n## Investigating — 2025-03-01 10:00\nLooking.\n", "#u-20261122T0040Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := bulkSite(60)
			fsys["content/incidents/old-fire.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Old fire\nseverity: P1\ncomponents:\n  api: major_outage\n---\n" + tc.body)}
			files := build(t, fsys, now)
			want := "https://status.test/sub/incidents/old-fire/" + tc.want
			for _, p := range []string{"feed.atom", "components/api/feed.rss"} {
				f := parse(t, files, p)
				if got := guids(f); !slices.Contains(got[:3], want) {
					t.Errorf("%s starts with %q, want %s among them", p, got[:3], want)
				}
				if len(f.Items) != feed.MaxEntries {
					t.Errorf("%s has %d entries, want %d", p, len(f.Items), feed.MaxEntries)
				}
			}
		})
	}
}

func TestFeedsRebuiltWithAMemoAreTheFreshFeeds(t *testing.T) {
	fsys := bulkSite(60)
	memo := render.NewMemo()
	var last map[string][]byte // the previous build with the memo
	for _, st := range []struct {
		name   string
		edit   func()
		reused []string // feeds the memo must give back without encoding them
	}{
		{"first build", func() {}, nil},
		{"nothing changed", func() {}, []string{"feed.rss", "feed.atom", "components/api/feed.rss", "components/web/feed.atom"}},
		{"an incident no feed shows is edited", func() {
			b := fsys["content/incidents/bulk-00.md"]
			b.Data = bytes.Replace(b.Data, []byte("Looking."), []byte("Looking hard."), 1)
		}, []string{"feed.rss", "feed.atom", "components/api/feed.rss", "components/web/feed.atom"}},
		{"a shown update's text is edited, its time kept", func() {
			b := fsys["content/incidents/api-errors.md"]
			b.Data = bytes.Replace(b.Data, []byte("The pool is exhausted."), []byte("The pool ran dry."), 1)
		}, []string{"components/web/feed.rss", "components/web/feed.atom"}},
		{"a shown maintenance window is edited", func() {
			b := fsys["content/maintenance/web-now.md"]
			b.Data = bytes.Replace(b.Data, []byte("We upgrade storage."), []byte("We upgrade the storage."), 1)
		}, []string{"components/api/feed.rss", "components/api/feed.atom"}},
		{"a component is renamed", func() {
			fsys["content/components/web.md"] = &fstest.MapFile{Data: []byte("---\nname: Website\n---\n")}
		}, nil},
	} {
		st.edit()
		got, want := buildWith(t, fsys, now, memo), buildWith(t, fsys, now, nil)
		for p := range want {
			if !bytes.Equal(got[p], want[p]) {
				t.Errorf("%s: %s differs from a fresh build", st.name, p)
			}
		}
		for _, p := range st.reused {
			if &got[p][0] != &last[p][0] {
				t.Errorf("%s: %s was encoded again", st.name, p)
			}
		}
		last = got
	}
	if !strings.Contains(string(buildWith(t, fsys, now, memo)["feed.atom"]), "The pool ran dry.") {
		t.Error("the edited update is not in the feed")
	}
}
