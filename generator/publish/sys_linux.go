package publish

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// writeNew writes data into the new file name and records its identity.
//
// It makes the system calls itself: os.OpenFile would also try to add
// the file to the runtime's poller, which refuses regular files, at four
// fcntl and one epoll_ctl call per file (half the calls of writing a
// small file).
func writeNew(name string, data []byte, n *node) error {
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	var werr error
	for len(data) > 0 && werr == nil {
		var k int
		werr = retry(func() (err error) {
			k, err = syscall.Write(fd, data)
			return err
		})
		if werr == nil && k == 0 {
			werr = syscall.EIO
		}
		data = data[max(k, 0):]
	}
	var st syscall.Stat_t
	serr := syscall.Fstat(fd, &st)
	if werr == nil && serr == nil {
		n.id = fileID{Dev: uint64(st.Dev), Ino: uint64(st.Ino), Size: st.Size, MTime: st.Mtim.Nano()}
		n.idOK = true
	}
	cerr := syscall.Close(fd)
	if err := errors.Join(werr, serr, cerr); err != nil {
		return &fs.PathError{Op: "write", Path: name, Err: err}
	}
	return nil
}

// retry calls f again while a signal interrupts it.
func retry(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}

// renameFile renames the file from to to, replacing to. It makes the
// system call itself: os.Rename first stats to, to refuse a folder there,
// which rename(2) refuses too (EISDIR).
func renameFile(from, to string) error {
	if err := retry(func() error { return syscall.Rename(from, to) }); err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}

// openDir opens the folder name to read. It makes the system call itself:
// os.Open would also try to add the folder to the runtime's poller (four
// fcntl and one epoll_ctl call, which fails, per folder).
func openDir(name string) (*os.File, error) {
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return os.NewFile(uintptr(fd), name), nil
}
