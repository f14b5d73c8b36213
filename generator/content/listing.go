package content

import (
	"io/fs"
	"path"
	"slices"
	"strings"
)

// listing is a kind directory as the last load found it.
type listing struct {
	entries []entry // every name in it, in order
}

// entry is one name in a kind directory.
type entry struct {
	name, file string // file is the path from the site root
	read       bool   // the last load read the file: c holds what it found
	c          cached
}

// listDir returns the entries of a kind directory, and how to look up the
// file info of the i-th (kd, when not nil, is dir opened: see readDir).
// Under a trusted hint, a directory listed before
// is not read again when the names the hint gives in it cannot have
// changed its entries: when they are all listed and still there. A file
// created, removed or renamed (perhaps only in case, which some file
// systems do not tell apart) has it listed again.
func (l *Loader) listDir(fsys fs.FS, dir string, kd *kindDir, trust bool, names []string) (*listing, func(int) (fs.FileInfo, error), error) {
	d := l.dirs[dir]
	if trust && d != nil && d.holds(fsys, dir, names) {
		return d, func(i int) (fs.FileInfo, error) { return fs.Lstat(fsys, d.entries[i].file) }, nil
	}
	names, info, err := readDir(fsys, dir, kd, trust)
	if err != nil {
		l.fresh = l.fresh || d != nil
		delete(l.dirs, dir)
		return nil, nil, err
	}
	// Carry over what was read from the names listed before: both lists
	// are in name order.
	var old []entry
	if d != nil {
		old = d.entries
	}
	d = &listing{entries: make([]entry, len(names))}
	for i, name := range names {
		for len(old) > 0 && old[0].name < name {
			l.fresh = l.fresh || old[0].read // gone
			old = old[1:]
		}
		if len(old) > 0 && old[0].name == name {
			d.entries[i] = old[0]
			old = old[1:]
			continue
		}
		d.entries[i] = entry{name: name, file: dir + "/" + name}
	}
	for _, e := range old {
		l.fresh = l.fresh || e.read // gone
	}
	l.dirs[dir] = d
	return d, info, nil
}

// find returns the index of the entry of a name, or where it would be.
func (d *listing) find(name string) (int, bool) {
	return slices.BinarySearchFunc(d.entries, name, func(e entry, name string) int { return strings.Compare(e.name, name) })
}

// holds reports whether names in dir are all listed and still there.
func (d *listing) holds(fsys fs.FS, dir string, names []string) bool {
	for _, name := range names {
		if _, ok := d.find(name); !ok {
			return false
		}
		if _, err := fs.Lstat(fsys, dir+"/"+name); err != nil {
			return false
		}
	}
	return true
}

// indices returns the indices of the entries of names, in order.
func (d *listing) indices(names []string) []int {
	var is []int
	for _, name := range names {
		if i, ok := d.find(name); ok {
			is = append(is, i)
		}
	}
	return is
}

// hinted returns the names in dir that a hint names, in order.
func hinted(dir string, changed map[string]bool) []string {
	var names []string
	for p := range changed {
		if path.Dir(p) == dir {
			names = append(names, path.Base(p))
		}
	}
	slices.Sort(names)
	return names
}

// relisted reports whether a hint names dir or a directory above it.
func relisted(dir string, changed map[string]bool) bool {
	for p := range changed {
		if p == dir || strings.HasPrefix(dir, p+"/") {
			return true
		}
	}
	return false
}

// readDir lists a directory's names in order, and how to look up the
// file info of the i-th. Given the directory opened (kd), it reads its
// names only and looks a file up when asked, relative to it: the caller
// asks on several cores. With names only (a trusted hint), it reads names
// only: on some file systems listing entries with their types costs a
// stat per file, and files known to be unchanged need none.
func readDir(fsys fs.FS, dir string, kd *kindDir, namesOnly bool) ([]string, func(int) (fs.FileInfo, error), error) {
	if names, err := kd.names(); err == nil {
		slices.Sort(names)
		return names, func(i int) (fs.FileInfo, error) { return kd.lstat(names[i]) }, nil
	}
	if namesOnly {
		f, err := fsys.Open(dir)
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		if rn, ok := f.(interface{ Readdirnames(int) ([]string, error) }); ok {
			names, err := rn.Readdirnames(-1)
			if err != nil {
				return nil, nil, err
			}
			slices.Sort(names)
			return names, func(i int) (fs.FileInfo, error) {
				return fs.Lstat(fsys, dir+"/"+names[i])
			}, nil
		}
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names, func(i int) (fs.FileInfo, error) { return entries[i].Info() }, nil
}
