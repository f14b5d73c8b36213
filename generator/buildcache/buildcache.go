// Package buildcache carries the memo of rendered outputs (render.Memo)
// from one sitrep process to the next, so that a build into an output
// folder a previous build made renders only what changed since.
//
// The cache is a file, build-cache, in the output folder's bookkeeping
// folder (.public.sitrep/ beside public/; see package publish). It records,
// for every output of the last build that published there, its path, the
// key of its inputs and the digest of the file published for it; and what
// every output shared (render.Memo.Start: the program, the theme, the
// address, the time zone's rules). It is never trusted blindly:
//
//   - a file that is not exactly what Save writes (another format, a torn
//     or corrupted file: it ends in a checksum of the rest), or that another
//     program wrote (Stamp), is ignored: the build renders everything;
//   - an output is taken from it only when its key is the one the build
//     computes and the live published tree still holds, at its path, the
//     file with the digest recorded, by the tree's manifest and by the
//     file's identity (publish.Publisher.Published); it is then kept, not
//     rendered and not read;
//   - it is written whole (a temporary file, then a rename) while the
//     output folder's lock is held, after the build was published, and
//     only with entries the published tree holds.
package buildcache

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render"
)

// fileName is the cache's name in the bookkeeping folder.
const fileName = "build-cache"

// Options say how to open a cache.
type Options struct {
	// Stamp says which program makes the outputs; "" is Stamp().
	Stamp string
	// Lean makes the memo hold no bytes of outputs, for a one-shot build:
	// only keys, since the next build keeps unchanged outputs from the
	// published tree. Watch mode, which rebuilds in the same process,
	// keeps the bytes.
	Lean bool
	// Debug, when set, is told in one line why a cache was not used.
	Debug io.Writer
}

// Open returns the memo for builds published by pub: the one saved by
// the last build there when it can be used, else an empty one. The memo
// keeps unchanged outputs as pub's live tree holds them (render.Memo.Bind).
// A cache that cannot be used is no error: the build renders everything.
func Open(pub *publish.Publisher, opts Options) *render.Memo {
	stamp := stampOf(opts)
	m := render.NewMemoOf(stamp, opts.Lean)
	if data := readBook(pub, fileName, opts); data != nil {
		saved, err := render.ReadMemo(data, stamp, opts.Lean)
		if err != nil {
			debugf(opts.Debug, "%s: %v", fileName, err)
		} else {
			m = saved
		}
	}
	m.Bind(pub.Published)
	return m
}

// readBook returns the bookkeeping file name of pub's output folder, nil
// when there is none or it cannot be read (said to opts.Debug): a cache
// that cannot be had is no error.
func readBook(pub *publish.Publisher, name string, opts Options) []byte {
	data, err := pub.ReadBookFile(name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			debugf(opts.Debug, "%v", err)
		}
		return nil
	}
	return data
}

// stampOf is the stamp opts give, else Stamp().
func stampOf(opts Options) string {
	if opts.Stamp != "" {
		return opts.Stamp
	}
	return Stamp()
}

// Save records the memo's last build, which pub has just published, for
// the next process. It must be called while pub is open (it holds the
// output folder's lock).
func Save(pub *publish.Publisher, m *render.Memo) error {
	// Not synced: a cache torn by a power failure fails its checksum and
	// is ignored. Saved is nil when there is nothing to keep: the file goes.
	return pub.WriteBookFile(fileName, m.Saved(pub.Published))
}

// Stamp identifies the program that is running, for caches: two programs
// with the same stamp render the same outputs from the same inputs. A
// build from a clean checkout (a VCS revision, not modified) or of a
// module version is identified by everything the Go toolchain recorded of
// it (debug.BuildInfo: Go release, module and dependency versions, build
// settings, revision); any other build by the build ID the go command
// wrote into its executable, whose last part is a hash of the
// executable's content (ELF, on Linux and the BSDs), or else by the
// SHA-256 of its executable (about 13 ms for sitrep's 19 MB). It is ""
// when none can be had, and "" never matches a cache. It is worked out
// once per process.
func Stamp() string { return stamp() }

var stamp = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if ok && recorded(info) {
		sum := sha256.Sum256([]byte(info.String()))
		return "build " + hex.EncodeToString(sum[:16])
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if id := goBuildID(exe); id != "" {
		return "go build ID " + id
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "executable " + hex.EncodeToString(h.Sum(nil)[:16])
})

// goBuildID returns the Go build ID of the ELF executable exe, or "".
// The go command writes it into the note .note.go.buildid when it links
// a program; its four parts end in the link's content ID, a hash of the
// executable's content.
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	note, err := s.Data()
	if err != nil || len(note) < 16 {
		return ""
	}
	// A note: name size, description size, type, then the name ("Go",
	// padded to 4 bytes) and the description, the build ID.
	nameSize, descSize := f.ByteOrder.Uint32(note), f.ByteOrder.Uint32(note[4:])
	const goBuildIDType = 4
	if nameSize != 4 || f.ByteOrder.Uint32(note[8:]) != goBuildIDType || string(note[12:16]) != "Go\x00\x00" ||
		uint64(descSize) > uint64(len(note)-16) {
		return ""
	}
	id := string(note[16 : 16+descSize])
	parts := strings.Split(id, "/")
	if len(parts) != 4 || slices.Contains(parts, "") {
		return "" // not what the go command writes for a program
	}
	return id
}

// recorded reports whether info tells this build from any other: it is a
// module version (go install …@v1.2.3, a pseudo-version) or was built
// from a revision without changes.
func recorded(info *debug.BuildInfo) bool {
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		return modified == "false"
	}
	return info.Main.Version != "" && info.Main.Version != "(devel)"
}

func debugf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, "debug: build cache not used: "+format+"\n", args...)
	}
}
