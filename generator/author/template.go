package author

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
	"text/template/parse"
	"time"

	"github.com/sitrep/sitrep/generator/content"
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

// Limits on running a template, which is code from the site's content:
// its output must fit a content file, and it must finish about at once.
const (
	maxTemplateOutput = content.MaxFileSize
	maxTemplateTime   = 2 * time.Second
	maxTemplateLoops  = 100_000 // iterations of nested "range N" with literal N
)

const incidentPlaceholders = "placeholders: .Title, .Components, .Severity, .Time"

// RenderTemplate fills a template's body. A placeholder that does not
// exist is an error naming the template file.
func RenderTemplate(t *status.Template, d TemplateData) (string, error) {
	return runTemplate(t.Pos.File, t.Body, d, incidentPlaceholders)
}

// SampleTemplateData is data to check a template with: "sitrep check"
// runs every template on it, so that a template that fails is reported
// before the worst hour of the year.
func SampleTemplateData(loc *time.Location) TemplateData {
	return TemplateData{Title: "Elevated error rates", Components: "API", Severity: status.P1,
		Time: Clock{time.Date(2026, 1, 2, 15, 4, 0, 0, loc)}}
}

// CheckTemplates runs each of the site's templates on sample data and
// reports those that fail, at their file.
func CheckTemplates(st *status.Site) status.Problems {
	var probs status.Problems
	if st == nil {
		return nil
	}
	for _, t := range st.Templates {
		var err error
		if t.Name == PostmortemTemplate {
			_, err = runTemplate(t.Pos.File, t.Body, samplePostmortem(st.Config.Location), postmortemPlaceholders)
		} else {
			_, err = RenderTemplate(t, SampleTemplateData(st.Config.Location))
		}
		if err != nil {
			msg := strings.TrimPrefix(err.Error(), t.Pos.File+": ")
			probs = append(probs, &status.Problem{Pos: t.Pos, Msg: msg})
		}
	}
	return probs
}

// runTemplate parses and executes src with data, within the limits.
func runTemplate(file, src string, data any, placeholders string) (string, error) {
	tpl, err := template.New(file).Option("missingkey=error").Parse(src)
	if err != nil {
		return "", fmt.Errorf("%s: %w (%s)", file, err, placeholders)
	}
	if n := loops(tpl.Root, 1); n > maxTemplateLoops {
		return "", fmt.Errorf("%s: the template's range loops run %d times (at most %d)", file, n, maxTemplateLoops)
	}
	w := &limitedWriter{max: maxTemplateOutput}
	done := make(chan error, 1)
	// A template cannot be stopped from outside: one that runs too long
	// is abandoned, and the command fails at once.
	go func() { done <- tpl.Execute(w, data) }()
	select {
	case err = <-done:
	case <-time.After(maxTemplateTime):
		return "", fmt.Errorf("%s: the template did not finish within %v", file, maxTemplateTime)
	}
	if errors.Is(err, errTooLong) {
		return "", fmt.Errorf("%s: the template's output is over %d bytes", file, maxTemplateOutput)
	}
	if err != nil {
		return "", fmt.Errorf("%w (%s)", err, placeholders)
	}
	return w.b.String(), nil
}

// loops returns the most iterations nested "range N" with literal
// numbers N run in node, times outer.
func loops(node parse.Node, outer int64) int64 {
	most := outer
	visit := func(n parse.Node, times int64) {
		if n != nil && !isNil(n) {
			most = max(most, loops(n, times))
		}
	}
	switch n := node.(type) {
	case *parse.ListNode:
		if n == nil {
			return outer
		}
		for _, c := range n.Nodes {
			visit(c, outer)
		}
	case *parse.RangeNode:
		times := outer
		if n.Pipe != nil && len(n.Pipe.Cmds) == 1 && len(n.Pipe.Cmds[0].Args) == 1 {
			if num, ok := n.Pipe.Cmds[0].Args[0].(*parse.NumberNode); ok && num.IsInt {
				times = outer * max(1, min(num.Int64, maxTemplateLoops+1))
			}
		}
		visit(n.List, times)
		visit(n.ElseList, outer)
	case *parse.IfNode:
		visit(n.List, outer)
		visit(n.ElseList, outer)
	case *parse.WithNode:
		visit(n.List, outer)
		visit(n.ElseList, outer)
	}
	return min(most, maxTemplateLoops+1)
}

func isNil(n parse.Node) bool {
	l, ok := n.(*parse.ListNode)
	return ok && l == nil
}

var errTooLong = errors.New("output too long")

// limitedWriter keeps at most max bytes and fails past them, which stops
// the template.
type limitedWriter struct {
	b   strings.Builder
	max int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		return 0, errTooLong
	}
	return w.b.Write(p)
}
