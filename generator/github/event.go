// Package github turns GitHub issue events into status updates: an issue
// opened with the incident or maintenance form becomes a new content file,
// and a comment that starts with a command (/update, /next, /resolve,
// /postmortem, /maintenance) becomes an update of it. The files are written
// with package author, the code behind "sitrep new", "update" and
// "resolve", and checked by loading the whole site before they reach disk.
//
// The event comes from the file GitHub Actions names in GITHUB_EVENT_PATH,
// never from the workflow's shell: titles and comments are untrusted text.
// The package also writes the issue forms (Forms) and checks that a site's
// forms still list its components (CheckForms).
package github

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// maxEvent bounds the event file GitHub writes; a real one is a few KB,
// an issue body at most 64 KB.
const maxEvent = 4 << 20

// event is the part of an issues or issue_comment webhook payload that
// sitrep reads; field names are GitHub's.
type event struct {
	Action     string   `json:"action"`
	Issue      *issue   `json:"issue"`
	Comment    *comment `json:"comment"`
	Repository struct {
		HTMLURL       string `json:"html_url"`
		DefaultBranch string `json:"default_branch"`
	} `json:"repository"`
}

type user struct {
	Login string `json:"login"`
	Type  string `json:"type"` // "User" or "Bot"
}

type issue struct {
	Number            int             `json:"number"`
	Title             string          `json:"title"`
	Body              string          `json:"body"`
	HTMLURL           string          `json:"html_url"`
	State             string          `json:"state"`
	AuthorAssociation string          `json:"author_association"`
	CreatedAt         time.Time       `json:"created_at"`
	UpdatedAt         time.Time       `json:"updated_at"`
	User              user            `json:"user"`
	PullRequest       json.RawMessage `json:"pull_request"` // set on pull requests, whose comments are issue_comment events too
}

type comment struct {
	ID                int64     `json:"id"`
	Body              string    `json:"body"`
	HTMLURL           string    `json:"html_url"`
	AuthorAssociation string    `json:"author_association"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
	User              user      `json:"user"`
}

// decode reads a payload of the named event. It returns nil, nil for
// events and actions sitrep does not handle.
func decode(name string, data []byte) (*event, error) {
	if len(data) > maxEvent {
		return nil, fmt.Errorf("the event file is over %d MiB", maxEvent>>20)
	}
	var actions []string
	switch name {
	case "issues":
		actions = []string{"opened", "edited", "closed"}
	case "issue_comment":
		actions = []string{"created", "edited"}
	default:
		return nil, nil
	}
	var ev event
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, fmt.Errorf("the %s event is not valid JSON: %w", name, err)
	}
	if !slices.Contains(actions, ev.Action) {
		return nil, nil
	}
	switch {
	case ev.Issue == nil || ev.Issue.Number <= 0:
		return nil, fmt.Errorf("the %s event has no issue", name)
	case name == "issue_comment" && ev.Comment == nil:
		return nil, fmt.Errorf("the issue_comment event has no comment")
	case len(ev.Issue.PullRequest) > 0 && string(ev.Issue.PullRequest) != "null":
		return nil, nil
	}
	return &ev, nil
}

// DefaultAllowed are the author associations whose commands publish:
// the repository's owner, members of its organisation and collaborators.
var DefaultAllowed = []string{"OWNER", "MEMBER", "COLLABORATOR"}

// allowed reports whether association may publish.
func allowed(list []string, association string) bool {
	if len(list) == 0 {
		list = DefaultAllowed
	}
	return slices.ContainsFunc(list, func(a string) bool { return strings.EqualFold(a, association) })
}

// ParseAllowed reads a comma-separated list of author associations, as
// GitHub names them, for Options.Allowed.
func ParseAllowed(s string) ([]string, error) {
	known := []string{"OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN", "NONE"}
	var out []string
	for _, a := range strings.Split(s, ",") {
		a = strings.ToUpper(strings.TrimSpace(a))
		if a == "" {
			continue
		}
		if !slices.Contains(known, a) {
			return nil, fmt.Errorf("unknown author association %q (one of %s)", a, strings.Join(known, ", "))
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no author association given (for example OWNER,MEMBER,COLLABORATOR)")
	}
	return out, nil
}
