package content

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sitrep/sitrep/generator/status"
)

// newMarkdown returns the Markdown converter for a site. goldmark omits raw
// HTML and dangerous link targets (javascript:, vbscript:, …) unless the
// site opts in with markdown.unsafe_html. Bare URLs are not turned into
// links (the linkify extension costs a quarter of all parsing time); write
// <https://…> or [text](https://…).
func newMarkdown(unsafe bool) goldmark.Markdown {
	var opts []goldmark.Option
	opts = append(opts, goldmark.WithParser(newParser()))
	opts = append(opts, goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
	if unsafe {
		opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
	} else {
		opts = append(opts, goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(newUnlink(), 100))))
	}
	return goldmark.New(opts...)
}

// newParser returns goldmark's default parser, but for one thing: it
// looks for link reference definitions ("[label]: /url") only in the
// paragraphs that may hold one (see linkRefs).
func newParser() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(util.Prioritized(linkRefs{}, 100)),
	)
}

// linkRefs is goldmark's LinkReferenceParagraphTransformer (the only
// default paragraph transformer, at the same priority), run only on
// paragraphs with "]:" in a line. A definition has it: the label's
// closing "]" and the colon after it, on one line. Looking costs goldmark
// a reader and more for every paragraph: an eighth of all it allocates
// for a status update.
type linkRefs struct{}

func (linkRefs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	src, lines := reader.Source(), node.Lines()
	for i := range lines.Len() {
		if seg := lines.At(i); bytes.Contains(src[seg.Start:seg.Stop], []byte("]:")) {
			parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
			return
		}
	}
}

// renderText renders a whole Markdown body, such as a component's description.
// A body beyond the limits of checkShape is refused with a *shapeError.
func renderText(md goldmark.Markdown, src string) (status.Text, error) {
	if err := checkShape([]byte(src)); err != nil {
		return status.Text{}, err
	}
	src = trimBlank(src)
	if src == "" {
		return status.Text{}, nil
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return status.Text{}, err
	}
	// goldmark's output is safe: see newMarkdown.
	return status.Text{Source: src, HTML: template.HTML(strings.TrimSpace(buf.String()))}, nil
}
