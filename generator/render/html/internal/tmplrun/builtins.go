package tmplrun

import (
	"reflect"
	"text/template/parse"
)

// builtins are text/template's builtin functions this package evaluates,
// with how many arguments each takes (at least, when variadic); a
// template calling another builtin (print, printf, html, js, slice, call
// and the rest) is left to html/template.
var builtins = map[string]arity{
	"and": {1, true}, "or": {1, true}, "not": {1, false},
	"eq": {1, true}, "ne": {2, false}, "lt": {2, false}, "le": {2, false}, "gt": {2, false}, "ge": {2, false},
	"len": {1, false}, "index": {1, true},
}

var (
	trueValue  = reflect.ValueOf(true)
	falseValue = reflect.ValueOf(false)
)

func boolValue(b bool) reflect.Value {
	if b {
		return trueValue
	}
	return falseValue
}

// arity is how many arguments a builtin takes: n, or at least n.
type arity struct {
	n        int
	variadic bool
}

// builtin evaluates a builtin as text/template's funcs.go does; the
// cases where it returns an error decline.
func (c *compiler) builtin(name string, b arity, args []parse.Node, final bool) cmdFn {
	numIn := len(args)
	if final {
		numIn++
	}
	if numIn < b.n || !b.variadic && numIn != b.n {
		c.fail("wrong number of arguments for " + name)
		return nil
	}
	argFns := make([]valueFn, len(args))
	for i, a := range args {
		argFns[i] = c.anyArg(a)
	}
	if name == "and" || name == "or" {
		or := name == "or"
		return func(st *state, dot, fin reflect.Value) reflect.Value {
			var v reflect.Value
			for _, f := range argFns {
				if v = f(st, dot); truth(v) == or {
					return v
				}
			}
			if final {
				v = fin
			}
			return v
		}
	}
	return func(st *state, dot, fin reflect.Value) reflect.Value {
		var small [3]reflect.Value
		argv := small[:0]
		for _, f := range argFns {
			argv = append(argv, f(st, dot))
		}
		if final {
			argv = append(argv, fin)
		}
		switch name {
		case "not":
			return boolValue(!truth(argv[0]))
		case "eq":
			return boolValue(eq(argv[0], argv[1:]))
		case "ne":
			return boolValue(!eq(argv[0], argv[1:]))
		case "lt":
			return boolValue(lt(argv[0], argv[1]))
		case "le":
			return boolValue(lt(argv[0], argv[1]) || eq(argv[0], argv[1:]))
		case "gt":
			return boolValue(!(lt(argv[0], argv[1]) || eq(argv[0], argv[1:])))
		case "ge":
			return boolValue(!lt(argv[0], argv[1]))
		case "len":
			v, isNil := indirect(argv[0])
			switch {
			case isNil || !v.IsValid():
			case v.Kind() == reflect.Array, v.Kind() == reflect.Chan, v.Kind() == reflect.Map, v.Kind() == reflect.Slice, v.Kind() == reflect.String:
				return reflect.ValueOf(v.Len())
			}
		case "index":
			return index(argv[0], argv[1:])
		}
		decline()
		return reflect.Value{}
	}
}

type kind int

const (
	invalidKind kind = iota
	boolKind
	complexKind
	intKind
	floatKind
	stringKind
	uintKind
)

func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.Float32, reflect.Float64:
		return floatKind
	case reflect.Complex64, reflect.Complex128:
		return complexKind
	case reflect.String:
		return stringKind
	}
	return invalidKind
}

// indirectInterface is the value inside an interface (text/template's).
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// eq is text/template's eq for basic kinds; comparing anything else
// (structs, pointers, nil) declines.
func eq(a reflect.Value, bs []reflect.Value) bool {
	a = indirectInterface(a)
	if len(bs) == 0 {
		decline()
	}
	ka := basicKind(a)
	for _, b := range bs {
		b = indirectInterface(b)
		kb := basicKind(b)
		var t bool
		switch {
		case ka == intKind && kb == uintKind:
			t = a.Int() >= 0 && uint64(a.Int()) == b.Uint()
		case ka == uintKind && kb == intKind:
			t = b.Int() >= 0 && a.Uint() == uint64(b.Int())
		case ka != kb || ka == invalidKind:
			decline()
		case ka == boolKind:
			t = a.Bool() == b.Bool()
		case ka == complexKind:
			t = a.Complex() == b.Complex()
		case ka == floatKind:
			t = a.Float() == b.Float()
		case ka == intKind:
			t = a.Int() == b.Int()
		case ka == stringKind:
			t = a.String() == b.String()
		case ka == uintKind:
			t = a.Uint() == b.Uint()
		}
		if t {
			return true
		}
	}
	return false
}

// lt is text/template's lt.
func lt(a, b reflect.Value) bool {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	switch {
	case ka == intKind && kb == uintKind:
		return a.Int() < 0 || uint64(a.Int()) < b.Uint()
	case ka == uintKind && kb == intKind:
		return b.Int() >= 0 && a.Uint() < uint64(b.Int())
	case ka != kb:
	case ka == floatKind:
		return a.Float() < b.Float()
	case ka == intKind:
		return a.Int() < b.Int()
	case ka == stringKind:
		return a.String() < b.String()
	case ka == uintKind:
		return a.Uint() < b.Uint()
	}
	decline() // bool, complex, invalid, or different kinds: an error
	return false
}

// index is text/template's index for arrays, slices, strings and maps
// whose key type the index is assignable to.
func index(item reflect.Value, indexes []reflect.Value) reflect.Value {
	item = indirectInterface(item)
	if !item.IsValid() {
		decline()
	}
	for _, ix := range indexes {
		ix = indirectInterface(ix)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			decline()
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			var x int64
			switch basicKind(ix) {
			case intKind:
				x = ix.Int()
			case uintKind:
				x = int64(ix.Uint())
			default:
				decline()
			}
			if x < 0 || x >= int64(item.Len()) {
				decline()
			}
			item = item.Index(int(x))
		case reflect.Map:
			if !ix.IsValid() || !ix.Type().AssignableTo(item.Type().Key()) {
				decline()
			}
			if x := item.MapIndex(ix); x.IsValid() {
				item = x
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		default:
			decline()
		}
	}
	return item
}
