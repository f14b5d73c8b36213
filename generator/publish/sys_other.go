//go:build !linux

package publish

import (
	"errors"
	"io/fs"
	"os"
)

// writeNew writes data into the new file name and records its identity.
func writeNew(name string, data []byte, n *node) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	var serr error
	if werr == nil {
		var fi fs.FileInfo
		if fi, serr = f.Stat(); serr == nil {
			n.id, n.idOK = identity(fi)
		}
	}
	return errors.Join(werr, serr, f.Close())
}

// renameFile renames the file from to to, replacing to.
func renameFile(from, to string) error { return os.Rename(from, to) }

// openDir opens the folder name to read.
func openDir(name string) (*os.File, error) { return os.Open(name) }
