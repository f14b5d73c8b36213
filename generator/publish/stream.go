package publish

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Stream publishes a site while it is rendered: each file goes into the
// spare folder as it is emitted (hashed once; kept from the spare when the
// spare has those bytes, linked from the output folder when it has them,
// written otherwise), so that no file is held in memory until the end.
// Commit then finishes the spare and exchanges it with the output folder,
// as Publish does. Until Commit exchanges the trees the output folder is
// untouched; a stream that fails or is abandoned leaves the spare as its
// journal describes, for the next publish to finish.
//
// Emit and Keep are safe for concurrent use, and so is the publisher's
// Published while a stream is open.
type Stream struct {
	p    *Publisher
	ctx  context.Context
	site *Site      // what was emitted: every file kept, by digest and size
	mu   sync.Mutex // guards p.spr.nodes
	err  atomic.Pointer[error]
	jmu  sync.Mutex // guards jn, jbuf, named, ahead and next
	jn   *os.File   // the journal, opened to append
	jbuf []byte
	// named holds the paths the journal names that had nothing in the
	// spare when named; ahead[next:] are paths Expect said come next,
	// named a group at a time (see journal).
	named map[string]bool
	ahead []string
	next  int
	done  bool
	// fresh says the trees were scanned when the stream began: the
	// identities of the spare's files need not be taken again for
	// emitted files (they are for kept ones, which have no bytes to fall
	// back on).
	fresh bool
	// While same, every file put so far is one the output folder holds
	// with those bytes: it is only listed in held (without its bytes), to
	// be placed in the spare when the first difference shows (spill), or
	// never when Commit finds the new tree is the live one.
	hmu  sync.Mutex // guards same and held
	same bool
	held []heldFile
}

// heldFile is a file put into the new tree that the output folder holds
// with the digest d, not placed in the spare yet.
type heldFile struct {
	q    string
	d    Digest
	kept bool
}

// Begin starts publishing a site file by file. It holds the spare until
// Commit or Abort; nothing else may publish in between.
func (p *Publisher) Begin(ctx context.Context) (w *Stream, err error) {
	defer func() {
		if err != nil {
			p.known = false
		}
	}()
	if err := p.ready(ctx); err != nil {
		return nil, err
	}
	if err := p.makeSpare(); err != nil {
		return nil, err
	}
	if len(p.orphans) > 0 {
		// A publish failed or was killed here: what it left may fill the
		// disk. Make room first, keeping only what the output folder has too.
		if err := p.dropOrphans(); err != nil {
			return nil, err
		}
	}
	jn := filepath.Join(p.book, journal)
	if err := writeJournal(jn, p.leftOrphans()); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(jn, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, err
	}
	p.lastData = nil // the bytes of the last Publish: this site's bytes are not kept
	// Held files are placed only at the first difference: not when the
	// journal must name files a failed publish left in the spare.
	same := p.cur.exists && len(p.leftOrphans()) == 0
	return &Stream{p: p, ctx: ctx, site: NewSite(), jn: f, fresh: p.scanned, named: map[string]bool{}, same: same}, nil
}

// journalAhead is how many of the paths Expect announced the journal
// names together with a path it must name: one write instead of one per
// file, while what the journal names but the spare does not hold yet
// stays a few hundred files ahead of what is written.
const journalAhead = 256

// Expect says which paths are about to be emitted or kept, in about the
// order they will be, so that the journal names them a group at a time
// instead of one write per file. Paths not announced are named one at a
// time as before; an announced path that never comes costs nothing.
func (w *Stream) Expect(paths []string) {
	w.jmu.Lock()
	defer w.jmu.Unlock()
	w.ahead = append(w.ahead[w.next:], paths...)
	w.next = 0
}

// dropOrphans removes from the spare the files only a journal names that
// the output folder does not hold with the same bytes.
func (p *Publisher) dropOrphans() error {
	p.cache.verify(p.spare, p.spr, p.orphans)
	p.cache.verify(p.out, p.cur, p.orphans)
	for _, q := range p.orphans {
		n, c := p.spr.nodes[q], p.cur.nodes[q]
		if n == nil || n.kind == kDir || !n.ours {
			continue
		}
		if n.kind == kFile && n.digOK && c != nil && c.kind == kFile && c.ours && c.digOK && c.dig == n.dig {
			continue
		}
		if err := os.Remove(filepath.Join(p.spare, filepath.FromSlash(q))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		delete(p.spr.nodes, q)
	}
	return nil
}

// Emit puts a file into the new tree. A failure (a path emitted twice, an
// invalid path, a file that cannot be written) is kept for Err and Commit;
// the files emitted after it are ignored.
func (w *Stream) Emit(q string, data []byte) {
	w.put(q, keptFile{DigestOf(data), int64(len(data))}, data, false)
}

// Keep puts into the new tree the file the output folder holds at q with
// the digest d (see Publisher.Published), without its bytes.
func (w *Stream) Keep(q string, d Digest) {
	w.put(q, keptFile{d, w.p.curFiles[q].size}, nil, true)
}

// Err is the first failure of Emit or Keep.
func (w *Stream) Err() error {
	if e := w.err.Load(); e != nil {
		return *e
	}
	return nil
}

func (w *Stream) fail(err error) { w.err.CompareAndSwap(nil, &err) }

func (w *Stream) put(q string, k keptFile, data []byte, kept bool) {
	if w.err.Load() != nil {
		return
	}
	if err := context.Cause(w.ctx); err != nil {
		w.fail(err)
		return
	}
	if !w.site.keep(q, k) {
		w.fail(w.site.Err())
		return
	}
	if w.hold(q, k.dig, kept) {
		return
	}
	if err := w.place(q, k.dig, data, kept, kept || !w.fresh); err != nil {
		w.fail(err)
	}
}

// hold lists the file q with digest d instead of placing it, and reports
// so, while every file put is one the output folder holds with those
// bytes. The first that is not places those listed (spill).
func (w *Stream) hold(q string, d Digest, kept bool) bool {
	if !w.holding() {
		return false
	}
	if w.liveSame(q, d) {
		w.hmu.Lock()
		defer w.hmu.Unlock()
		if w.same {
			w.held = append(w.held, heldFile{q, d, kept})
			return true
		}
		return false
	}
	w.spill()
	return false
}

// liveSame reports whether the output folder holds the file q with the
// digest d, by its manifest and by the file on disk: the digest known
// for the identity the file has now, as linking it would check.
func (w *Stream) liveSame(q string, d Digest) bool {
	p := w.p
	e, ok := p.curFiles[q]
	c := p.cur.nodes[q]
	if !ok || e.dig != d || c == nil || c.kind != kFile || !c.ours || !c.idOK || !w.liveHas(q, c, d) {
		return false
	}
	id, ok := statID(filepath.Join(p.out, filepath.FromSlash(q)))
	return ok && id == c.id
}

// spill ends holding: the files held go into the spare as they would have
// when put (linked from the output folder, or kept where the spare has
// them), a few at a time. A held file has no bytes: one the output
// folder no longer has makes a *KeptError.
func (w *Stream) spill() {
	w.hmu.Lock()
	if !w.same {
		w.hmu.Unlock()
		return
	}
	held := w.held
	w.same, w.held = false, nil
	w.hmu.Unlock()
	forEach(len(held), func(i int) {
		if w.err.Load() != nil {
			return
		}
		h := held[i]
		if err := w.place(h.q, h.d, nil, true, h.kept || !w.fresh); err != nil {
			w.fail(err)
		}
	})
}

// node and setNode read and change the spare's tree.
func (w *Stream) node(q string) *node {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.p.spr.nodes[q]
}

func (w *Stream) setNode(q string, n *node) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if n == nil {
		delete(w.p.spr.nodes, q)
	} else {
		w.p.spr.nodes[q] = n
	}
}

// place puts the file q with digest d into the spare. A kept file has no
// bytes; check says the identity of the spare's file must be taken again.
func (w *Stream) place(q string, d Digest, data []byte, kept, check bool) error {
	p := w.p
	n := w.node(q)
	if n != nil {
		switch {
		case n.kind == kDir:
			if err := w.clearFolder(q); err != nil {
				return err
			}
			n = nil
		case !n.ours:
			return p.conflict(p.spare, q)
		case n.kind == kFile && w.spareHas(q, n, d, check):
			return nil // the spare has it
		}
	}
	if err := w.folder(path.Dir(q)); err != nil {
		return err
	}
	if n == nil {
		// A path new to the spare is named in the journal before it is made.
		if err := w.journal(q); err != nil {
			return err
		}
	}
	dst := filepath.Join(p.spare, filepath.FromSlash(q))
	c := p.cur.nodes[q]
	if e, ok := p.curFiles[q]; ok && e.dig == d && c != nil && c.kind == kFile && c.ours && w.liveHas(q, c, d) {
		err := p.place(dst, func(tmp string) error { return linkSame(filepath.Join(p.out, filepath.FromSlash(q)), tmp, c) })
		if err == nil {
			w.setNode(q, &node{kind: kFile, ours: true, id: c.id, idOK: c.idOK, dig: d, digOK: true})
			return nil
		}
		if kept {
			return &KeptError{Path: q, Dir: p.out, Err: err}
		}
	} else if kept {
		return &KeptError{Path: q, Dir: p.out}
	}
	nn := &node{kind: kFile, ours: true, dig: d, digOK: true}
	var err error
	if n == nil {
		// Nothing to replace: the file is made under its own name, which
		// the journal names.
		if err = writeNew(dst, data, nn); err != nil {
			os.Remove(dst)
		}
	} else {
		err = p.place(dst, func(tmp string) error { return writeNew(tmp, data, nn) })
	}
	if err != nil {
		return err
	}
	w.setNode(q, nn)
	return nil
}

// spareHas reports whether the spare's file q (its node n) has the digest
// d, reading it when its identity is not in the digest cache. With check,
// a file whose identity changed since it was scanned or written (changed
// in place, as a hard link shared with the output folder) has not.
func (w *Stream) spareHas(q string, n *node, d Digest, check bool) bool {
	name := filepath.Join(w.p.spare, filepath.FromSlash(q))
	if n.idOK && check {
		fi, err := os.Lstat(name)
		if err != nil {
			return false
		}
		if id, ok := identity(fi); !ok || id != n.id {
			n.digOK = false
			return false
		}
	}
	if !n.digOK {
		if n.idOK {
			n.dig, n.digOK = w.p.cache.get(n.id)
		}
		if !n.digOK {
			dig, err := digestFile(name)
			if err != nil {
				return false
			}
			n.dig, n.digOK = dig, true
			if n.idOK {
				w.p.cache.put(n.id, dig)
			}
		}
	}
	return n.dig == d
}

// liveHas reports whether the output folder's file q (its node c) has the
// digest d. It leaves c as it is: Published reads it meanwhile.
func (w *Stream) liveHas(q string, c *node, d Digest) bool {
	if c.digOK {
		return c.dig == d
	}
	if c.idOK {
		if dig, ok := w.p.cache.get(c.id); ok {
			return dig == d
		}
	}
	dig, err := digestFile(filepath.Join(w.p.out, filepath.FromSlash(q)))
	if err != nil {
		return false
	}
	if c.idOK {
		w.p.cache.put(c.id, dig)
	}
	return dig == d
}

// folder makes the spare's folder d (slash path) and those above it. A
// file of sitrep's where a folder must go is removed; one of another's
// makes it fail.
func (w *Stream) folder(d string) error {
	if d == "." {
		return nil
	}
	n := w.node(d)
	if n != nil && n.kind == kDir {
		return nil
	}
	if err := w.folder(path.Dir(d)); err != nil {
		return err
	}
	full := filepath.Join(w.p.spare, filepath.FromSlash(d))
	if n != nil {
		if !n.ours {
			return w.p.conflict(w.p.spare, d)
		}
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Mkdir(full, 0o755); err != nil {
		// Another goroutine may have just made it.
		if fi, serr := os.Lstat(full); serr != nil || !fi.IsDir() {
			return err
		}
	}
	w.setNode(d, &node{kind: kDir})
	return nil
}

// clearFolder removes the spare's folder q, where a file must go, when it
// holds only sitrep's files; a file of another in it makes it fail.
func (w *Stream) clearFolder(q string) error {
	w.mu.Lock()
	var inside []string
	for o, n := range w.p.spr.nodes {
		if strings.HasPrefix(o, q+"/") {
			if n.kind != kDir && !n.ours {
				w.mu.Unlock()
				return w.p.conflict(w.p.spare, o)
			}
			inside = append(inside, o)
		}
	}
	w.mu.Unlock()
	inside = append(inside, q)
	// Deepest first.
	slices.SortFunc(inside, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, o := range inside {
		if err := os.Remove(filepath.Join(w.p.spare, filepath.FromSlash(o))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		w.setNode(o, nil)
	}
	return nil
}

// journal makes sure the journal names q, which the spare does not
// hold, before it is made. With q it names the next journalAhead paths
// Expect announced that the spare does not hold either: a kill then
// leaves them named but absent, which the next publish passes over.
func (w *Stream) journal(q string) error {
	w.jmu.Lock()
	defer w.jmu.Unlock()
	if w.named[q] {
		return nil
	}
	w.jbuf = strconv.AppendQuote(w.jbuf[:0], q)
	w.jbuf = append(w.jbuf, '\n')
	w.named[q] = true
	for n := 0; n < journalAhead && w.next < len(w.ahead); w.next++ {
		a := w.ahead[w.next]
		if w.named[a] || w.node(a) != nil {
			continue
		}
		w.jbuf = strconv.AppendQuote(w.jbuf, a)
		w.jbuf = append(w.jbuf, '\n')
		w.named[a] = true
		n++
	}
	_, err := w.jn.Write(w.jbuf)
	return err
}

// Commit finishes the new tree and exchanges it with the output folder. It
// returns the site published, whose files are all kept (Site.File reads
// them from the output folder), and what changed. When it returns an
// error the output folder is exactly what it was.
func (w *Stream) Commit(ctx context.Context) (s *Site, st Stats, err error) {
	if w.done {
		return nil, st, errors.New("publish: the stream is over")
	}
	w.done = true
	p := w.p
	defer func() {
		if err != nil {
			p.known = false
		}
	}()
	if err := w.Err(); err != nil {
		w.jn.Close()
		return nil, st, p.unfilled(ctx, err)
	}
	w.site.mu.Lock()
	kept := w.site.kept
	w.site.mu.Unlock()
	want := make(map[string]lastFile, len(kept))
	for q, k := range kept {
		want[q] = lastFile{dig: k.dig, size: k.size, kept: true}
	}
	paths := p.sortedPaths(len(want), func(q string) bool { _, ok := want[q]; return ok },
		func() []string { return slices.Collect(maps.Keys(want)) })
	digs := make([]Digest, len(paths))
	for i, q := range paths {
		digs[i] = want[q].dig
	}
	o, err := p.others(paths, want)
	if err == nil && w.holding() {
		if w.liveTree(paths, digs, want, o) {
			return w.keepLive(ctx, paths, digs, want)
		}
		w.spill()
		if err := w.Err(); err != nil {
			w.jn.Close()
			return nil, st, p.unfilled(ctx, err)
		}
	}
	if err == nil {
		err = p.clearSpare(want, o.dirs, o.stale, false)
	}
	for _, q := range o.carried {
		if err == nil {
			err = w.journal(q)
		}
	}
	if err := errors.Join(err, w.jn.Close()); err != nil {
		return nil, st, err
	}
	st = p.stats(paths, digs, want)
	if err := p.fillSpare(ctx, want, paths, digs, nil, o.carried); err != nil {
		return nil, st, p.unfilled(ctx, err)
	}
	if err := p.finish(ctx, paths, digs, want, o.carried); err != nil {
		return nil, st, err
	}
	w.site.mu.Lock()
	w.site.dir = p.out
	w.site.mu.Unlock()
	return w.site, st, nil
}

// holding reports whether every file put so far is held: one the
// output folder holds with those bytes.
func (w *Stream) holding() bool {
	w.hmu.Lock()
	defer w.hmu.Unlock()
	return w.same
}

// liveTree reports whether the new tree, all of whose files the output
// folder holds with those bytes, is the live tree: the same paths, no
// folder and no file of another's that would come or go, and the same
// manifest, byte for byte.
func (w *Stream) liveTree(paths []string, digs []Digest, want map[string]lastFile, o strangers) bool {
	p := w.p
	if len(want) != len(p.curFiles) || len(o.stay) > 0 {
		return false
	}
	for q, n := range p.cur.nodes {
		if n.kind == kDir && !o.dirs[q] {
			return false // an empty folder, which the new tree lacks
		}
	}
	man := p.manifest.build(p.pathsGen, paths, func(i int) Entry { return Entry{Digest: digs[i], Size: want[paths[i]].size} })
	live, err := os.ReadFile(filepath.Join(p.out, ManifestName))
	return err == nil && bytes.Equal(man, live)
}

// keepLive ends a stream whose new tree is the live tree: nothing is
// placed in the spare and nothing exchanged; the output folder and its
// manifest stay as they are.
func (w *Stream) keepLive(ctx context.Context, paths []string, digs []Digest, want map[string]lastFile) (*Site, Stats, error) {
	p := w.p
	st := p.stats(paths, digs, want)
	if err := errors.Join(w.jn.Close(), context.Cause(ctx)); err != nil {
		return nil, st, err
	}
	if err := os.Remove(filepath.Join(p.book, journal)); err != nil {
		return nil, st, err
	}
	p.orphans = nil
	p.scanned = false
	p.remember()
	w.site.mu.Lock()
	w.site.dir = p.out
	w.site.mu.Unlock()
	return w.site, st, nil
}

// Abort ends a stream without publishing: the output folder stays as it
// is, and the next publish finishes or undoes what the spare holds.
func (w *Stream) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.jn.Close()
	w.p.known = false
}
