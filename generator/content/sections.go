package content

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/sitrep/sitrep/generator/status"
)

// section is a part of a Markdown body: the text before the first level-2
// heading (Heading empty), or one level-2 heading and the text up to the next.
type section struct {
	Heading string // heading text without "## "
	Line    int    // file line of the heading, or of the body's first line
	Text    status.Text
}

// splitSections parses a Markdown body once and cuts it at its level-2 ATX
// headings ("## …"). Parsing the whole body, rather than cutting lines
// first, keeps "## " inside code blocks where it belongs and costs one
// parse per file. firstLine is the body's line in the file.
// With l, it also lints the body (see linter). A body beyond the limits
// of checkShape is refused with a *shapeError.
func splitSections(md goldmark.Markdown, body []byte, firstLine int, l *linter) ([]section, error) {
	if err := checkShape(body); err != nil {
		return nil, err
	}
	doc := md.Parser().Parse(text.NewReader(body))
	// A section is a run of the document's top-level nodes: from first
	// up to end (the next section's heading, or nil).
	type cut struct {
		heading    string
		line       int
		first, end ast.Node
		from, to   int // byte range of the section's text, heading excluded
	}
	// One copy of the body holds the text of every section and heading.
	src := string(body)
	cuts := append(make([]cut, 0, 8), cut{line: firstLine, first: doc.FirstChild()})
	at, atLine := 0, firstLine // headings come in body order: count lines on from the last
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 && h.Lines().Len() > 0 {
			seg := h.Lines().At(0)
			lineStart := bytes.LastIndexByte(body[:seg.Start], '\n') + 1
			if bytes.HasPrefix(bytes.TrimLeft(body[lineStart:seg.Start], " "), []byte("#")) { // ATX, not setext
				lineEnd := len(body)
				if i := bytes.IndexByte(body[seg.Start:], '\n'); i >= 0 {
					lineEnd = seg.Start + i + 1
				}
				cur := &cuts[len(cuts)-1]
				cur.to, cur.end = lineStart, n
				atLine += bytes.Count(body[at:lineStart], []byte("\n"))
				at = lineStart
				heading := src[seg.Start:seg.Stop]
				if h.Lines().Len() > 1 || seg.Padding > 0 {
					heading = string(h.Lines().Value(body))
				}
				cuts = append(cuts, cut{
					heading: strings.TrimSpace(heading),
					line:    atLine,
					first:   n.NextSibling(),
					from:    lineEnd,
				})
			}
		}
	}
	if l != nil {
		l.check(doc, body, firstLine)
	}
	cuts[len(cuts)-1].to = len(body)
	out := make([]section, len(cuts))
	r := md.Renderer()
	// The renderer buffers what it writes in a bufio.Writer: given none,
	// it makes one of 4 KB for every node. One writer and buffer, reused
	// from file to file, keep a site's load from making 4 KB per file.
	// Every section is rendered into the buffer in turn, and the HTML of
	// each is a part of one string made of it.
	o := outputs.Get().(*output)
	defer outputs.Put(o)
	buf, w := &o.buf, o.w
	w.Reset(buf) // drops what a failed render left unflushed
	buf.Reset()
	ends := make([]int, len(cuts)) // where each section's HTML ends in buf
	for i, c := range cuts {
		out[i] = section{Heading: c.heading, Line: c.line}
		out[i].Text.Source = trimBlank(src[c.from:max(c.from, c.to)])
		if out[i].Text.Source != "" {
			for n := c.first; n != nil && n != c.end; n = n.NextSibling() {
				if err := r.Render(w, body, n); err != nil {
					return nil, err
				}
			}
			if err := w.Flush(); err != nil {
				return nil, err
			}
		}
		ends[i] = buf.Len()
	}
	html := buf.String()
	for i := range out {
		if out[i].Text.Source == "" {
			continue
		}
		from := 0
		if i > 0 {
			from = ends[i-1]
		}
		// goldmark's output is safe here: raw HTML and dangerous URLs
		// are dropped unless the site opted in.
		out[i].Text.HTML = template.HTML(strings.TrimSpace(html[from:ends[i]]))
	}
	return out, nil
}

// output is what splitSections renders a section's HTML into.
type output struct {
	buf bytes.Buffer
	w   *bufio.Writer // writes to buf
}

var outputs = sync.Pool{New: func() any {
	o := new(output)
	o.w = bufio.NewWriter(&o.buf)
	return o
}}

// whenAt returns where the date and time that end an update heading
// start, or -1: the first i from which h[i:] is, in the terms of a
// regular expression,
//
//	\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?\s*$
//
// Every heading is read with it, and the regular expression cost a
// tenth of reading the headings. Its parts are matched greedily: none
// can give back what it took and let the rest match (FuzzWhenAt checks
// it against the expression).
func whenAt(h string) int {
	for i := 0; i+10 <= len(h); i++ {
		if isDigit(h[i]) && endsWhen(h, i) {
			return i
		}
	}
	return -1
}

// endsWhen reports whether h[i:] is a date, an optional time and an
// optional offset, and white space (see whenAt).
func endsWhen(h string, i int) bool {
	digits := func(j, n int) int { // the end of n digits at j, or -1
		if j < 0 || j+n > len(h) {
			return -1
		}
		for k := j; k < j+n; k++ {
			if !isDigit(h[k]) {
				return -1
			}
		}
		return j + n
	}
	char := func(j int, c byte) int { // j+1 if h[j] is c, or -1
		if j < 0 || j >= len(h) || h[j] != c {
			return -1
		}
		return j + 1
	}
	i = digits(char(digits(char(digits(i, 4), '-'), 2), '-'), 2)
	if i < 0 {
		return false
	}
	// [ T]\d{1,2}:\d{2}
	if i < len(h) && (h[i] == ' ' || h[i] == 'T') {
		j := digits(i+1, 1)
		if k := digits(j, 1); k >= 0 {
			j = k
		}
		if j = digits(char(j, ':'), 2); j >= 0 {
			i = j
			// :\d{2}(?:\.\d+)?
			if j = digits(char(i, ':'), 2); j >= 0 {
				i = j
				if j = digits(char(i, '.'), 1); j >= 0 {
					for j < len(h) && isDigit(h[j]) {
						j++
					}
					i = j
				}
			}
		}
	}
	// \s*(?:Z|[+-]\d{2}:?\d{2})
	j := skipSpace(h, i)
	switch {
	case j < len(h) && h[j] == 'Z':
		i = j + 1
	case j < len(h) && (h[j] == '+' || h[j] == '-'):
		if k := digits(j+1, 2); k >= 0 {
			if c := char(k, ':'); c >= 0 {
				k = c
			}
			if k = digits(k, 2); k >= 0 {
				i = k
			}
		}
	}
	return skipSpace(h, i) == len(h)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipSpace returns the index after the white space (\s: tab, line
// feed, form feed, carriage return, space) at i.
func skipSpace(h string, i int) int {
	for i < len(h) && (h[i] == ' ' || h[i] == '\t' || h[i] == '\n' || h[i] == '\f' || h[i] == '\r') {
		i++
	}
	return i
}

var headingClock = regexp.MustCompile(`\s\d{1,2}:\d{2}(?::\d{2})?\s*$`)

// ParseHeading splits an update heading such as "Resolved — 2026-11-21 16:45"
// into its status word and timestamp. The separator between them (—, –, -,
// ·, |, @ or a colon) is optional.
func ParseHeading(h string) (word, when string, err error) {
	h = strings.TrimSpace(h)
	at := whenAt(h)
	if at < 0 {
		if t := headingClock.FindString(h); t != "" {
			return "", "", fmt.Errorf("update heading %q has a time but no date (write e.g. \"## Investigating — 2026-11-21 %s\")", h, strings.TrimSpace(t))
		}
		return "", "", fmt.Errorf("update heading %q has no date and time (write e.g. \"## Investigating — 2026-11-21 14:32\")", h)
	}
	when = strings.TrimSpace(h[at:])
	word = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(h[:at]), "—–-·|@:"))
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
