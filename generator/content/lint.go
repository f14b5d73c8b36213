package content

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/sitrep/sitrep/generator/status"
)

// linter finds, in a parsed Markdown body, what the author wrote but the
// reader will not see as meant: a heading without its space, raw HTML and
// unsafe links that are dropped, and links to the site's own pages (which
// Validate checks once every page is known).
type linter struct {
	unsafe bool // markdown.unsafe_html: raw HTML and every link are kept
	warns  []lintWarning
	links  []status.Link
}

type lintWarning struct {
	line int
	msg  string
}

// noSpaceHeading is "##Identified …": a paragraph, not a heading.
var noSpaceHeading = regexp.MustCompile(`^#{1,6}[^#\s]`)

// check walks the document n parsed from body (whose first line is the
// file's line firstLine), once.
func (l *linter) check(n ast.Node, body []byte, firstLine int) {
	// The walk meets blocks in the order of the body, so lineOf counts
	// newlines on from the last block it was asked about instead of from
	// the start: a body with thousands of links costs one pass, not one
	// per link.
	at, atLine := 0, firstLine
	lineOf := func(n ast.Node) int {
		for ; n != nil; n = n.Parent() {
			if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
				start := n.Lines().At(0).Start
				if start < at {
					at, atLine = 0, firstLine
				}
				atLine += bytes.Count(body[at:start], []byte("\n"))
				at = start
				return atLine
			}
		}
		return firstLine
	}
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph:
			if n.Lines().Len() > 0 {
				seg := n.Lines().At(0)
				first := bytes.TrimRight(seg.Value(body), "\r\n")
				if len(first) > 0 && first[0] == '#' && noSpaceHeading.Match(first) { // the expression starts with "^#"
					hashes := bytes.IndexFunc(first, func(r rune) bool { return r != '#' })
					l.warn(lineOf(n), "%q is not a heading but text: write a space after %s (%q)",
						cut(first), first[:hashes], string(first[:hashes])+" "+string(first[hashes:]))
				}
			}
		case *ast.HTMLBlock, *ast.RawHTML:
			if !l.unsafe {
				l.warn(lineOf(n), "raw HTML is dropped from the page (write Markdown, or set markdown.unsafe_html in site.yaml)")
				return ast.WalkSkipChildren, nil
			}
		case *ast.Link:
			l.link(n.Destination, lineOf(n))
		case *ast.Image:
			l.link(n.Destination, lineOf(n))
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				l.link(n.URL(body), lineOf(n))
			}
		}
		return ast.WalkContinue, nil
	})
}

func (l *linter) link(dest []byte, line int) {
	switch {
	case !l.unsafe && !common(dest) && html.IsDangerousURL(dest):
		l.warn(line, "the link to %q is dropped: links with this scheme are unsafe", cut(dest))
	case bytes.HasPrefix(dest, []byte("/")) && !bytes.HasPrefix(dest, []byte("//")):
		l.links = append(l.links, status.Link{URL: string(dest), Line: line})
	}
}

// common reports links that are safe at a glance: goldmark's check
// allocates for every link, and nearly all are of these forms.
func common(dest []byte) bool {
	for _, p := range []string{"https://", "http://", "mailto:", "/", "#"} {
		if bytes.HasPrefix(dest, []byte(p)) {
			return true
		}
	}
	return false
}

// warn adds a warning, once per line: "<b>x</b>" is one mistake.
func (l *linter) warn(line int, format string, args ...any) {
	w := lintWarning{line, fmt.Sprintf(format, args...)}
	for _, o := range l.warns {
		if o == w {
			return
		}
	}
	l.warns = append(l.warns, w)
}

// cut shortens what a message quotes.
func cut(b []byte) string {
	if r := []rune(string(b)); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return string(b)
}
