package content

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// unlink renders links and images whose target goldmark's safe mode would
// drop (javascript:, vbscript:, data: other than images, …) as their text.
// goldmark writes them as href="" or src="", an empty reference that
// readers and feed validators take as a link to the page itself. It works
// at rendering, so the linter still sees, and reports, the dropped link.
//
// Nearly every target is of a form that common shows safe at a glance.
// Those are written by goldmark's unsafe renderer: for a target that is
// not dangerous it writes what the safe one writes, without the safe
// one's check, which allocates ten times per call.
type unlink struct {
	base map[ast.NodeKind]renderer.NodeRendererFunc // goldmark's own, for safe targets
	fast map[ast.NodeKind]renderer.NodeRendererFunc // goldmark's own without the check, for common targets
}

func newUnlink() *unlink {
	u := &unlink{base: map[ast.NodeKind]renderer.NodeRendererFunc{}, fast: map[ast.NodeKind]renderer.NodeRendererFunc{}}
	html.NewRenderer().RegisterFuncs(capture(u.base))
	html.NewRenderer(html.WithUnsafe()).RegisterFuncs(capture(u.fast))
	return u
}

// capture keeps the functions a renderer registers.
type capture map[ast.NodeKind]renderer.NodeRendererFunc

func (c capture) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { c[k] = f }

// RegisterFuncs replaces the rendering of links, images and autolinks.
func (u *unlink) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, u.link)
	reg.Register(ast.KindImage, u.image)
	reg.Register(ast.KindAutoLink, u.autoLink)
}

// link renders a dangerous link's children alone: its text stays.
func (u *unlink) link(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	dest := n.(*ast.Link).Destination
	if common(dest) {
		return u.fast[ast.KindLink](w, src, n, entering)
	}
	if html.IsDangerousURL(dest) {
		return ast.WalkContinue, nil
	}
	return u.base[ast.KindLink](w, src, n, entering)
}

// image renders a dangerous image as its alt text.
func (u *unlink) image(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	dest := n.(*ast.Image).Destination
	if common(dest) {
		return u.fast[ast.KindImage](w, src, n, entering)
	}
	if !html.IsDangerousURL(dest) {
		return u.base[ast.KindImage](w, src, n, entering)
	}
	if entering {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				_, _ = w.Write(util.EscapeHTML(t.Value(src)))
			}
		}
	}
	return ast.WalkSkipChildren, nil
}

// autoLink renders a dangerous autolink as its label.
func (u *unlink) autoLink(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	a := n.(*ast.AutoLink)
	url := a.URL(src)
	if a.AutoLinkType == ast.AutoLinkURL && common(url) {
		return u.fast[ast.KindAutoLink](w, src, n, entering)
	}
	if !html.IsDangerousURL(url) {
		return u.base[ast.KindAutoLink](w, src, n, entering)
	}
	if entering {
		_, _ = w.Write(util.EscapeHTML(a.Label(src)))
	}
	return ast.WalkContinue, nil
}
