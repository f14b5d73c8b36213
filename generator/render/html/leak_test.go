package html_test

import (
	"context"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/internal/example"
)

// builtInLanguages are the languages of themes/default/i18n.
var builtInLanguages = []string{"en", "ko"}

// TestTheExampleSiteSpeaksOneLanguage builds the whole example site (every
// renderer) in each built-in language and fails on any UI string of
// another language in the output: a key a language lacks, or a plural
// form borrowed from English ("1 hour" on a Korean page). Text the site's
// authors wrote (content/) may be in any language and is not checked;
// api/ keeps Statuspage's English words on purpose (STATUSPAGE-API.md).
func TestTheExampleSiteSpeaksOneLanguage(t *testing.T) {
	src := example.FS(t)
	authored := authoredText(t, src)
	for _, lang := range builtInLanguages {
		t.Run(lang, func(t *testing.T) {
			res, err := generator.Render(context.Background(), generator.Options{Source: inLanguage(t, src, lang), Now: example.Now})
			if err != nil {
				t.Fatal(err)
			}
			own := readStrings(t, lang)
			for _, other := range builtInLanguages {
				if other == lang {
					continue
				}
				phrases := foreignPhrases(readStrings(t, other), own, authored)
				if len(phrases) < 20 {
					t.Fatalf("only %d phrases of %s to look for: the test would prove little", len(phrases), other)
				}
				for _, p := range res.Site.Paths() {
					if strings.HasPrefix(p, "api/") {
						continue
					}
					b, _ := res.Site.File(p)
					text := readable(p, string(b))
					for _, ph := range phrases {
						if ph.re.MatchString(text) {
							t.Errorf("%s (%s): %q, %s's %s", p, lang, ph.text, other, ph.key)
						}
					}
				}
			}
		})
	}
}

// inLanguage is the example site with site.yaml's language set to lang.
func inLanguage(t *testing.T, src fs.FS, lang string) fs.FS {
	t.Helper()
	y, err := fs.ReadFile(src, "content/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^language: .*$`)
	if !re.Match(y) {
		t.Fatal("content/site.yaml sets no language")
	}
	over := fstest.MapFS{"content/site.yaml": {Data: re.ReplaceAll(y, []byte("language: "+lang))}}
	return overlayFS{over, src}
}

// overlayFS reads from top first, then from below.
type overlayFS struct{ top, below fs.FS }

func (o overlayFS) Open(name string) (fs.File, error) {
	if f, err := o.top.Open(name); err == nil {
		return f, nil
	}
	return o.below.Open(name)
}

// authoredText is every content file's text, joined.
func authoredText(t *testing.T, src fs.FS) string {
	t.Helper()
	var b strings.Builder
	err := fs.WalkDir(src, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		b.Write(data)
		b.WriteByte('\n')
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

type phrase struct {
	key, text string
	re        *regexp.Regexp // the text as a whole word
}

var (
	styleOrScript = regexp.MustCompile(`(?s)<(style|script)\b.*?</(style|script)>`)
	shownAttr     = regexp.MustCompile(`\s(?:aria-label|title|alt|content|placeholder|data-[a-z-]+)="([^"]*)"`)
	tag           = regexp.MustCompile(`(?s)<[^>]*>`)
)

// readable is what a reader of the file sees: an HTML page's text and the
// attributes that are shown or read out, a stylesheet nothing; scripts,
// feeds and other files as they are (their strings are shown).
func readable(name, data string) string {
	switch {
	case strings.HasSuffix(name, ".css"):
		return ""
	case strings.HasSuffix(name, ".html"):
		data = styleOrScript.ReplaceAllString(data, " ")
		var b strings.Builder
		for _, m := range shownAttr.FindAllStringSubmatch(data, -1) {
			b.WriteString(m[1])
			b.WriteByte('\n')
		}
		b.WriteString(tag.ReplaceAllString(data, " "))
		return b.String()
	}
	return data
}

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// foreignPhrases are the pieces of a language's strings that cannot be
// in a page of another language: the literal text between placeholders,
// with plural forms filled in for 1 and 2 ("1 hour"), except what the
// page's own language or the authors also write. Go time layouts are
// left out: they are formats, not words.
func foreignPhrases(foreign, own map[string]string, authored string) []phrase {
	ownText := strings.Join(slices.Sorted(maps.Values(own)), "\n")
	var out []phrase
	add := func(key, text string) {
		text = strings.TrimFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		letters := 0
		for _, r := range text {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters < 2 || strings.Contains(ownText, text) || strings.Contains(authored, text) {
			return
		}
		expr := regexp.QuoteMeta(text)
		if r := []rune(text); r[0] < 128 && r[len(r)-1] < 128 {
			expr = `\b` + expr + `\b`
		}
		out = append(out, phrase{key, text, regexp.MustCompile(expr)})
	}
	for _, key := range slices.Sorted(maps.Keys(foreign)) {
		v := foreign[key]
		if strings.Contains(key, "layout.") {
			continue
		}
		if strings.HasSuffix(key, "_one") || strings.HasSuffix(key, "_other") {
			n := "2"
			if strings.HasSuffix(key, "_one") {
				n = "1"
			}
			add(key, strings.ReplaceAll(v, "{n}", n))
			for _, part := range placeholder.Split(v, -1) {
				add(key, part)
			}
			continue
		}
		for _, part := range placeholder.Split(v, -1) {
			add(key, part)
		}
	}
	return out
}
