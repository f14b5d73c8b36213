package feed_test

import (
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"testing"
	"testing/fstest"
)

// elementTexts returns the decoded text of every element named local in
// an XML document, in order, as a raw XML decoder reads it.
func elementTexts(t *testing.T, doc []byte, local string) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			var s string
			if err := d.DecodeElement(&s, &se); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
	}
}

// TestHTMLFieldsHoldEscapedTextAndTextFieldsHoldText: RSS descriptions
// (the channel's and the items') are HTML to readers, so plain text in
// them must come out of the XML escaped as HTML once; titles and Atom's
// subtitle are plain text and must come out as the text itself.
func TestHTMLFieldsHoldEscapedTextAndTextFieldsHoldText(t *testing.T) {
	const name = "<script>alert(1)</script> & <b>"
	fsys := testSite()
	fsys["content/components/web.md"] = &fstest.MapFile{Data: []byte("---\nname: " + yamlQuote(name) + "\n---\n")}
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: T <i>\nbase_url: https://status.test/sub/\ntime_zone: UTC\ndescription: " + yamlQuote(name) + "\n")}
	files := build(t, fsys, now)
	for _, p := range []string{"feed.rss", "components/web/feed.rss"} {
		for i, d := range elementTexts(t, files[p], "description") {
			if html.UnescapeString(d) == d && d != "" && bytes.ContainsAny([]byte(d), "<>") {
				t.Errorf("%s description %d decodes to markup: %q", p, i, d)
			}
		}
		f := parse(t, files, p)
		if got := html.UnescapeString(f.Description); !bytes.Contains([]byte(got), []byte(name)) {
			t.Errorf("%s channel description %q, read as HTML, should show %q", p, f.Description, name)
		}
	}
	for _, p := range []string{"feed.atom", "components/web/feed.atom"} {
		subs := elementTexts(t, files[p], "subtitle")
		if len(subs) != 1 || !bytes.Contains([]byte(subs[0]), []byte(name)) {
			t.Errorf("%s subtitle %q should hold the text %q itself", p, subs, name)
		}
	}
	if titles := elementTexts(t, files["feed.rss"], "title"); len(titles) == 0 || titles[0] != "T <i>" {
		t.Errorf("RSS channel title %q, want the plain text %q", titles, "T <i>")
	}
}
