//go:build unix

package content

import (
	"errors"
	"io/fs"
	"os"
	"reflect"
	"slices"

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
