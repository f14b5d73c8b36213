package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"iter"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/internal/par"
	"github.com/sitrep/sitrep/generator/status"
)

// A snapshot is what a loader parsed, as bytes another process can
// restore (see Loader.Snapshot): for every content file read, the
// SHA-256 of its bytes, its document and the problems found in it; and
// the site.yaml and time zone they were read with. It carries no proof of
// where it came from: the caller frames it (package buildcache checks the
// program that wrote it and a checksum). What it holds is still never
// taken on trust: a file is taken from it only when its bytes have the
// same SHA-256, under the same site.yaml and time zone, and every time in
// its document has, in the zone as this process knows it, the offset it
// was read with.
//
// After this header (a gob) come the parts, each its length (a uvarint)
// and a gob stream of []snapFile batches of at most snapBatch files (an
// encoder reuses its buffer from one batch to the next): parts are
// encoded and decoded on every core, and written as they are encoded, so
// that writing a snapshot holds a few parts in memory, not all of it.
type snapshot struct {
	Site [sha256.Size]byte
	Zone string
}

const (
	snapPart  = 1024 // files per part
	snapBatch = 64
)

type snapFile struct {
	File        string // from the site root
	Sum         [sha256.Size]byte
	Component   *status.Component
	Incident    *status.Incident
	Maintenance *status.Maintenance
	Template    *status.Template
	Problems    status.Problems
	size        int // of the file, to size buffers; not saved
}

// Stale reports whether the loader's last load found anything a snapshot
// does not hold: a file parsed, one gone, another site.yaml. It is false
// after a load that took every file from a restored snapshot (or from
// the loader's memory since the last Snapshot), and after one that
// failed or was stopped before it read the files.
func (l *Loader) Stale() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fresh && l.dirs != nil
}

// Snapshot returns what the loader read in its last load, for Restore in
// another process. It is nil when the loader holds nothing.
func (l *Loader) Snapshot() ([]byte, error) {
	var b bytes.Buffer
	ok, err := l.WriteSnapshot(&b)
	if !ok || err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteSnapshot writes Snapshot to w; it reports false, writing nothing,
// when the loader holds nothing.
func (l *Loader) WriteSnapshot(w io.Writer) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dirs == nil {
		return false, nil
	}
	var files []snapFile
	for _, kind := range kinds {
		d := l.dirs[path.Join(Dir, kind)]
		if d == nil {
			continue
		}
		for i := range d.entries {
			e := &d.entries[i]
			if !e.read || e.c.sum == ([sha256.Size]byte{}) {
				continue // not read (an error reading it is not kept)
			}
			f := snapFile{File: e.file, Sum: e.c.sum, Problems: e.c.probs, size: int(e.c.size)}
			switch doc := e.c.doc.(type) {
			case *status.Component:
				f.Component = doc
			case *status.Incident:
				f.Incident = doc
			case *status.Maintenance:
				f.Maintenance = doc
			case *status.Template:
				f.Template = doc
			}
			files = append(files, f)
		}
	}
	if err := gob.NewEncoder(w).Encode(&snapshot{Site: l.cfg, Zone: l.zone}); err != nil {
		return false, err
	}
	// Rounds of as many parts as there are cores, each encoded into its
	// own buffer, reused from round to round, then written in order.
	bufs := make([]bytes.Buffer, runtime.GOMAXPROCS(0))
	errs := make([]error, len(bufs))
	for len(files) > 0 {
		n := min(len(bufs), (len(files)+snapPart-1)/snapPart)
		onCores(n, func(i int) {
			part := files[i*snapPart : min((i+1)*snapPart, len(files))]
			size := 0
			for _, f := range part {
				size += f.size
			}
			buf := &bufs[i]
			buf.Reset()
			buf.Grow(size*9/4 + 4096) // about what it takes: no copies as it grows
			enc := gob.NewEncoder(buf)
			for len(part) > 0 && errs[i] == nil {
				k := min(len(part), snapBatch)
				errs[i] = enc.Encode(part[:k])
				part = part[k:]
			}
		})
		for i := range n {
			if errs[i] != nil {
				return false, errs[i]
			}
			if _, err := w.Write(binary.AppendUvarint(nil, uint64(bufs[i].Len()))); err != nil {
				return false, err
			}
			if _, err := w.Write(bufs[i].Bytes()); err != nil {
				return false, err
			}
		}
		files = files[min(n*snapPart, len(files)):]
	}
	l.fresh = false
	return true, nil
}

// onCores runs f for 0..n-1 on every core.
func onCores(n int, f func(i int)) { par.Each(n, runtime.GOMAXPROCS(0), f) }

// Restore gives a new loader what Snapshot returned in another process.
// Nothing is decoded until the next load, which uses it only if it was
// taken with the same site.yaml and time zone; that load returns what a
// load without it would, parsing the files whose bytes differ.
func (l *Loader) Restore(data []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.restored = data
}

// restore takes the snapshot Restore gave, if it was taken with the
// site.yaml of sum and the zone of cfg; it reports whether it did.
func (l *Loader) restore(sum [sha256.Size]byte, cfg *status.Config) (bool, error) {
	data := l.restored
	l.restored = nil
	if data == nil {
		return false, nil
	}
	var s snapshot
	r := bytes.NewReader(data) // a ByteReader: gob reads no further than the header
	if err := gob.NewDecoder(r).Decode(&s); err != nil {
		return false, err
	}
	if s.Site != sum || s.Zone != zoneOf(cfg) {
		return false, nil
	}
	rest := data[len(data)-r.Len():]
	var raw [][]byte
	for len(rest) > 0 {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return false, errors.New("snapshot: torn")
		}
		raw, rest = append(raw, rest[k:k+int(n)]), rest[k+int(n):]
	}
	parts := make([][]snapFile, len(raw))
	errs := make([]error, len(raw))
	onCores(len(raw), func(i int) {
		dec := gob.NewDecoder(bytes.NewReader(raw[i]))
		for {
			var batch []snapFile
			err := dec.Decode(&batch)
			if err == io.EOF {
				break
			}
			if err != nil {
				errs[i] = err
				return
			}
			parts[i] = append(parts[i], batch...)
		}
		for j := range parts[i] {
			// A file whose times do not fit this zone is parsed again.
			if !inZone(reflect.ValueOf(&parts[i][j]), cfg.Location) {
				parts[i][j] = snapFile{}
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return false, err
	}
	dirs := map[string]*listing{}
	for f := range iterFiles(parts) {
		if f.File == "" {
			continue // dropped above
		}
		dir, name := path.Split(f.File)
		dir = strings.TrimSuffix(dir, "/")
		kind, ok := strings.CutPrefix(dir, Dir+"/")
		if !ok || !slices.Contains(kinds, kind) || name == "" {
			return false, fmt.Errorf("snapshot: unexpected file %q", f.File)
		}
		c := cached{sum: f.Sum, probs: f.Problems}
		n := 0
		for _, doc := range []any{f.Component, f.Incident, f.Maintenance, f.Template} {
			if v := reflect.ValueOf(doc); !v.IsNil() {
				c.doc, n = doc, n+1
			}
		}
		if n > 1 || c.doc != nil && !kindOf(kind, c.doc) {
			return false, fmt.Errorf("snapshot: %s holds a document of another kind", f.File)
		}
		d := dirs[dir]
		if d == nil {
			d = &listing{}
			dirs[dir] = d
		}
		d.entries = append(d.entries, entry{name: name, file: f.File, read: true, c: c})
	}
	for _, d := range dirs {
		slices.SortFunc(d.entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
		if len(slices.CompactFunc(slices.Clone(d.entries), func(a, b entry) bool { return a.name == b.name })) != len(d.entries) {
			return false, errors.New("snapshot: a file is listed twice")
		}
	}
	l.dirs = dirs
	return true, nil
}

func iterFiles(parts [][]snapFile) iter.Seq[*snapFile] {
	return func(yield func(*snapFile) bool) {
		for _, p := range parts {
			for i := range p {
				if !yield(&p[i]) {
					return
				}
			}
		}
	}
}

// kindOf reports whether doc is a document of the kind directory kind.
func kindOf(kind string, doc any) bool {
	switch doc.(type) {
	case *status.Component:
		return kind == "components"
	case *status.Incident:
		return kind == "incidents"
	case *status.Maintenance:
		return kind == "maintenance"
	case *status.Template:
		return kind == "templates"
	}
	return false
}

var timeType = reflect.TypeFor[time.Time]()

// inZone puts every time in v into loc, as the loader reads times, and
// reports whether each has there the offset it was read with (a snapshot
// keeps the instant and the offset, not the zone). A zone whose rules
// changed since (another time zone database) gives another offset at
// some time, and the file is parsed again.
func inZone(v reflect.Value, loc *time.Location) bool {
	switch v.Kind() {
	case reflect.Pointer:
		return v.IsNil() || inZone(v.Elem(), loc)
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return true // bytes
		}
		for i := range v.Len() {
			if !inZone(v.Index(i), loc) {
				return false
			}
		}
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			if t.IsZero() {
				return true
			}
			local := t.In(loc)
			_, off := t.Zone()
			if _, o := local.Zone(); o != off || !v.CanSet() {
				return false
			}
			v.Set(reflect.ValueOf(local))
			return true
		}
		for i := range v.NumField() {
			if !inZone(v.Field(i), loc) {
				return false
			}
		}
	case reflect.Map, reflect.Interface:
		return false // none in status's documents: a new field needs a look here
	}
	return true
}
