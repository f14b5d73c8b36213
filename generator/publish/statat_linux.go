package publish

import (
	"os"

	"golang.org/x/sys/unix"
)

// fileIDAt returns the identity of the entry name of the open folder d,
// without following a link: one fstatat relative to the folder, not a
// walk of the whole path from the root per file.
func fileIDAt(d *os.File, name string) (fileID, bool, error) {
	rc, err := d.SyscallConn()
	if err != nil {
		return fileID{}, false, err
	}
	var st unix.Stat_t
	var serr error
	err = rc.Control(func(fd uintptr) {
		serr = retry(func() error { return unix.Fstatat(int(fd), name, &st, unix.AT_SYMLINK_NOFOLLOW) })
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return fileID{}, false, &os.PathError{Op: "lstat", Path: d.Name() + "/" + name, Err: err}
	}
	// As identity makes it from os.Lstat's FileInfo.
	return fileID{Dev: uint64(st.Dev), Ino: uint64(st.Ino), Size: st.Size, MTime: int64(st.Mtim.Sec)*1e9 + int64(st.Mtim.Nsec)}, true, nil
}
