package render

import (
	"testing"
)

// outputs returns a context for m whose outputs are collected in the
// map returned, and a function that asks for the output at path with a
// key of input, counting the renders in calls.
func outputs(t *testing.T, m *Memo, calls *int) (map[string]string, func(path, input string) string) {
	t.Helper()
	got := map[string]string{}
	c := &Context{Memo: m, Emit: func(p string, b []byte) { got[p] = string(b) }}
	return got, func(path, input string) string {
		delete(got, path)
		err := c.Output(path, m.Key().Str(input), func() ([]byte, error) {
			*calls++
			return []byte(path + ":" + input), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got[path]
	}
}

func TestMemoReusesOutputsWhoseKeyIsUnchanged(t *testing.T) {
	m := NewMemo()
	calls := 0
	_, get := outputs(t, m, &calls)
	get("a", "1")
	get("b", "1")
	m.Next()
	if got := get("a", "1"); got != "a:1" || calls != 2 {
		t.Fatalf("unchanged input rendered again: %q, %d calls", got, calls)
	}
	if got := get("b", "2"); got != "b:2" || calls != 3 {
		t.Fatalf("changed input not rendered: %q, %d calls", got, calls)
	}
	if n := m.Next(); n != 1 {
		t.Fatalf("reused %d, want 1", n)
	}
	// "c" was never asked for; "a" and "b" were, so both are kept.
	get("a", "1")
	get("b", "2")
	if calls != 3 {
		t.Fatalf("calls = %d", calls)
	}
	m.Next()
	m.Next() // a build that asked for nothing forgets everything
	get("a", "1")
	if calls != 4 {
		t.Fatalf("a forgotten output was reused")
	}
}

func TestKeysSeparateTheirParts(t *testing.T) {
	m := NewMemo()
	a := m.Key().Str("ab").Str("c").Sum()
	b := m.Key().Str("a").Str("bc").Sum()
	if a == b {
		t.Fatal(`"ab"+"c" and "a"+"bc" have the same key`)
	}
}

func TestANilMemoAlwaysRenders(t *testing.T) {
	var m *Memo
	calls := 0
	_, get := outputs(t, m, &calls)
	for range 2 {
		get("a", "x")
		m.Next()
	}
	if calls != 2 {
		t.Fatalf("calls = %d", calls)
	}
}

func TestPartsAreReusedButNotCountedAsOutputs(t *testing.T) {
	m := NewMemo()
	calls := 0
	part := func(input string) {
		if _, err := m.Part("bar:a", m.Key().Str(input), func() ([]byte, error) { calls++; return []byte(input), nil }); err != nil {
			t.Fatal(err)
		}
	}
	part("1")
	m.Next()
	part("1")
	if calls != 1 {
		t.Fatalf("an unchanged part was made again: %d calls", calls)
	}
	if n := m.Next(); n != 0 {
		t.Fatalf("a reused part counted as %d reused outputs", n)
	}
}

func TestAResetKeyEqualsANewOne(t *testing.T) {
	m := NewMemo()
	k := m.Key().Str("before")
	if got, want := k.Reset().Str("x").Sum(), m.Key().Str("x").Sum(); got != want {
		t.Fatalf("reset key %x, new key %x", got, want)
	}
}

func TestValuesAreKeptWhileTheirKeyIsUnchanged(t *testing.T) {
	m := NewMemo()
	made := 0
	value := func(input string) any {
		v, err := m.Value("templates", m.Key().Str(input), func() (any, error) { made++; return &made, nil })
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	first := value("theme 1")
	m.Next()
	if again := value("theme 1"); again != first || made != 1 {
		t.Fatalf("an unchanged value was made again (%d made)", made)
	}
	value("theme 2")
	if made != 2 {
		t.Fatalf("a changed key did not make the value again (%d made)", made)
	}
	var none *Memo
	none.Value("templates", none.Key(), func() (any, error) { made++; return nil, nil })
	if made != 3 {
		t.Fatal("a nil memo kept a value")
	}
}
