package widget

import (
	"bytes"
	_ "embed"
	"html/template"
	"strings"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
)

//go:embed embed.html
var embedSource string

// embedTmpl is parsed once: watch mode renders the page on every rebuild.
var embedTmpl = template.Must(template.New("embed").Parse(embedSource))

// embedData is what embed/index.html shows: the banner and what is wrong.
type embedData struct {
	Lang, Title string
	Tone        string // none, minor, major, critical or maintenance: the colour
	Headline    string
	Page        string
	Incidents   []embedItem
	Maintenance []embedItem
}

type embedItem struct{ Title, URL, Tag string }

// embedPage renders embed/index.html: the status at build time, no
// scripts, inline CSS; links open outside the frame.
func embedPage(c *render.Context) ([]byte, error) {
	m := c.Model
	o := m.Overall
	t := c.Strings.T // English fills in for keys a language lacks (generator.Strings)
	d := embedData{
		Lang:  m.Site.Config.Language,
		Title: m.Site.Config.Title,
		Page:  c.URLs.Base(),
	}
	switch {
	case o.Worst > status.UnderMaintenance:
		name := o.Worst.String()
		d.Headline = strings.NewReplacer(
			"{status}", t("status."+name),
			"{names}", strings.Join(o.WorstNames, t("list.sep")),
		).Replace(t("banner.problem"))
	case o.Maintenance:
		d.Headline = t("banner.maintenance")
	case len(m.Active) > 0:
		d.Headline = o.Description // open incidents that affect no component
	default:
		d.Headline = t("banner.ok")
	}
	d.Tone = tone(o.Worst, o.Maintenance, o.Indicator)
	for _, in := range m.Active {
		d.Incidents = append(d.Incidents, embedItem{
			Title: in.Title,
			URL:   c.URLs.Abs(paths.Incident(in.Slug)),
			Tag:   t("kind." + in.Status.String()),
		})
	}
	for _, mt := range m.InProgress {
		d.Maintenance = append(d.Maintenance, embedItem{
			Title: mt.Title,
			URL:   c.URLs.Abs(paths.Maintenance(mt.Slug)),
			Tag:   t("banner.maintenance"),
		})
	}
	var buf bytes.Buffer
	if err := embedTmpl.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tone is the banner's colour, named after the indicator it matches: the
// worst component status when something is degraded or down (degraded
// performance "minor", partial outage "major", major outage "critical"),
// then maintenance in progress, then the incidents' impact. widget.js
// decides the same way.
func tone(worst status.ComponentStatus, maintenance bool, ind status.Impact) string {
	switch {
	case worst >= status.MajorOutage:
		return "critical"
	case worst == status.PartialOutage:
		return "major"
	case worst == status.DegradedPerformance:
		return "minor"
	case maintenance:
		return "maintenance"
	}
	return ind.String()
}
