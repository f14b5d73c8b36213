package content

import (
	"fmt"
	"strings"
	"testing"
)

// TestEveryDroppedLinkIsReportedAtItsOwnLine: the linter finds lines by
// counting on from the block before, so blocks of every kind, in any
// order of nesting, must each still get their own line.
func TestEveryDroppedLinkIsReportedAtItsOwnLine(t *testing.T) {
	var body strings.Builder
	body.WriteString("## Investigating — 2026-11-21 14:32\n")
	var want []int
	line := 5 // the body's first line in the file below
	for i, form := range []string{"[a%d](javascript:%d)\n", "- [b%d](javascript:%d)\n", "> quote\n>\n> [c%d](javascript:%d)\n", "1. item\n   - [d%d](javascript:%d)\n"} {
		for j := range 3 {
			n := 10*i + j
			text := fmt.Sprintf(form, n, n)
			want = append(want, line+strings.Count(text, "\n"))
			body.WriteString("\n" + text)
			line += 1 + strings.Count(text, "\n")
		}
	}
	_, probs := Load(site(map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\n" + body.String()}))
	var got []int
	for _, p := range probs {
		if strings.Contains(p.Error(), "links with this scheme are unsafe") {
			got = append(got, p.Pos.Line)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("dropped links reported at lines %v, want %v\n%s", got, want, reports(probs))
	}
}

// BenchmarkLintManyLinks lints a body of 13,500 links, near the most
// inline marks a body may hold (maxMarks).
func BenchmarkLintManyLinks(b *testing.B) {
	md := newMarkdown(false)
	para := strings.Repeat("see [a](https://example.com/"+strings.Repeat("x", 40)+") ", 900) + "\n\n"
	body := []byte(strings.Repeat(para, 15))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := splitSections(md, body, 1, &linter{}); err != nil {
			b.Fatal(err)
		}
	}
}
