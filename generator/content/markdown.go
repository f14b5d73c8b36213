package content

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/sitrep/sitrep/generator/status"
)

// newMarkdown returns the Markdown converter for a site. goldmark omits raw
// HTML and dangerous link targets (javascript:, vbscript:, …) unless the
// site opts in with markdown.unsafe_html.
func newMarkdown(unsafe bool) goldmark.Markdown {
	var opts []goldmark.Option
	opts = append(opts, goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.TaskList))
	if unsafe {
		opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(opts...)
}

// text renders Markdown source into a status.Text.
func text(md goldmark.Markdown, src string) (status.Text, error) {
	src = trimBlank(src)
	if src == "" {
		return status.Text{}, nil
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return status.Text{}, err
	}
	return status.Text{
		Source: src,
		// goldmark's output is safe here: raw HTML and dangerous URLs are
		// dropped unless the site opted in.
		HTML: template.HTML(strings.TrimSpace(buf.String())),
	}, nil
}
