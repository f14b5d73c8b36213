package buildcache

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/publish"
)

// parseFileName is the parse cache's name in the bookkeeping folder: what
// the last build into the output folder parsed of the site's content
// files (content.Loader.Snapshot), so that the next process parses only
// the files whose bytes changed.
const parseFileName = "parse-cache"

// parseHeader starts a parse cache; the program's stamp follows on the
// same line.
const parseHeader = "sitrep-parse-cache 3 "

// OpenLoader returns a loader for a build published by pub, given what
// the last build there parsed when the parse cache can be used (see
// content.Loader.Restore: a file is taken from it only when its bytes
// have the SHA-256 recorded, under the same site.yaml and time zone). A
// cache that is not exactly what SaveLoader writes — torn, corrupted (it
// ends in a checksum of the rest, publish.Seal's), of another format or
// of another program — is ignored, and every file is parsed.
func OpenLoader(pub *publish.Publisher, opts Options) *content.Loader {
	l := new(content.Loader)
	if data := readBook(pub, parseFileName, opts); data != nil {
		snap, err := unframe(data, stampOf(opts))
		if err != nil {
			debugf(opts.Debug, "%s: %v", parseFileName, err)
		} else {
			l.Restore(snap)
		}
	}
	return l
}

// SaveLoader records what l parsed in its last load for the next process,
// when that differs from what it was given by OpenLoader. It must be
// called while pub is open (it holds the output folder's lock).
func SaveLoader(pub *publish.Publisher, l *content.Loader, opts Options) error {
	if !l.Stale() {
		return nil
	}
	stamp := stampOf(opts)
	// Written as it is encoded: at 100,000 incidents the cache is about
	// 200 MB, which a build must not hold in memory beside its site.
	err := pub.WriteBookFileFunc(parseFileName, func(w io.Writer) error {
		h := publish.NewSeal()
		mw := io.MultiWriter(w, h)
		if _, err := io.WriteString(mw, parseHeader+stamp+"\n"); err != nil {
			return err
		}
		ok, err := l.WriteSnapshot(mw)
		if err != nil {
			return err
		}
		if !ok {
			return errNothing
		}
		// Not synced: a cache torn by a power failure fails its checksum.
		_, err = w.Write(h.Sum(nil))
		return err
	})
	if errors.Is(err, errNothing) {
		return nil
	}
	return err
}

// errNothing stops SaveLoader's write when the loader holds nothing to
// save: the cache is left as it was.
var errNothing = errors.New("nothing loaded")

// unframe returns the snapshot SaveLoader framed in b, if b is whole and was written
// by the program of stamp.
func unframe(b []byte, stamp string) ([]byte, error) {
	if stamp == "" {
		return nil, errors.New("this program has no stamp")
	}
	rest, err := publish.Unseal(b, parseHeader)
	if err != nil {
		return nil, err
	}
	line, data, ok := bytes.Cut(rest, []byte("\n"))
	if !ok || string(line) != stamp {
		return nil, fmt.Errorf("written by another program (%.40q)", line)
	}
	return data, nil
}
