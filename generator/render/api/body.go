package api

import (
	"strings"

	nethtml "golang.org/x/net/html"

	"github.com/sitrep/sitrep/generator/status"
)

// body is an update's text as the JSON API carries it: Statuspage's body
// is plain text, which clients show as they like, often as HTML. It
// follows the pages' rule: only a site with markdown.unsafe_html gets what
// the author wrote; any other gets the text of the safe rendering, so raw
// HTML and javascript: links, which the pages drop, never reach a client.
func (b *builder) body(t status.Text) string {
	if b.m.Site.Config.UnsafeHTML {
		return t.Source
	}
	return plainText(string(t.HTML))
}

// plainText is the text of an HTML fragment written by goldmark: blocks on
// lines of their own, each link's address after its text.
func plainText(h string) string {
	var sb strings.Builder
	var href []string // the addresses of the links open around the text
	z := nethtml.NewTokenizer(strings.NewReader(h))
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			lines := strings.Split(sb.String(), "\n")
			out := lines[:0]
			for _, l := range lines {
				if l = strings.TrimSpace(l); l != "" {
					out = append(out, l)
				}
			}
			return strings.Join(out, "\n")
		case nethtml.TextToken:
			sb.Write(z.Text())
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch n := string(name); {
			case n == "a" && tt == nethtml.StartTagToken:
				url := ""
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" {
						url = string(v)
					}
				}
				href = append(href, url)
			case n == "a" && len(href) > 0:
				if url := href[len(href)-1]; url != "" && !strings.HasSuffix(sb.String(), url) {
					sb.WriteString(" (" + url + ")")
				}
				href = href[:len(href)-1]
			case n == "li" && tt == nethtml.StartTagToken:
				sb.WriteString("\n- ")
			case isBlock(n):
				sb.WriteByte('\n')
			}
		}
	}
}

// isBlock reports the elements goldmark writes that end a line of text.
func isBlock(name string) bool {
	switch name {
	case "p", "br", "ul", "ol", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "tr", "div":
		return true
	}
	return false
}
