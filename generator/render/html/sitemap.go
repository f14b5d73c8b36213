package html

import (
	"bytes"
	"encoding/xml"

	"github.com/sitrep/sitrep/generator/paths"
)

// sitemap lists the absolute URL of every page but 404.html.
func sitemap(u urlMaker, jobs []job) []byte {
	var b bytes.Buffer
	b.Grow(80 * len(jobs))
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	loc := func(p string) {
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(u.Abs(p)))
		b.WriteString("</loc></url>\n")
	}
	for _, j := range jobs {
		if j.path != paths.NotFound {
			loc(j.path)
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// robots allows everything and names the sitemap.
func robots(u urlMaker) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + u.Abs(paths.Sitemap) + "\n")
}

// urlMaker is the part of paths.URLs the sitemap needs.
type urlMaker interface{ Abs(p string) string }
