package render

import (
	"html/template"
	"strings"
	"testing"
)

func TestCutTextCutsAtAWordNearTheLimit(t *testing.T) {
	for _, c := range []struct {
		name, s string
		n       int
		want    string
		cut     bool
	}{
		{"short enough", "API errors", 10, "API errors", false},
		{"at a space", "API errors are rising", 12, "API errors …", true},
		{"characters, not bytes", "서버 오류가 늘고 있습니다", 8, "서버 오류가 …", true},
		{"no space in the second half: a hard cut", "a verylongwordwithoutspaces", 10, "a verylong …", true},
	} {
		got, cut := CutText(c.s, c.n)
		if got != c.want || cut != c.cut {
			t.Errorf("%s: CutText(%q, %d) = %q, %v; want %q, %v", c.name, c.s, c.n, got, cut, c.want, c.cut)
		}
	}
}

func TestBriefKeepsSmallBodiesAndCutsLargeOnesToText(t *testing.T) {
	small := template.HTML("<p>We are <strong>investigating</strong>.</p>")
	if ex := Brief(small, 100, 10); ex.Cut || ex.HTML != small {
		t.Errorf("Brief of a small body = %+v, want it whole", ex)
	}
	large := template.HTML("<p>Errors &amp; <em>timeouts</em> on " + strings.Repeat("the API ", 20) + "</p>")
	ex := Brief(large, 40, 22)
	if want := template.HTML("<p>Errors &amp; timeouts on …</p>"); !ex.Cut || ex.HTML != want {
		t.Errorf("Brief of a large body = %+v, want %q cut", ex, want)
	}
}
