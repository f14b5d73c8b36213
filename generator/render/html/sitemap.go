package html

import (
	"bytes"
	"encoding/xml"

	"github.com/sitrep/sitrep/generator/paths"
)

// SitemapURLs is the most addresses one sitemap file holds. Past it,
// sitemap.xml becomes an index of sitemap-1.xml, sitemap-2.xml, …, so that
// no file grows with the number of incidents (the protocol allows 50,000
// URLs and 50 MB; a small file is cheap to rewrite on every build).
const SitemapURLs = 1000

// sitemapFile is one file of the sitemap.
type sitemapFile struct {
	path string
	data []byte
}

// sitemaps lists the absolute URL of every page but 404.html: in
// sitemap.xml alone, or in parts that sitemap.xml indexes.
func sitemaps(u urlMaker, jobs []job) []sitemapFile {
	urls := make([]string, 0, len(jobs))
	for _, j := range jobs {
		if j.path != paths.NotFound {
			urls = append(urls, u.Abs(j.path))
		}
	}
	if len(urls) <= SitemapURLs {
		return []sitemapFile{{paths.Sitemap, sitemapXML("urlset", "url", urls)}}
	}
	var parts []string
	var out []sitemapFile
	for n := 1; len(urls) > 0; n++ {
		k := min(len(urls), SitemapURLs)
		p := paths.SitemapPart(n)
		out = append(out, sitemapFile{p, sitemapXML("urlset", "url", urls[:k])})
		parts = append(parts, u.Abs(p))
		urls = urls[k:]
	}
	return append([]sitemapFile{{paths.Sitemap, sitemapXML("sitemapindex", "sitemap", parts)}}, out...)
}

// sitemapXML writes a urlset of url entries or a sitemapindex of sitemap
// entries.
func sitemapXML(root, entry string, locs []string) []byte {
	var b bytes.Buffer
	b.Grow(80 * len(locs))
	b.WriteString(xml.Header)
	b.WriteString(`<` + root + ` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, l := range locs {
		b.WriteString("<" + entry + "><loc>")
		xml.EscapeText(&b, []byte(l))
		b.WriteString("</loc></" + entry + ">\n")
	}
	b.WriteString("</" + root + ">\n")
	return b.Bytes()
}

// robots allows everything and names the sitemap.
func robots(u urlMaker) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + u.Abs(paths.Sitemap) + "\n")
}

// urlMaker is the part of paths.URLs the sitemap needs.
type urlMaker interface{ Abs(p string) string }
