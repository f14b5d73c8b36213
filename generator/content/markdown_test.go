package content

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// goldmarkDefault is newMarkdown with goldmark's own parser, which looks
// for link reference definitions in every paragraph.
func goldmarkDefault(unsafe bool) goldmark.Markdown {
	opts := []goldmark.Option{goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList)}
	if unsafe {
		opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
	} else {
		opts = append(opts, goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(newUnlink(), 100))))
	}
	return goldmark.New(opts...)
}

var refBodies = []string{
	"[a]: https://example.com/a\n\nSee [a] and [b][a] and [c].\n",
	"Text first\n[a]: /x\n\n[a]\n",
	"[a]: /x 'title'\n[b]: </y z> \"t\"\n[c]:\n/z\n(paren)\n\n[a] [b] [c]\n",
	"[a]\n: /x\n\n[a]\n",
	"[a\nb]: /x\n\n[a b]\n",
	"> [q]: /quoted\n>\n> [q]\n",
	"- [l]: /listed\n- [l]\n",
	"   [i]: /indented\n    [j]: /code\n\n[i] [j]\n",
	"[a]:/x\n[a]\n",
	"\\[a]: /x\n\n[a]\n",
	"[a]: <>\n\n[a]\n",
	"| a | b |\n|---|---|\n| [x]: /t | y |\n\n[x]\n",
	"[a]: https://example.com/a\n| a |\n|---|\n| b |\n",
	"[x]: javascript:alert(1)\n\n[x] ![x]\n",
	"para ]: not a ref\n\n[ ]: /blank\n\n[]: /empty\n",
	"- [ ] task\n- [x]: /done\n\n[x]\n",
}

// The parser finds exactly the link reference definitions goldmark's own
// finds, and renders the same.
func TestLinkReferenceDefinitionsAreFoundAsGoldmarkFindsThem(t *testing.T) {
	for _, unsafe := range []bool{false, true} {
		ours, theirs := newMarkdown(unsafe), goldmarkDefault(unsafe)
		for _, body := range refBodies {
			var a, b bytes.Buffer
			if err := ours.Convert([]byte(body), &a); err != nil {
				t.Fatal(err)
			}
			if err := theirs.Convert([]byte(body), &b); err != nil {
				t.Fatal(err)
			}
			if a.String() != b.String() {
				t.Errorf("unsafe=%v %q:\nours   %q\ngoldmark %q", unsafe, body, a.String(), b.String())
			}
		}
	}
}

func FuzzLinkReferenceDefinitions(f *testing.F) {
	for _, b := range refBodies {
		f.Add(b)
	}
	ours, theirs := newMarkdown(false), goldmarkDefault(false)
	f.Fuzz(func(t *testing.T, body string) {
		if checkShape([]byte(body)) != nil {
			return
		}
		var a, b bytes.Buffer
		errA, errB := ours.Convert([]byte(body), &a), theirs.Convert([]byte(body), &b)
		if (errA == nil) != (errB == nil) || a.String() != b.String() {
			t.Fatalf("%q:\nours     %q (%v)\ngoldmark %q (%v)", body, a.String(), errA, b.String(), errB)
		}
	})
}
