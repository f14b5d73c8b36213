//go:build !unix

package content

import (
	"errors"
	"io/fs"
)

// kindDir is a kind directory opened once for reading its files; on this
// system they are read through fsys (see dir_unix.go).
type kindDir struct{}

func openKindDir(fs.FS, string) *kindDir { return nil }

func (*kindDir) close() {}

var errNotRead = errors.New("not read")

func (*kindDir) read(string, int64, int) ([]byte, error) { return nil, errNotRead }

func (*kindDir) names() ([]string, error) { return nil, errNotRead }

func (*kindDir) lstat(string) (fs.FileInfo, error) { return nil, errNotRead }
