package render

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"

	"github.com/sitrep/sitrep/generator/publish"
)

// Memo keeps what renderers produced in one build for the next, so that
// a build renders again only the outputs whose inputs changed. A renderer
// asks for an output by path with a Key summing up everything the output
// is made from; when the key is the one of the previous build, the output
// is not rendered: the previous bytes are emitted again or, when the memo
// holds no bytes for it, the file the published tree holds is kept
// (Context.Keep) if that tree still holds what the previous build made.
//
// Keys are SHA-256 sums, the same in every process, so that a memo can be
// saved with a build's output (Saved) and read by the next process
// (ReadMemo, package buildcache). What cannot change within one process
// but can between two — the program, the theme, the address, the time
// zone's rules — is summed up once per build by Start: when it differs
// from what the previous build's entries were made under, none of them is
// reused.
//
// A nil *Memo is valid and renders everything. A Memo serves one build at
// a time.
type Memo struct {
	stamp     string // the program that makes the outputs; see NewMemoOf
	lean      bool   // keep no bytes of outputs: they are kept from the published tree
	published func(path string) (publish.Digest, bool)

	mu         sync.Mutex
	inputs     Sum  // this build's, by Start
	blind      bool // this build's inputs could not all be read: reuse nothing
	prevInputs Sum  // those prev was made under
	prevBlind  bool
	prev, cur  map[string]memoEntry
	hits       int
	values     map[string]valueEntry
}

// Sum is a memo key as stored: the first half of a SHA-256.
type Sum [16]byte

type valueEntry struct {
	key Sum
	v   any
}

// memoEntry is what a build made of one output or part under key: its
// bytes (has), or, for an output, the digest of the file published for it
// (digOK) when the memo holds no bytes.
type memoEntry struct {
	key    Sum
	output bool
	has    bool
	data   []byte
	digOK  bool
	dig    publish.Digest
}

// NewMemo returns an empty memo for the builds of one process (watch and
// serve), keeping the bytes of what it renders.
func NewMemo() *Memo { return NewMemoOf("", false) }

// NewMemoOf returns an empty memo whose entries may be saved for another
// process: stamp says which program makes the outputs (buildcache.Stamp),
// and with lean the memo keeps no bytes of outputs, only their keys, for
// a one-shot build: a later build keeps their files from the published
// tree instead (see Bind).
func NewMemoOf(stamp string, lean bool) *Memo {
	return &Memo{stamp: stamp, lean: lean, prev: map[string]memoEntry{}, cur: map[string]memoEntry{}, values: map[string]valueEntry{}}
}

// Bind tells the memo which files the live published tree holds
// (publish.Publisher.Published): an output whose key is unchanged and for
// which the memo holds no bytes is kept when the tree holds, at its path,
// the file the memo recorded. Without Bind such outputs are rendered.
func (m *Memo) Bind(published func(path string) (publish.Digest, bool)) {
	if m != nil {
		m.published = published
	}
}

// Start begins a build of c: if what every output shares (see inputs)
// differs from what the previous build's entries were made under, none of
// those is reused.
func (m *Memo) Start(c *Context) {
	if m == nil {
		return
	}
	inputs, ok := c.inputs(m.stamp)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.inputs, m.blind = inputs, !ok
	if !m.reusing() {
		clear(m.prev)
	}
}

// reusing reports whether the previous build's entries may be reused.
// m.mu must be held.
func (m *Memo) reusing() bool {
	return !m.blind && !m.prevBlind && m.inputs == m.prevInputs
}

// Key starts a key for an output. Write everything the output depends on
// into it.
func (m *Memo) Key() *Key { return &Key{on: m != nil} }

// Part returns a part of outputs (a fragment several pages include): the
// previous build's bytes if they were made under the same key, or else
// what render makes, remembered for the next build. name must not be an
// output's path.
func (m *Memo) Part(name string, key *Key, render func() ([]byte, error)) ([]byte, error) {
	if m == nil {
		return render()
	}
	sum := key.sum()
	m.mu.Lock()
	e, ok := m.prev[name]
	if ok && e.key == sum && e.has && m.reusing() {
		m.cur[name] = e
		m.mu.Unlock()
		return e.data, nil
	}
	m.mu.Unlock()
	data, err := render()
	if err != nil {
		return nil, err
	}
	if !m.lean {
		m.mu.Lock()
		m.cur[name] = memoEntry{key: sum, has: true, data: data}
		m.mu.Unlock()
	}
	return data, nil
}

// output returns the output at path, or, when the previous build made it
// under the same key and the memo holds no bytes of it but the published
// tree holds what it made, that file's digest (kept).
func (m *Memo) output(path string, key *Key, canKeep bool, render func() ([]byte, error)) (data []byte, dig publish.Digest, kept bool, err error) {
	if m == nil || key == nil {
		data, err = render()
		return data, dig, false, err
	}
	sum := key.sum()
	m.mu.Lock()
	e, ok := m.prev[path]
	ok = ok && e.key == sum && m.reusing()
	m.mu.Unlock()
	if ok && !e.has && canKeep && e.digOK && m.published != nil {
		d, pub := m.published(path)
		ok = pub && d == e.dig
	}
	if ok && (e.has || canKeep && e.digOK) {
		m.mu.Lock()
		m.cur[path] = e
		m.hits++
		m.mu.Unlock()
		return e.data, e.dig, !e.has, nil
	}
	data, err = render()
	if err != nil {
		return nil, dig, false, err
	}
	ne := memoEntry{key: sum, output: true}
	if !m.lean {
		ne.has, ne.data = true, data
	}
	m.mu.Lock()
	m.cur[path] = ne
	m.mu.Unlock()
	return data, dig, false, nil
}

// Value returns the value kept under name if it was made under the same
// key, or else what make returns, kept under name for later builds. It is
// for what is costly to make and the same from build to build, such as
// parsed templates; such a value may be changed by the build that uses
// it, since a Memo serves one build at a time. Values stay in memory.
func (m *Memo) Value(name string, key *Key, make func() (any, error)) (any, error) {
	if m == nil {
		return make()
	}
	sum := key.sum()
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
	m.prevInputs, m.prevBlind = m.inputs, m.blind
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
// nil Memo ignores them. What is written is hashed (SHA-256) when the key
// is summed.
type Key struct {
	b  []byte
	on bool
}

// Reset empties the key for reuse, as if just made by Memo.Key.
func (k *Key) Reset() *Key {
	k.b = k.b[:0]
	return k
}

// Sum is the key so far, shortened to 64 bits to be written into other
// keys.
func (k *Key) Sum() uint64 {
	s := k.sum()
	return binary.LittleEndian.Uint64(s[:])
}

// sum is the key so far.
func (k *Key) sum() Sum {
	var s Sum
	if k.on {
		full := sha256.Sum256(k.b)
		copy(s[:], full[:])
	}
	return s
}

// Str adds a string (length-prefixed, so that "ab"+"c" differs from "a"+"bc").
func (k *Key) Str(s string) *Key {
	if k.on {
		k.Int(int64(len(s)))
		k.b = append(k.b, s...)
	}
	return k
}

// Int adds a number.
func (k *Key) Int(n int64) *Key {
	if k.on {
		k.b = binary.LittleEndian.AppendUint64(k.b, uint64(n))
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
