package notify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The receivers' documented shapes and limits, checked on every payload
// the tests' servers take.

// slackLinkRe is the only "<…>" sequence sitrep writes in Slack mrkdwn:
// a link to the status site. Anything else (<!channel>, <@U…>, a link
// elsewhere) would come from content that was not escaped.
var slackLinkRe = regexp.MustCompile(`<https://status\.example\.com/[^|<>\s]*\|[^<>]*>`)

func checkSlack(body []byte) (errs []string) {
	var m struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text *struct {
				Type, Text string
			} `json:"text"`
			Elements []struct{ Type, Text string } `json:"elements"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return []string{"slack: " + err.Error()}
	}
	bad := func(f string, a ...any) { errs = append(errs, "slack: "+fmt.Sprintf(f, a...)) }
	mrk := func(where, s string) {
		if rest := slackLinkRe.ReplaceAllString(s, ""); strings.ContainsAny(rest, "<>") {
			bad("%s has an unescaped < or > (a mention or link): %q", where, s)
		}
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "&amp;", ""), "&lt;", ""), "&gt;", ""), "&") {
			bad("%s has an unescaped &: %q", where, s)
		}
	}
	if m.Text == "" || units(m.Text) > 40000 {
		bad("text fallback is empty or too long (%d)", units(m.Text))
	}
	mrk("text", m.Text)
	if len(m.Blocks) == 0 || len(m.Blocks) > 50 {
		bad("%d blocks; 1 to 50 allowed", len(m.Blocks))
	}
	for i, b := range m.Blocks {
		switch b.Type {
		case "header":
			if b.Text == nil || b.Text.Type != "plain_text" || units(b.Text.Text) > 150 || b.Text.Text == "" {
				bad("block %d: a header holds plain_text of 1 to 150 characters: %+v", i, b.Text)
			}
		case "section":
			if b.Text == nil || b.Text.Type != "mrkdwn" || units(b.Text.Text) > 3000 || b.Text.Text == "" {
				bad("block %d: a section's text is 1 to 3000 characters", i)
			} else {
				mrk(fmt.Sprintf("block %d", i), b.Text.Text)
			}
		case "context":
			if len(b.Elements) == 0 || len(b.Elements) > 10 {
				bad("block %d: a context has 1 to 10 elements", i)
			}
			for _, e := range b.Elements {
				if e.Type != "mrkdwn" || units(e.Text) > 3000 {
					bad("block %d: context element %+v", i, e)
				}
				mrk(fmt.Sprintf("block %d", i), e.Text)
			}
		default:
			bad("block %d: unexpected type %q", i, b.Type)
		}
	}
	return errs
}

func checkDiscord(body []byte) (errs []string) {
	var m struct {
		Content string `json:"content"`
		Embeds  []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			URL         string `json:"url"`
			Color       *int   `json:"color"`
			Timestamp   string `json:"timestamp"`
			Fields      []struct {
				Name, Value string
			} `json:"fields"`
			Footer *struct{ Text string } `json:"footer"`
		} `json:"embeds"`
		AllowedMentions *struct {
			Parse *[]string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return []string{"discord: " + err.Error()}
	}
	bad := func(f string, a ...any) { errs = append(errs, "discord: "+fmt.Sprintf(f, a...)) }
	if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(*m.AllowedMentions.Parse) != 0 {
		bad("allowed_mentions must be {\"parse\": []} so that nothing mentions anyone")
	}
	if len(m.Embeds) != 1 {
		bad("%d embeds, want 1", len(m.Embeds))
		return errs
	}
	e := m.Embeds[0]
	total := units(e.Title) + units(e.Description)
	if e.Title == "" || units(e.Title) > 256 {
		bad("title of %d characters; 1 to 256", units(e.Title))
	}
	if units(e.Description) > 4096 {
		bad("description of %d characters; at most 4096", units(e.Description))
	}
	if len(e.Fields) > 25 {
		bad("%d fields; at most 25", len(e.Fields))
	}
	for _, f := range e.Fields {
		total += units(f.Name) + units(f.Value)
		if f.Name == "" || units(f.Name) > 256 || f.Value == "" || units(f.Value) > 1024 {
			bad("field %q: name 1 to 256, value 1 to 1024 characters", f.Name)
		}
	}
	if e.Footer != nil {
		total += units(e.Footer.Text)
		if units(e.Footer.Text) > 2048 {
			bad("footer too long")
		}
	}
	if total > 6000 {
		bad("embed text of %d characters; at most 6000 in all", total)
	}
	if e.Color == nil || *e.Color < 0 || *e.Color > 0xffffff {
		bad("colour %v", e.Color)
	}
	if _, err := time.Parse(time.RFC3339, e.Timestamp); err != nil {
		bad("timestamp %q is not ISO 8601", e.Timestamp)
	}
	if !strings.HasPrefix(e.URL, "https://status.example.com/") {
		bad("url %q", e.URL)
	}
	return errs
}

func checkTeams(body []byte) (errs []string) {
	var m struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string          `json:"contentType"`
			ContentURL  *string         `json:"contentUrl"`
			Content     json.RawMessage `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return []string{"teams: " + err.Error()}
	}
	bad := func(f string, a ...any) { errs = append(errs, "teams: "+fmt.Sprintf(f, a...)) }
	if len(body) > 28000 {
		bad("message of %d bytes; Teams takes about 28 KB", len(body))
	}
	if m.Type != "message" || len(m.Attachments) != 1 || m.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
		bad("not a message with one Adaptive Card attachment: %s", body)
		return errs
	}
	var card struct {
		Schema  string `json:"$schema"`
		Type    string `json:"type"`
		Version string `json:"version"`
		Body    []struct {
			Type, Text string
			Facts      []struct{ Title, Value string }
		} `json:"body"`
		Actions []struct{ Type, Title, URL string } `json:"actions"`
		MSTeams any                                 `json:"msteams"`
	}
	if err := json.Unmarshal(m.Attachments[0].Content, &card); err != nil {
		bad("card: %v", err)
		return errs
	}
	if card.Type != "AdaptiveCard" || card.Version == "" || len(card.Body) == 0 {
		bad("card type %q version %q with %d elements", card.Type, card.Version, len(card.Body))
	}
	if card.MSTeams != nil {
		bad("the card carries msteams entities: it could mention someone")
	}
	for _, b := range card.Body {
		if b.Type != "TextBlock" && b.Type != "FactSet" {
			bad("element type %q", b.Type)
		}
	}
	if len(card.Actions) != 1 || card.Actions[0].Type != "Action.OpenUrl" || !strings.HasPrefix(card.Actions[0].URL, "https://status.example.com/") {
		bad("actions %+v", card.Actions)
	}
	return errs
}

// fixtureKeys returns the keys of each object in the Statuspage webhook
// captures in testdata/, by a path such as "incident.incident_updates[]":
// sorted, and in the captures' order.
func fixtureKeys(t testing.TB) (sorted, order map[string][]string) {
	t.Helper()
	out := map[string][]string{}
	order = map[string][]string{}
	for _, f := range []string{"incident_update.json", "component_status_update.json"} {
		b, err := os.ReadFile("testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		collectKeys(v, "", out)
		o, err := orderedKeys(b)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range o {
			order[k] = v
		}
	}
	return out, order
}

// orderedKeys returns the keys of each object of a JSON document in the
// order they are written, by the same paths as collectKeys.
func orderedKeys(b []byte) (map[string][]string, error) {
	out := map[string][]string{}
	dec := json.NewDecoder(bytes.NewReader(b))
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			var keys []string
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				keys = append(keys, k.(string))
				if err := walk(strings.TrimPrefix(path+"."+k.(string), ".")); err != nil {
					return err
				}
			}
			if _, seen := out[path]; !seen {
				out[path] = keys
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(path + "[]"); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	return out, walk("")
}

func collectKeys(v any, path string, out map[string][]string) {
	switch v := v.(type) {
	case map[string]any:
		out[path] = slices.Sorted(maps.Keys(v))
		for k, c := range v {
			collectKeys(c, strings.TrimPrefix(path+"."+k, "."), out)
		}
	case []any:
		for _, c := range v {
			collectKeys(c, path+"[]", out)
		}
	}
}

// checkWebhook compares every object of a payload with the captures' keys.
func checkWebhook(want, wantOrder map[string][]string) func([]byte) []string {
	return func(body []byte) (errs []string) {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return []string{"webhook: " + err.Error()}
		}
		got := map[string][]string{}
		collectKeys(v, "", got)
		// Consumers that read the captures' layout see keys in their order.
		order, err := orderedKeys(body)
		if err != nil {
			return []string{"webhook: " + err.Error()}
		}
		for path, keys := range order {
			if w := wantOrder[path]; path != "" && w != nil && !slices.Equal(keys, w) {
				errs = append(errs, fmt.Sprintf("webhook: %s has its keys in the order %v, the capture %v", path, keys, w))
			}
		}
		for path, keys := range got {
			w, ok := want[path]
			if path == "" {
				// The top level holds meta, page and one kind of object.
				ok, w = true, keys
				if !slices.Contains(keys, "meta") || !slices.Contains(keys, "page") || !(slices.Contains(keys, "incident") || slices.Contains(keys, "component")) {
					errs = append(errs, fmt.Sprintf("webhook: top-level keys %v", keys))
				}
			}
			if !ok {
				errs = append(errs, "webhook: the captures have no object at "+path)
			} else if !slices.Equal(keys, w) {
				errs = append(errs, fmt.Sprintf("webhook: %s has keys %v, the capture %v", path, keys, w))
			}
		}
		return errs
	}
}

// spPayload decodes a webhook with the field names of the captures, as a
// Statuspage consumer does.
type spPayload struct {
	Page struct {
		ID                string `json:"id"`
		StatusIndicator   string `json:"status_indicator"`
		StatusDescription string `json:"status_description"`
	} `json:"page"`
	Incident *struct {
		Name            string  `json:"name"`
		Status          string  `json:"status"`
		Impact          string  `json:"impact"`
		Shortlink       string  `json:"shortlink"`
		ScheduledFor    *string `json:"scheduled_for"`
		IncidentUpdates []struct {
			Status             string `json:"status"`
			Body               string `json:"body"`
			CreatedAt          string `json:"created_at"`
			AffectedComponents []struct {
				Code      string `json:"code"`
				Name      string `json:"name"`
				OldStatus string `json:"old_status"`
				NewStatus string `json:"new_status"`
			} `json:"affected_components"`
		} `json:"incident_updates"`
	} `json:"incident"`
	Component *struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	} `json:"component"`
	ComponentUpdate *struct {
		OldStatus string `json:"old_status"`
		NewStatus string `json:"new_status"`
	} `json:"component_update"`
}
