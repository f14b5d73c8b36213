package render

import (
	"encoding/binary"
	"hash/maphash"
	"sync"
	"time"
)

// Memo keeps what renderers produced in one build for the next, so that
// a rebuild in watch mode renders again only the outputs whose inputs
// changed. A renderer asks for an output by path with a Key summing up
// everything the output is made from; when the key is the one of the
// previous build, the previous bytes are returned without rendering.
//
// A nil *Memo is valid and renders everything: one-shot builds pay nothing.
// Keys live only in memory, for one process. A Memo serves one build at a
// time.
type Memo struct {
	seed   maphash.Seed
	mu     sync.Mutex
	prev   map[string]memoEntry
	cur    map[string]memoEntry
	hits   int
	values map[string]valueEntry
}

type valueEntry struct {
	key uint64
	v   any
}

type memoEntry struct {
	key  uint64
	data []byte
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{seed: maphash.MakeSeed(), prev: map[string]memoEntry{}, cur: map[string]memoEntry{}, values: map[string]valueEntry{}}
}

// Key starts a key for an output. Write everything the output depends on
// into it.
func (m *Memo) Key() *Key {
	k := &Key{}
	if m != nil {
		k.h.SetSeed(m.seed)
		k.on = true
	}
	return k
}

// Get returns the output at path: the previous build's bytes if they were
// made under the same key, or else what render makes, remembered for the
// next build.
func (m *Memo) Get(path string, key *Key, render func() ([]byte, error)) ([]byte, error) {
	return m.get(path, key, render, true)
}

// Part is Get for a part of outputs (a fragment several pages include)
// rather than an output: it is remembered the same way but not counted
// as a reused output. name must not be an output's path.
func (m *Memo) Part(name string, key *Key, render func() ([]byte, error)) ([]byte, error) {
	return m.get(name, key, render, false)
}

func (m *Memo) get(path string, key *Key, render func() ([]byte, error), output bool) ([]byte, error) {
	if m == nil {
		return render()
	}
	sum := key.h.Sum64()
	m.mu.Lock()
	if e, ok := m.prev[path]; ok && e.key == sum {
		m.cur[path] = e
		if output {
			m.hits++
		}
		m.mu.Unlock()
		return e.data, nil
	}
	m.mu.Unlock()
	data, err := render()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.cur[path] = memoEntry{sum, data}
	m.mu.Unlock()
	return data, nil
}

// Value returns the value kept under name if it was made under the same
// key, or else what make returns, kept under name for later builds. It is
// for what is costly to make and the same from build to build, such as
// parsed templates; such a value may be changed by the build that uses
// it, since a Memo serves one build at a time.
func (m *Memo) Value(name string, key *Key, make func() (any, error)) (any, error) {
	if m == nil {
		return make()
	}
	sum := key.h.Sum64()
	m.mu.Lock()
	e, ok := m.values[name]
	m.mu.Unlock()
	if ok && e.key == sum {
		return e.v, nil
	}
	v, err := make()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.values[name] = valueEntry{sum, v}
	m.mu.Unlock()
	return v, nil
}

// Next ends a build: what it asked for becomes what the next build can
// reuse, and everything else is forgotten. It returns how many outputs
// the ending build reused.
func (m *Memo) Next() (reused int) {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prev, m.cur = m.cur, make(map[string]memoEntry, len(m.cur))
	reused, m.hits = m.hits, 0
	return reused
}

// Abort ends a build that failed: what it rendered is dropped and the
// build before it stays the one to reuse.
func (m *Memo) Abort() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur, m.hits = make(map[string]memoEntry, len(m.prev)), 0
}

// Key sums up the inputs of one output. Writes are cheap and a Key from a
// nil Memo ignores them.
type Key struct {
	h  maphash.Hash
	on bool
}

// Reset empties the key for reuse, as if just made by Memo.Key.
func (k *Key) Reset() *Key {
	k.h.Reset()
	return k
}

// Sum is the key so far.
func (k *Key) Sum() uint64 { return k.h.Sum64() }

// Str adds a string (length-prefixed, so that "ab"+"c" differs from "a"+"bc").
func (k *Key) Str(s string) *Key {
	if k.on {
		k.Int(int64(len(s)))
		k.h.WriteString(s)
	}
	return k
}

// Int adds a number.
func (k *Key) Int(n int64) *Key {
	if k.on {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(n))
		k.h.Write(b[:])
	}
	return k
}

// Uint adds an unsigned number, such as a file digest.
func (k *Key) Uint(n uint64) *Key { return k.Int(int64(n)) }

// Bool adds a flag.
func (k *Key) Bool(b bool) *Key {
	if b {
		return k.Int(1)
	}
	return k.Int(0)
}

// Time adds an instant (the zone is part of it: pages show local times).
func (k *Key) Time(t time.Time) *Key {
	if !k.on {
		return k
	}
	_, off := t.Zone()
	return k.Int(t.UnixNano()).Int(int64(off))
}
