package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// RefusedError is an output folder sitrep will not write: why, and what
// the user can do about it.
type RefusedError struct {
	Dir    string // the output folder as the user named it
	Reason string
	Fix    string
}

func (e *RefusedError) Error() string {
	msg := fmt.Sprintf("will not write %s: %s", e.Dir, e.Reason)
	if e.Fix != "" {
		msg += "; " + e.Fix
	}
	return msg
}

// checkTarget refuses output folders that would put files sitrep did not
// write at risk: the root of a file system, a link, a folder that is or
// holds the site root, its content/ or themes/, a folder inside those, a
// folder reached through a link inside the site, or a folder inside
// sitrep's own bookkeeping. site may be empty (no site to protect).
func checkTarget(out, site string) error {
	refuse := func(reason, fix string) error { return &RefusedError{Dir: out, Reason: reason, Fix: fix} }
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if filepath.Dir(abs) == abs {
		return refuse("it is the root of a file system", "choose a folder of its own with --out")
	}
	for d := abs; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if name := filepath.Base(d); strings.HasPrefix(name, ".") && strings.HasSuffix(name, bookSuffix) {
			return refuse("it is inside sitrep's bookkeeping folder "+d, "choose another folder with --out")
		}
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return refuse("it is a link", "sitrep replaces its output folder as a whole and never follows links out of it; give the link's target with --out, or remove the link")
	} else if err == nil && !fi.IsDir() {
		return refuse("it is a file, not a folder", "choose a folder with --out")
	}
	if site == "" {
		return nil
	}
	siteAbs, err := filepath.Abs(site)
	if err != nil {
		return err
	}
	real, siteReal := realPath(abs), realPath(siteAbs)
	if within(siteReal, real) {
		return refuse("it holds the site itself ("+site+")", "build into a folder of its own, such as public/ (the default)")
	}
	for _, d := range []string{"content", "themes"} {
		dr := realPath(filepath.Join(siteAbs, d))
		if within(real, dr) || within(dr, real) {
			return refuse("it overlaps the site's "+d+"/ folder", "build into a folder of its own, such as public/ (the default)")
		}
	}
	// Inside the site, every folder on the way must be a real folder: a
	// link there (a cloned repository's public -> ../victim) would take
	// the build out of the site.
	if rel, err := filepath.Rel(siteAbs, abs); err == nil && filepath.IsLocal(rel) {
		d := siteAbs
		for part := range strings.SplitSeq(rel, string(filepath.Separator)) {
			d = filepath.Join(d, part)
			if fi, err := os.Lstat(d); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return refuse(d+" is a link", "sitrep does not follow links inside the site; give the real folder with --out, or remove the link")
			}
		}
	}
	return nil
}

// realPath resolves the links in p's longest existing prefix.
func realPath(p string) string {
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return filepath.Join(p, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// within reports whether p is dir or inside it (both absolute and clean).
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(p, dir)
}
