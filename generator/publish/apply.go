package publish

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Publish makes the output folder hold exactly the site's files, plus the
// files sitrep did not write that are in it (see the package
// documentation), in one step: the new tree is made in the spare folder,
// then exchanged with the output folder. When it returns an error, or the
// process dies on the way, the output folder is exactly what it was.
func (p *Publisher) Publish(ctx context.Context, s *Site) (st Stats, err error) {
	if err := s.Err(); err != nil {
		return st, err
	}
	defer func() {
		if err != nil {
			p.known = false
		}
	}()
	if err := p.ready(ctx); err != nil {
		return st, err
	}
	s.mu.Lock()
	files, kept := s.files, s.kept
	s.mu.Unlock()
	paths := p.sortedPaths(len(files)+len(kept), func(q string) bool {
		if _, ok := files[q]; ok {
			return true
		}
		_, ok := kept[q]
		return ok
	}, func() []string { return slices.AppendSeq(slices.Collect(maps.Keys(files)), maps.Keys(kept)) })
	digs, want := p.siteDigests(files, kept, paths)
	cur, spr := p.cur, p.spr
	o, err := p.others(paths, want)
	if err != nil {
		return st, err
	}
	// Kept files must still be in the output folder as they were kept.
	if err := p.checkKept(kept); err != nil {
		return st, err
	}
	// What the spare holds that the new tree keeps, and what the output
	// folder holds that can be linked instead of written.
	p.cache.verify(p.spare, spr, paths)
	var fromCur []string
	for i, q := range paths {
		if n := spr.nodes[q]; n == nil || !n.ours || !n.digOK || n.dig != digs[i] {
			fromCur = append(fromCur, q)
		}
	}
	p.cache.verify(p.out, cur, fromCur)
	st = p.stats(paths, digs, want)
	if err := context.Cause(ctx); err != nil {
		return st, err
	}

	// From here on the spare changes: the journal names every path that
	// may be sitrep's in it, should this process die before it is done.
	// First make room: remove from the spare what the new tree does not
	// keep. Every file removed is named by the spare's manifest or by the
	// journal of a process that died, which stay until replaced.
	if err := p.makeSpare(); err != nil {
		return st, err
	}
	if err := p.clearSpare(want, o.dirs, o.stale, p.scanned); err != nil {
		return st, err
	}
	// Then the journal names every path that may become sitrep's in the
	// spare, should this process die before the spare is whole.
	var todo []int // the files the spare lacks
	for i, q := range paths {
		if n := spr.nodes[q]; n == nil {
			todo = append(todo, i)
		}
	}
	journaled := append(slices.Clone(o.carried), p.leftOrphans()...)
	for _, i := range todo {
		journaled = append(journaled, paths[i])
	}
	if err := writeJournal(filepath.Join(p.book, journal), journaled); err != nil {
		return st, err
	}
	if err := p.fillSpare(ctx, want, paths, digs, todo, o.carried); err != nil {
		return st, p.unfilled(ctx, err)
	}
	if err := p.finish(ctx, paths, digs, want, o.carried); err != nil {
		return st, err
	}
	s.mu.Lock()
	s.dir = p.out
	s.mu.Unlock()
	return st, nil
}

// ready makes sure the publisher knows both trees as they are on disk:
// by a few stat calls when they are as it left them, else by reading
// them again.
func (p *Publisher) ready(ctx context.Context) error {
	if !p.known || p.verifyNext || !p.unchanged() {
		return p.rescan(ctx, p.out)
	}
	return nil
}

// leftOrphans are the files a failed or killed publish put in the spare
// that are still there: only its journal says they are sitrep's, so the
// next journal must name them too.
func (p *Publisher) leftOrphans() []string {
	var left []string
	for _, q := range p.orphans {
		if n := p.spr.nodes[q]; n != nil && n.kind != kDir && n.ours {
			left = append(left, q)
		}
	}
	return left
}

// makeSpare makes the spare folder if there is none.
func (p *Publisher) makeSpare() error {
	if p.spr.exists {
		return nil
	}
	if err := os.Mkdir(p.spare, 0o755); err != nil {
		return err
	}
	p.spr.exists = true
	return nil
}

// unfilled is the error of a spare that could not be filled.
func (p *Publisher) unfilled(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if ke := (*KeptError)(nil); errors.As(err, &ke) {
		return err
	}
	return fmt.Errorf("%s is unchanged: the new tree could not be made: %w", p.out, err)
}

// strangers are the files of others around a new tree.
type strangers struct {
	carried []string        // in the output folder: they go into the new tree, sorted
	stale   []string        // copies of carried files in the spare, from an exchange
	stay    []string        // other files of others in the spare: they stay, and so return to the output
	dirs    map[string]bool // every folder the new tree needs
}

// others finds the files of others in both trees and the folders the new
// tree needs, and refuses a site whose files stand where others' files or
// folders are, or that has a file and a folder of the same name.
func (p *Publisher) others(paths []string, want map[string]lastFile) (strangers, error) {
	var o strangers
	cur, spr := p.cur, p.spr
	for q, n := range cur.nodes {
		if n.kind != kDir && !n.ours {
			o.carried = append(o.carried, q)
		}
	}
	slices.Sort(o.carried)
	for q, n := range spr.nodes {
		if n.kind == kDir || n.ours {
			continue
		}
		if c := cur.nodes[q]; c != nil && c.kind != kDir && !c.ours {
			o.stale = append(o.stale, q)
		} else {
			o.stay = append(o.stay, q)
		}
	}
	o.dirs = p.folders(paths, o.carried, o.stay)
	for q := range want {
		if o.dirs[q] {
			for _, list := range [][]string{o.carried, o.stay} {
				for _, other := range list {
					if strings.HasPrefix(other, q+"/") {
						return o, p.conflict(p.out, other)
					}
				}
			}
			return o, fmt.Errorf("publish: %s is both a file and a folder of the site", q)
		}
	}
	for _, q := range o.carried {
		if _, ok := want[q]; ok || o.dirs[q] {
			return o, p.conflict(p.out, q)
		}
	}
	for _, q := range o.stay {
		if _, ok := want[q]; ok || o.dirs[q] {
			return o, p.conflict(p.spare, q)
		}
	}
	return o, nil
}

// stats says what publishing the new tree changes, by the output
// folder's manifest.
func (p *Publisher) stats(paths []string, digs []Digest, want map[string]lastFile) (st Stats) {
	for i, q := range paths {
		if e, ok := p.curFiles[q]; ok && e.dig == digs[i] {
			st.Unchanged++
		} else {
			st.Written++
		}
	}
	for q := range p.curFiles {
		if _, ok := want[q]; !ok {
			st.Removed++
		}
	}
	return st
}

// finish ends a whole spare: its manifest goes in, the journal goes, and
// the spare is exchanged with the output folder, whose tree becomes the
// spare.
func (p *Publisher) finish(ctx context.Context, paths []string, digs []Digest, want map[string]lastFile, carried []string) error {
	man := p.manifest.build(p.pathsGen, paths, func(i int) Entry { return Entry{Digest: digs[i], Size: want[paths[i]].size} })
	if err := writeAtomic(filepath.Join(p.spare, ManifestName), man); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(p.book, journal)); err != nil {
		return err
	}
	p.orphans = nil
	if err := context.Cause(ctx); err != nil {
		return err
	}
	if err := p.swap(); err != nil {
		return err
	}
	p.cur, p.spr, p.curFiles = p.spr, p.cur, want
	p.scanned = false
	if !p.spr.exists {
		p.spr = &tree{nodes: map[string]*node{}}
	}
	p.dropCopies(carried)
	p.remember()
	return nil
}

// checkKept makes sure the output folder holds every kept file with the
// digest it was kept with, by its manifest and by the file on disk.
func (p *Publisher) checkKept(kept map[string]keptFile) error {
	if len(kept) == 0 {
		return nil
	}
	paths := slices.Sorted(maps.Keys(kept))
	p.cache.verify(p.out, p.cur, paths)
	for _, q := range paths {
		d := kept[q].dig
		e, ok := p.curFiles[q]
		n := p.cur.nodes[q]
		if !ok || e.dig != d || n == nil || n.kind != kFile || !n.ours || !n.digOK || n.dig != d {
			return &KeptError{Path: q, Dir: p.out}
		}
	}
	return nil
}

// folders returns every folder the files of the new tree need: those of
// the last publish when the paths are the same.
func (p *Publisher) folders(paths, carried, stay []string) map[string]bool {
	if len(carried)+len(stay) == 0 && p.lastDirs != nil && p.lastDirsOf == p.pathsGen {
		return p.lastDirs
	}
	dirs := map[string]bool{}
	for _, list := range [][]string{paths, carried, stay} {
		for _, q := range list {
			parents(dirs, q)
		}
	}
	p.lastDirs = nil
	if len(carried)+len(stay) == 0 {
		p.lastDirs, p.lastDirsOf = dirs, p.pathsGen
	}
	return dirs
}

// sortedPaths returns the site's n paths, sorted: those of the last site
// when they are the same (has says which are the site's), as they are
// after most saves; else those all returns, sorted.
func (p *Publisher) sortedPaths(n int, has func(string) bool, all func() []string) []string {
	same := len(p.lastPaths) == n
	for i := 0; same && i < len(p.lastPaths); i++ {
		same = has(p.lastPaths[i])
	}
	if !same {
		p.lastPaths = all()
		slices.Sort(p.lastPaths)
		p.pathsGen++
	}
	return p.lastPaths
}

// clearSpare removes from the spare what the new tree does not have:
// sitrep's files it no longer builds or that stand where a folder must go,
// stale copies of others' files, and folders left empty; with makeRoom
// (after a failed or killed publish, which may have filled the disk) also
// the files it holds with other bytes, which are written again. Then it
// makes the folders the new tree needs.
func (p *Publisher) clearSpare(want map[string]lastFile, dirs map[string]bool, stale []string, makeRoom bool) error {
	t := p.spr
	var gone []string
	for q, n := range t.nodes {
		d, keep := want[q]
		if n.kind == kDir || !n.ours {
			continue
		}
		if !keep || n.kind != kFile {
			gone = append(gone, q)
		} else if !n.digOK || n.dig != d.dig {
			if makeRoom {
				gone = append(gone, q) // written again below
			} else {
				delete(t.nodes, q) // replaced below, by a rename over it
			}
		}
	}
	gone = append(gone, stale...)
	for _, q := range gone {
		if err := os.Remove(filepath.Join(p.spare, filepath.FromSlash(q))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		delete(t.nodes, q)
	}
	var empty []string
	for q, n := range t.nodes {
		if n.kind == kDir && !dirs[q] {
			empty = append(empty, q)
		}
	}
	// Deepest first; a folder that still holds something stays, unless a
	// file must take its place.
	slices.SortFunc(empty, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, q := range empty {
		err := os.Remove(filepath.Join(p.spare, filepath.FromSlash(q)))
		if err == nil || errors.Is(err, fs.ErrNotExist) {
			delete(t.nodes, q)
		} else if _, ok := want[q]; ok {
			return err
		}
	}
	var need []string
	for d := range dirs {
		if n := t.nodes[d]; n == nil || n.kind != kDir {
			need = append(need, d)
		}
	}
	slices.Sort(need) // parents first
	for _, d := range need {
		if err := os.Mkdir(filepath.Join(p.spare, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
		t.nodes[d] = &node{kind: kDir}
	}
	return nil
}

// fillSpare puts the new tree's files into the spare: kept where the spare
// has them, linked from the output folder where it has them, written
// otherwise; and links or copies of others' files in the output folder.
func (p *Publisher) fillSpare(ctx context.Context, want map[string]lastFile, paths []string, digs []Digest, todo []int, carried []string) error {
	errs := make([]error, len(todo)+len(carried))
	nodes := make([]*node, len(todo)+len(carried))
	forEach(len(todo), func(k int) {
		i := todo[k]
		q := paths[i]
		if ctx.Err() != nil {
			errs[k] = context.Cause(ctx)
			return
		}
		dst := filepath.Join(p.spare, filepath.FromSlash(q))
		w := want[q]
		if c := p.cur.nodes[q]; c != nil && c.kind == kFile && c.ours && c.digOK && c.dig == digs[i] {
			err := p.place(dst, func(tmp string) error { return linkSame(filepath.Join(p.out, filepath.FromSlash(q)), tmp, c) })
			if err == nil {
				nodes[k] = &node{kind: kFile, ours: true, id: c.id, idOK: c.idOK, dig: c.dig, digOK: true}
				return
			}
			if w.kept { // no bytes to write instead
				errs[k] = &KeptError{Path: q, Dir: p.out, Err: err}
				return
			}
		}
		if w.kept {
			errs[k] = &KeptError{Path: q, Dir: p.out}
			return
		}
		n := &node{kind: kFile, ours: true, dig: digs[i], digOK: true}
		errs[k] = p.place(dst, func(tmp string) error { return writeNew(tmp, w.data, n) })
		nodes[k] = n
	})
	forEach(len(carried), func(i int) {
		q := carried[i]
		src, dst := filepath.Join(p.out, filepath.FromSlash(q)), filepath.Join(p.spare, filepath.FromSlash(q))
		c := p.cur.nodes[q]
		nodes[len(todo)+i] = &node{kind: c.kind, id: c.id, idOK: c.idOK, dig: c.dig, digOK: c.digOK}
		errs[len(todo)+i] = p.place(dst, func(tmp string) error { return carry(src, tmp, c.kind) })
	})
	all := make([]string, 0, len(todo)+len(carried))
	for _, i := range todo {
		all = append(all, paths[i])
	}
	all = append(all, carried...)
	var first error
	failed := 0
	for i, q := range all {
		if nodes[i] != nil && errs[i] == nil {
			p.spr.nodes[q] = nodes[i]
		}
		if errs[i] != nil {
			failed++
			first = cmp.Or(first, errs[i])
		}
	}
	if failed > 1 {
		return fmt.Errorf("%w (and %d more files could not be written)", first, failed-1)
	}
	return first
}

// place makes a file at dst whole: make writes it under a temporary name
// beside dst, which is then renamed over dst.
func (p *Publisher) place(dst string, make func(tmp string) error) error {
	for {
		tmp := filepath.Join(filepath.Dir(dst), tempPrefix+strconv.FormatUint(p.seq.Add(1), 36))
		err := make(tmp)
		if errors.Is(err, fs.ErrExist) {
			continue // left by a process that died; the next scan removes it
		}
		if err == nil {
			err = renameFile(tmp, dst)
		}
		if err != nil {
			os.Remove(tmp)
		}
		return err
	}
}

// errChanged is a file that changed since its digest was taken.
var errChanged = errors.New("changed since it was read")

// linkSame links the file src, known as c, to the new name tmp, and makes
// sure that the file linked is still the one c describes: the same
// identity, so the same bytes as when its digest was taken.
func linkSame(src, tmp string, c *node) error {
	if err := os.Link(src, tmp); err != nil {
		return err
	}
	fi, err := os.Lstat(tmp)
	if err != nil {
		return err
	}
	if !c.idOK { // no identities on this system: read it
		d, err := digestFile(tmp)
		if err != nil {
			return err
		}
		if d != c.dig {
			return errChanged
		}
		return nil
	}
	if id, ok := identity(fi); !ok || id != c.id {
		return errChanged
	}
	return nil
}

// carry puts another's file src at the new name tmp: a hard link, or a
// copy where links do not work; a symbolic link is made again.
func carry(src, tmp string, k kind) error {
	if k == kOther {
		target, err := os.Readlink(src)
		if err != nil {
			return fmt.Errorf("%s is neither a file, a folder nor a link; move it away: %w", src, err)
		}
		return os.Symlink(target, tmp)
	}
	if os.Link(src, tmp) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, cerr := io.Copy(out, in)
	return errors.Join(cerr, out.Close())
}

// swap puts the spare in the output folder's place and the output folder
// in the spare's.
func (p *Publisher) swap() error {
	if !p.cur.exists {
		return os.Rename(p.spare, p.out)
	}
	if !p.exchangeMissing {
		err := exchange(p.spare, p.out)
		if !errors.Is(err, errNoExchange) {
			if err != nil {
				return fmt.Errorf("replacing %s: %w (is it a mount point? sitrep needs to rename it)", p.out, err)
			}
			return nil
		}
		p.exchangeMissing = true
	}
	// Two renames; a kill between them leaves the previous tree in old,
	// and recover puts it back.
	old := filepath.Join(p.book, oldName)
	if err := os.Rename(p.out, old); err != nil {
		return err
	}
	if err := os.Rename(p.spare, p.out); err != nil {
		return errors.Join(err, os.Rename(old, p.out))
	}
	return os.Rename(old, p.spare)
}

// errNoExchange says the file system cannot exchange two folders in one step.
var errNoExchange = errors.New("no atomic exchange")

// dropCopies removes from the spare (the previous tree) the files of
// others that went into the new tree as links or copies, and the folders
// that leaves empty. A file is removed only when the output folder has it.
func (p *Publisher) dropCopies(carried []string) {
	var mu sync.Mutex
	forEach(len(carried), func(i int) {
		q := carried[i]
		if _, err := os.Lstat(filepath.Join(p.out, filepath.FromSlash(q))); err != nil {
			return
		}
		if os.Remove(filepath.Join(p.spare, filepath.FromSlash(q))) == nil {
			mu.Lock()
			delete(p.spr.nodes, q)
			mu.Unlock()
		}
	})
	for _, q := range carried {
		for d := path.Dir(q); d != "."; d = path.Dir(d) {
			if os.Remove(filepath.Join(p.spare, filepath.FromSlash(d))) != nil {
				break
			}
			delete(p.spr.nodes, d)
		}
	}
}
