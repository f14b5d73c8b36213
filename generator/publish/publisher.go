package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofrs/flock"
)

// Stats says what a publish changed in the output folder, by its record
// of the previous build.
type Stats struct {
	Written   int // new or changed files
	Unchanged int
	Removed   int // files of the previous build the site no longer has
}

// Options say how to open an output folder.
type Options struct {
	// Site is the site root on disk. The output folder may not overlap
	// its content/ or themes/ or hold it. Empty: no site to protect.
	Site string
	// Command names the sitrep command that writes (build, watch), for
	// the message another process gets while this one holds the lock.
	Command string
	// Wait is how long to wait for another build that holds the lock
	// before giving up. A watch that holds it is refused at once.
	Wait time.Duration
}

// Publisher writes sites into one output folder, holding its lock from
// Open to Close. See the package documentation for how.
type Publisher struct {
	out, book, spare string
	lock             *flock.Flock
	cache            digestCache
	leaves           folderCache
	seq              atomic.Uint64 // names temporary files

	// What the folders hold, as last scanned or written. known says the
	// disk still matches, as far as a few stat calls can tell.
	known           bool
	cur, spr        *tree
	curFiles        map[string]lastFile // what the output folder's manifest records
	outID, spareID  fileID
	manID           fileID
	lastData        map[string]lastFile
	lastPaths       []string        // sorted
	pathsGen        int             // counts changes of lastPaths
	lastDirs        map[string]bool // the folders of lastPaths
	lastDirsOf      int             // the pathsGen of lastDirs
	manifest        manifestText
	verifyNext      bool
	scanned         bool     // the trees were read from disk since the last publish
	orphans         []string // the paths a journal left by a failed or killed publish names
	exchangeMissing bool     // the file system cannot exchange: two renames

	// claimed is the output folder's manifest as Open read it before
	// taking the lock, and claimedID the identity of its file then: the
	// first rescan takes it when the file is still that one.
	claimed   *Manifest
	claimedID fileID
}

type lastFile struct {
	data []byte
	dig  Digest
	size int64
	kept bool // a kept file (Site.Keep): no bytes
}

// Open checks that sitrep may write the output folder out, takes its
// lock, and finishes or undoes what a killed sitrep left behind. It
// returns a *RefusedError for a folder that is not sitrep's to write and
// a *BusyError when another sitrep process writes it.
func Open(ctx context.Context, out string, opts Options) (*Publisher, error) {
	if err := checkTarget(out, opts.Site); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	// Refused before anything is made beside it; checked again under the lock.
	claimed, claimedID, err := claimable(ctx, abs, out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	book := bookDir(abs)
	if err := openBook(book); err != nil {
		return nil, err
	}
	fl, err := lock(ctx, book, out, opts.Command, opts.Wait)
	if err != nil {
		return nil, err
	}
	p := &Publisher{out: abs, book: book, spare: filepath.Join(book, spareName), lock: fl, claimed: claimed, claimedID: claimedID}
	p.cache.load(filepath.Join(book, statCache))
	p.leaves.load(filepath.Join(book, folderCacheName))
	if err := p.rescan(ctx, out); err != nil {
		fl.Unlock()
		return nil, err
	}
	return p, nil
}

// Dir is the output folder.
func (p *Publisher) Dir() string { return p.out }

// Verify makes the next Publish look at every file of both trees instead
// of trusting what it wrote, as watch does now and then in case someone
// changed the output folder deep inside.
func (p *Publisher) Verify() { p.verifyNext = true }

// Close saves what the publisher learnt, where there is room (so that the
// next process need not read every file to verify the trees), and
// releases the lock.
func (p *Publisher) Close() error {
	if p.known {
		// Only a speed-up for the next process: a full disk may refuse it.
		p.cache.save(filepath.Join(p.book, statCache), p.cur, p.spr)
		p.leaves.save(filepath.Join(p.book, folderCacheName))
	}
	return p.lock.Unlock()
}

// rescan finishes an interrupted exchange and reads both trees from disk.
func (p *Publisher) rescan(ctx context.Context, name string) error {
	p.known = false
	p.verifyNext = false
	p.scanned = true
	if err := p.recover(); err != nil {
		return err
	}
	refuse := func(reason, fix string) error { return &RefusedError{Dir: name, Reason: reason, Fix: fix} }
	man, err := p.claimedManifest()
	if err != nil {
		return refuse("its record "+ManifestName+" cannot be read ("+err.Error()+")", "if sitrep wrote this folder, delete the folder and build again")
	}
	has := func(m *Manifest) func(string) bool {
		return func(q string) bool { _, ok := m.Files[q]; return ok }
	}
	if man == nil {
		man = &Manifest{Files: map[string]Entry{}}
	}
	// The spare is read at the same time as the output folder: the
	// first folders of each tree leave the other cores idle.
	var (
		spareMan  *Manifest
		journaled map[string]bool
		spr       *tree
		spareErr  error
		spareDone = make(chan struct{})
	)
	go func() {
		defer close(spareDone)
		if spareMan, spareErr = readManifestIn(p.spare); spareErr != nil {
			spareErr = fmt.Errorf("%s: %v; delete %s when no sitrep runs", p.spare, spareErr, p.book)
			return
		}
		if spareMan == nil {
			spareMan = &Manifest{}
		}
		var err error
		if journaled, err = readJournal(filepath.Join(p.book, journal)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			spareErr = err
			return
		}
		spr, spareErr = scan(ctx, p.spare, func(q string) bool { return has(spareMan)(q) || journaled[q] }, true, 2*len(spareMan.Files), &p.leaves)
	}()
	p.cur, err = scan(ctx, p.out, has(man), false, 2*len(man.Files), &p.leaves)
	if err == nil && len(man.Files) == 0 {
		err = unrecorded(p.cur, name)
	}
	<-spareDone
	if err != nil {
		return err
	}
	p.curFiles = make(map[string]lastFile, len(man.Files))
	for q, e := range man.Files {
		p.curFiles[q] = lastFile{dig: e.Digest, size: e.Size}
	}
	if spareErr != nil {
		return spareErr
	}
	p.spr = spr
	p.orphans = nil
	for q := range journaled {
		if n := p.spr.nodes[q]; n != nil && n.kind != kDir && !has(spareMan)(q) {
			p.orphans = append(p.orphans, q)
		}
	}
	slices.Sort(p.orphans)
	p.remember()
	return nil
}

// claimable refuses an output folder that has no readable record of a
// build and holds anything but dotfiles.
// It returns the record and the identity of its file, if there is one.
func claimable(ctx context.Context, abs, name string) (*Manifest, fileID, error) {
	man, id, err := readManifestID(abs)
	if err != nil {
		return nil, fileID{}, &RefusedError{Dir: name, Reason: "its record " + ManifestName + " cannot be read (" + err.Error() + ")",
			Fix: "if sitrep wrote this folder, delete the folder and build again"}
	}
	if man != nil {
		return man, id, nil
	}
	t, err := scan(ctx, abs, func(string) bool { return false }, false, 0, nil)
	if err != nil {
		return nil, fileID{}, err
	}
	return nil, fileID{}, unrecorded(t, name)
}

// claimedManifest reads the output folder's manifest, or takes the one
// Open read before it held the lock if the file is still the one it read
// (a manifest is only ever replaced whole, by a rename: a new file).
func (p *Publisher) claimedManifest() (*Manifest, error) {
	claimed, want := p.claimed, p.claimedID
	p.claimed = nil
	if claimed != nil && want != (fileID{}) {
		if id, ok := statID(filepath.Join(p.out, ManifestName)); ok && id == want {
			return claimed, nil
		}
	}
	return readManifestIn(p.out)
}

// unrecorded refuses a tree without a record that holds anything but
// dotfiles.
func unrecorded(t *tree, name string) error {
	for _, q := range slices.Sorted(maps.Keys(t.nodes)) {
		if !dotPath(q) {
			return &RefusedError{Dir: name,
				Reason: "it holds files sitrep did not write (such as " + q + ") and no record of an earlier build (" + ManifestName + ")",
				Fix:    "sitrep replaces its output folder as a whole, so it starts only in an empty or new folder (dotfiles such as .gitignore are kept); move those files away, or choose another folder with --out"}
		}
	}
	return nil
}

// dotPath reports whether a path lies in or is a dotfile or dot-folder.
func dotPath(q string) bool {
	for part := range strings.SplitSeq(q, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// remember records the identity of the folders and the manifest as they
// are now, for unchanged.
func (p *Publisher) remember() {
	p.outID, p.known = statID(p.out)
	var ok bool
	if p.spareID, ok = statID(p.spare); !ok && p.spr.exists {
		p.known = false
	}
	if p.cur.exists {
		if p.manID, ok = statID(filepath.Join(p.out, ManifestName)); !ok && len(p.curFiles) > 0 {
			p.known = false
		}
	}
}

func statID(name string) (fileID, bool) {
	fi, err := os.Lstat(name)
	if err != nil {
		return fileID{}, false
	}
	return identity(fi)
}

// unchanged reports whether the output folder, its manifest and the spare
// are as this publisher left them: the same folders, not modified since.
func (p *Publisher) unchanged() bool {
	same := func(name string, want fileID, exists bool) bool {
		id, ok := statID(name)
		if !exists {
			_, err := os.Lstat(name)
			return errors.Is(err, fs.ErrNotExist)
		}
		return ok && id == want
	}
	return same(p.out, p.outID, p.cur.exists) && same(p.spare, p.spareID, p.spr.exists) &&
		(!p.cur.exists || same(filepath.Join(p.out, ManifestName), p.manID, true))
}

func readManifestIn(dir string) (*Manifest, error) {
	m, _, err := readManifestID(dir)
	return m, err
}

// readManifestID reads the manifest in dir, if there is one, and returns
// the identity its file had when opened (zero where unknown).
func readManifestID(dir string) (*Manifest, fileID, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fileID{}, nil
	}
	if err != nil {
		return nil, fileID{}, err
	}
	defer f.Close()
	var id fileID
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		id, _ = identity(fi)
	}
	m, err := ReadManifest(f)
	return m, id, err
}

// recover finishes an exchange by two renames that a kill interrupted:
// the previous tree waits in old.
func (p *Publisher) recover() error {
	old := filepath.Join(p.book, oldName)
	if _, err := os.Lstat(old); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if _, err := os.Lstat(p.out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(old, p.out) // killed between the renames: the previous tree again
	}
	if _, err := os.Lstat(p.spare); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(old, p.spare) // killed after the new tree went in
	}
	return fmt.Errorf("%s, %s and %s all exist; delete %s when no sitrep runs", p.out, p.spare, old, old)
}

// Published returns the digest the live tree's manifest records for the
// file at path q, if the file on disk is known to still have it: its
// digest was read or written by this publisher, or its identity (device,
// inode, size, modification time) is in the digest cache. A renderer that
// would make exactly those bytes may Keep the file instead of emitting
// it. Published is safe for concurrent use while no Publish runs.
func (p *Publisher) Published(q string) (Digest, bool) {
	e, ok := p.curFiles[q]
	if !ok || !p.known {
		return Digest{}, false
	}
	n := p.cur.nodes[q]
	if n == nil || n.kind != kFile || !n.ours {
		return Digest{}, false
	}
	d, ok := n.dig, n.digOK
	if !ok && n.idOK {
		d, ok = p.cache.get(n.id)
	}
	if !ok || d != e.dig {
		return Digest{}, false
	}
	return d, true
}

// siteDigests returns the digests of the site's files in paths order,
// and by path, reusing those of the last site published for bytes that did
// not change. A kept file has the digest it was kept with and the size the
// live manifest records.
func (p *Publisher) siteDigests(files map[string][]byte, kept map[string]keptFile, paths []string) ([]Digest, map[string]lastFile) {
	digs := make([]Digest, len(paths))
	next := make(map[string]lastFile, len(paths))
	var todo []int // the files whose bytes changed, hashed on a few goroutines
	for i, q := range paths {
		if k, ok := kept[q]; ok {
			digs[i] = k.dig
			next[q] = lastFile{dig: k.dig, size: k.size, kept: true}
			if k.size < 0 {
				next[q] = lastFile{dig: k.dig, size: p.curFiles[q].size, kept: true}
			}
			continue
		}
		data := files[q]
		if l, ok := p.lastData[q]; ok && !l.kept && bytes.Equal(l.data, data) {
			digs[i] = l.dig
			next[q] = lastFile{data, l.dig, int64(len(data)), false}
		} else {
			todo = append(todo, i)
		}
	}
	forEach(len(todo), func(k int) {
		digs[todo[k]] = DigestOf(files[paths[todo[k]]])
	})
	for _, i := range todo {
		data := files[paths[i]]
		next[paths[i]] = lastFile{data, digs[i], int64(len(data)), false}
	}
	p.lastData = next
	return digs, next
}

// KeptError is a kept file (Site.Keep) that the live tree no longer holds
// with the digest it was kept with: someone changed or removed it after
// the renderer asked. Building again renders it.
type KeptError struct {
	Path string // the file's path in the site
	Dir  string // the output folder
	Err  error  // what linking it said, if it got that far
}

func (e *KeptError) Error() string {
	msg := fmt.Sprintf("%s is unchanged: %s was to be kept as published, but it changed or went since", e.Dir, filepath.Join(e.Dir, filepath.FromSlash(e.Path)))
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg + "; build again"
}

func (e *KeptError) Unwrap() error { return e.Err }

// conflict is the error for a file that is not sitrep's in the way of one
// it builds.
func (p *Publisher) conflict(where, q string) error {
	return &RefusedError{Dir: filepath.Join(where, filepath.FromSlash(q)),
		Reason: "sitrep did not write it and the site now has a file or folder of that name", Fix: "move it away and build again"}
}

// parents adds every folder above q to dirs.
func parents(dirs map[string]bool, q string) {
	for {
		i := strings.LastIndexByte(q, '/')
		if i < 0 {
			return
		}
		q = q[:i]
		if dirs[q] {
			return
		}
		dirs[q] = true
	}
}
