package notify

import (
	"encoding/json"
	"strings"
	"time"
)

// Slack's documented limits for Block Kit (api.slack.com/reference/block-kit):
// a header's plain text 150 characters, a section's text 3000, a context
// element's text 3000, at most 50 blocks; the message text (the fallback
// shown in notifications) is cut here at 3000 as well.
const (
	slackHeaderMax  = 150
	slackSectionMax = 3000
	slackTextMax    = 3000
)

// slackEscape escapes Slack's control characters &, < and > (and only
// them, as Slack asks): no content string can then mention @channel
// (<!channel>), a user, or make a link.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// slack formats for a Slack incoming webhook: the text fallback and
// Block Kit blocks.
type slack struct{}

func (slack) wants(k Kind) bool { return k != ComponentChanged }

type slackText struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Emoji *bool  `json:"emoji,omitempty"`
}

type slackBlock struct {
	Type     string      `json:"type"`
	Text     *slackText  `json:"text,omitempty"`
	Elements []slackText `json:"elements,omitempty"`
}

type slackMessage struct {
	Text        string       `json:"text"`
	Blocks      []slackBlock `json:"blocks"`
	UnfurlLinks bool         `json:"unfurl_links"`
	UnfurlMedia bool         `json:"unfurl_media"`
}

func mrkdwn(s string) *slackText { return &slackText{Type: "mrkdwn", Text: s} }

// slackLink is a link in mrkdwn: the URL is sitrep's own (escaped by
// package paths), the label escaped.
func slackLink(url, label string) string {
	return "<" + slackEscape(url) + "|" + slackEscape(label) + ">"
}

func (slack) format(_ *Event, m *Message, _ string, _ time.Time) ([]byte, error) {
	no := false
	link := slackLink(m.URL, m.Open)
	blocks := []slackBlock{
		// plain_text is never parsed for mentions or links: the title
		// goes in as written.
		{Type: "header", Text: &slackText{Type: "plain_text", Text: fit(valid(m.Label+": "+m.Title), slackHeaderMax, same, "…"), Emoji: &no}},
		{Type: "context", Elements: []slackText{*mrkdwn(fit("*"+m.Status+"* · "+m.When, slackSectionMax, slackEscape, "…"))}},
	}
	if m.Body != "" {
		blocks = append(blocks, slackBlock{Type: "section", Text: mrkdwn(fit(valid(m.Body), slackSectionMax-units(link)-2, slackEscape, m.Words.Truncated))})
	}
	if len(m.Lines) > 0 {
		var b strings.Builder
		b.WriteString("*" + m.Heading + "*")
		for _, l := range m.Lines {
			b.WriteString("\n• " + l.Name + ": " + l.Status())
		}
		blocks = append(blocks, slackBlock{Type: "section", Text: mrkdwn(fit(valid(b.String()), slackSectionMax, slackEscape, "…"))})
	}
	if m.Window != "" {
		blocks = append(blocks, slackBlock{Type: "context", Elements: []slackText{*mrkdwn(fit(m.Window, slackSectionMax, slackEscape, "…"))}})
	}
	if m.Next != "" {
		blocks = append(blocks, slackBlock{Type: "context", Elements: []slackText{*mrkdwn(fit(m.Next, slackSectionMax, slackEscape, "…"))}})
	}
	blocks = append(blocks, slackBlock{Type: "section", Text: mrkdwn(link)})
	text := fit(valid(m.Subject), slackTextMax-units(link)-1, slackEscape, "…") + " " + link
	return json.Marshal(slackMessage{Text: text, Blocks: blocks})
}
