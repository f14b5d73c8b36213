package render

import (
	"errors"
	"io/fs"
	"slices"
)

// Overlay returns a file system in which files of upper replace files of
// lower at the same path, and directories list the files of both. A nil
// upper is allowed.
func Overlay(upper, lower fs.FS) fs.FS {
	if upper == nil {
		return lower
	}
	return overlay{upper, lower}
}

type overlay struct{ upper, lower fs.FS }

// Open opens upper's file, or lower's where upper has none. Any other
// error of upper's (a link it refuses, a file it cannot read) is
// returned, not hidden behind lower's file.
func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.upper.Open(name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return o.lower.Open(name)
	}
	if st, err := f.Stat(); err == nil && !st.IsDir() {
		return f, nil
	}
	f.Close()
	return o.lower.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	up, uerr := fs.ReadDir(o.upper, name)
	low, lerr := fs.ReadDir(o.lower, name)
	if uerr != nil && !errors.Is(uerr, fs.ErrNotExist) {
		return nil, uerr
	}
	if uerr != nil && lerr != nil {
		return nil, lerr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range append(up, low...) {
		if !seen[e.Name()] {
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		switch {
		case a.Name() < b.Name():
			return -1
		case a.Name() > b.Name():
			return 1
		}
		return 0
	})
	return out, nil
}
