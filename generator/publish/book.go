package publish

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// The bookkeeping folder of an output folder public/ is the sibling
// .public.sitrep/. It holds:
const (
	bookSuffix = ".sitrep"
	markerName = "SITREP"     // says the folder is sitrep's
	lockName   = "lock"       // locked while a sitrep process writes the output folder
	ownerName  = "owner"      // who holds the lock: "pid command"
	spareName  = "spare"      // the tree that is not published: the next one is built here
	oldName    = "old"        // the previous tree, between the two renames where no exchange exists
	journal    = "journal"    // while the spare is changed: every path that may be sitrep's in it
	statCache  = "stat-cache" // digests of files by identity, to verify trees without reading them
	// what leaf folders held, by identity, to scan trees without listing them
	folderCacheName = "folder-cache"
	tempPrefix      = ".sitrep-tmp-"
)

const marker = "sitrep bookkeeping folder\n\n" +
	"sitrep keeps the lock and the spare copy of its output folder here, so\n" +
	"that it can replace the output folder as a whole. Everything in this\n" +
	"folder is sitrep's: do not put files here. It may be deleted when no\n" +
	"sitrep process runs.\n"

// bookDir is the bookkeeping folder of the output folder out.
func bookDir(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+bookSuffix)
}

// openBook makes sure book is sitrep's bookkeeping folder, creating it
// when it does not exist, and refuses a folder of that name that is not.
func openBook(book string) error {
	err := os.Mkdir(book, 0o755)
	if err == nil {
		// Git ignores a folder whose files are all ignored.
		if err := os.WriteFile(filepath.Join(book, ".gitignore"), []byte("*\n"), 0o644); err != nil {
			return err
		}
		return writeAtomic(filepath.Join(book, markerName), []byte(marker))
	}
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	fi, err := os.Lstat(book)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s exists and is not sitrep's bookkeeping folder; move it away", book)
	}
	// Another sitrep may have just created it and not yet marked it.
	for range 50 {
		b, err := os.ReadFile(filepath.Join(book, markerName))
		if err == nil && bytes.Equal(b, []byte(marker)) {
			return nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("%s exists and is not sitrep's bookkeeping folder (no %s in it); move it away", book, markerName)
}

// BusyError is an output folder another sitrep process is writing.
type BusyError struct {
	Dir   string
	Owner string // "pid 1234 (sitrep watch)", or "another sitrep process"
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("%s is being written by %s; wait for it to finish or stop it, or write elsewhere with --out DIR", e.Dir, e.Owner)
}

// lock takes the output folder's lock. A lock held by a long-running
// command (watch) is refused at once; one held by a build is waited for
// up to wait, since builds end.
func lock(ctx context.Context, book, out, command string, wait time.Duration) (*flock.Flock, error) {
	fl := flock.New(filepath.Join(book, lockName))
	deadline := time.Now().Add(wait)
	for {
		ok, err := fl.TryLock()
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", out, err)
		}
		if ok {
			break
		}
		pid, cmd := readOwner(book)
		if cmd == "watch" || !time.Now().Before(deadline) {
			owner := "another sitrep process"
			if pid != 0 {
				owner = fmt.Sprintf("pid %d (sitrep %s)", pid, cmd)
			}
			return nil, &BusyError{Dir: out, Owner: owner}
		}
		select {
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		case <-time.After(50 * time.Millisecond):
		}
	}
	// Only for the message of the next process: a full disk may refuse it.
	writeAtomic(filepath.Join(book, ownerName), fmt.Appendf(nil, "%d %s\n", os.Getpid(), command))
	return fl, nil
}

// readOwner reads who holds the lock; zero and "" when it cannot tell.
func readOwner(book string) (pid int, command string) {
	b, err := os.ReadFile(filepath.Join(book, ownerName))
	if err != nil {
		return 0, ""
	}
	p, cmd, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	pid, _ = strconv.Atoi(p)
	return pid, cmd
}

// tempOf starts the names of the temporary files of writeAtomic for a
// file named base.
func tempOf(base string) string { return tempPrefix + base + "-" }

// writeAtomic writes a bookkeeping file whole, through a temporary file
// and a rename. Only one process writes a bookkeeping file at a time (it
// holds the lock), except the marker, which is the same for everyone.
func writeAtomic(name string, data []byte) error {
	return writeAtomicFunc(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomicFunc is writeAtomic of what write writes, buffered.
func writeAtomicFunc(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), tempOf(filepath.Base(name))+"*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	werr := write(bw)
	if werr == nil {
		werr = bw.Flush()
	}
	if err := errors.Join(werr, f.Close()); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), name); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
