// Package content reads a site directory — content/site.yaml and the
// Markdown files beside it — into the domain types of package status.
// Every problem names the file and line it was found at. It is the only
// package that knows YAML.
package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"gopkg.in/yaml.v3"

	"github.com/sitrep/sitrep/generator/internal/par"
	"github.com/sitrep/sitrep/generator/status"
)

// MaxFileSize is the largest content file sitrep reads (1 MiB).
const MaxFileSize = 1 << 20

// Dir is the directory under the site root that holds the content.
const Dir = "content"

// kinds of documents, by directory.
var kinds = []string{"components", "incidents", "maintenance", "templates"}

// Loader reads sites. A Loader remembers what it parsed, so that loading
// the same site again (as watch mode does on every save) re-parses only
// files whose size, modification time or bytes changed. It is safe for use
// by one goroutine at a time.
type Loader struct {
	mu   sync.Mutex
	cfg  [sha256.Size]byte   // SHA-256 of the site.yaml the cache was parsed with
	zone string              // and the time zone it gave (see zoneOf)
	dirs map[string]*listing // by kind directory, as the last load found them
	// fresh is set when a load parsed a file, or found one gone, since the
	// last Restore or Snapshot: a snapshot would differ.
	fresh bool
	// restored is a snapshot Restore gave, for the next load to take.
	restored []byte
	parsed   int // files the last load parsed
	// hinted is set by Changed until a load takes the hint; changed, when
	// not nil, then lists the only files that may have changed since the
	// last load: the others are not even stat'ed.
	hinted  bool
	changed map[string]bool
}

// Changed tells the loader which files changed since its last load, as a
// file watcher knows: paths relative to the site root, slash-separated.
// The next Load then trusts its cache for every other file it has seen,
// and lists again only the directories whose entries may have changed.
// A nil list (the watcher lost events) means anything may have changed.
// The hint holds for one Load; hints given before a Load that could not
// use them (site.yaml was unreadable) add up.
func (l *Loader) Changed(paths []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if paths == nil || l.hinted && l.changed == nil {
		l.hinted, l.changed = true, nil
		return
	}
	if !l.hinted {
		l.hinted, l.changed = true, make(map[string]bool, len(paths))
	}
	for _, p := range paths {
		l.changed[path.Clean(p)] = true
	}
}

type cached struct {
	size    int64
	modTime time.Time // zero when restored from a snapshot: the bytes are checked
	sum     [sha256.Size]byte
	doc     any // *status.Component, *status.Incident, …
	probs   status.Problems
}

// Load reads the site whose root is fsys (the directory holding content/).
// It returns the site and every problem found; the site is nil only when
// content/site.yaml cannot be read at all. Problems include warnings; the
// site is complete when Problems.Errors() is empty.
func Load(fsys fs.FS) (*status.Site, status.Problems) {
	return new(Loader).Load(fsys)
}

// Parsed returns how many content files the last load read and parsed
// (or could not read): the others it took as a previous load or a
// restored snapshot had them.
func (l *Loader) Parsed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.parsed
}

// Load reads the site in fsys, reusing what it parsed before where the
// files are unchanged.
func (l *Loader) Load(fsys fs.FS) (*status.Site, status.Problems) {
	site, probs, _ := l.LoadContext(context.Background(), fsys)
	return site, probs
}

// LoadContext is Load that stops reading files when ctx is done; it then
// returns ctx's cause, and the loader forgets what it read.
func (l *Loader) LoadContext(ctx context.Context, fsys fs.FS) (*status.Site, status.Problems, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var probs status.Problems
	siteFile := path.Join(Dir, "site.yaml")
	src, err := readFile(fsys, nil, siteFile, nil)
	if err != nil {
		return nil, status.Problems{err}, nil
	}
	var changed map[string]bool // nil: anything may have changed
	if l.hinted {
		changed = l.changed
	}
	l.hinted, l.changed = false, nil
	cfg, ps := decodeSite(siteFile, src)
	cfgSum := sha256.Sum256(src)
	cfg.Digest = digestOf(cfgSum)
	probs = append(probs, ps...)
	zone := zoneOf(&cfg)
	if l.restored != nil {
		// A snapshot that cannot be read is as none: every file is parsed.
		if ok, _ := l.restore(cfgSum, &cfg); ok {
			l.cfg, l.zone, l.fresh = cfgSum, zone, false
		}
	}
	if cfgSum != l.cfg || zone != l.zone || l.dirs == nil {
		l.dirs = map[string]*listing{} // read with another site.yaml: nothing is kept
		l.cfg, l.zone, l.fresh = cfgSum, zone, true
	}
	site := &status.Site{Config: cfg}
	l.parsed = 0

	// Each kind's folder is opened once, listed and its files read
	// relative to it (nil: through fsys).
	open := make(map[string]*kindDir, len(kinds))
	for _, kind := range kinds {
		open[kind] = openKindDir(fsys, path.Join(Dir, kind))
	}
	defer func() {
		for _, d := range open {
			d.close()
		}
	}()
	dirs, jobs, ps := l.list(fsys, changed, open)
	probs = append(probs, ps...)
	if len(jobs) > 0 {
		md := newMarkdown(cfg.UnsafeHTML)
		for i := range jobs {
			jobs[i].dir = open[jobs[i].kind]
		}
		// Each worker takes the next run of jobs by number: no hand-off
		// per file, and one YAML stream for the front matter of a run
		// (see frontBatch).
		workers := min(runtime.GOMAXPROCS(0), len(jobs))
		run := max(1, min(maxRun, len(jobs)/(4*workers)))
		var wg sync.WaitGroup
		var next atomic.Int64
		var anyFresh atomic.Bool
		var nParsed atomic.Int64
		for range workers {
			wg.Go(func() {
				var p runParser
				fresh, parsed := false, 0
				for i := int(next.Add(int64(run))) - run; i < len(jobs) && ctx.Err() == nil; i = int(next.Add(int64(run))) - run {
					f, n := p.parse(fsys, jobs[i:min(i+run, len(jobs))], &site.Config, md)
					fresh, parsed = fresh || f, parsed+n
				}
				if fresh {
					anyFresh.Store(true)
				}
				nParsed.Add(int64(parsed))
			})
		}
		wg.Wait()
		l.fresh = l.fresh || anyFresh.Load()
		l.parsed = int(nParsed.Load())
	}
	if ctx.Err() != nil {
		l.dirs = nil // some files were not read: nothing is known
		return nil, nil, context.Cause(ctx)
	}

	for _, d := range dirs {
		for i := range d.entries {
			e := &d.entries[i]
			if !e.read {
				continue
			}
			probs = append(probs, e.c.probs...)
			switch d := e.c.doc.(type) {
			case *status.Component:
				site.Components = append(site.Components, d)
			case *status.Incident:
				site.Incidents = append(site.Incidents, d)
			case *status.Maintenance:
				site.Maintenances = append(site.Maintenances, d)
			case *status.Template:
				site.Templates = append(site.Templates, d)
			}
		}
	}
	probs.Sort()
	return site, probs, nil
}

// job is a file to read. Its entry holds what the last load read, if it
// read the file, and takes the result.
type job struct {
	e          *entry
	kind, slug string
	info       fs.FileInfo
	hinted     bool     // the caller said it changed: read it whatever its size and time
	dir        *kindDir // the folder of the file, opened once; nil: read through fsys
}

// list finds the content files, in kind order, and the jobs of reading
// those that may have changed; the entries of the others keep what the
// last load read. Anything it does not read is reported: a file that is
// not Markdown, a bad name, an unknown directory.
func (l *Loader) list(fsys fs.FS, changed map[string]bool, open map[string]*kindDir) ([]*listing, []job, status.Problems) {
	var dirs []*listing
	var jobs []job
	var probs status.Problems
	bad := func(file, format string, args ...any) {
		probs = append(probs, &status.Problem{Pos: status.Pos{File: file}, Msg: fmt.Sprintf(format, args...)})
	}
	top, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		bad(Dir, "cannot read: %v", err)
		clear(l.dirs) // the hint was for them: nothing is known now
		l.fresh = true
		return nil, nil, probs
	}
	for _, e := range top {
		name := e.Name()
		file := path.Join(Dir, name)
		switch {
		case Ignored(name) || name == "site.yaml":
		case !e.IsDir() && !slices.Contains(kinds, name):
			bad(file, "unexpected file; content/ holds site.yaml and the folders %s", strings.Join(kinds, ", "))
		case !slices.Contains(kinds, name):
			bad(file, "unknown folder%s", wordHint(name, kinds))
		}
	}
	for _, kind := range kinds {
		dir := path.Join(Dir, kind)
		// With a hint, a file it does not name is as the last load read
		// it, unless the hint names the folder or one above: the folder
		// may have been replaced.
		trust := changed != nil && !relisted(dir, changed)
		names := hinted(dir, changed)
		d, info, err := l.listDir(fsys, dir, open[kind], trust, names)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			bad(dir, "cannot read: %v", err)
			continue
		}
		dirs = append(dirs, d)
		// The entries to look at, then their file infos, looked up on
		// several cores (a system call each), then what each is.
		type lookup struct {
			i     int  // the entry
			named bool // by the hint
			fi    fs.FileInfo
			err   error
		}
		named := d.indices(names)
		var look []lookup
		for i := range d.entries {
			e := &d.entries[i]
			isNamed := len(named) > 0 && named[0] == i
			if isNamed {
				named = named[1:]
			}
			if e.read && trust && !isNamed {
				continue // unchanged, as the caller said
			}
			if Ignored(e.name) {
				continue
			}
			look = append(look, lookup{i: i, named: isNamed})
		}
		par.Each(len(look), 2*runtime.GOMAXPROCS(0), func(k int) { look[k].fi, look[k].err = info(look[k].i) })
		for _, lk := range look {
			e := &d.entries[lk.i]
			slug, isMD := strings.CutSuffix(e.name, ".md")
			switch fi, err := lk.fi, lk.err; {
			case errors.Is(err, fs.ErrNotExist):
				// Gone since the folder was listed, as if not listed.
			case err != nil:
				bad(e.file, "cannot read: %v", cleanErr(err))
			case fi.IsDir():
				bad(e.file, "folders inside %s/ are not read; move the files up", dir)
			case !isMD:
				bad(e.file, "not a Markdown file: files in %s/ must end in .md", dir)
			case !status.ValidSlug(slug):
				bad(e.file, "bad file name %q: use lowercase letters, digits and - (at most 64), then .md", e.name)
			default:
				jobs = append(jobs, job{e: e, kind: kind, slug: slug, info: fi, hinted: lk.named})
				continue
			}
			l.fresh = l.fresh || e.read
			e.read, e.c = false, cached{} // not a content file (any more)
		}
	}
	return dirs, jobs, probs
}

// Digest is the hash the loader records of a file's bytes: the first 64
// bits of its SHA-256. The build cache keeps keys made of it across
// processes, so it must not be a hash whose collisions can be made at
// will (FNV's can).
func Digest(src []byte) uint64 { return digestOf(sha256.Sum256(src)) }

// digestOf is Digest of bytes whose SHA-256 is sum.
func digestOf(sum [sha256.Size]byte) uint64 { return binary.BigEndian.Uint64(sum[:8]) }

// zoneOf is what the time zone site.yaml gave is known by: times in
// files are read in it.
func zoneOf(cfg *status.Config) string {
	return fmt.Sprintf("%s %t", cfg.Location, cfg.ZoneUnknown)
}

// Ignored reports file names that are never content: dotfiles, and the
// temporary, swap and backup files editors write beside the file they save
// (name~, #name#, name.swp, name.swx, name.tmp, vim's "4913" probe,
// JetBrains' name___jb_tmp___ and name___jb_old___). The loader skips
// them, and a watcher makes no rebuild for them.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") ||
		strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".tmp") ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___") ||
		name == "4913"
}

// maxRun is how many jobs a worker takes at a time: enough for their
// front matter to share one YAML stream, few enough that the workers
// finish together.
const maxRun = 32

// maxRunBytes bounds the bytes of the files a worker holds read and not
// yet decoded: a run of large files is decoded in parts.
const maxRunBytes = 256 << 10

// runParser reads and decodes runs of jobs, one at a time.
type runParser struct {
	srcs  [][]byte
	sums  [][sha256.Size]byte
	front frontBatch
}

// parse reads and decodes the files of a run of jobs into their entries,
// keeping what the last load read (or a snapshot held) for each file
// that has not changed since. fresh is set when a result is not that;
// parsed counts the files read and decoded, or that could not be read.
func (p *runParser) parse(fsys fs.FS, jobs []job, cfg *status.Config, md goldmark.Markdown) (fresh bool, parsed int) {
	p.srcs, p.sums = p.srcs[:0], p.sums[:0]
	held, from := 0, 0 // bytes read and not decoded, of jobs[from:]
	for i := range jobs {
		j := &jobs[i]
		src, sum, c, f := read(fsys, j)
		p.srcs, p.sums = append(p.srcs, src), append(p.sums, sum)
		if src == nil {
			j.e.c, j.e.read = c, true
		}
		if f {
			fresh, parsed = true, parsed+1
		}
		if held += len(src); held >= maxRunBytes || i == len(jobs)-1 {
			p.decode(jobs[from:i+1], cfg, md)
			p.srcs, p.sums = p.srcs[:0], p.sums[:0]
			held, from = 0, i+1
		}
	}
	return fresh, parsed
}

// decode decodes the files read for jobs, whose bytes are in p.srcs.
func (p *runParser) decode(jobs []job, cfg *status.Config, md goldmark.Markdown) {
	docs := p.front.decode(p.srcs)
	for i, src := range p.srcs {
		if src != nil {
			j := &jobs[i]
			j.e.c, j.e.read = decode(j, src, p.sums[i], docs[i], cfg, md), true
		}
		p.srcs[i] = nil // not kept past the run
	}
}

// read reads the file of a job, unless it has not changed since the last
// load read it (or a snapshot held it). With no bytes, c is the file's
// result: what was read before, or the problem reading the file. fresh
// is set when the result is not what the last load had: a problem, or
// bytes to decode.
func read(fsys fs.FS, j *job) (src []byte, sum [sha256.Size]byte, c cached, fresh bool) {
	old, ok := j.e.c, j.e.read
	// A file rewritten with as many bytes within the file system's
	// timestamp resolution looks unchanged: only a hint tells. A file
	// known from a snapshot has no time: its bytes are read and compared.
	if ok && !j.hinted && old.size == j.info.Size() && old.modTime.Equal(j.info.ModTime()) && !j.info.ModTime().IsZero() {
		return nil, sum, old, false
	}
	src, perr := readFile(fsys, j.dir, j.e.file, j.info)
	if perr != nil {
		return nil, sum, cached{probs: status.Problems{perr}}, true
	}
	sum = sha256.Sum256(src)
	if ok && sum == old.sum {
		old.size, old.modTime = j.info.Size(), j.info.ModTime()
		return nil, sum, old, false
	}
	return src, sum, cached{}, true
}

// decode decodes the bytes read for a job, whose SHA-256 is sum. doc,
// when not nil, is the YAML document of their front matter, decoded
// already.
func decode(j *job, src []byte, sum [sha256.Size]byte, doc *yaml.Node, cfg *status.Config, md goldmark.Markdown) cached {
	c := cached{size: j.info.Size(), modTime: j.info.ModTime(), sum: sum}
	digest := digestOf(sum)
	switch j.kind {
	case "components":
		d, ps := decodeComponent(j.e.file, j.slug, src, doc, cfg, md)
		if d != nil {
			d.Digest = digest
		}
		c.doc, c.probs = nilIfError(d, ps)
	case "incidents":
		d, ps := decodeIncident(j.e.file, j.slug, src, doc, cfg, md)
		if d != nil {
			d.Digest = digest
		}
		c.doc, c.probs = nilIfError(d, ps)
	case "maintenance":
		d, ps := decodeMaintenance(j.e.file, j.slug, src, doc, cfg, md)
		if d != nil {
			d.Digest = digest
		}
		c.doc, c.probs = nilIfError(d, ps)
	case "templates":
		c.doc, c.probs = nilIfError(decodeTemplate(j.e.file, j.slug, src, doc, cfg, md))
	}
	return c
}

// nilIfError drops a document that has errors, so that one bad file does
// not add half a record to the site (the build fails anyway).
func nilIfError[T any](doc *T, probs status.Problems) (any, status.Problems) {
	if doc == nil || len(probs.Errors()) > 0 {
		return nil, probs
	}
	return doc, probs
}

// readFile reads a content file, refusing files over MaxFileSize and
// files that are not UTF-8. Line numbers of encoding errors are exact.
// With dir, the folder the file is in, opened once, a regular file is
// read from it (see kindDir); info is then the file's entry in it.
func readFile(fsys fs.FS, dir *kindDir, file string, info fs.FileInfo) ([]byte, *status.Problem) {
	bad := func(line int, format string, args ...any) *status.Problem {
		return &status.Problem{Pos: status.Pos{File: file, Line: line}, Msg: fmt.Sprintf(format, args...)}
	}
	if info == nil || info.Mode()&fs.ModeSymlink != 0 {
		// Follow links through fsys: an os.Root refuses those that lead
		// out of the site.
		var err error
		if info, err = fs.Stat(fsys, file); err != nil {
			return nil, bad(0, "cannot read: %v", cleanErr(err))
		}
		dir = nil
	}
	if !info.Mode().IsRegular() {
		return nil, bad(0, "not a regular file")
	}
	if info.Size() > MaxFileSize {
		return nil, bad(0, "file is %d bytes; content files may be at most 1 MiB", info.Size())
	}
	src, err := dir.read(path.Base(file), info.Size(), MaxFileSize)
	if err == errNotRead {
		src, err = readFS(fsys, file, info.Size())
	}
	if err != nil {
		return nil, bad(0, "cannot read: %v", cleanErr(err))
	}
	if len(src) > MaxFileSize {
		return nil, bad(0, "file is over 1 MiB; content files may be at most 1 MiB")
	}
	if !utf8.Valid(src) {
		for i := 0; i < len(src); {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				return nil, bad(bytes.Count(src[:i], []byte("\n"))+1, "invalid UTF-8 (byte 0x%02x); save the file as UTF-8", src[i])
			}
			i += n
		}
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, bad(bytes.Count(src[:i], []byte("\n"))+1, "file contains a NUL byte; is it a text file?")
	}
	if i := indexControl(src); i >= 0 {
		return nil, bad(bytes.Count(src[:i], []byte("\n"))+1, "%s", controlMsg(rune(src[i])))
	}
	return src, nil
}

// indexControl is bytes.IndexFunc(src, isForbiddenControl) for UTF-8
// src, without decoding it: the control characters are ASCII, and no
// byte of a longer UTF-8 sequence is.
func indexControl(src []byte) int {
	for i, c := range src {
		if isForbiddenControl(rune(c)) {
			return i
		}
	}
	return -1
}

// readFS reads at most MaxFileSize+1 bytes of a file of about size bytes
// through fsys.
func readFS(fsys fs.FS, file string, size int64) ([]byte, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	// Room for the whole file and the read that finds its end: one
	// allocation instead of a doubling series.
	buf.Grow(int(size) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cleanErr makes an os.Root escape error say what happened in words.
func cleanErr(err error) error {
	if strings.Contains(err.Error(), "escapes from parent") || strings.Contains(err.Error(), "path escapes") {
		return errors.New("it is a link to a place outside the site; copy the file in instead")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
