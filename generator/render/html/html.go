// Package html renders the status site's pages: the front page, one page
// per incident, component and maintenance window, the history, the
// reliability report, 404.html, sitemap.xml and robots.txt, with the
// theme's static assets under content-hashed names.
//
// Templates are parsed once per build; then every page is a small function
// of the model and one item (pageFor…), rendered by a pool of workers.
package html

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/html/internal/tmplrun"
	"github.com/sitrep/sitrep/generator/render/report"
	"github.com/sitrep/sitrep/generator/view"
)

// Renderer writes the HTML pages.
type Renderer struct{}

// New returns the HTML renderer.
func New() *Renderer { return &Renderer{} }

// Name says what the renderer writes.
func (*Renderer) Name() string { return "html" }

// Render writes every page, the static assets, sitemap.xml and robots.txt.
func (*Renderer) Render(ctx context.Context, c *render.Context) error {
	s, err := newSite(c)
	if err != nil {
		return err
	}
	for p, b := range s.assets.files {
		c.Emit(p, b)
	}
	jobs := s.jobs()
	files := make([]string, len(jobs))
	for i, j := range jobs {
		files[i] = paths.File(j.path)
	}
	c.Announce(files)
	if err := s.run(ctx, jobs, files); err != nil {
		return err
	}
	if rendered != nil {
		rendered(s)
	}
	// The sitemap lists the pages' addresses: it changes only when a page
	// comes or goes.
	k := c.Memo.Key().Str(c.URLs.Base()).Int(int64(len(jobs)))
	if c.Memo != nil {
		for _, j := range jobs {
			k.Str(j.path)
		}
	}
	sm, _ := c.Memo.Value(paths.Sitemap, k, func() (any, error) { return sitemaps(c.URLs, jobs), nil })
	for _, f := range sm.([]sitemapFile) {
		c.Emit(f.path, f.data)
	}
	c.Emit(paths.Robots, robots(c.URLs))
	return nil
}

// layouts are the page templates; each is parsed over base.html and partials.html.
var layouts = [...]string{"index", "incident", "component", "maintenance", "history", "report", "404"}

// site is one build's renderer state: parsed templates, hashed assets and
// the words of the site's language. It is read-only once made.
type site struct {
	c      *render.Context
	m      *view.Model
	w      *words
	tmpl   map[string]*template.Template
	sets   map[string]*tmplrun.Set // tmpl's sets, executed without reflective calls
	assets assets

	// The reliability report's numbers, made when a page first needs
	// them (the report, a component's objective) so that other pages
	// render meanwhile.
	report     func() (*report.Page, error)         // in words, for its page
	components func() map[string]*metrics.Component // each component's numbers, by id

	taskLabels    *strings.Replacer  // see markdown
	chrome        map[string]*chrome // by layout
	frags         fragments
	incidentWords *incidentWords
	lineWords     lineWords
	updatedWords  around           // "page.updated", see fresh
	affected      *affectedItems   // see affectedItem; its index numbers the components
	compParts     []componentParts // by component, see componentParts
	pagerWords    pagerWords
	lineCache     map[*view.Incident]*lazyPart  // each incident's list line, made when first needed
	barCache      map[*view.Component]*lazyPart // each component's uptime bar, the same
	themeKey      uint64                        // hash of the theme sources this build parsed
	failed        atomic.Pointer[error]         // the first part made on demand that failed
	top           *banner                       // the front page's banner, which also picks its favicon
}

// lazyPart is a fragment several pages include, such as an incident's
// line in lists (history, component pages), rendered once per build by
// the first page that needs it: when watch mode reuses most pages, most
// lines are never needed. key, set when the build has a memo, sums up
// what the fragment shows (memo.go).
type lazyPart struct {
	once sync.Once
	key  uint64
	html template.HTML
	err  error
}

// get renders the part once, through the memo when there is one.
func (l *lazyPart) get(s *site, name string, render func(*bytes.Buffer) error) (template.HTML, error) {
	l.once.Do(func() {
		var buf bytes.Buffer
		b, err := s.c.Memo.Part(name, s.c.Memo.Key().Uint(l.key), func() ([]byte, error) {
			err := render(&buf)
			return buf.Bytes(), err
		})
		l.html, l.err = template.HTML(b), err // html/template output
	})
	return l.html, l.err
}

func newSite(c *render.Context) (*site, error) {
	s := &site{c: c, m: c.Model, w: newWords(c.Strings, c.Model.Loc)}
	s.taskLabels = strings.NewReplacer(
		`<input checked="" disabled="" type="checkbox">`, `<input checked="" disabled="" type="checkbox" aria-label="`+template.HTMLEscapeString(s.w.T("task.done"))+`">`,
		`<input disabled="" type="checkbox">`, `<input disabled="" type="checkbox" aria-label="`+template.HTMLEscapeString(s.w.T("task.todo"))+`">`,
	)
	var err error
	if s.assets, err = loadAssets(c.Theme, map[string][]byte{"app.js": s.scriptWords()}); err != nil {
		return nil, err
	}
	numbers := func() *metrics.Report {
		return c.Shared("metrics", func() any { return metrics.FromModel(c.Model) }).(*metrics.Report)
	}
	s.report = sync.OnceValues(func() (*report.Page, error) { return report.PageData(numbers(), c.Strings, c.Model.Loc, c.Memo) })
	s.components = sync.OnceValue(func() map[string]*metrics.Component {
		r := numbers()
		byID := make(map[string]*metrics.Component, len(r.Components))
		for i := range r.Components {
			byID[r.Components[i].ID] = &r.Components[i]
		}
		return byID
	})
	funcs := s.funcs()
	if s.tmpl, s.themeKey, err = loadTemplates(c, funcs); err != nil {
		return nil, err
	}
	s.sets = make(map[string]*tmplrun.Set, len(s.tmpl))
	for layout, t := range s.tmpl {
		s.sets[layout] = tmplrun.New(t, funcs)
	}
	s.lineWords = lineWords{open: s.around("incident.started_at", "time"), resolved: s.around("line.started", "time")}
	s.updatedWords = s.around("page.updated", "time")
	s.affected = newAffectedItems(c.Model.Components)
	s.incidentWords = s.newIncidentWords()
	s.compParts = make([]componentParts, len(c.Model.Components))
	s.pagerWords = pagerWords{Label: s.w.T("pager.label"), Newer: s.w.T("pager.newer"), Older: s.w.T("pager.older")}
	top := render.StateOf(c.Model, c.Strings)
	s.top = &top
	if err := s.prerender(); err != nil {
		return nil, err
	}
	return s, nil
}

// templateFiles are the theme's layout files: base.html and partials.html,
// which every layout is parsed over, then the layouts.
var templateFiles = func() []string {
	files := []string{"layouts/base.html", "layouts/partials.html"}
	for _, name := range layouts {
		files = append(files, "layouts/"+name+".html")
	}
	return files
}()

// loadTemplates returns the theme's templates, one set per layout, bound
// to this build's functions, and a key of their sources. In watch mode
// the parsed (and, once executed, escaped) sets are kept in the memo while
// the sources are unchanged, and each build binds its own functions to
// them: html/template allows functions to be replaced after parsing, and
// a memo serves one build at a time.
func loadTemplates(c *render.Context, funcs template.FuncMap) (map[string]*template.Template, uint64, error) {
	srcs := make([]string, len(templateFiles))
	key := c.Memo.Key()
	for i, file := range templateFiles {
		b, err := fs.ReadFile(c.Theme, file)
		if err != nil {
			return nil, 0, fmt.Errorf("theme: %w", err)
		}
		srcs[i] = string(b)
		key.Str(file).Str(srcs[i])
	}
	v, err := c.Memo.Value("html:templates", key, func() (any, error) { return parseTemplates(srcs, funcs) })
	if err != nil {
		return nil, 0, err
	}
	sets := v.(map[string]*template.Template)
	for _, t := range sets {
		t.Funcs(funcs)
	}
	return sets, key.Sum(), nil
}

// parseTemplates parses the sources of templateFiles.
func parseTemplates(srcs []string, funcs template.FuncMap) (map[string]*template.Template, error) {
	parse := func(t *template.Template, i int) error {
		if _, err := t.New(templateFiles[i]).Parse(srcs[i]); err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		return nil
	}
	root := template.New("base").Funcs(funcs)
	for i := range 2 {
		if err := parse(root, i); err != nil {
			return nil, err
		}
	}
	sets := make(map[string]*template.Template, len(layouts))
	for i, name := range layouts {
		t, err := root.Clone()
		if err != nil {
			return nil, err
		}
		if err := parse(t, 2+i); err != nil {
			return nil, err
		}
		sets[name] = t
	}
	return sets, nil
}

// job renders one page at a path (a paths.* page directory or file).
// key, when set, writes what the page is made of besides what every page
// shares (see buildKey); pages without a key are rendered every build.
type job struct {
	path   string
	layout string // the page's layout, whose shared inputs key it too
	page   func(arg int) *page
	key    func(k *render.Key, arg int)
	arg    int // which item of its kind the page shows
}

// run renders the jobs, whose files are files, on GOMAXPROCS workers. A
// page whose key is unchanged since the last build is taken from the
// memo (Context.Output).
func (s *site) run(ctx context.Context, jobs []job, files []string) error {
	memo := s.c.Memo
	base := s.baseKey()
	s.parts(base)
	shared := s.layoutKeys(base)
	reuse := s.c.Reusable()
	err := parallel(ctx, len(jobs), func(i int, w *worker) error {
		j, file := jobs[i], files[i]
		buf := &w.buf
		var k *render.Key // nil: rendered every build
		if j.key != nil && memo != nil {
			// The memo keeps only the key's sum: the worker's key is
			// reused for its next page.
			if w.key == nil {
				w.key = memo.Key()
			}
			k = w.key.Reset().Uint(shared[j.layout]).Str(j.path)
			j.key(k, j.arg)
		}
		return s.c.Output(file, k, func() ([]byte, error) {
			buf.Reset()
			if err := s.render(buf, j.page(j.arg)); err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			if reuse {
				return buf.Bytes(), nil // written out before the next page reuses buf
			}
			return bytes.Clone(buf.Bytes()), nil
		})
	})
	if p := s.failed.Load(); p != nil && err == nil {
		err = *p
	}
	return err
}

// fail keeps the first error of a part made on demand by a page builder,
// which cannot fail: it fails the build once the pages are done.
func (s *site) fail(err error) {
	if err != nil {
		s.failed.CompareAndSwap(nil, &err)
	}
}

// parts makes the lazy parts of this build, with their keys (on top of
// the base key) when there is a memo.
func (s *site) parts(base uint64) {
	lines := make([]lazyPart, len(s.m.Incidents))
	s.lineCache = make(map[*view.Incident]*lazyPart, len(s.m.Incidents))
	for i, in := range s.m.Incidents {
		s.lineCache[in] = &lines[i]
	}
	bars := make([]lazyPart, len(s.m.Components))
	s.barCache = make(map[*view.Component]*lazyPart, len(s.m.Components))
	for i, c := range s.m.Components {
		s.barCache[c] = &bars[i]
	}
	if s.c.Memo == nil {
		return
	}
	k := s.c.Memo.Key()
	for i, in := range s.m.Incidents {
		lineKey(k.Reset().Uint(base), in)
		lines[i].key = k.Sum()
	}
	for i, c := range s.m.Components {
		s.barKey(k.Reset().Uint(base), c)
		bars[i].key = k.Sum()
	}
}

// lineOf is an incident's list line.
func (s *site) lineOf(in *view.Incident) (template.HTML, error) {
	return s.lineCache[in].get(s, "html-line:"+in.Slug, func(buf *bytes.Buffer) error {
		if err := s.execute(buf, "history", "incident-line", s.line(in)); err != nil {
			return fmt.Errorf("%s: %w", in.Pos.File, err)
		}
		return nil
	})
}

// barOf is a component's uptime bar, shown on the front page and the
// component's first page.
func (s *site) barOf(c *view.Component) template.HTML {
	h, err := s.barCache[c].get(s, "html-bar:"+c.ID, func(buf *bytes.Buffer) error {
		if err := s.execute(buf, "index", "bar", c); err != nil {
			return fmt.Errorf("%s: %w", c.Pos.File, err)
		}
		return nil
	})
	s.fail(err)
	return h
}

// worker is what one of parallel's goroutines reuses from call to call.
type worker struct {
	buf bytes.Buffer // reset before every call
	key *render.Key  // nil until the first page with a key
}

// parallel calls do for 0 … n-1 on GOMAXPROCS workers, each with its own
// buffer and key, and returns the first error.
func parallel(ctx context.Context, n int, do func(i int, w *worker) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0))
	for w := range errs {
		wg.Go(func() {
			var wk worker
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				wk.buf.Reset()
				if err := do(i, &wk); err != nil {
					errs[w] = err
					next.Store(int64(n)) // stop the others early
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// render executes a page's layout into buf.
func (s *site) render(buf *bytes.Buffer, p *page) error {
	return s.execute(buf, p.Layout, "base", p)
}

// execute writes the template name of a layout's set, applied to data,
// to buf: html/template's output, which tmplrun makes without its
// reflective calls where it can (htmlTemplateOnly: where the tests want
// html/template's own to compare with).
func (s *site) execute(buf *bytes.Buffer, layout, name string, data any) error {
	if htmlTemplateOnly {
		return s.tmpl[layout].ExecuteTemplate(buf, name, data)
	}
	return s.sets[layout].Execute(buf, name, data)
}

// Only tests set these: htmlTemplateOnly has every template executed by
// html/template itself, and rendered is called with each site rendered.
var (
	htmlTemplateOnly bool
	rendered         func(*site)
)

// scriptWords are the words app.js shows to switch times between the
// site's zone and the reader's, as a statement in front of it: one copy
// in a cached file instead of attributes on every page.
func (s *site) scriptWords() []byte {
	b, _ := json.Marshal(struct {
		TZ    string `json:"tz"`
		Local string `json:"local"`
		Site  string `json:"site"`
		Note  string `json:"note"`
	}{s.m.Site.Config.TimeZone, s.w.T("js.local"), s.w.F("js.site", "zone", s.w.Zone(s.m.Now)), s.w.T("js.note")})
	return slices.Concat([]byte("window.sitrep = "), b, []byte(";\n"))
}

// assets are the theme's static files under content-hashed names, so
// hosts may cache them for ever.
type assets struct {
	url   map[string]string // theme name ("style.css") -> output path
	files map[string][]byte // output path -> bytes
}

// loadAssets reads the theme's static files; a file named in prefix gets
// those bytes in front of its own (the site's words for app.js).
func loadAssets(theme fs.FS, prefix map[string][]byte) (assets, error) {
	a := assets{url: map[string]string{}, files: map[string][]byte{}}
	err := fs.WalkDir(theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "static/")
		if pre, ok := prefix[rel]; ok {
			b = append(pre[:len(pre):len(pre)], b...)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(rel)
		out := paths.Static + strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.url[rel] = out
		a.files[out] = b
		return nil
	})
	if err != nil {
		return a, fmt.Errorf("theme: %w", err)
	}
	return a, nil
}
