package tmplrun

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"testing"
	"time"
)

type item struct {
	S string
	N int
}

func (i item) Twice() string           { return i.S + i.S }
func (i *item) Add(n int) int          { return i.N + n }
func (i item) Join(sep string) string  { return i.S + sep + fmt.Sprint(i.N) }
func (i item) Fails() (string, error)  { return "", errors.New("method failed") }
func (i item) Pick(xs ...string) int   { return len(xs) }
func (i *item) Ptr() string            { return "ptr:" + i.S }
func (i item) Same(o item) bool        { return i == o }
func (i item) Until(t time.Time) int64 { return int64(t.Sub(time.Unix(0, 0)) / time.Hour) }

type word int

func (w word) String() string { return "word" + fmt.Sprint(int(w)) }

type named string

type data struct {
	S, Empty, Quote string
	H               template.HTML
	U               template.URL
	A               template.HTMLAttr
	N, Zero, Neg    int
	U8              uint8
	F               float64
	B               bool
	W               word
	Named           named
	L               []string
	E               []string
	Items           []item
	P, NilP         *item
	V               item
	M               map[string]int
	I, NilI         any
	Err             error
	T               time.Time
	Fn              func() string
	unexported      string
}

func testData() *data {
	return &data{
		S: "a<b>&'\"+c", Quote: `"'`, H: "<b>bold</b> &amp;", U: "javascript:alert(1)", A: `title="x"`,
		N: 3, Neg: -2, U8: 7, F: -1.5, B: true, W: 4, Named: "named<",
		L: []string{"x", "y<", "z"}, Items: []item{{"one", 1}, {"two", 2}},
		P: &item{"p", 5}, V: item{"v", 6}, M: map[string]int{"k": 1, "<": 2},
		I: item{"in", 9}, Err: errors.New("an <error>"), T: time.Unix(7200, 0).UTC(),
		Fn: func() string { return "fn" }, unexported: "hidden",
	}
}

var funcs = template.FuncMap{
	"up":     strings.ToUpper,
	"join":   strings.Join,
	"html2":  func(s string) template.HTML { return template.HTML("<i>" + s + "</i>") },
	"url":    func(s string) template.URL { return template.URL(s) },
	"fail":   func() (string, error) { return "", errors.New("func failed") },
	"boom":   func() string { panic("boom") },
	"pair":   func(a string, n int) string { return fmt.Sprint(a, n) },
	"many":   func(xs ...int) int { return len(xs) },
	"first":  func(prefix string, xs ...string) string { return prefix + strings.Join(xs, "") },
	"itemOf": func(s string) item { return item{s, len(s)} },
	"ptrOf":  func(s string) *item { return &item{S: s} },
	"anyOf":  func(v any) string { return fmt.Sprintf("%T", v) },
	"nilPtr": func() *item { return nil },
}

// cases are templates and whether tmplrun is to execute them itself once
// html/template has escaped them (fast) or hand them back (an error, or
// a construct it leaves to html/template).
var cases = []struct {
	src  string
	fast bool
}{
	// Values in each context html/template escapes for.
	{`{{.S}}|{{.H}}|{{.U}}|{{.A}}|{{.Quote}}`, true},
	{`<p title="{{.S}}" class='{{.Quote}}' data-u="{{.U}}">`, true},
	{`<a href="{{.S}}">1</a><a href="{{.U}}">2</a><a href="/x?q={{.S}}&u={{.U}}#{{.S}}">3</a><a href="{{.Empty}}">4</a>`, true},
	{`<a href="https://e.com/{{.S}}">1</a><a href="mailto:{{.S}}">2</a><a href="/p/{{.H}}">3</a>`, true},
	{`<title>{{.S}} {{.H}}</title><textarea>{{.S}}{{.H}}</textarea>`, true},
	{`<p title="{{.H}}">`, false}, // HTML in an attribute: html/template strips its tags
	{`{{.N}} {{.Zero}} {{.U8}} {{.B}} {{.Named}}`, true},
	{`{{.F}}`, false},
	{`{{.W}}`, false},
	{`{{.Err}}`, false},
	{`{{.T}}`, false},
	{`{{.I}}`, false},
	{`{{.NilI}}|{{.M.missing}}|{{.M.k}}`, true},
	{`{{.NilP}}`, false},
	{`{{.NilP.S}}`, false},
	{`{{.unexported}}`, false},
	{`{{.Nope}}`, false},
	{`{{.Fn}}`, false},
	// Control structures and variables.
	{`{{if .S}}a{{else if .N}}b{{else}}c{{end}}{{if .Empty}}d{{else if .Zero}}e{{else}}f{{end}}`, true},
	{`{{if .E}}x{{end}}{{if .NilP}}y{{end}}{{if .M}}m{{end}}{{if .V}}v{{end}}{{if .NilI}}i{{end}}{{if .F}}f{{end}}`, true},
	{`{{with .P}}{{.S}}-{{$.N}}{{else}}none{{end}}{{with .NilP}}x{{else with .S}}[{{.}}]{{end}}`, true},
	{`{{range .L}}{{.}},{{else}}empty{{end}}{{range .E}}{{.}}{{else}}empty{{end}}`, true},
	{`{{range $i, $e := .L}}{{$i}}={{$e}};{{end}}{{range $e := .Items}}{{$e.S}}{{$e.N}}{{end}}`, true},
	{`{{$n := 0}}{{range $i, $e := .L}}{{$n = $i}}{{end}}{{$n}}`, true},
	{`{{range .M}}{{.}}{{end}}`, false},
	{`{{range .N}}{{.}}{{end}}`, false},
	{`{{range .NilP}}{{.}}{{end}}`, false},
	{`{{$a := .S}}{{$a}}{{$a = "b"}}{{$a}}{{with $b := .N}}{{$b}}{{end}}`, true},
	{`{{$}}`, false},
	{`{{define "t"}}[{{.}}|{{$}}]{{end}}{{template "t" .S}}{{template "t" .N}}{{template "t"}}`, true},
	{`{{define "r"}}{{if .}}{{len .}}{{template "r" slice . 1}}{{end}}{{end}}{{template "r" .L}}`, false},
	{`{{define "d"}}<b title="{{.}}">{{.}}</b>{{end}}{{range .Items}}{{template "d" .S}}{{end}}`, true},
	{`<a href="{{template "u" .}}">{{define "u"}}{{.S}}{{end}}`, false},
	// Functions, methods and builtins.
	{`{{up .S}} {{.S | up}} {{join .L ", "}} {{html2 .S}} {{pair "n" 4}} {{4 | pair "y" | up}}`, true},
	{`{{many}} {{many 1 2 3}} {{first "p"}} {{first "p" "a" "b"}} {{"z" | first "p" "q"}}`, true},
	{`{{(itemOf "abc").N}} {{(ptrOf "q").Ptr}} {{anyOf 1}} {{anyOf .S}} {{anyOf .}} {{anyOf nil}}`, true},
	{`<a href="{{url .S}}">{{url .S}}</a>`, true},
	{`{{fail}}`, false},
	{`{{boom}}`, false},
	{`{{(nilPtr).S}}`, false},
	{`{{.V.Twice}} {{.P.Add 2}} {{.V.Join "-"}} {{.P.Twice}}`, true},
	{`{{.V.Pick}} {{.V.Pick "a" "b"}}`, true},
	{`{{.V.Until .T}}`, true},
	{`{{.P.Ptr}} {{with .Items}}{{(index . 0).Twice}}{{end}}`, true},
	{`{{.V.Ptr}}`, true},                                                            // .V is addressable: *item's methods are there
	{`{{with .Items}}{{range .}}{{.Ptr}}{{end}}{{end}}{{(itemOf "x").Ptr}}`, false}, // a function's result is not addressable
	{`{{range .Items}}{{.Ptr}}{{end}}`, true},
	{`{{.V.Fails}}`, false},
	{`{{.V.Same .V}} {{.V.Same .P}}`, true},
	{`{{.S.Nope}}`, false},
	{`{{.I.S}} {{.I.Twice}}`, true},
	{`{{if and .S .N}}1{{end}}{{if and .S .Zero}}2{{end}}{{or .Zero .Empty .S}} {{and .N .S}} {{.S | and 1}} {{.Zero | or 0}}`, true},
	{`{{not .B}} {{not .E}} {{not .NilP}} {{not .S}}`, true},
	{`{{eq .S "x"}} {{eq .N 1 2 3}} {{eq .U8 7}} {{eq .N .U8}} {{ne .N 2}} {{eq .Named "named<"}} {{eq .B true}} {{eq .F -1.5}}`, true},
	{`{{lt .N 5}} {{le .N 3}} {{gt .N 3}} {{ge .N 4}} {{lt .F 0.0}} {{lt .S "b"}} {{lt .U8 .N}} {{lt .N .U8}}`, true},
	{`{{lt .U8 .Neg}} {{lt .Neg .U8}} {{eq .U8 .Neg}} {{eq .Neg .U8}} {{gt .U8 .Neg}} {{le .Neg .U8}}`, true},
	{`{{eq .S 1}}`, false},
	{`{{eq .V .V}}`, false},
	{`{{lt .B .B}}`, false},
	{`{{len .L}} {{len .S}} {{len .M}} {{len .E}} {{len .P.S}}`, true},
	{`{{len .N}}`, false},
	{`{{index .L 1}} {{index .M "k"}} {{index .M "none"}} {{index .Items 1 | printf "%v"}}`, false},
	{`{{index .L 1}} {{index .M "k"}} {{index .M "none"}} {{(index .Items 1).S}} {{index .S 0}}`, true},
	{`{{index .L 10}}`, false},
	{`{{eq "a" "b"}} {{eq .S .S}}`, true},
	{`{{print .S}}`, false},
	{`{{.S | printf "%q"}}`, false},
	{`{{(.P).S}} {{(index .Items 0).N}} {{$p := .P}}{{$p.S}}`, true},
}

// execute runs src on data through a Set (twice: the first execution is
// html/template's, which escapes the template) and through html/template,
// and fails unless both write the same and return the same error. It
// returns whether the Set made the second execution itself.
func execute(t *testing.T, src string, d any) bool {
	t.Helper()
	parse := func() *template.Template {
		tt, err := template.New("main").Funcs(funcs).Parse(src)
		if err != nil {
			t.Fatalf("parse %q: %v", src, err)
		}
		return tt
	}
	ref := parse()
	var want bytes.Buffer
	wantErr := ref.ExecuteTemplate(&want, "main", d)

	tt := parse()
	set := New(tt, funcs)
	for i := range 3 {
		var got bytes.Buffer
		got.WriteString("prefix:")
		err := set.Execute(&got, "main", d)
		if g, w := fmt.Sprint(err), fmt.Sprint(wantErr); g != w {
			t.Errorf("%q run %d: error %s, html/template's %s", src, i, g, w)
		}
		if g, w := got.String(), "prefix:"+want.String(); g != w && wantErr == nil {
			t.Errorf("%q run %d:\n got %s\nwant %s", src, i, g, w)
		}
	}
	fast, _ := set.Stats()
	return fast == 2
}

func TestTheSetWritesWhatHTMLTemplateWrites(t *testing.T) {
	for _, c := range cases {
		if fast := execute(t, c.src, testData()); fast != c.fast {
			t.Errorf("%q: executed by tmplrun %v, want %v", c.src, fast, c.fast)
		}
	}
}

func TestTheSetsOwnFunctionsComeBeforeBuiltins(t *testing.T) {
	funcs["eq"] = func(a, b string) string { return "own eq " + a + b }
	defer delete(funcs, "eq")
	if !execute(t, `{{eq .S "x"}}`, testData()) {
		t.Error("not executed by tmplrun")
	}
}

func TestDataThatIsNotAPointer(t *testing.T) {
	for _, d := range []any{*testData(), nil, "text", 42, []string{"a"}, map[string]string{"S": "<m>"}} {
		for _, src := range []string{`{{.}}`, `{{if .}}{{.}}{{end}}`, `{{.S}}`, `{{range .}}{{.}}{{end}}`} {
			execute(t, src, d)
		}
	}
}

// TestEveryActionIsEscaped checks that a template whose trees were not
// escaped by html/template (which the Set cannot tell by itself if it
// were handed one) is never run: the Set compiles only after
// html/template executed it successfully, and refuses an action without
// an escaper.
func TestEveryActionIsEscaped(t *testing.T) {
	tt := template.Must(template.New("main").Parse(`<p>{{.}}</p>`))
	set := New(tt, nil)
	c := &compiler{set: set, tmpls: map[string]*tmpl{}}
	if c.template("main"); c.bad == "" {
		t.Fatal("compiled an action html/template has not escaped")
	}
	var buf bytes.Buffer
	for range 2 {
		buf.Reset()
		if err := set.Execute(&buf, "main", "<x>"); err != nil {
			t.Fatal(err)
		}
	}
	if buf.String() != "<p>&lt;x&gt;</p>" {
		t.Fatalf("got %s", buf.String())
	}
}

func TestConcurrentExecutions(t *testing.T) {
	tt := template.Must(template.New("main").Funcs(funcs).Parse(`{{define "x"}}<a href="/i/{{.S}}" title="{{.N}}">{{up .S}}</a>{{end}}{{range .Items}}{{template "x" .}}{{end}}`))
	set := New(tt, funcs)
	var want bytes.Buffer
	if err := template.Must(tt.Clone()).ExecuteTemplate(&want, "main", testData()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			var buf bytes.Buffer
			for range 50 {
				buf.Reset()
				if err := set.Execute(&buf, "main", testData()); err != nil || buf.String() != want.String() {
					t.Errorf("got %q, %v", buf.String(), err)
					return
				}
			}
		})
	}
	wg.Wait()
	if fast, declined := set.Stats(); fast == 0 || declined != 0 {
		t.Errorf("fast %d, declined %d", fast, declined)
	}
}

// FuzzEscapers puts any text, as a string, HTML and a URL, in every
// context the escapers here serve, and compares with html/template.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "plain", `<a href="x">'&amp;'</a>`, "a+b=c&d", "\x00nul", "\xff\xfe bad utf8", "javascript:alert(1)",
		"JavaScript:x", "HTTPS://E.COM/a b?c=d#e", "mailto:a@b", "/rel:ative", "%41%zz%", "ünï©ødé ☃ \uFDD0 \uFFFE", "data:text/html,x", " spaced  "} {
		f.Add(s)
	}
	src := `{{.S}}|{{.H}}|{{.U}}<p title="{{.S}}" class='{{.U}}'>` +
		`<a href="{{.S}}">1</a><a href="{{.U}}">2</a><a href="/x?q={{.S}}&h={{.U}}#{{.S}}">3</a><a href="/p/{{.H}}">4</a>` +
		`<title>{{.S}}{{.H}}{{.U}}</title><textarea>{{.S}}{{.H}}</textarea>`
	type in struct {
		S string
		H template.HTML
		U template.URL
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := in{s, template.HTML(s), template.URL(s)}
		if !execute(t, src, d) {
			t.Errorf("%q: not executed by tmplrun", s)
		}
	})
}
