package tmplrun

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"text/template/parse"
)

// The compiler turns an escaped parse tree into closures that do what
// text/template's exec.go does for each node (its rules are cited where
// they are not obvious), reached through html/template's Lookup. Whatever
// it does not know sets bad, and the template is left to html/template;
// whatever can only be told at run time calls decline.

// tmpl is one compiled template.
type tmpl struct {
	name string
	body action
}

// action executes a node with dot as ".".
type action func(st *state, dot reflect.Value)

// valueFn evaluates an argument or a pipeline.
type valueFn func(st *state, dot reflect.Value) reflect.Value

// cmdFn evaluates a command of a pipeline; final is the value of the
// command before it, passed as its last argument (invalid for the first).
type cmdFn func(st *state, dot, final reflect.Value) reflect.Value

type compiler struct {
	set   *Set
	tmpls map[string]*tmpl
	bad   string // why the template is left to html/template
}

// compile returns the template called name compiled with every template
// it calls, or nil when html/template is to execute it.
func (s *Set) compile(name string) (t *tmpl) {
	c := &compiler{set: s, tmpls: map[string]*tmpl{}}
	defer func() {
		if c.bad != "" {
			t = nil
		}
	}()
	defer c.recover()
	return c.template(name)
}

// recover turns a panic while compiling into a failure: a construct not
// foreseen is left to html/template.
func (c *compiler) recover() {
	if r := recover(); r != nil {
		c.fail(fmt.Sprint("panic: ", r))
	}
}

func (c *compiler) fail(why string) {
	if c.bad == "" {
		c.bad = why
	}
}

func (c *compiler) template(name string) *tmpl {
	if t, ok := c.tmpls[name]; ok {
		return t
	}
	t := &tmpl{name: name}
	c.tmpls[name] = t
	ht := c.set.t.Lookup(name) // nil for a template html/template derived for another context
	if ht == nil || ht.Tree == nil || ht.Tree.Root == nil {
		c.fail("template " + name + " is not in the set")
		return t
	}
	t.body = c.list(ht.Tree.Root)
	return t
}

func (c *compiler) list(l *parse.ListNode) action {
	if l == nil {
		return func(*state, reflect.Value) {}
	}
	var acts []action
	for _, n := range l.Nodes {
		if a := c.node(n); a != nil {
			acts = append(acts, a)
		}
	}
	switch len(acts) {
	case 0:
		return func(*state, reflect.Value) {}
	case 1:
		return acts[0]
	}
	return func(st *state, dot reflect.Value) {
		for _, a := range acts {
			a(st, dot)
		}
	}
}

func (c *compiler) node(n parse.Node) action {
	switch n := n.(type) {
	case *parse.TextNode:
		text := bytes.Clone(n.Text)
		return func(st *state, _ reflect.Value) { st.buf.Write(text) }
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifWith(false, n.Pipe, n.List, n.ElseList)
	case *parse.WithNode:
		return c.ifWith(true, n.Pipe, n.List, n.ElseList)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.call(n)
	}
	c.fail("node " + n.String())
	return nil
}

// action is an action: a declaration, or a value html/template escaped.
func (c *compiler) action(n *parse.ActionNode) action {
	p := n.Pipe
	if len(p.Decl) > 0 {
		ev := c.pipe(p)
		return func(st *state, dot reflect.Value) { ev(st, dot) }
	}
	// html/template appended the escapers for the action's context: the
	// value is what the commands before them make.
	k := len(p.Cmds)
	var escs []escaper
	for k > 0 {
		cmd := p.Cmds[k-1]
		id, ok := cmd.Args[0].(*parse.IdentifierNode)
		if !ok || len(cmd.Args) != 1 || !strings.HasPrefix(id.Ident, "_html_template_") {
			break
		}
		e, ok := escapers[id.Ident]
		if !ok {
			c.fail("escaper " + id.Ident)
			return nil
		}
		escs = append([]escaper{e}, escs...)
		k--
	}
	if len(escs) == 0 || k == 0 {
		c.fail("unescaped action " + n.String())
		return nil
	}
	ev := c.cmds(p.Cmds[:k])
	last := escs[len(escs)-1]
	escs = escs[:len(escs)-1]
	return func(st *state, dot reflect.Value) {
		s, ct := stringify(ev(st, dot))
		for _, e := range escs {
			s, ct = e.apply(s, ct), plain
		}
		last.write(st.buf, s, ct)
	}
}

// pipe is a pipeline, with its declarations.
func (c *compiler) pipe(p *parse.PipeNode) valueFn {
	if p == nil {
		return func(*state, reflect.Value) reflect.Value { return reflect.Value{} }
	}
	ev := c.cmds(p.Cmds)
	if len(p.Decl) == 0 {
		return ev
	}
	names := make([]string, len(p.Decl))
	for i, d := range p.Decl {
		names[i] = d.Ident[0]
	}
	assign := p.IsAssign
	return func(st *state, dot reflect.Value) reflect.Value {
		v := ev(st, dot)
		for _, name := range names {
			if assign {
				st.setVar(name, v)
			} else {
				st.vars = append(st.vars, variable{name, v})
			}
		}
		return v
	}
}

// cmds evaluates commands each of which gets the one before's value.
func (c *compiler) cmds(cmds []*parse.CommandNode) valueFn {
	fns := make([]cmdFn, len(cmds))
	for i, cmd := range cmds {
		fns[i] = c.command(cmd, i > 0)
	}
	return func(st *state, dot reflect.Value) reflect.Value {
		var v reflect.Value
		for _, f := range fns {
			v = f(st, dot, v)
			// text/template: an empty interface is looked into.
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = v.Elem()
			}
		}
		return v
	}
}

func (c *compiler) command(cmd *parse.CommandNode, final bool) cmdFn {
	args := cmd.Args[1:]
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.fieldChain(nil, n.Ident, args, final)
	case *parse.ChainNode:
		recv := c.chainReceiver(n)
		return c.fieldChain(recv, n.Field, args, final)
	case *parse.VariableNode:
		return c.variable(n, args, final)
	case *parse.IdentifierNode:
		return c.function(n.Ident, args, final)
	}
	if len(args) > 0 || final {
		c.fail("arguments to a non-function")
		return nil
	}
	switch n := cmd.Args[0].(type) {
	case *parse.PipeNode:
		ev := c.pipe(n)
		return func(st *state, dot, _ reflect.Value) reflect.Value { return ev(st, dot) }
	case *parse.DotNode:
		return func(_ *state, dot, _ reflect.Value) reflect.Value { return dot }
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		v := c.constant(n)
		return func(*state, reflect.Value, reflect.Value) reflect.Value { return v }
	}
	c.fail("command " + cmd.String())
	return nil
}

// constant is a constant's value where no type is expected (text/template's
// idealConstant and evalEmptyInterface).
func (c *compiler) constant(n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	case *parse.NumberNode:
		switch {
		case n.IsComplex:
		case n.IsFloat && !strings.ContainsAny(n.Text, "xXoObB'_") && strings.ContainsAny(n.Text, ".eE"):
			return reflect.ValueOf(n.Float64)
		case n.IsInt && !strings.ContainsAny(n.Text, "'_"):
			if int64(int(n.Int64)) == n.Int64 {
				return reflect.ValueOf(int(n.Int64))
			}
		}
	}
	c.fail("constant " + n.String())
	return reflect.Value{}
}

// chainReceiver evaluates the start of a chain such as (pipeline).Field.
func (c *compiler) chainReceiver(n *parse.ChainNode) valueFn {
	ev := c.operand(n.Node)
	if ev == nil {
		c.fail("chain " + n.String())
	}
	return ev
}

// operand evaluates a node that is not a constant: dot, a field chain, a
// variable, a call without arguments, a chain or a parenthesized
// pipeline; nil for any other node.
func (c *compiler) operand(n parse.Node) valueFn {
	var f cmdFn
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *state, dot reflect.Value) reflect.Value { return dot }
	case *parse.PipeNode:
		return c.pipe(n)
	case *parse.FieldNode:
		f = c.fieldChain(nil, n.Ident, nil, false)
	case *parse.VariableNode:
		f = c.variable(n, nil, false)
	case *parse.IdentifierNode:
		f = c.function(n.Ident, nil, false)
	case *parse.ChainNode:
		f = c.fieldChain(c.chainReceiver(n), n.Field, nil, false)
	default:
		return nil
	}
	return func(st *state, dot reflect.Value) reflect.Value { return f(st, dot, reflect.Value{}) }
}

func (c *compiler) variable(n *parse.VariableNode, args []parse.Node, final bool) cmdFn {
	name := n.Ident[0]
	if len(n.Ident) == 1 {
		if len(args) > 0 || final {
			c.fail("arguments to a variable")
			return nil
		}
		return func(st *state, _, _ reflect.Value) reflect.Value { return st.varValue(name) }
	}
	recv := func(st *state, _ reflect.Value) reflect.Value { return st.varValue(name) }
	return c.fieldChain(recv, n.Ident[1:], args, final)
}

// fieldChain evaluates .A.B.C on recv (dot when nil): fields, map keys
// and methods; the last may be a method called with args and final.
func (c *compiler) fieldChain(recv valueFn, idents []string, args []parse.Node, final bool) cmdFn {
	sites := make([]*fieldSite, len(idents))
	for i, id := range idents {
		sites[i] = &fieldSite{name: id, key: reflect.ValueOf(id)}
	}
	if len(args) > 0 || final {
		// Only a method takes arguments; which method, and so the types
		// its arguments are converted to, is known at run time.
		head, last := sites[:len(sites)-1], sites[len(sites)-1]
		var calls atomic.Pointer[methodCall]
		set := c.set
		return func(st *state, dot, fin reflect.Value) reflect.Value {
			m := last.method(chain(st, dot, recv, head))
			mc := calls.Load()
			if mc == nil || mc.typ != m.Type() {
				mc = set.methodCall(m.Type(), args, final)
				calls.Store(mc)
			}
			if mc.call == nil {
				decline()
			}
			return mc.call(st, dot, fin, m)
		}
	}
	return func(st *state, dot, _ reflect.Value) reflect.Value { return chain(st, dot, recv, sites) }
}

// chain evaluates names one after the other on recv (dot when nil).
func chain(st *state, dot reflect.Value, recv valueFn, sites []*fieldSite) reflect.Value {
	v := dot
	if recv != nil {
		v = recv(st, dot)
	}
	for _, f := range sites {
		v = f.eval(v)
	}
	return v
}

// fieldSite is one name of a field chain, with what it resolved to for
// the type of the value it was last evaluated on.
type fieldSite struct {
	name string
	key  reflect.Value // name as a map key
	last atomic.Pointer[resolution]
}

// resolution is what a name means on a receiver type.
type resolution struct {
	on     reflect.Type // the type methods are looked up on (*T when addressable)
	method int          // index of the method, or -1
	field  []int        // the field's index, when not a method
	isMap  bool
}

// lookup follows recv to the value whose field or method the name is,
// and what the name means on it.
func (f *fieldSite) lookup(recv reflect.Value) (v, ptr reflect.Value, r *resolution) {
	v, isNil := indirect(recv)
	if isNil {
		decline() // nil pointer or interface: an error or a method on nil
	}
	ptr = v
	if ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr() // text/template: to see the methods of *T too
	}
	r = f.last.Load()
	if r == nil || r.on != ptr.Type() {
		r = f.resolve(v, ptr)
		f.last.Store(r)
	}
	return v, ptr, r
}

// method is the method the name is on recv, to be called with arguments.
func (f *fieldSite) method(recv reflect.Value) reflect.Value {
	if !recv.IsValid() {
		decline()
	}
	_, ptr, r := f.lookup(recv)
	if r.method < 0 {
		decline() // a field or map key given arguments: an error
	}
	return ptr.Method(r.method)
}

// eval is text/template's evalField without arguments.
func (f *fieldSite) eval(recv reflect.Value) reflect.Value {
	if !recv.IsValid() {
		return reflect.Value{} // text/template's default: no error
	}
	v, ptr, r := f.lookup(recv)
	switch {
	case r.method >= 0:
		return callMethod(ptr.Method(r.method))
	case r.isMap:
		return v.MapIndex(f.key) // invalid when missing: text/template's default
	case len(r.field) == 1:
		return v.Field(r.field[0])
	}
	fv, err := v.FieldByIndexErr(r.field)
	if err != nil {
		decline()
	}
	return fv
}

func (f *fieldSite) resolve(v, ptr reflect.Value) *resolution {
	r := &resolution{on: ptr.Type(), method: -1}
	if m, ok := ptr.Type().MethodByName(f.name); ok {
		r.method = m.Index
		return r
	}
	switch v.Kind() {
	case reflect.Struct:
		if sf, ok := v.Type().FieldByName(f.name); ok && sf.IsExported() {
			r.field = sf.Index
			return r
		}
	case reflect.Map:
		if f.key.Type().AssignableTo(v.Type().Key()) {
			r.isMap = true
			return r
		}
	}
	decline() // text/template's "can't evaluate field"
	return nil
}

// callMethod calls a method without arguments, as evalCall does.
func callMethod(m reflect.Value) reflect.Value {
	t := m.Type()
	if t.NumIn() > 1 || t.NumIn() == 1 && !t.IsVariadic() || !goodResults(t) {
		decline()
	}
	return result(m.Call(nil))
}

// goodResults reports whether a function returns one value, or one and
// an error (text/template's goodFunc).
func goodResults(t reflect.Type) bool {
	return t.NumOut() == 1 || t.NumOut() == 2 && t.Out(1) == errorType
}

// result is a call's value: an error declines, and a reflect.Value is
// unwrapped.
func result(out []reflect.Value) reflect.Value {
	if len(out) == 2 && !out[1].IsNil() {
		decline()
	}
	v := out[0]
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

var (
	errorType        = reflect.TypeFor[error]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
)

// ifWith is {{if}} or {{with}}.
func (c *compiler) ifWith(with bool, p *parse.PipeNode, list, elseList *parse.ListNode) action {
	ev := c.pipe(p)
	body, orElse := c.branches(list, elseList)
	return func(st *state, dot reflect.Value) {
		mark := len(st.vars)
		val := ev(st, dot)
		switch {
		case !truth(val):
			if orElse != nil {
				orElse(st, dot)
			}
		case with:
			body(st, val)
		default:
			body(st, dot)
		}
		st.vars = st.vars[:mark]
	}
}

// branches are the lists of an if, with or range: orElse is nil without
// an else.
func (c *compiler) branches(list, elseList *parse.ListNode) (body, orElse action) {
	if elseList != nil {
		orElse = c.list(elseList)
	}
	return c.list(list), orElse
}

// rangeNode is {{range}} over an array or a slice; anything else declines.
func (c *compiler) rangeNode(n *parse.RangeNode) action {
	ev := c.pipe(n.Pipe)
	body, orElse := c.branches(n.List, n.ElseList)
	var decl []string
	for _, d := range n.Pipe.Decl {
		decl = append(decl, d.Ident[0])
	}
	assign := n.Pipe.IsAssign
	return func(st *state, dot reflect.Value) {
		mark0 := len(st.vars)
		val, _ := indirect(ev(st, dot))
		mark := len(st.vars)
		switch val.Kind() {
		case reflect.Array, reflect.Slice:
			for i := range val.Len() {
				elem := val.Index(i)
				// text/template: with one variable it is the element, with
				// two the index and the element.
				switch {
				case len(decl) == 0:
				case assign && len(decl) == 1:
					st.setVar(decl[0], elem)
				case assign:
					st.setVar(decl[0], reflect.ValueOf(i))
					st.setVar(decl[1], elem)
				default:
					st.vars[len(st.vars)-1].value = elem
					if len(decl) > 1 {
						st.vars[len(st.vars)-2].value = reflect.ValueOf(i)
					}
				}
				body(st, elem)
				st.vars = st.vars[:mark]
			}
			if val.Len() > 0 {
				st.vars = st.vars[:mark0]
				return
			}
		case reflect.Invalid:
		default:
			decline() // maps, numbers, channels, functions, nil pointers
		}
		if orElse != nil {
			orElse(st, dot)
		}
		st.vars = st.vars[:mark0]
	}
}

// call is {{template "name" pipeline}}.
func (c *compiler) call(n *parse.TemplateNode) action {
	t := c.template(n.Name)
	ev := c.pipe(n.Pipe)
	return func(st *state, dot reflect.Value) {
		newDot := ev(st, dot)
		if st.depth >= maxDepth {
			decline()
		}
		base, top := st.base, len(st.vars)
		st.vars = append(st.vars, variable{"$", newDot})
		st.base = top
		st.depth++
		t.body(st, newDot)
		st.depth--
		st.vars = st.vars[:top]
		st.base = base
	}
}

// maxDepth bounds nested template calls; beyond it html/template reports
// its own error.
const maxDepth = 1000

// truth is text/template's isTrue of the value inside an interface;
// values it has no truth for decline.
func truth(v reflect.Value) bool {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Struct:
		return true
	}
	decline()
	return false
}

// indirect follows pointers and interfaces to a value, as text/template's
// indirect does; isNil reports a nil one on the way.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}
