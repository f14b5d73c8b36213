// Package paths names every file sitrep writes and every URL it links to,
// in one place. A page's path is a directory ending in "/" (served as its
// index.html); other outputs are file paths. All paths are relative to the
// site root, without a leading slash.
package paths

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Pages.
const (
	Index    = ""
	History  = "history/"
	NotFound = "404.html"
	Embed    = "embed/"
	Sitemap  = "sitemap.xml"
	Robots   = "robots.txt"
	Headers  = "_headers"
	Static   = "static/" // theme assets, with content hashes in their names
	Reports  = "reports/"
)

// Site-wide feeds and files.
const (
	RSS        = "feed.rss"
	Atom       = "feed.atom"
	Calendar   = "calendar.ics"
	Widget     = "widget.js"
	WidgetData = "widget-data.js" // the widget's status, loaded as a script (no CORS needed)
	Badge      = "badge.svg"
	BadgeJSON  = "badge.json"
	API        = "api/v2/"
	Metrics    = Reports + "metrics.json" // the reliability report's numbers (docs/metrics.md)
)

// SitemapPart is the n-th (1-based) sitemap that sitemap.xml indexes when
// one sitemap would hold too many addresses.
func SitemapPart(n int) string { return "sitemap-" + strconv.Itoa(n) + ".xml" }

// Incident is the page of one incident.
func Incident(slug string) string { return "incidents/" + slug + "/" }

// UpdateAnchors returns the fragment ids of a timeline's updates, given
// their times in timeline order. An anchor is derived from the update's
// time in UTC ("u-20261121T1432Z"), so it stays the same when later
// updates are added; a second update at the same minute gets "-2".
func UpdateAnchors(times []time.Time) []string {
	out := make([]string, len(times))
	for i, t := range times {
		layout := "20060102T1504Z"
		if t.Second() != 0 {
			layout = "20060102T150405Z"
		}
		var b [len("u-20060102T150405Z")]byte
		out[i] = string(t.UTC().AppendFormat(append(b[:0], "u-"...), layout))
	}
	// The n-th update with an anchor numbers it: the earlier ones are
	// compared while they are still unnumbered, the last first (a long
	// timeline counts them in a map instead).
	var seen map[string]int
	if len(out) > 64 {
		seen = make(map[string]int, len(out))
		for _, a := range out {
			seen[a]++
		}
	}
	for i := len(out) - 1; i > 0; i-- {
		n := 1
		if seen != nil {
			n = seen[out[i]]
			seen[out[i]]--
		} else {
			for _, a := range out[:i] {
				if a == out[i] {
					n++
				}
			}
		}
		if n > 1 {
			out[i] += "-" + strconv.Itoa(n)
		}
	}
	return out
}

// Postmortem is the anchor of an incident's postmortem.
const Postmortem = "postmortem"

// Maintenance is the page of one maintenance window.
func Maintenance(slug string) string { return "maintenance/" + slug + "/" }

// Component is the page of one component.
func Component(id string) string { return "components/" + id + "/" }

// ComponentRSS, ComponentAtom, ComponentBadge and ComponentBadgeJSON are a
// component's feeds and badges.
func ComponentRSS(id string) string       { return Component(id) + RSS }
func ComponentAtom(id string) string      { return Component(id) + Atom }
func ComponentBadge(id string) string     { return Component(id) + Badge }
func ComponentBadgeJSON(id string) string { return Component(id) + BadgeJSON }

// paged returns page n (1-based) of a paginated listing whose first page is dir.
func paged(dir string, n int) string {
	if n <= 1 {
		return dir
	}
	return dir + "page/" + strconv.Itoa(n) + "/"
}

// HistoryPage is page n of the history.
func HistoryPage(n int) string { return paged(History, n) }

// ComponentPage is page n of a component's incident list.
func ComponentPage(id string, n int) string { return paged(Component(id), n) }

// APIFile is one file of the Statuspage API, e.g. APIFile("summary.json").
func APIFile(name string) string { return API + name }

// File returns the file a path is written to: pages (ending in "/") get
// index.html.
func File(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// URLs turns paths into links for a site served at base.
type URLs struct {
	base *url.URL
}

// New returns the URL maker for base, an absolute URL whose path ends in "/".
func New(base *url.URL) URLs { return URLs{base: base} }

// Abs is the absolute URL of p, for feeds, canonical links and sitemaps.
func (u URLs) Abs(p string) string {
	return u.base.Scheme + "://" + u.base.Host + u.Rel(p)
}

// Rel is the host-relative URL of p ("/status/incidents/x/"), for links
// between pages; it keeps working when the site lives under a path.
func (u URLs) Rel(p string) string {
	return (&url.URL{Path: u.base.Path + p}).EscapedPath()
}

// Base is the absolute base URL, ending in "/".
func (u URLs) Base() string { return u.Abs("") }

// Host is the scheme and host of the base URL, without a path.
func (u URLs) Host() string { return u.base.Scheme + "://" + u.base.Host }
