package render

import (
	"strings"

	nethtml "golang.org/x/net/html"
)

// Plain is the text of an HTML fragment (goldmark's safe output) on one
// line, whitespace collapsed: no markup, no Markdown syntax, no list
// markers or link addresses (PlainText keeps those, for the API), list
// items and paragraphs separated by a space. The widget and the front
// page's past incidents show it, cut with CutText.
func Plain(h string) string {
	var sb strings.Builder
	z := nethtml.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return strings.Join(strings.Fields(sb.String()), " ")
		case nethtml.TextToken:
			sb.Write(z.Text())
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			// Element edges separate words ("<li>a</li><li>b</li>" is "a b");
			// inline ones ("<strong>") rarely stand between two words.
			if name, _ := z.TagName(); !inline(string(name)) {
				sb.WriteByte(' ')
			}
		}
	}
}

// inline reports the elements goldmark writes inside a line of text.
func inline(name string) bool {
	switch name {
	case "a", "strong", "em", "code", "del", "span", "img":
		return true
	}
	return false
}
