package badge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"maps"
	"math"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/badge"
	"github.com/sitrep/sitrep/generator/view"
	"github.com/sitrep/sitrep/themes"
)

const hostile = "<script>alert(1)</script> & \"q\" 'a'" // content refuses control characters since issue 10

func testSite(lang string, extra map[string]string) fstest.MapFS {
	files := map[string]string{
		"content/site.yaml":         "title: T\nbase_url: https://status.test/\nlanguage: " + lang + "\ntime_zone: UTC\n",
		"content/components/api.md": "---\nname: API\n---\n",
		"content/components/bad.md": "---\nname: " + strconv.Quote(hostile) + "\n---\n",
		"content/components/db.md":  "---\nname: 데이터베이스\n---\n",
	}
	maps.Copy(files, extra)
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func incident(severity, components string) string {
	return "---\ntitle: Trouble\nseverity: " + severity + "\ncomponents:\n" + components + "---\n## Investigating — 2026-11-22 10:00\nLooking.\n"
}

const maintenance = "---\ntitle: Upgrade\ncomponents: [db]\nscheduled_for: 2026-11-22 10:00\nscheduled_until: 2026-11-22 12:00\n---\nUpgrading.\n"

func build(t *testing.T, fsys fs.FS) map[string][]byte {
	t.Helper()
	site, probs := content.Load(fsys)
	if errs := probs.Errors(); site == nil || len(errs) > 0 {
		t.Fatalf("loading the test site: %v", errs)
	}
	at, err := content.ParseTime("2026-11-22 11:00", site.Config.Location)
	if err != nil {
		t.Fatal(err)
	}
	strs, err := generator.Strings(themes.Default(), site.Config.Language)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	c := &render.Context{
		Model:   view.New(site, at),
		URLs:    paths.New(site.Config.BaseURL),
		Theme:   themes.Default(),
		Strings: strs,
		Emit:    func(p string, b []byte) { out[p] = b },
	}
	if err := badge.New().Render(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return out
}

// svgDoc is the part of a badge a test reads back.
type svgDoc struct {
	Width     string `xml:"width,attr"`
	Role      string `xml:"role,attr"`
	AriaLabel string `xml:"aria-label,attr"`
	Title     string `xml:"title"`
	Rects     []struct {
		Fill  string `xml:"fill,attr"`
		Width string `xml:"width,attr"`
	} `xml:"g>rect"`
	Texts []string `xml:"g>text"`
}

func readSVG(t *testing.T, files map[string][]byte, p string) svgDoc {
	t.Helper()
	b, ok := files[p]
	if !ok {
		t.Fatalf("%s was not written", p)
	}
	var d svgDoc
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("%s is not well-formed: %v\n%s", p, err, b)
	}
	return d
}

type endpoint struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
	LabelColor    string `json:"labelColor"`
}

func readJSON(t *testing.T, files map[string][]byte, p string) endpoint {
	t.Helper()
	var e endpoint
	dec := json.NewDecoder(bytes.NewReader(files[p]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if e.SchemaVersion != 1 || e.Label == "" || e.Message == "" || len(e.Color) != 6 {
		t.Errorf("%s does not follow the shields.io endpoint schema: %+v", p, e)
	}
	return e
}

func TestTheSiteBadgeSaysWhatTheBannerSays(t *testing.T) {
	tests := []struct {
		name    string
		extra   map[string]string
		message string
		color   string
	}{
		{"nothing wrong is operational", nil, "All systems operational", badge.OperationalColor},
		{"maintenance alone says maintenance", map[string]string{"content/maintenance/m.md": maintenance}, "Maintenance in progress", badge.MaintenanceColor},
		{"a degraded component is degraded performance", map[string]string{"content/incidents/i.md": incident("P2", "  api: degraded_performance\n")}, "Degraded performance", badge.DegradedColor},
		{"a P1 incident is a partial outage, even during maintenance", map[string]string{
			"content/incidents/i.md": incident("P1", "  api: partial_outage\n"), "content/maintenance/m.md": maintenance,
		}, "Partial outage", badge.PartialColor},
		{"a P0 incident is a major outage", map[string]string{"content/incidents/i.md": incident("P0", "  api: major_outage\n")}, "Major outage", badge.MajorColor},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := build(t, testSite("en", tt.extra))
			d := readSVG(t, files, "badge.svg")
			want := "status: " + tt.message
			if d.Role != "img" || d.AriaLabel != want || d.Title != want+" (as of 22 Nov 2026, 11:00 UTC)" {
				t.Errorf("role %q, aria-label %q, title %q; want img and %q", d.Role, d.AriaLabel, d.Title, want)
			}
			if len(d.Texts) != 4 || d.Texts[1] != "status" || d.Texts[3] != tt.message {
				t.Errorf("texts %q", d.Texts)
			}
			if len(d.Rects) != 2 || d.Rects[0].Fill != badge.LabelColor || d.Rects[1].Fill != tt.color {
				t.Errorf("rects %+v, want the label colour and %s", d.Rects, tt.color)
			}
			e := readJSON(t, files, "badge.json")
			if e.Label != "status" || e.Message != tt.message || "#"+e.Color != tt.color {
				t.Errorf("badge.json says %+v", e)
			}
		})
	}
}

func TestComponentBadgesShowTheirStatus(t *testing.T) {
	files := build(t, testSite("en", map[string]string{
		"content/incidents/i.md":   incident("P1", "  api: partial_outage\n"),
		"content/maintenance/m.md": maintenance,
	}))
	tests := []struct{ id, label, message, color string }{
		{"api", "API", "Partial outage", badge.PartialColor},
		{"db", "데이터베이스", "Under maintenance", badge.MaintenanceColor},
		{"bad", hostile, "Operational", badge.OperationalColor},
	}
	for _, tt := range tests {
		t.Run("the "+tt.id+" badge says "+tt.message, func(t *testing.T) {
			d := readSVG(t, files, paths.ComponentBadge(tt.id))
			want := tt.label + ": " + tt.message
			if d.AriaLabel != want || !strings.HasPrefix(d.Title, want+" (as of ") || d.Texts[1] != tt.label || d.Rects[1].Fill != tt.color {
				t.Errorf("got aria-label %q, title %q, texts %q, fill %s; want %q", d.AriaLabel, d.Title, d.Texts, d.Rects[1].Fill, want)
			}
			e := readJSON(t, files, paths.ComponentBadgeJSON(tt.id))
			if e.Label != tt.label || e.Message != tt.message {
				t.Errorf("JSON %+v", e)
			}
		})
	}
	raw := files[paths.ComponentBadge("bad")]
	if bytes.Contains(raw, []byte("<script")) || bytes.ContainsAny(raw, "\x01") {
		t.Errorf("the hostile name reached the SVG unescaped:\n%s", raw)
	}
	if j := files[paths.ComponentBadgeJSON("bad")]; bytes.Contains(j, []byte("<script")) {
		t.Errorf("the hostile name reached the JSON unescaped: %s", j)
	}
}

func TestKoreanSitesGetKoreanBadges(t *testing.T) {
	files := build(t, testSite("ko", nil))
	if d := readSVG(t, files, "badge.svg"); d.Title != "상태: 모든 시스템 정상 (2026년 11월 22일 11:00 UTC 기준)" {
		t.Errorf("title %q", d.Title)
	}
	for p, b := range files {
		if bytes.Contains(b, []byte("badge.")) {
			t.Errorf("%s shows an untranslated string key", p)
		}
	}
}

func TestBadgesAreWideEnoughForTheirText(t *testing.T) {
	b := badge.Badge{Label: "build", Message: "passing", Color: badge.OperationalColor}
	short := badge.Badge{Label: "status", Message: "ok", Color: badge.OperationalColor}
	wide := badge.Badge{Label: "상태", Message: "부분 장애", Color: badge.PartialColor}
	width := func(b badge.Badge) int {
		var d svgDoc
		if err := xml.Unmarshal(b.SVG(), &d); err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(d.Width)
		return n
	}
	// shields.io draws its well-known "build | passing" badge 88 px wide.
	if got := width(b); got < 84 || got > 92 {
		t.Errorf("build|passing is %d px wide, want about 88 like shields.io", got)
	}
	if width(short) >= width(b) {
		t.Error("a shorter message should give a narrower badge")
	}
	// Two and four Hangul syllables and a space: about 11 px each.
	if got := width(wide); got < 2*11+4*11+3+20 {
		t.Errorf("a Korean badge is %d px wide, too narrow for its text", got)
	}
}

func TestWhiteTextMeetsWCAGContrastOnEveryColour(t *testing.T) {
	for _, c := range []string{badge.LabelColor, badge.OperationalColor, badge.DegradedColor, badge.PartialColor, badge.MajorColor, badge.MaintenanceColor} {
		if r := contrast("#ffffff", c); r < 4.5 {
			t.Errorf("white on %s has contrast %.2f:1, below 4.5:1", c, r)
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two "#rrggbb" colours.
func contrast(a, b string) float64 {
	lum := func(hex string) float64 {
		v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
		ch := func(c uint64) float64 {
			s := float64(c) / 255
			if s <= 0.04045 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(v>>16&255) + 0.7152*ch(v>>8&255) + 0.0722*ch(v&255)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestTheSameInputGivesTheSameBytes(t *testing.T) {
	a, b := build(t, testSite("en", nil)), build(t, testSite("en", nil))
	if len(a) != 2+2*3 {
		t.Errorf("wrote %d files, want 8", len(a))
	}
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between identical builds", p)
		}
	}
}
