package content

import (
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// Heading is a level-2 heading of a Markdown body: the start of an update.
type Heading struct {
	Text string // the heading without "## " and without a closing "#" run
	Line int    // file line of the heading
}

// Headings returns the level-2 ATX headings of a Markdown body, in file
// order, ignoring "## " inside code blocks — the same cut the loader
// makes between updates. firstLine is the file line the body starts on
// (SplitFrontMatter's bodyLine). Editors of content files (sitrep update)
// use it to find where the timeline starts without re-parsing Markdown.
// A body that the loader refuses for its shape (see checkShape) has no
// headings: it is not parsed, since parsing it could take minutes.
func Headings(body []byte, firstLine int) []Heading {
	var out []Heading
	ss, _ := splitSections(newMarkdown(false), body, firstLine, nil) // only checkShape fails here; rendering to a buffer cannot
	for _, s := range ss {
		if s.Heading != "" {
			out = append(out, Heading{Text: s.Heading, Line: s.Line})
		}
	}
	return out
}

// DecodeYAML reads a YAML document that is not content — a GitHub Actions
// workflow, for example — into plain Go values: map[string]any, []any,
// strings, numbers and booleans. The document must be a mapping; anchors
// and aliases are refused as in content files. file names it in problems.
func DecodeYAML(file string, src []byte) (map[string]any, status.Problems) {
	d := &fileDecoder{file: file, loc: time.UTC}
	m := d.parse(src)
	if m == nil {
		return nil, d.probs
	}
	var out map[string]any
	if err := m.Decode(&out); err != nil {
		d.errf(m.Line, "YAML: %v", err)
		return nil, d.probs
	}
	if out == nil {
		out = map[string]any{}
	}
	return out, nil
}
