//go:build !linux

package publish

import (
	"os"
	"path/filepath"
)

// fileIDAt returns the identity of the entry name of the open folder d,
// without following a link.
func fileIDAt(d *os.File, name string) (fileID, bool, error) {
	fi, err := os.Lstat(filepath.Join(d.Name(), name))
	if err != nil {
		return fileID{}, false, err
	}
	id, ok := identity(fi)
	return id, ok, nil
}
