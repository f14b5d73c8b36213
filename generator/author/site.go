package author

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"time"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

// RequestError is a request that cannot be carried out as asked: an
// unknown or ambiguous slug, a time in the future, a status word that
// does not exist. Nothing was written. Callers show Msg as it is (the
// command line prints it, the GitHub path replies with it).
type RequestError struct{ Msg string }

func (e *RequestError) Error() string { return e.Msg }

func requestf(format string, args ...any) error {
	return &RequestError{fmt.Sprintf(format, args...)}
}

// ContentError is a change refused because the file it would write has
// errors, or a site that cannot be authored because site.yaml has errors.
// Nothing was written.
type ContentError struct{ Problems status.Problems }

func (e *ContentError) Error() string { return e.Problems.Error() }

// FindRoot returns the site root for dir: the nearest folder, from dir
// upwards, that holds content/site.yaml (as git finds its repository).
func FindRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, content.Dir, "site.yaml")); err == nil {
			return d, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", requestf("no content/site.yaml in %s or any folder above it; give --source DIR, or start a site with \"sitrep init\"", dir)
		}
		d = up
	}
}

// Site is a status site opened for authoring: loaded as it is on disk, and
// the moment commands act at. Problems in other files do not stop an
// on-call engineer from writing an update; only the file a change writes
// must be right. Both the command line and the GitHub path write through
// a Site, so the same request gives the same file either way.
type Site struct {
	Dir      string    // the site root as given to Open
	Now      time.Time // the clock, in the site's zone, to the minute
	Loc      *time.Location
	Lang     string       // the site's language, "en" or "ko"
	Content  *status.Site // as loaded from disk
	Problems status.Problems

	root   *os.Root
	loader content.Loader
	// clock is Now to the second: an update in the same minute as the
	// newest is written at it, and a written file is checked at it, so
	// that a quick "new" then "update" is neither reordered nor warned
	// about as news from the future.
	clock time.Time
}

// Open opens the site rooted at dir (which holds content/site.yaml) at
// the moment now, the real clock: times after it are refused unless a
// request forces them. An unreadable site.yaml is a *ContentError.
func Open(dir string, now time.Time) (*Site, error) {
	if _, err := os.Stat(filepath.Join(dir, content.Dir, "site.yaml")); err != nil {
		return nil, requestf("no content/site.yaml in %s (is it the folder that holds content/?)", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	s := &Site{Dir: dir, root: root}
	s.Content, s.Problems = s.loader.Load(root.FS())
	cfg := inFile(s.Problems, path.Join(content.Dir, "site.yaml"))
	if s.Content == nil || len(cfg.Errors()) > 0 {
		root.Close()
		return nil, &ContentError{Problems: cfg}
	}
	s.Loc, s.Lang = s.Content.Config.Location, s.Content.Config.Language
	s.clock = now.In(s.Loc).Truncate(time.Second)
	s.Now = s.clock.Truncate(time.Minute)
	return s, nil
}

// Close releases the site's folder.
func (s *Site) Close() error { return s.root.Close() }

// ReadFile reads a file of the site by slash-separated path.
func (s *Site) ReadFile(name string) ([]byte, error) { return s.root.ReadFile(name) }

// Written is a change that reached disk.
type Written struct {
	File     string          // slash-separated, relative to the site root
	Path     string          // the file on disk, for printing
	Slug     string          // of the incident or maintenance window
	Warnings status.Problems // of the file written; it has no errors
	Others   int             // errors in other files, which will stop the build
	// Content is the site as checked with the file written: what is on
	// disk now, without loading it again.
	Content *status.Site
}

// inFile returns the problems reported at file.
func inFile(ps status.Problems, file string) status.Problems {
	var out status.Problems
	for _, p := range ps {
		if p.Pos.File == file {
			out = append(out, p)
		}
	}
	return out
}

// commit checks the site as it would be with name holding data — loading
// and validating all of it in memory — and writes the file only if it has
// no errors and verify accepts what was read back. old is the file's
// current content, nil for a new file, which never replaces another.
func (s *Site) commit(name, slug string, data, old []byte, verify func(*status.Site) error) (*Written, error) {
	if len(data) > content.MaxFileSize {
		return nil, requestf("%s would be over 1 MiB; nothing was written", name)
	}
	st, probs := s.loader.Load(Overlay(s.root.FS(), map[string][]byte{name: data}))
	if st == nil {
		return nil, &ContentError{Problems: probs}
	}
	probs = append(probs, st.Validate(s.clock)...)
	probs.Sort()
	mine := inFile(probs, name)
	if len(mine.Errors()) > 0 {
		return nil, &ContentError{Problems: mine}
	}
	if verify != nil {
		if err := verify(st); err != nil {
			return nil, fmt.Errorf("%s: %w; nothing was written (please report this with the file attached)", name, err)
		}
	}
	if old == nil {
		err := WriteNew(s.root, name, data)
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s was created by someone else meanwhile; nothing was written, run the command again", name)
		}
		if err != nil {
			return nil, err
		}
	} else if err := Replace(s.root, name, old, data); err != nil {
		return nil, err
	}
	return &Written{
		File:     name,
		Path:     filepath.Join(s.Dir, filepath.FromSlash(name)),
		Slug:     slug,
		Warnings: mine,
		Others:   len(probs.Errors()) - len(mine.Errors()),
		Content:  st,
	}, nil
}

// taken reports whether a slug is in use in content/<dir>/.
func (s *Site) taken(dir string) func(string) bool {
	return func(slug string) bool {
		_, err := s.root.Lstat(path.Join(content.Dir, dir, slug+".md"))
		return err == nil
	}
}

// ActAt back-dates the moment requests act at to typed, as ParseWhen
// reads a past time ("14:30", "20m ago", a date and time): the command
// line's --now. A time after the clock is refused unless force is set.
func (s *Site) ActAt(typed string, force bool) error {
	t, err := s.when("--now", typed, force)
	if err != nil {
		return err
	}
	s.Now, s.clock = t, t
	return nil
}
