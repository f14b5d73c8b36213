package content

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestControlCharactersAreRefusedWithTheirLine(t *testing.T) {
	const head = "---\ntitle: X\ncomponents:\n  api: major_outage\n---\n## Investigating — 2026-11-21 14:32\n"
	for _, c := range []struct {
		name, file, src, want string
	}{
		{"a bell in a Markdown body", "content/incidents/x.md", head + "ok\nring \a here\n", "content/incidents/x.md:8: control character U+0007"},
		{"an escape in an update heading", "content/incidents/x.md", "---\ntitle: X\ncomponents:\n  api: major_outage\n---\n## Investigating \x1b[2J — 2026-11-21 14:32\n", "content/incidents/x.md:6: control character U+001B"},
		{"DEL in a component name", "content/components/api.md", "---\nname: A\x7fPI\n---\n", "content/components/api.md:2: control character U+007F"},
		{"a YAML escape in a title", "content/incidents/x.md", "---\ntitle: \"Down\\a\"\ncomponents:\n  api: major_outage\n---\n", "content/incidents/x.md:2: control character U+0007"},
		{"a YAML escape in a key", "content/incidents/x.md", "---\ntitle: X\n\"a\\x1bb\": 1\n---\n", "content/incidents/x.md:3: control character U+001B"},
		{"a YAML escape in site.yaml", "content/site.yaml", siteYAML + "description: \"\\e[31m\"\n", "content/site.yaml:4: control character U+001B"},
		{"a line break in a title", "content/incidents/x.md", "---\ntitle: \"Down\\nFake: ok\"\ncomponents:\n  api: major_outage\n---\n", "content/incidents/x.md:2: title must be a single line"},
		{"a carriage return in a title", "content/incidents/x.md", "---\ntitle: \"Down\\rok\"\ncomponents:\n  api: major_outage\n---\n", "content/incidents/x.md:2: title must be a single line"},
		{"a block scalar title", "content/incidents/x.md", "---\ntitle: |\n  Down\n  again\ncomponents:\n  api: major_outage\n---\n", "content/incidents/x.md:2: title must be a single line"},
		{"a line break in a component name", "content/components/api.md", "---\nname: \"A\\nPI\"\n---\n", "content/components/api.md:2: name must be a single line"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, probs := Load(site(map[string]string{c.file: c.src}))
			for _, p := range probs {
				if strings.HasPrefix(p.Error(), c.want) {
					return
				}
			}
			t.Fatalf("want %q…, got %v", c.want, probs)
		})
	}
}

func TestThemeStringsRefuseControlCharacters(t *testing.T) {
	_, probs := ReadStrings("themes/x/i18n/en.yaml", []byte("ok: fine\nbad: \"\\a\"\n"))
	if len(probs) != 1 || !strings.HasPrefix(probs[0].Error(), "themes/x/i18n/en.yaml:2: control character U+0007") {
		t.Fatalf("got %v", probs)
	}
}

func TestTabsLineBreaksAndMultiLineDescriptionsAreKept(t *testing.T) {
	s, probs := Load(site(map[string]string{
		"content/site.yaml":      siteYAML + "description: |\n  Two\n  lines\n",
		"content/incidents/x.md": "---\r\ntitle: \"Tab\\there\"\r\ncomponents:\r\n  api: major_outage\r\n---\r\n## Investigating — 2026-11-21 14:32\r\n\tcode\r\n",
	}))
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	if s.Config.Description != "Two\nlines" || s.Incidents[0].Title != "Tab\there" {
		t.Errorf("description %q, title %q", s.Config.Description, s.Incidents[0].Title)
	}
}

// indexControl finds the control character that bytes.IndexFunc finds
// in UTF-8 text.
func FuzzIndexControl(f *testing.F) {
	for _, s := range []string{"", "plain", "a\tb\r\nc", "한국어 \x07", "\u0080\u009f\x7f", "é\x00", "\u2028\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := indexControl([]byte(s)), bytes.IndexFunc([]byte(s), isForbiddenControl); got != want {
			t.Fatalf("indexControl(%q) = %d, want %d", s, got, want)
		}
	})
}
