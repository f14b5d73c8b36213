package author

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/render"
)

// Overlay returns fsys as it would be with files written: each path
// (slash-separated, relative to fsys) holds the given bytes, and the
// directories above them list them. Callers load the overlay with
// content.Load to check a change before anything reaches disk.
func Overlay(fsys fs.FS, files map[string][]byte) fs.FS {
	return render.Overlay(memFS(files), fsys)
}

// memFS is a read-only file system of a few files; directories are
// implied by the paths.
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := m[name]; ok {
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(data))}, r: bytes.NewReader(data)}, nil
	}
	entries, err := m.ReadDir(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memDir{info: memInfo{name: path.Base(name), dir: true}, entries: entries}, nil
}

// ReadDir lists the files and implied directories directly under name.
func (m memFS) ReadDir(name string) ([]fs.DirEntry, error) {
	prefix := name + "/"
	if name == "." {
		prefix = ""
	}
	seen := map[string]fs.DirEntry{}
	for p, data := range m {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		if first, _, isDir := strings.Cut(rest, "/"); isDir {
			seen[first] = fs.FileInfoToDirEntry(memInfo{name: first, dir: true})
		} else {
			seen[rest] = fs.FileInfoToDirEntry(memInfo{name: rest, size: int64(len(data))})
		}
	}
	if len(seen) == 0 {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	info    memInfo
	entries []fs.DirEntry
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}
func (d *memDir) Close() error { return nil }
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}

// ErrChanged reports a file that changed on disk between reading and
// replacing it (an editor saved it meanwhile); nothing was written.
var ErrChanged = errors.New("the file changed on disk while sitrep was editing it; run the command again")

// WriteNew writes the new file name (slash-separated, relative to root)
// whole: to a temporary file in the same directory first, then linked into
// place, so that it never replaces an existing file — it fails with an
// error matching fs.ErrExist instead. Missing directories are created.
func WriteNew(root *os.Root, name string, data []byte) error {
	dir := path.Dir(name)
	if err := root.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := writeTemp(root, dir, data, 0o644)
	if err != nil {
		return err
	}
	defer root.Remove(tmp)
	err = root.Link(tmp, name)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// The file system has no hard links: check, then rename.
	if _, serr := root.Lstat(name); serr == nil {
		return &fs.PathError{Op: "create", Path: name, Err: fs.ErrExist}
	}
	return root.Rename(tmp, name)
}

// Replace replaces the file name with data through a temporary file and a
// rename, keeping its permissions, provided the file still holds old; it
// returns ErrChanged otherwise.
func Replace(root *os.Root, name string, old, data []byte) error {
	st, err := root.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := writeTemp(root, path.Dir(name), data, st.Mode().Perm())
	if err != nil {
		return err
	}
	defer root.Remove(tmp)
	now, err := root.ReadFile(name)
	if err != nil {
		return err
	}
	if !bytes.Equal(now, old) {
		return fmt.Errorf("%s: %w", name, ErrChanged)
	}
	return root.Rename(tmp, name)
}

// writeTemp writes data to a new hidden temporary file in dir; content.Load
// ignores such names (dotfiles ending in .tmp) if one is left behind.
func writeTemp(root *os.Root, dir string, data []byte, perm fs.FileMode) (string, error) {
	name := path.Join(dir, ".sitrep-"+rand.Text()[:12]+".tmp")
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Chmod(name, perm) // OpenFile's perm is filtered by the umask
	}
	if err != nil {
		root.Remove(name)
		return "", err
	}
	return name, nil
}
