package status

import "slices"

// ChannelKind is the kind of receiver a notification channel posts to.
type ChannelKind string

// Channel kinds (site.yaml's notify: block).
const (
	Slack   ChannelKind = "slack"   // Slack incoming webhook
	Discord ChannelKind = "discord" // Discord webhook
	Teams   ChannelKind = "teams"   // Microsoft Teams Workflows webhook
	Webhook ChannelKind = "webhook" // Statuspage-shaped JSON, signed
	Email   ChannelKind = "email"   // a message over SMTP, to a mailing list
)

// ChannelKinds lists every kind, in the order the documentation gives them.
func ChannelKinds() []ChannelKind { return []ChannelKind{Slack, Discord, Teams, Webhook, Email} }

// ParseChannelKind reads a kind's name.
func ParseChannelKind(s string) (ChannelKind, bool) {
	k := ChannelKind(s)
	return k, slices.Contains(ChannelKinds(), k)
}

// Keys returns the site.yaml keys a channel of kind k takes, besides name
// and kind, and those of them it requires.
func (k ChannelKind) Keys() (all, required []string) {
	switch k {
	case Webhook:
		return []string{"url", "secret", "components"}, []string{"url", "secret"}
	case Email:
		return []string{"smtp", "from", "to", "components"}, []string{"smtp", "from", "to"}
	}
	return []string{"url", "components"}, []string{"url"}
}

// Channel is one entry of site.yaml's notify: block. Values that hold a
// secret (URL, Secret, SMTP) are references such as "${SLACK_URL}", read
// from the environment only when notifications are sent; From and To may
// hold such references too.
type Channel struct {
	Name       string // 1–40 of [a-z0-9-]; what logs show instead of the URL
	Kind       ChannelKind
	URL        string
	Secret     string
	SMTP       string
	From       string
	To         []string
	Components []Ref // only events that affect these; none: every event
	Pos        Pos
}

// Ref is a component id written in site.yaml, with its line.
type Ref struct {
	ID   string
	Line int
}

// ValidChannelName reports whether s may name a channel: 1–40 lowercase
// letters, digits and '-'.
func ValidChannelName(s string) bool { return len(s) <= 40 && ValidSlug(s) }

// channelRefs checks the components the channels filter on.
func (c *checker) channelRefs(cfg Config) {
	for _, ch := range cfg.Notify {
		for _, r := range ch.Components {
			if !c.ids[r.ID] {
				c.add(Pos{cfg.Pos.File, r.Line}, false, "notify channel %q: unknown component %q%s", ch.Name, r.ID, Hint(r.ID, c.names))
			}
		}
	}
}

// String returns the kind's name.
func (k ChannelKind) String() string { return string(k) }
