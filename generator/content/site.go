package content

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/sitrep/sitrep/generator/status"
)

var siteKeys = []string{"title", "base_url", "language", "time_zone", "description", "home_url", "support_url", "uptime_days", "stale_after", "groups", "theme", "markdown", "notify"}

// decodeSite reads content/site.yaml. The config it returns always has a
// usable Location, so that the other files can be read even when
// site.yaml has problems.
func decodeSite(file string, src []byte) (status.Config, status.Problems) {
	d := &fileDecoder{file: file, loc: time.UTC}
	c := status.Config{Language: "en", TimeZone: "UTC", Location: time.UTC, UptimeDays: 90, StaleAfter: status.DefaultStaleAfter, Theme: "default", Pos: status.Pos{File: file, Line: 1}}
	m := d.parse(src)
	if m == nil {
		return c, d.probs
	}
	var haveBase bool
	d.fields(m, siteKeys, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			c.Title = d.str(key, v)
		case "base_url":
			haveBase = true
			c.BaseURL = d.baseURL(v)
		case "language":
			c.Language = d.str(key, v)
			if c.Language != "en" && c.Language != "ko" {
				d.errf(v.Line, "language %q is not supported (use en or ko)", c.Language)
				c.Language = "en"
			}
		case "time_zone":
			name := d.str(key, v)
			loc, err := time.LoadLocation(name)
			if err != nil || name == "" || name == "Local" {
				c.ZoneUnknown = true
				if z := zoneHint(name); z != "" {
					d.errf(v.Line, "unknown time_zone %q (did you mean %q?)", name, z)
					return
				}
				d.errf(v.Line, "unknown time_zone %q (use an IANA name such as Asia/Seoul, Europe/Berlin or UTC)", name)
				return
			}
			c.TimeZone, c.Location = name, loc
		case "description":
			c.Description = d.text(key, v)
		case "home_url":
			c.HomeURL = d.absURL(key, v)
		case "support_url":
			c.SupportURL = d.absURL(key, v)
		case "uptime_days":
			c.UptimeDays = d.integer(key, v)
			if c.UptimeDays < 1 || c.UptimeDays > 366 {
				d.errf(v.Line, "uptime_days must be between 1 and 366, not %d", c.UptimeDays)
				c.UptimeDays = 90
			}
		case "stale_after":
			// How long after a build readers' clocks treat the status as
			// unknown (widget, embed, page notice).
			s := d.str(key, v)
			dur, err := time.ParseDuration(s)
			if err != nil || dur < time.Minute || dur > 7*24*time.Hour {
				d.errf(v.Line, "stale_after %q must be a duration between 1m and 168h, such as 45m (three times the rebuild interval)", s)
				return
			}
			c.StaleAfter = dur
		case "groups":
			d.list(key, v, func(s string, _ int) { c.Groups = append(c.Groups, s) })
		case "theme":
			c.Theme = d.str(key, v)
			if !status.ValidSlug(c.Theme) {
				d.errf(v.Line, "theme %q is not a valid name (lowercase letters, digits and -)", c.Theme)
				c.Theme = "default"
			}
		case "markdown":
			if v.Kind != yaml.MappingNode {
				d.errf(v.Line, "markdown must hold keys such as \"unsafe_html: false\"")
				return
			}
			d.fields(v, []string{"unsafe_html"}, func(key string, v *yaml.Node) {
				c.UnsafeHTML = d.boolean(key, v)
			})
		case "notify":
			c.Notify = d.decodeNotify(v)
		}
	})
	if c.Title == "" {
		d.errf(1, "title is missing (the name shown at the top of the page)")
	}
	if !haveBase {
		d.errf(1, "base_url is missing (the absolute address the site is served at, e.g. https://status.example.com/)")
	}
	if c.BaseURL == nil {
		c.BaseURL = &url.URL{Scheme: "https", Host: "status.invalid", Path: "/"}
	}
	return c, d.probs
}

func (d *fileDecoder) baseURL(v *yaml.Node) *url.URL {
	s := d.str("base_url", v)
	u, err := ParseBaseURL(s)
	if err != nil {
		d.errf(v.Line, "%v", err)
		return nil
	}
	return u
}

// ParseBaseURL checks that s is an absolute http(s) URL without query or
// fragment and returns it with a path ending in "/".
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("base_url %q must be absolute, such as https://status.example.com/ or https://user.github.io/status/", s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("base_url %q must not carry a query, fragment or user", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return u, nil
}

func (d *fileDecoder) absURL(key string, v *yaml.Node) string {
	s := d.str(key, v)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
		d.errf(v.Line, "%s %q must be an absolute http(s) or mailto URL", key, s)
		return ""
	}
	return s
}

// ReadConfig reads only content/site.yaml of the site in fsys, for commands
// that need the site's time zone before loading everything.
func ReadConfig(fsys fs.FS) (status.Config, status.Problems) {
	file := path.Join(Dir, "site.yaml")
	src, p := readFile(fsys, nil, file, nil)
	if p != nil {
		return status.Config{Location: time.UTC}, status.Problems{p}
	}
	return decodeSite(file, src)
}

// zones are the time zones suggested for a misspelt time_zone: Go cannot
// list the zones it knows, and these cover most status pages.
var zones = []string{
	"UTC", "Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi",
	"America/Anchorage", "America/Argentina/Buenos_Aires", "America/Bogota", "America/Chicago",
	"America/Denver", "America/Halifax", "America/Lima", "America/Los_Angeles", "America/Mexico_City",
	"America/New_York", "America/Phoenix", "America/Santiago", "America/Sao_Paulo", "America/Toronto",
	"America/Vancouver", "Asia/Bangkok", "Asia/Dhaka", "Asia/Dubai", "Asia/Ho_Chi_Minh",
	"Asia/Hong_Kong", "Asia/Jakarta", "Asia/Jerusalem", "Asia/Karachi", "Asia/Kolkata",
	"Asia/Manila", "Asia/Seoul", "Asia/Shanghai", "Asia/Singapore", "Asia/Taipei", "Asia/Tehran",
	"Asia/Tokyo", "Atlantic/Reykjavik", "Australia/Adelaide", "Australia/Brisbane",
	"Australia/Melbourne", "Australia/Perth", "Australia/Sydney", "Europe/Amsterdam",
	"Europe/Athens", "Europe/Berlin", "Europe/Brussels", "Europe/Dublin", "Europe/Helsinki",
	"Europe/Istanbul", "Europe/Kyiv", "Europe/Lisbon", "Europe/London", "Europe/Madrid",
	"Europe/Moscow", "Europe/Oslo", "Europe/Paris", "Europe/Prague", "Europe/Rome",
	"Europe/Stockholm", "Europe/Vienna", "Europe/Warsaw", "Europe/Zurich", "Pacific/Auckland",
	"Pacific/Honolulu",
}

// zoneHint suggests a time zone for a misspelt name: the same name in
// the right case, or the nearest of the common zones.
func zoneHint(name string) string {
	for _, z := range zones {
		if strings.EqualFold(z, name) {
			return z
		}
	}
	return status.Closest(name, zones)
}
