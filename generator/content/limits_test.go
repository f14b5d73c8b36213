package content

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// repeat returns unit repeated to fill n bytes, ending in a line "a".
func repeat(unit string, n int) string {
	return strings.Repeat(unit, n/len(unit)) + "a\n"
}

// indented returns a list nested one level deeper on every line, from
// level 0 to levels-1, each line followed by between.
func indented(levels int, between string) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(strings.Repeat("  ", i) + "- a\n" + between)
	}
	return b.String()
}

// pathological are the bodies of issue 10 that goldmark v1.8.7 parses in
// time that grows with the square of their size (or that cost gigabytes),
// each with the body line sitrep names when it refuses them.
var pathological = []struct {
	name string
	body string
	line int
}{
	{"quotes nested 40,000 deep on one line", repeat(">", 40_000), 1},
	{"quotes nested a million deep on one line", repeat(">", MaxFileSize-64), 1},
	{"160 KB of unclosed links in one paragraph", repeat("[a](", 160_000), 1},
	{"80 KB of list markers on one line", repeat("- ", 80_000), 1},
	{"numbered lists nested on one line", repeat("1. ", 80_000), 1},
	{"160 KB of unmatched emphasis in one paragraph", repeat("*a_ ", 160_000), 1},
	{"a megabyte of link reference definitions", repeat("[a]: b\n", MaxFileSize-64), 1},
	{"lists nested by indentation", indented(40, ""), 33},
	{"lists nested by indentation with lazy lines between", indented(40, "2) b\n"), 64},
	{"lists nested by indentation with empty items between", indented(40, "-\n"), 64},
	{"quotes of lists on every line", repeat("> - ", 4000), 1},
	{"a megabyte of one-letter lines", repeat("a\n", MaxFileSize-64), maxLines + 1},
	{"many short paragraphs of brackets", repeat(strings.Repeat("[", 1000)+"\n\n", MaxFileSize-64), 1 + 2*maxMarks/1000},
}

func TestPathologicalMarkdownIsRefusedWithItsLine(t *testing.T) {
	for _, c := range pathological {
		t.Run(c.name, func(t *testing.T) {
			src := "---\ntitle: X\ncomponents:\n  api: major_outage\n---\n" + c.body
			_, probs := Load(site(map[string]string{"content/incidents/x.md": src}))
			want := fmt.Sprintf("content/incidents/x.md:%d: ", 5+c.line)
			for _, p := range probs {
				if strings.HasPrefix(p.Error(), want) {
					return
				}
			}
			t.Fatalf("want a problem at %s, got %v", want, probs)
		})
	}
}

// worstAccepted are bodies built to cost goldmark the most while staying
// within the limits of checkShape, each just under 1 MiB.
func worstAccepted() map[string]string {
	fill := func(para string) string { // paragraphs of para, up to the limits
		var b strings.Builder
		marks := 0
		for b.Len()+len(para) < MaxFileSize-1024 && marks+maxParagraphMarks <= maxMarks {
			b.WriteString(para + "\n\n")
			marks += maxParagraphMarks
		}
		return b.String()
	}
	tail := strings.Repeat(strings.Repeat("a", 79)+"\n", (MaxFileSize-8*1024)/80) // long plain text after the openers
	return map[string]string{
		"unclosed links, then plain text":     strings.Repeat("[a](", maxParagraphMarks/2) + "\n" + tail,
		"unmatched emphasis, then plain text": strings.Repeat("*a_ ", maxParagraphMarks/2) + "\n" + tail,
		"paragraphs of unclosed links":        fill(strings.Repeat("[a](", maxParagraphMarks/2)),
		"paragraphs of brackets":              fill(strings.Repeat("[", maxParagraphMarks)),
		"quotes 32 deep on every line":        repeat(strings.Repeat("> ", maxNesting)+"a\n", MaxFileSize-1024),
		"lists 32 deep by indentation":        strings.Repeat(indented(maxNesting, ""), 1000)[:MaxFileSize/2],
		"the most lines":                      strings.Repeat("- a\n", maxLines-1),
		"paragraphs of link definitions":      fill(strings.Repeat("[a]: b\n", maxParagraphMarks/2)),
		"the most list items with links":      strings.Repeat("- [a](\n", maxMarks/2),
	}
}

// TestAcceptedMarkdownParsesInBoundedMemory holds every body checkShape
// accepts to 100 MB of allocation (a bound on memory; time is measured by
// BenchmarkWorstAccepted, never asserted).
func TestAcceptedMarkdownParsesInBoundedMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumented code allocates more: the bound is the program's")
	}
	md := newMarkdown(false)
	for name, body := range worstAccepted() {
		t.Run(name, func(t *testing.T) {
			if len(body) > MaxFileSize {
				t.Fatalf("body is %d bytes, over the file limit", len(body))
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			if _, err := splitSections(md, []byte(body), 1, nil); err != nil {
				t.Fatalf("refused: %v", err)
			}
			runtime.ReadMemStats(&after)
			if got := after.TotalAlloc - before.TotalAlloc; got > 100<<20 {
				t.Errorf("parsing %d KB allocated %d MB; want at most 100 MB", len(body)>>10, got>>20)
			}
		})
	}
}

func BenchmarkWorstAccepted(b *testing.B) {
	md := newMarkdown(false)
	for name, body := range worstAccepted() {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := splitSections(md, []byte(body), 1, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestOrdinaryMarkdownIsNotRefused(t *testing.T) {
	for _, body := range []string{
		"1. a\n   - b\n2. c\n   - d\n" + strings.Repeat("3. e\n   - f\n      - g\n", 200),
		strings.Repeat("- item with **bold** and [a link](https://example.com)\n", 1000),
		"```\n" + strings.Repeat("  - [x] log_line_with_underscores [INFO] <tag>\n", 2000) + "```\n",
		strings.Repeat("> quoted\n> > twice\n", 500),
		strings.Repeat("---\n", 1000),
	} {
		if err := checkShape([]byte(body)); err != nil {
			t.Errorf("refused %q…: %v", body[:40], err)
		}
	}
}

// FuzzFewMarks checks that checkShape, which counts marks line by line
// only in a body with more than maxParagraphMarks in all, finds what
// counting them always finds.
func FuzzFewMarks(f *testing.F) {
	for _, s := range []string{
		strings.Repeat("[", maxParagraphMarks), strings.Repeat("[", maxParagraphMarks+1),
		strings.Repeat("*a_ ", maxParagraphMarks/4) + "\n\n" + strings.Repeat("`<~]", maxParagraphMarks/4),
		strings.Repeat("[a](b) ", maxParagraphMarks/4) + "\n" + strings.Repeat("- x\n", 40),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		marks := 0
		for _, c := range body {
			if isMark(c) {
				marks++
			}
		}
		if got := fewMarks(body, maxParagraphMarks); got != (marks <= maxParagraphMarks) {
			t.Fatalf("fewMarks = %t with %d marks", got, marks)
		}
		if got, want := checkShape(body), scanShape(body, true); !reflect.DeepEqual(got, want) {
			t.Fatalf("checkShape = %v, counting every line %v", got, want)
		}
	})
}
