//go:build unix

package notify

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lock takes an exclusive lock on path+".lock", so that two notify runs
// on one ledger never interleave. The kernel releases it when the process
// ends, however it ends: a killed run leaves no stale lock.
func lock(path string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("another sitrep notify is running on %s; wait for it to finish", path)
	}
	return func() { f.Close() }, nil
}
