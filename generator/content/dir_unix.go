//go:build unix

package content

import (
	"errors"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"time"

	"golang.org/x/sys/unix"
)

// kindDir is a kind directory opened once for reading its files. Read
// through fsys, each file costs what os.Root spends on a path: an openat
// per component, a stat, and registering the new file with the poller.
// Read here, it costs one openat relative to the folder, the reads and a
// close.
type kindDir struct {
	f  *os.File // open until close, after the last read
	fd int      // f's descriptor, valid while f is open
}

// osFS are the types of the file systems package os makes: an os.Root's
// FS and os.DirFS. Only for them is a file what the folder opened through
// them holds: one that wraps them (an overlay of edits not yet written,
// say) may open a folder on disk but give other bytes for its files.
var osFS = []reflect.Type{reflect.TypeOf((*os.Root)(nil).FS()), reflect.TypeOf(os.DirFS("."))}

// openKindDir opens dir through fsys, so that an os.Root's rules hold
// for the folder; nil when fsys is not one of package os's (its files are
// then read through fsys).
func openKindDir(fsys fs.FS, dir string) *kindDir {
	if !slices.Contains(osFS, reflect.TypeOf(fsys)) {
		return nil
	}
	f, err := fsys.Open(dir)
	if err != nil {
		return nil
	}
	of, ok := f.(*os.File)
	if !ok {
		f.Close()
		return nil
	}
	rc, err := of.SyscallConn()
	fd := -1
	if err == nil {
		err = rc.Control(func(d uintptr) { fd = int(d) })
	}
	if err != nil {
		of.Close()
		return nil
	}
	return &kindDir{f: of, fd: fd}
}

func (d *kindDir) close() {
	if d != nil {
		d.f.Close()
	}
}

// errNotRead is read's answer when it did not read the file: the caller
// reads it through fsys, which also words any error as it always has.
var errNotRead = errors.New("not read")

// read reads the file name in d, of about size bytes, and at most max+1
// bytes of it. It never follows a symbolic link (O_NOFOLLOW): a file that
// became one since it was listed is left to fsys, whose rules decide
// where a link may lead. O_NONBLOCK keeps a file replaced by a named pipe
// from blocking the load; it changes nothing for a regular file.
func (d *kindDir) read(name string, size int64, max int) ([]byte, error) {
	if d == nil {
		return nil, errNotRead
	}
	fd, err := unix.Openat(d.fd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	for err == unix.EINTR {
		fd, err = unix.Openat(d.fd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, errNotRead
	}
	defer unix.Close(fd)
	// Room for the whole file and one byte more: one allocation.
	buf := make([]byte, 0, min(max, int(size))+1)
	for len(buf) <= max {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		buf = buf[:len(buf)+n]
		// A read of a regular file that stops short of the room given
		// stops at the end of the file: when that is where the listing
		// said the file ends, the read that would find the end (a
		// system call per file) is not made.
		if n == 0 || int64(len(buf)) == size && len(buf) < cap(buf) {
			break
		}
	}
	return buf, nil
}

// names returns the names in d, unsorted. os.Root's ReadDir would also
// lstat every entry, one after another, before returning (a tenth of a
// 10,000-incident load's time, on one core); the loader looks its files up
// with lstat, on several.
func (d *kindDir) names() ([]string, error) {
	if d == nil {
		return nil, errNotRead
	}
	return d.f.Readdirnames(-1)
}

// lstat returns the file info of name in d, not following a symbolic
// link: the entry the reads of d open (with O_NOFOLLOW).
func (d *kindDir) lstat(name string) (fs.FileInfo, error) {
	var st unix.Stat_t
	err := unix.Fstatat(d.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
	for err == unix.EINTR {
		err = unix.Fstatat(d.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: err}
	}
	return &statInfo{name: name, st: st}, nil
}

// statInfo is a file's fs.FileInfo from fstatat(2), with the mode bits
// as package os gives them (os.Lstat does the same on a path).
type statInfo struct {
	name string
	st   unix.Stat_t
}

func (fi *statInfo) Name() string       { return fi.name }
func (fi *statInfo) Size() int64        { return fi.st.Size }
func (fi *statInfo) ModTime() time.Time { return time.Unix(fi.st.Mtim.Unix()) }
func (fi *statInfo) IsDir() bool        { return fi.Mode().IsDir() }
func (fi *statInfo) Sys() any           { return &fi.st }

func (fi *statInfo) Mode() fs.FileMode {
	m := uint32(fi.st.Mode)
	mode := fs.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if m&unix.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&unix.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&unix.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}
