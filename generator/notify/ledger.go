package notify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// ledgerFormat marks a file as a sitrep notify ledger: only such a file
// is ever replaced.
const ledgerFormat = "sitrep-notify-ledger/1"

// DefaultLedger is where the ledger lives, relative to the site root.
const DefaultLedger = ".sitrep/notify-ledger.json"

// Ledger records what each channel has been sent. It is written after
// every delivery, so that a run killed at any moment loses at most the
// record of the one delivery in flight.
type Ledger struct {
	Format string `json:"format"`
	// Started is the first run's moment: events before it are history
	// and are never sent.
	Started time.Time `json:"started"`
	// Maintenance is when each maintenance window was first seen, which
	// stands in for its announcement.
	Maintenance map[string]time.Time `json:"maintenance"`
	Channels    map[string]*Record   `json:"channels"`
}

// Record is one channel's part of the ledger.
type Record struct {
	// Started is when the channel was first seen: a channel added to an
	// existing site starts empty, with no history.
	Started time.Time            `json:"started"`
	Sent    map[string]time.Time `json:"sent"`   // by event ID: when delivered (or dropped)
	Failed  map[string]*Failure  `json:"failed"` // by event ID: deliveries to retry
}

// Failure is a delivery that failed and is retried on later runs until
// RetryFor has passed since First.
type Failure struct {
	First    time.Time `json:"first"`
	Attempts int       `json:"attempts"`
	Error    string    `json:"error"`
}

// newLedger starts a ledger at now.
func newLedger(now time.Time) *Ledger {
	return &Ledger{Format: ledgerFormat, Started: now.UTC(), Maintenance: map[string]time.Time{}, Channels: map[string]*Record{}}
}

// channel returns the record of a channel, starting it at now when new.
func (l *Ledger) channel(name string, now time.Time) (rec *Record, isNew bool) {
	if r := l.Channels[name]; r != nil {
		if r.Sent == nil {
			r.Sent = map[string]time.Time{}
		}
		if r.Failed == nil {
			r.Failed = map[string]*Failure{}
		}
		return r, false
	}
	r := &Record{Started: now.UTC(), Sent: map[string]time.Time{}, Failed: map[string]*Failure{}}
	l.Channels[name] = r
	return r, true
}

// loadLedger reads the ledger at path; a missing file is no ledger (nil).
func loadLedger(path string) (*Ledger, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var l Ledger
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil || l.Format != ledgerFormat {
		return nil, fmt.Errorf("%s is not a sitrep notify ledger (%s); move it away or give --ledger another file", path, why(err, l.Format))
	}
	if l.Maintenance == nil {
		l.Maintenance = map[string]time.Time{}
	}
	if l.Channels == nil {
		l.Channels = map[string]*Record{}
	}
	return &l, nil
}

func why(err error, format string) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("format %q", format)
}

// encode writes the ledger with sorted keys (encoding/json sorts map
// keys), so that the file changes only where the record does and diffs
// of the committed ledger stay small.
func (l *Ledger) encode() ([]byte, error) {
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// save writes the ledger to path atomically: a temporary file beside it,
// synced, renamed over it, and the directory synced, so that after a
// crash at any instant the file is the old ledger or the new one. It
// replaces only a ledger: anything else at path is refused.
func (l *Ledger) save(path string) error {
	b, err := l.encode()
	if err != nil {
		return err
	}
	if err := checkReplaceable(path); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, tmpPattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp) // ours: made above
		return err
	}
	return syncDir(dir)
}

// checkReplaceable refuses to replace anything at path but a regular
// file holding a ledger.
func checkReplaceable(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file; sitrep replaces only its own ledger", path)
	}
	_, err = loadLedger(path)
	return err
}

// syncDir makes a rename in dir durable. Only Unix syncs a directory;
// elsewhere the rename is as durable as the system makes it.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// tmpPattern names the temporary files save writes beside the ledger.
const tmpPattern = ".notify-ledger-*.tmp"

// removeTemps removes what a save killed between writing its temporary
// file and renaming it left behind. The name pattern is save's own, and
// the caller holds the lock, so no save of another run is under way.
func removeTemps(ledger string) {
	names, _ := filepath.Glob(filepath.Join(filepath.Dir(ledger), tmpPattern))
	for _, n := range names {
		if fi, err := os.Lstat(n); err == nil && fi.Mode().IsRegular() {
			os.Remove(n)
		}
	}
}
