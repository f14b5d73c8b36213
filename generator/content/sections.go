package content

import (
	"fmt"
	"regexp"
	"strings"
)

// section is a part of a Markdown body: the text before the first level-2
// heading (Heading empty), or one level-2 heading and the text up to the next.
type section struct {
	Heading string // heading text without "## "
	Line    int    // file line of the heading, or of the first body line
	Body    string
}

// splitSections cuts a Markdown body at its level-2 ATX headings ("## …"),
// ignoring lines inside fenced code blocks. firstLine is the body's line in
// the file.
func splitSections(body []byte, firstLine int) []section {
	var out []section
	cur := section{Line: firstLine}
	var buf strings.Builder
	fence := ""
	n := firstLine
	for len(body) > 0 {
		line, rest, _ := cutLine(body)
		body = rest
		text := strings.TrimRight(string(line), "\r")
		if f := fenceMarker(text); f != "" {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(f, fence) && strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(text), f[:1])) == "":
				fence = ""
			}
		}
		if h, ok := h2(text); ok && fence == "" {
			cur.Body = buf.String()
			out = append(out, cur)
			buf.Reset()
			cur = section{Heading: h, Line: n}
		} else {
			buf.WriteString(text)
			buf.WriteByte('\n')
		}
		n++
	}
	cur.Body = buf.String()
	return append(out, cur)
}

// fenceMarker returns the run of ``` or ~~~ that opens or closes a fenced
// code block on this line, or "".
func fenceMarker(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return t[:n]
}

// h2 reports whether line is a level-2 ATX heading and returns its text.
func h2(line string) (string, bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || !strings.HasPrefix(t, "##") {
		return "", false
	}
	t = t[2:]
	if t != "" && t[0] != ' ' && t[0] != '\t' {
		return "", false
	}
	t = strings.TrimSpace(t)
	// A closing sequence of #s is not part of the heading (CommonMark).
	if s := strings.TrimRight(t, "#"); s != t && (s == "" || strings.HasSuffix(s, " ")) {
		t = strings.TrimSpace(s)
	}
	return t, true
}

var headingTime = regexp.MustCompile(`\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?\s*$`)

// ParseHeading splits an update heading such as "Resolved — 2026-11-21 16:45"
// into its status word and timestamp. The separator between them (—, –, -,
// ·, |, @ or a colon) is optional.
func ParseHeading(h string) (word, when string, err error) {
	h = strings.TrimSpace(h)
	loc := headingTime.FindStringIndex(h)
	if loc == nil {
		return "", "", fmt.Errorf("update heading %q has no time (write e.g. \"## Investigating — 2026-11-21 14:32\")", h)
	}
	when = strings.TrimSpace(h[loc[0]:])
	word = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(h[:loc[0]]), "—–-·|@:"))
	if word == "" {
		return "", "", fmt.Errorf("update heading %q has no status word (start it with one of Investigating, Identified, Monitoring, Update, Resolved, Postmortem)", h)
	}
	return word, when, nil
}

// trimBlank removes leading blank lines and trailing white space but keeps
// the indentation of the first line (it may start an indented code block).
func trimBlank(s string) string {
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(line) != "" {
			break
		}
		s = rest
	}
	return strings.TrimRight(s, " \t\r\n")
}
