package render

import (
	"html"
	"html/template"
	"strings"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
)

// Caps on what pages, feeds and the API copy of an update's body, so that
// no output grows without bound with the size of one file. Each body is
// still shown whole on its own page (incident or maintenance), which is
// where the excerpts link to.
const (
	// BriefBytes is the largest body the front page shows whole; a
	// larger one shows BriefRunes characters of its text and a link.
	BriefBytes = 4 << 10
	BriefRunes = 600
	// FeedBytes is the largest body a feed entry carries whole; a larger
	// one carries FeedRunes characters of its text and a link.
	FeedBytes = 16 << 10
	FeedRunes = 4000
	// APIRunes is the most characters of a body the JSON API carries.
	APIRunes = 8000
)

// Excerpt is a body as a summary shows it.
type Excerpt struct {
	HTML template.HTML
	Cut  bool // HTML is the start of the body's text: link to the rest
}

// Brief returns h whole when it is at most maxBytes long, or else a
// paragraph of its first runes characters of text.
func Brief(h template.HTML, maxBytes, runes int) Excerpt {
	if len(h) <= maxBytes {
		return Excerpt{HTML: h}
	}
	text, _ := CutText(strings.Join(strings.Fields(PlainText(string(h))), " "), runes)
	return Excerpt{HTML: template.HTML("<p>" + html.EscapeString(text) + "</p>"), Cut: true}
}

// CutText returns s when it has at most n characters, or else s cut at a
// word boundary near n characters and ended with " …".
func CutText(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	cut := string([]rune(s)[:n])
	if i := strings.LastIndexAny(cut, " \n"); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + " …", true
}

// PlainText is the text of an HTML fragment written by goldmark: blocks on
// lines of their own, list items after "- ", each link's address after its
// text.
func PlainText(h string) string {
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
			case endsLine(n):
				sb.WriteByte('\n')
			}
		}
	}
}

// endsLine reports the elements goldmark writes that end a line of text.
func endsLine(name string) bool {
	switch name {
	case "p", "br", "ul", "ol", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "tr", "div":
		return true
	}
	return false
}
