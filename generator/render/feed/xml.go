package feed

import (
	"bytes"
	"encoding/xml"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/feeds"
	nethtml "golang.org/x/net/html"
)

// Namespaces and media types the documents declare.
const (
	atomNS      = "http://www.w3.org/2005/Atom"
	contentNS   = "http://purl.org/rss/1.0/modules/content/"
	rssType     = "application/rss+xml"
	atomType    = "application/atom+xml"
	generator   = "sitrep"
	summaryRune = 280 // length of an RSS item's plain-text description
)

// spec is one feed before it is written in either format. All strings are
// already free of characters XML forbids.
type spec struct {
	title, description, lang string
	alternate                string // the page the feed follows, absolute
	rssSelf, atomSelf        string // the feeds' own URLs, absolute
	author                   string
	updated                  time.Time
	entries                  []entry
}

// generic converts the feed to gorilla/feeds' generic model, which both
// formats are derived from.
func (s *spec) generic() *feeds.Feed {
	f := &feeds.Feed{
		Title:       s.title,
		Link:        &feeds.Link{Href: s.alternate},
		Description: s.description,
		Updated:     s.updated.UTC(),
	}
	for _, e := range s.entries {
		f.Items = append(f.Items, &feeds.Item{
			Title:       e.title,
			Link:        &feeds.Link{Href: e.link},
			Description: html.EscapeString(e.summary),
			Id:          e.id,
			IsPermaLink: "true", // ids are the entries' permalinks
			Created:     e.at.UTC(),
			Content:     e.html,
		})
	}
	return f
}

// rssDoc is an RSS 2.0 document. gorilla/feeds writes its items but has no
// atom:link rel="self" on the channel, which validators ask for.
type rssDoc struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	ContentNS string   `xml:"xmlns:content,attr"`
	AtomNS    string   `xml:"xmlns:atom,attr"`
	Channel   rssChannel
}

type rssChannel struct {
	XMLName       xml.Name `xml:"channel"`
	Title         string   `xml:"title"`
	Link          string   `xml:"link"`
	Description   string   `xml:"description"`
	Self          rssSelf
	Language      string `xml:"language,omitempty"`
	Generator     string `xml:"generator"`
	PubDate       string `xml:"pubDate"`
	LastBuildDate string `xml:"lastBuildDate"`
	Items         []*feeds.RssItem
}

type rssSelf struct {
	XMLName xml.Name `xml:"atom:link"`
	Href    string   `xml:"href,attr"`
	Rel     string   `xml:"rel,attr"`
	Type    string   `xml:"type,attr"`
}

// FeedXml makes rssDoc writable by feeds.WriteXML.
func (d *rssDoc) FeedXml() any { return d }

func (s *spec) rss(f *feeds.Feed) ([]byte, error) {
	gen := (&feeds.Rss{Feed: f}).RssFeed()
	date := s.updated.UTC().Format(time.RFC1123Z)
	doc := &rssDoc{
		Version:   "2.0",
		ContentNS: contentNS,
		AtomNS:    atomNS,
		Channel: rssChannel{
			Title: s.title,
			Link:  s.alternate,
			// Readers show RSS descriptions, the channel's as the items',
			// as HTML: the plain text is escaped as HTML, then as XML.
			Description:   html.EscapeString(s.description),
			Self:          rssSelf{Href: s.rssSelf, Rel: "self", Type: rssType},
			Language:      s.lang,
			Generator:     generator,
			PubDate:       date,
			LastBuildDate: date,
			Items:         gen.Items,
		},
	}
	return write(doc)
}

// atomDoc is an Atom 1.0 document. gorilla/feeds' AtomFeed holds a single
// link; a valid feed wants rel="self" beside rel="alternate", and an author.
type atomDoc struct {
	XMLName   xml.Name `xml:"feed"`
	Xmlns     string   `xml:"xmlns,attr"`
	Lang      string   `xml:"xml:lang,attr,omitempty"`
	Title     string   `xml:"title"`
	Subtitle  string   `xml:"subtitle,omitempty"`
	ID        string   `xml:"id"`
	Updated   string   `xml:"updated"`
	Links     []feeds.AtomLink
	Author    *feeds.AtomAuthor
	Generator string `xml:"generator"`
	Entries   []*feeds.AtomEntry
}

// FeedXml makes atomDoc writable by feeds.WriteXML.
func (d *atomDoc) FeedXml() any { return d }

func (s *spec) atom(f *feeds.Feed) ([]byte, error) {
	gen := (&feeds.Atom{Feed: f}).AtomFeed()
	for _, e := range gen.Entries {
		e.Summary = nil // the description is RSS's plain-text teaser; Atom carries the content
		e.Published = e.Updated
	}
	doc := &atomDoc{
		Xmlns:    atomNS,
		Lang:     s.lang,
		Title:    s.title,
		Subtitle: s.description,
		ID:       s.atomSelf,
		Updated:  s.updated.UTC().Format(time.RFC3339),
		Links: []feeds.AtomLink{
			{Href: s.atomSelf, Rel: "self", Type: atomType},
			{Href: s.alternate, Rel: "alternate", Type: "text/html"},
		},
		Author:    &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: s.author, Uri: s.alternate}},
		Generator: generator,
		Entries:   gen.Entries,
	}
	return write(doc)
}

func write(doc feeds.XmlFeed) ([]byte, error) {
	var buf bytes.Buffer
	if err := feeds.WriteXML(doc, &buf); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// clean removes what XML 1.0 cannot carry: invalid UTF-8 and control
// characters other than tab, newline and carriage return, surrogates and
// the non-characters U+FFFE and U+FFFF.
func clean(s string) string {
	ok := func(r rune) bool {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return true
		case r < 0x20, r == utf8.RuneError, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
		return true
	}
	if strings.IndexFunc(s, func(r rune) bool { return !ok(r) }) < 0 {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		if ok(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// summary is the text of an HTML fragment, whitespace collapsed and cut
// at a word boundary near summaryRune characters.
func summary(h string) string {
	var sb strings.Builder
	z := nethtml.NewTokenizer(strings.NewReader(h))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		switch tt {
		case nethtml.TextToken:
			sb.Write(z.Text())
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			if name, _ := z.TagName(); isBlock(string(name)) {
				sb.WriteByte(' ') // block boundaries must not glue words together
			}
		}
	}
	text := strings.Join(strings.Fields(sb.String()), " ")
	if utf8.RuneCountInString(text) <= summaryRune {
		return text
	}
	cut := string([]rune(text)[:summaryRune])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

// isBlock reports the elements goldmark writes whose edges separate words.
func isBlock(name string) bool {
	switch name {
	case "p", "br", "li", "ul", "ol", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "tr", "td", "th", "div":
		return true
	}
	return false
}
