package notify

import (
	"fmt"
	"maps"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/generator/status"
)

var varRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// MissingError is a run that cannot start: variables the channels name
// are not set. Nothing was sent.
type MissingError struct {
	Vars []string // sorted
	Uses []string // "team-slack url (${SLACK_URL})", for the message
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("environment variable%s %s not set (used by %s)",
		plural(len(e.Vars)), strings.Join(e.Vars, ", "), strings.Join(e.Uses, "; "))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// ConfigError is a channel whose expanded settings are unusable. It names
// the channel and the setting, never the value.
type ConfigError struct{ Channel, Msg string }

func (e *ConfigError) Error() string { return fmt.Sprintf("notify channel %q: %s", e.Channel, e.Msg) }

// expander replaces ${NAME} with the environment's values and collects
// the names that are not set.
type expander struct {
	getenv  func(string) string
	missing map[string][]string // var -> uses
}

func (x *expander) expand(ch, key, s string) string {
	return varRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[2 : len(ref)-1]
		v := x.getenv(name)
		if v == "" {
			x.missing[name] = append(x.missing[name], fmt.Sprintf("%s %s", ch, key))
		}
		return v
	})
}

func (x *expander) err() error {
	if len(x.missing) == 0 {
		return nil
	}
	e := &MissingError{}
	for v := range x.missing {
		e.Vars = append(e.Vars, v)
	}
	slices.Sort(e.Vars)
	for _, v := range e.Vars {
		e.Uses = append(e.Uses, strings.Join(x.missing[v], ", ")+" (${"+v+"})")
	}
	return e
}

// settings are a channel's values with the environment read in.
type settings struct {
	url, secret string
	smtp        *url.URL
	from        *mail.Address
	to          []*mail.Address
}

// resolve reads a channel's settings. Values from the environment are
// checked as site.yaml's are; errors never quote them.
func resolve(ch status.Channel, x *expander) (settings, error) {
	var s settings
	bad := func(format string, args ...any) (settings, error) {
		return s, &ConfigError{Channel: ch.Name, Msg: fmt.Sprintf(format, args...)}
	}
	before := len(x.missing)
	raw := map[string]string{
		"url": x.expand(ch.Name, "url", ch.URL), "secret": x.expand(ch.Name, "secret", ch.Secret),
		"smtp": x.expand(ch.Name, "smtp", ch.SMTP), "from": x.expand(ch.Name, "from", ch.From),
	}
	var to []string
	for _, t := range ch.To {
		to = append(to, x.expand(ch.Name, "to", t))
	}
	if len(x.missing) > before {
		return s, nil // reported together, before anything is sent
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) { // the same message on every run
		if hasControl(raw[k]) {
			return bad("%s contains a control character", k)
		}
	}
	switch ch.Kind {
	case status.Email:
		u, err := url.Parse(raw["smtp"])
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			return bad("smtp must be smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465")
		}
		s.smtp = u
		if s.from, err = mail.ParseAddress(raw["from"]); err != nil {
			return bad("from is not an email address")
		}
		for _, t := range to {
			if hasControl(t) {
				return bad("to contains a control character")
			}
			a, err := mail.ParseAddress(t)
			if err != nil {
				return bad("to: %q is not an email address", t)
			}
			s.to = append(s.to, a)
		}
	default:
		u, err := url.Parse(raw["url"])
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return bad("url is not an http(s) URL")
		}
		s.url, s.secret = raw["url"], raw["secret"]
		if ch.Kind == status.Webhook && s.secret == "" {
			return bad("secret is empty")
		}
	}
	return s, nil
}

// hasControl reports whether s holds a C0 control character or DEL, as
// site.yaml's single-line values may not: a CR or LF could start a new
// header of an email or a request.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// scrub lists what a channel's error messages must never contain.
func (s settings) scrub() []string {
	out := []string{s.url, s.secret}
	if u, err := url.Parse(s.url); err == nil {
		out = append(out, u.Path, u.RawQuery, u.EscapedPath(), u.Host)
	}
	return out
}

// matches reports whether an event concerns a channel's components.
func matches(ch status.Channel, ev *Event) bool {
	if len(ch.Components) == 0 {
		return true
	}
	for _, r := range ch.Components {
		if slices.Contains(ev.Components, r.ID) {
			return true
		}
	}
	return false
}
