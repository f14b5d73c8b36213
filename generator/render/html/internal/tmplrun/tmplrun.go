// Package tmplrun executes html/template templates without calling their
// escapers and functions through reflection.
//
// html/template rewrites a template's parse tree once, the first time it
// is executed, appending to every action the escapers its context needs
// ({{.Title}} in element text becomes {{.Title | _html_template_htmlescaper}}).
// text/template then executes that tree, calling each escaper and each
// function through reflect.Value.Call and looking every field up by name:
// on a page with dozens of values that is most of the page's CPU time and
// allocations.
//
// A Set runs the same escaped trees. It looks fields up once per node and
// type, calls the escapers html/template put there as Go functions that
// write straight into the output, and evaluates the builtins natively; the
// theme's own functions are still called through reflection. It decides
// nothing about escaping: every escaper it runs is one html/template chose
// for that place, and an action html/template did not escape is never
// written. What it cannot do exactly as html/template would (a node, a
// function, a type of value it does not know), it leaves to html/template:
// a template that uses one is executed by html/template every time, and
// an execution that meets one at run time is thrown away and done again by
// html/template (so a function an execution called before it was thrown
// away is called again: the functions must have no side effects). Its
// output is meant to be html/template's, byte for byte, which the tests
// check on every page of six sites, for each construct, and by fuzzing
// the escapers, against html/template itself.
package tmplrun

import (
	"bytes"
	"html/template"
	"reflect"
	"sync"
	"sync/atomic"
)

// A Set executes the templates of one html/template set. It is safe for
// concurrent use. It must be made after the set's functions were bound
// (Funcs) and is used with those functions only.
type Set struct {
	t     *template.Template
	funcs map[string]reflect.Value
	progs sync.Map // template name → *entry

	fast, declined atomic.Int64
}

// entry is one template the Set was asked to execute.
type entry struct {
	mu    sync.Mutex
	ready atomic.Bool // compiled: prog is set
	prog  *tmpl       // nil: html/template executes it
}

// New returns a Set executing t's templates, whose functions are funcs.
func New(t *template.Template, funcs template.FuncMap) *Set {
	s := &Set{t: t, funcs: make(map[string]reflect.Value, len(funcs))}
	for name, f := range funcs {
		s.funcs[name] = reflect.ValueOf(f)
	}
	return s
}

// Stats reports how many executions the Set did itself and how many it
// handed to html/template after compiling their template. The executions
// before a template is compiled (the first, which escapes it) and those of
// a template it does not compile are counted in neither.
func (s *Set) Stats() (fast, declined int64) { return s.fast.Load(), s.declined.Load() }

// Execute writes the template called name, applied to data, to buf: what
// the html/template set's ExecuteTemplate writes, and the same error.
func (s *Set) Execute(buf *bytes.Buffer, name string, data any) error {
	v, ok := s.progs.Load(name)
	if !ok {
		v, _ = s.progs.LoadOrStore(name, new(entry))
	}
	e := v.(*entry)
	if !e.ready.Load() {
		// html/template escapes a template when it first executes it:
		// only once that has succeeded is there a tree to run.
		err := s.t.ExecuteTemplate(buf, name, data)
		if err == nil {
			e.mu.Lock()
			if !e.ready.Load() {
				e.prog = s.compile(name)
				e.ready.Store(true)
			}
			e.mu.Unlock()
		}
		return err
	}
	if e.prog == nil {
		return s.t.ExecuteTemplate(buf, name, data)
	}
	start := buf.Len()
	if e.prog.run(buf, data) {
		s.fast.Add(1)
		return nil
	}
	buf.Truncate(start)
	s.declined.Add(1)
	return s.t.ExecuteTemplate(buf, name, data)
}
