package tmplrun

import (
	"bytes"
	"reflect"
	"sync"
	"text/template/parse"
)

// state is one execution's output and variables.
type state struct {
	buf   *bytes.Buffer
	vars  []variable // the variables in scope; the current template's start at base
	base  int
	depth int
}

type variable struct {
	name  string
	value reflect.Value
}

func (st *state) varValue(name string) reflect.Value {
	for i := len(st.vars) - 1; i >= st.base; i-- {
		if st.vars[i].name == name {
			return st.vars[i].value
		}
	}
	decline()
	return reflect.Value{}
}

func (st *state) setVar(name string, v reflect.Value) {
	for i := len(st.vars) - 1; i >= st.base; i-- {
		if st.vars[i].name == name {
			st.vars[i].value = v
			return
		}
	}
	decline()
}

// declined is the panic that abandons an execution for html/template.
type declined struct{}

func decline() { panic(declined{}) }

var states = sync.Pool{New: func() any { return new(state) }}

// run executes t with data into buf. It reports false when it declined,
// or anything it called panicked: html/template is to execute it then
// (and report what went wrong, as it would have).
func (t *tmpl) run(buf *bytes.Buffer, data any) (ok bool) {
	dot, isValue := data.(reflect.Value)
	if !isValue {
		dot = reflect.ValueOf(data)
	}
	st := states.Get().(*state)
	st.buf, st.base, st.depth = buf, 0, 0
	st.vars = append(st.vars[:0], variable{"$", dot})
	defer func() {
		if recover() != nil {
			ok = false
		}
		clear(st.vars)
		st.vars, st.buf = st.vars[:0], nil
		states.Put(st)
	}()
	t.body(st, dot)
	return true
}

// function is a call of a function of the set, or of a builtin.
func (c *compiler) function(name string, args []parse.Node, final bool) cmdFn {
	if f, ok := c.set.funcs[name]; ok { // text/template: the set's functions come first
		return c.callFunc(f, args, final)
	}
	if b, ok := builtins[name]; ok {
		return c.builtin(name, b, args, final)
	}
	c.fail("function " + name)
	return nil
}

// callFunc calls one of the set's functions.
func (c *compiler) callFunc(fun reflect.Value, args []parse.Node, final bool) cmdFn {
	call := c.callArgs(fun.Type(), args, final)
	if call == nil {
		return nil
	}
	return func(st *state, dot, fin reflect.Value) reflect.Value { return call(st, dot, fin, fun) }
}

// methodCall is a call of a method with arguments, made for its type.
type methodCall struct {
	typ  reflect.Type
	call func(st *state, dot, final, fun reflect.Value) reflect.Value // nil: decline
}

func (s *Set) methodCall(typ reflect.Type, args []parse.Node, final bool) *methodCall {
	c := &compiler{set: s, tmpls: map[string]*tmpl{}}
	defer c.recover()
	call := c.callArgs(typ, args, final)
	if c.bad != "" {
		call = nil
	}
	return &methodCall{typ, call}
}

// callArgs prepares calls of functions of type typ with args and final
// converted to its parameters' types, as text/template's evalCall does.
func (c *compiler) callArgs(typ reflect.Type, args []parse.Node, final bool) func(st *state, dot, final, fun reflect.Value) reflect.Value {
	numIn := len(args)
	if final {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			c.fail("too few arguments")
			return nil
		}
	} else if numIn != typ.NumIn() {
		c.fail("wrong number of arguments")
		return nil
	}
	if !goodResults(typ) {
		c.fail("function results")
		return nil
	}
	in := func(i int) reflect.Type {
		if !typ.IsVariadic() || i < numFixed {
			return typ.In(i)
		}
		return typ.In(typ.NumIn() - 1).Elem()
	}
	argFns := make([]valueFn, len(args))
	for i, a := range args {
		argFns[i] = c.arg(a, in(i))
	}
	var finalType reflect.Type
	if final {
		finalType = in(numIn - 1)
	}
	return func(st *state, dot, fin, fun reflect.Value) reflect.Value {
		argv := make([]reflect.Value, numIn)
		for i, f := range argFns {
			argv[i] = f(st, dot)
		}
		if finalType != nil {
			argv[numIn-1] = validateType(fin, finalType)
		}
		return result(fun.Call(argv))
	}
}

// arg is text/template's evalArg: an argument for a parameter of type typ.
func (c *compiler) arg(n parse.Node, typ reflect.Type) valueFn {
	if _, ok := n.(*parse.NilNode); ok {
		if !canBeNil(typ) {
			c.fail("nil for " + typ.String())
			return nil
		}
		return constFn(reflect.Zero(typ))
	}
	ev := c.operand(n)
	if ev != nil {
		return func(st *state, dot reflect.Value) reflect.Value { return validateType(ev(st, dot), typ) }
	}
	// A constant, made a value of the parameter's type.
	v := reflect.New(typ).Elem()
	switch a := n.(type) {
	case *parse.BoolNode:
		if typ.Kind() != reflect.Bool {
			break
		}
		v.SetBool(a.True)
		return constFn(v)
	case *parse.StringNode:
		if typ.Kind() != reflect.String {
			break
		}
		v.SetString(a.Text)
		return constFn(v)
	case *parse.NumberNode:
		switch typ.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if a.IsInt {
				v.SetInt(a.Int64)
				return constFn(v)
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if a.IsUint {
				v.SetUint(a.Uint64)
				return constFn(v)
			}
		case reflect.Float32, reflect.Float64:
			if a.IsFloat {
				v.SetFloat(a.Float64)
				return constFn(v)
			}
		}
	}
	if typ.Kind() == reflect.Interface && typ.NumMethod() == 0 {
		return constFn(c.constant(n))
	}
	c.fail("argument " + n.String() + " for " + typ.String())
	return nil
}

func constFn(v reflect.Value) valueFn {
	return func(*state, reflect.Value) reflect.Value { return v }
}

// anyArg is an argument of a builtin: text/template's evalEmptyInterface.
func (c *compiler) anyArg(n parse.Node) valueFn {
	switch a := n.(type) {
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		return constFn(c.constant(a))
	case *parse.NilNode:
		return constFn(reflect.Value{})
	}
	return c.arg(n, reflectValueType)
}

// validateType is text/template's: v as an argument of type typ.
func validateType(v reflect.Value, typ reflect.Type) reflect.Value {
	if typ == reflectValueType {
		return v // a builtin's argument: the value itself, valid or not
	}
	if !v.IsValid() {
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		decline()
	}
	if v.Type().AssignableTo(typ) {
		return v
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
		if v.Type().AssignableTo(typ) {
			return v
		}
	}
	switch {
	case v.Kind() == reflect.Pointer && !v.IsNil() && v.Type().Elem().AssignableTo(typ):
		return v.Elem()
	case reflect.PointerTo(v.Type()).AssignableTo(typ) && v.CanAddr():
		return v.Addr()
	}
	decline()
	return reflect.Value{}
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}
