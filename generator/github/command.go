package github

import (
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/generator/status"
)

// command is a comment that starts with a slash command.
type command struct {
	name    string            // update, next, resolve, postmortem or maintenance
	kind    status.UpdateKind // of /update
	comps   []string          // --component ID=STATUS of /update
	next    string            // the promise of /next, or --next-update of /update
	step    string            // start or complete, of /maintenance
	message string            // Markdown; may span lines
}

// usages are the commands' synopses, shown with every refusal.
var usages = []struct{ name, text string }{
	{"update", "/update investigating|identified|monitoring|update [--component ID=STATUS]... [--next-update 30m] message"},
	{"next", "/next 30m|1h|15:30|none"},
	{"resolve", "/resolve message"},
	{"postmortem", "/postmortem"},
	{"maintenance", "/maintenance start|complete [message]"},
}

func usageOf(name string) string {
	for _, u := range usages {
		if u.name == name {
			return u.text
		}
	}
	return ""
}

func commandNames() []string {
	var out []string
	for _, u := range usages {
		out = append(out, "/"+u.name)
	}
	return out
}

// commandError is a command that cannot be carried out; the reply shows
// the message and the command's usage.
type commandError struct {
	name string // "" when the command itself is unknown
	msg  string
}

func (e *commandError) Error() string { return e.msg }

func cmdErrorf(name, format string, args ...any) error {
	return &commandError{name: name, msg: fmt.Sprintf(format, args...)}
}

// word cuts the first word off s: it returns the word and the rest, with
// the white space between them removed.
func word(s string) (string, string) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeft(s[i:], " \t")
}

// parseCommand reads a comment. It returns nil, nil when the comment
// does not start with a slash and a word: an ordinary comment.
func parseCommand(body string) (*command, error) {
	body = strings.TrimLeft(strings.ReplaceAll(body, "\r\n", "\n"), " \t\n")
	if !strings.HasPrefix(body, "/") || len(body) < 2 || !isLetter(body[1]) {
		return nil, nil
	}
	first, more, _ := strings.Cut(body, "\n")
	name, rest := word(first[1:])
	name = strings.ToLower(name)
	c := &command{name: name}
	message := func(rest string) string {
		return strings.TrimSpace(rest + "\n" + more)
	}
	switch name {
	case "update":
		w, r := word(rest)
		kind, ok := status.ParseUpdateKind(w)
		switch {
		case w == "":
			return nil, cmdErrorf(name, "/update needs a status: investigating, identified, monitoring or update (no change of status)")
		case ok && kind == status.Resolved:
			return nil, cmdErrorf(name, "to resolve the incident, comment /resolve with a message")
		case ok && kind == status.Postmortem:
			return nil, cmdErrorf(name, "for the postmortem, comment /postmortem")
		case !ok:
			hint := ""
			if s := status.Closest(w, []string{"investigating", "identified", "monitoring", "update"}); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			return nil, cmdErrorf(name, "unknown status %q%s", w, hint)
		}
		c.kind, rest = kind, r
		for {
			w, r := word(rest)
			flag, val, hasVal := strings.Cut(w, "=")
			if !strings.HasPrefix(flag, "--") {
				break
			}
			if flag != "--component" && flag != "--next-update" {
				return nil, cmdErrorf(name, "unknown flag %s (flags: --component ID=STATUS, --next-update 30m)", flag)
			}
			if !hasVal {
				val, r = word(r)
			}
			if val == "" {
				return nil, cmdErrorf(name, "%s needs a value", flag)
			}
			if flag == "--component" {
				c.comps = append(c.comps, val)
			} else {
				c.next = val
			}
			rest = r
		}
		if c.message = message(rest); c.message == "" {
			return nil, cmdErrorf(name, "the message is missing")
		}
	case "next":
		c.next = strings.TrimSpace(rest)
		if c.next == "" || strings.TrimSpace(more) != "" {
			return nil, cmdErrorf(name, "/next takes one time: a duration (30m, 1h), a time (15:30), a date and time, or none")
		}
	case "resolve":
		if c.message = message(rest); c.message == "" {
			return nil, cmdErrorf(name, "the message is missing: say what was fixed")
		}
	case "postmortem":
		if strings.TrimSpace(rest) != "" {
			return nil, cmdErrorf(name, "/postmortem takes no arguments")
		}
	case "maintenance":
		c.step, rest = word(rest)
		c.step = strings.ToLower(c.step)
		if c.step != "start" && c.step != "complete" {
			return nil, cmdErrorf(name, "/maintenance takes start or complete, not %q", c.step)
		}
		c.message = message(rest)
	default:
		hint := ""
		if s := status.Closest(name, []string{"update", "next", "resolve", "postmortem", "maintenance"}); s != "" {
			hint = fmt.Sprintf(" (did you mean /%s?)", s)
		}
		return nil, &commandError{msg: fmt.Sprintf("unknown command /%s%s; commands: %s", name, hint, strings.Join(commandNames(), ", "))}
	}
	return c, nil
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
