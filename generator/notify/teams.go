package notify

import (
	"encoding/json"
	"time"
)

// Microsoft Teams takes, through a Workflows webhook ("Send webhook alerts
// to a channel"), a message whose attachment is an Adaptive Card. Teams
// refuses messages over about 28 KB; the body is cut well below that
// (teamsBodyMax units of up to 3 bytes each, plus the card).
const (
	teamsCardType = "application/vnd.microsoft.card.adaptive"
	teamsBodyMax  = 6000
	teamsTitleMax = 500
)

var teamsColours = map[Tone]string{
	ToneGood:        "Good",
	ToneInfo:        "Default",
	ToneMinor:       "Warning",
	ToneMajor:       "Attention",
	ToneMaintenance: "Accent",
}

// teams formats for a Microsoft Teams Workflows webhook. A card's text
// cannot mention anyone: Teams mentions need an entities list, which
// sitrep never sends.
type teams struct{}

func (teams) wants(k Kind) bool { return k != ComponentChanged }

type teamsMessage struct {
	Type        string            `json:"type"`
	Attachments []teamsAttachment `json:"attachments"`
}

type teamsAttachment struct {
	ContentType string    `json:"contentType"`
	ContentURL  *string   `json:"contentUrl"`
	Content     teamsCard `json:"content"`
}

type teamsCard struct {
	Schema  string        `json:"$schema"`
	Type    string        `json:"type"`
	Version string        `json:"version"`
	Body    []teamsBlock  `json:"body"`
	Actions []teamsAction `json:"actions"`
}

type teamsBlock struct {
	Type     string      `json:"type"`
	Text     string      `json:"text,omitempty"`
	Wrap     bool        `json:"wrap,omitempty"`
	Weight   string      `json:"weight,omitempty"`
	Size     string      `json:"size,omitempty"`
	Color    string      `json:"color,omitempty"`
	IsSubtle bool        `json:"isSubtle,omitempty"`
	Facts    []teamsFact `json:"facts,omitempty"`
}

type teamsFact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

type teamsAction struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

func (teams) format(_ *Event, m *Message, _ string, _ time.Time) ([]byte, error) {
	body := []teamsBlock{
		{Type: "TextBlock", Text: fit(valid(m.Subject), teamsTitleMax, same, "…"), Wrap: true, Weight: "Bolder", Size: "Medium", Color: teamsColours[m.Tone]},
		{Type: "TextBlock", Text: m.When, Wrap: true, IsSubtle: true},
	}
	if m.Body != "" {
		body = append(body, teamsBlock{Type: "TextBlock", Text: fit(valid(m.Body), teamsBodyMax, same, m.Words.Truncated), Wrap: true})
	}
	if len(m.Lines) > 0 {
		fs := teamsBlock{Type: "FactSet"}
		for _, l := range m.Lines {
			fs.Facts = append(fs.Facts, teamsFact{Title: fit(valid(l.Name), teamsTitleMax, same, "…"), Value: l.Status()})
		}
		body = append(body, teamsBlock{Type: "TextBlock", Text: m.Heading, Wrap: true, Weight: "Bolder"}, fs)
	}
	for _, extra := range []string{m.Window, m.Next} {
		if extra != "" {
			body = append(body, teamsBlock{Type: "TextBlock", Text: extra, Wrap: true, IsSubtle: true})
		}
	}
	return json.Marshal(teamsMessage{
		Type: "message",
		Attachments: []teamsAttachment{{
			ContentType: teamsCardType,
			Content: teamsCard{
				Schema:  "http://adaptivecards.io/schemas/adaptive-card.json",
				Type:    "AdaptiveCard",
				Version: "1.4",
				Body:    body,
				Actions: []teamsAction{{Type: "Action.OpenUrl", Title: m.Open, URL: m.URL}},
			},
		}},
	})
}
