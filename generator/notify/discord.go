package notify

import (
	"encoding/json"
	"strings"
	"time"
)

// Discord's documented embed limits (discord.com/developers/docs/resources/message#embed-object-embed-limits):
// title 256 characters, description 4096, a field's name 256 and value
// 1024, footer 2048, and 6000 in all of an embed's text together.
const (
	discordTitleMax  = 256
	discordDescMax   = 4096
	discordFieldName = 256
	discordFieldMax  = 1024
	discordFooterMax = 2048
	discordTotalMax  = 6000
)

// Embed colours by tone.
var discordColours = map[Tone]int{
	ToneGood:        0x2e7d32,
	ToneInfo:        0x546e7a,
	ToneMinor:       0xef6c00,
	ToneMajor:       0xc62828,
	ToneMaintenance: 0x1565c0,
}

// discord formats for a Discord webhook: one embed, and allowed_mentions
// that lets nothing in it mention anyone (@everyone, @here, users, roles).
type discord struct{}

func (discord) wants(k Kind) bool { return k != ComponentChanged }

type discordField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline"`
}

type discordEmbed struct {
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	URL         string         `json:"url"`
	Color       int            `json:"color"`
	Timestamp   string         `json:"timestamp"`
	Fields      []discordField `json:"fields,omitempty"`
	Footer      *discordFooter `json:"footer,omitempty"`
}

type discordFooter struct {
	Text string `json:"text"`
}

type discordMessage struct {
	Embeds          []discordEmbed  `json:"embeds"`
	AllowedMentions allowedMentions `json:"allowed_mentions"`
}

type allowedMentions struct {
	Parse []string `json:"parse"`
}

func (discord) format(ev *Event, m *Message, _ string, _ time.Time) ([]byte, error) {
	e := discordEmbed{
		Title:     fit(valid(m.Subject), discordTitleMax, same, "…"),
		URL:       m.URL,
		Color:     discordColours[m.Tone],
		Timestamp: rfc3339(ev.At),
		Footer:    &discordFooter{Text: fit(valid(m.Site), discordFooterMax, same, "…")},
	}
	if len(m.Lines) > 0 {
		var b strings.Builder
		for i, l := range m.Lines {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(l.Name + ": " + l.Status())
		}
		e.Fields = append(e.Fields, discordField{Name: fit(m.Heading, discordFieldName, same, "…"), Value: fit(valid(b.String()), discordFieldMax, same, "…")})
	}
	for _, extra := range []string{m.Window, m.Next} {
		if extra != "" {
			e.Fields = append(e.Fields, discordField{Name: "\u200b", Value: fit(extra, discordFieldMax, same, "…")})
		}
	}
	used := units(e.Title) + units(e.Footer.Text)
	for _, f := range e.Fields {
		used += units(f.Name) + units(f.Value)
	}
	if m.Body != "" {
		e.Description = fit(valid(m.Body), min(discordDescMax, discordTotalMax-used), same, m.Words.Truncated)
	}
	return json.Marshal(discordMessage{Embeds: []discordEmbed{e}, AllowedMentions: allowedMentions{Parse: []string{}}})
}
