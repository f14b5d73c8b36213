package author

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// Incident is a new incident file: its front matter and first update.
type Incident struct {
	Title      string
	Severity   status.Severity
	Components []status.Affected // in the order given; Line is ignored
	NextUpdate time.Time         // zero: no promise
	At         time.Time         // time of the first update
	Kind       status.UpdateKind // of the first update, normally Investigating
	Message    string            // Markdown body of the first update
	Started    time.Time         // impact start when before At; zero: At
	Resolved   time.Time         // front matter resolved (a notice); zero: open
	Language   string            // "ko": Korean status words
}

// Bytes renders the file, timestamps in loc:
//
//	---
//	title: Elevated error rates on the API
//	severity: P1
//	components:
//	  api: partial_outage
//	next_update: 2026-11-22 12:00
//	---
//
//	## Investigating — 2026-11-22 11:00
//	We are investigating …
func (in Incident) Bytes(loc *time.Location) ([]byte, error) {
	title := strings.TrimSpace(in.Title)
	if title == "" {
		return nil, errors.New("the title is empty")
	}
	msg, err := checkMessage(in.Message)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", yamlString(title))
	fmt.Fprintf(&b, "severity: %s\n", in.Severity)
	if len(in.Components) > 0 {
		b.WriteString("components:\n")
		for _, a := range in.Components {
			fmt.Fprintf(&b, "  %s: %s\n", a.ID, ComponentValue(a, loc))
		}
	}
	if !in.Started.IsZero() && in.Started.Before(in.At) {
		fmt.Fprintf(&b, "started: %s\n", FormatTime(in.Started, loc))
	}
	if !in.NextUpdate.IsZero() {
		fmt.Fprintf(&b, "next_update: %s\n", FormatTime(in.NextUpdate, loc))
	}
	if !in.Resolved.IsZero() {
		fmt.Fprintf(&b, "resolved: %s\n", FormatTime(in.Resolved, loc))
	}
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "## %s — %s\n%s\n", headingWord(in.Kind, in.Language == "ko"), FormatTime(in.At, loc), msg)
	return []byte(b.String()), nil
}

// Maintenance is a new scheduled maintenance file.
type Maintenance struct {
	Title       string
	Components  []string // component ids
	From, Until time.Time
	Description string // Markdown; may be empty
}

// Bytes renders the file, times in loc:
//
//	---
//	title: Database upgrade
//	components: [database, api]
//	scheduled_for: 2026-12-01 02:00
//	scheduled_until: 2026-12-01 04:00
//	---
//	We will upgrade the primary database.
func (m Maintenance) Bytes(loc *time.Location) ([]byte, error) {
	title := strings.TrimSpace(m.Title)
	if title == "" {
		return nil, errors.New("the title is empty")
	}
	if !m.Until.After(m.From) {
		return nil, fmt.Errorf("the window ends (%s) before it starts (%s)", FormatTime(m.Until, loc), FormatTime(m.From, loc))
	}
	var desc string
	if strings.TrimSpace(m.Description) != "" {
		var err error
		if desc, err = checkMessage(m.Description); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", yamlString(title))
	fmt.Fprintf(&b, "components: [%s]\n", strings.Join(m.Components, ", "))
	fmt.Fprintf(&b, "scheduled_for: %s\n", FormatTime(m.From, loc))
	fmt.Fprintf(&b, "scheduled_until: %s\n", FormatTime(m.Until, loc))
	b.WriteString("---\n")
	if desc != "" {
		b.WriteString(desc + "\n")
	}
	return []byte(b.String()), nil
}
