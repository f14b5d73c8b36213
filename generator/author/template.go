package author

import (
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// TemplateData is what the placeholders of an incident template
// (content/templates/<name>.md, SPEC §2.5) read.
type TemplateData struct {
	Title      string          // the incident's title
	Components string          // affected components' names as a phrase: "API and Webhooks"
	Severity   status.Severity // prints as "P1"
	Time       Clock           // the first update's time, in the site's zone
}

// Clock is a time that prints as "15:04 MST" in a template; methods of
// time.Time such as {{ .Time.Format "Jan 2, 15:04" }} work too.
type Clock struct{ time.Time }

// String formats the clock time with its zone, e.g. "11:00 KST".
func (c Clock) String() string { return c.Format("15:04 MST") }

// RenderTemplate fills a template's body. A placeholder that does not
// exist is an error naming the template file.
func RenderTemplate(t *status.Template, d TemplateData) (string, error) {
	tpl, err := template.New(t.Pos.File).Option("missingkey=error").Parse(t.Body)
	if err != nil {
		return "", fmt.Errorf("%s: %w (placeholders: .Title, .Components, .Severity, .Time)", t.Pos.File, err)
	}
	var b strings.Builder
	if err := tpl.Execute(&b, d); err != nil {
		return "", fmt.Errorf("%w (placeholders: .Title, .Components, .Severity, .Time)", err)
	}
	return b.String(), nil
}
