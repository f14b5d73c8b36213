package github

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseCommand: any comment parses without panicking; a command
// keeps its message whole and never takes a flag for the message.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{
		"/update identified We found it.\n\nMore.", "/update monitoring --component api=operational --next-update=30m Fixed",
		"/next 30m", "/resolve done", "/postmortem", "/maintenance start", "/maintenance complete ok",
		"/frob", "/", "//", "/update", "/update --component", "  /resolve\r\nok", "plain text",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		c, err := parseCommand(body)
		if c != nil && err != nil {
			t.Fatalf("both a command and an error: %+v, %v", c, err)
		}
		if c == nil {
			return
		}
		if c.name == "update" && strings.HasPrefix(c.message, "--") {
			t.Errorf("a flag became the message: %q", c.message)
		}
		if utf8.ValidString(body) && !utf8.ValidString(c.message) {
			t.Errorf("the message is not valid UTF-8: %q", c.message)
		}
	})
}

// FuzzParseForm: any issue body parses without panicking, and a value
// never holds a line that starts another field.
func FuzzParseForm(f *testing.F) {
	f.Add(incidentForm("API (api), Website (website)", "msg\n### Not a field\n", "30m"))
	f.Add(form("Components under maintenance", "API (api)", "Start", "2026-12-01 02:00", "End", "2h", "Description", ""))
	f.Add("### Severity\r\n\r\n_No response_")
	f.Fuzz(func(t *testing.T, body string) {
		fb := parseForm(body)
		if fb == nil {
			return
		}
		for id, v := range fb.values {
			for _, line := range strings.Split(v, "\n") {
				if h, ok := strings.CutPrefix(line, "### "); ok && h == fSeverity.en {
					t.Errorf("%s holds the heading of another field: %q", id, v)
				}
			}
			selected(v) // must not panic
		}
	})
}
