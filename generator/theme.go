package generator

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/generator/status"
)

// themeDir is a site's themes/<name>/ directory, read under the rule for
// links that content follows: a link may lead only to a place inside the
// directory it belongs to. A theme's static/ files are published as they
// are, so a link from there to ../../../.git/config, though inside the
// site, must not be followed; nor may a link out of the site be passed
// over in silence for the default theme's file.
type themeDir struct {
	src fs.FS  // the site root
	dir string // "themes/<name>"
}

// errLinkOut is a theme link that leads out of its theme.
var errLinkOut = errors.New("it is a link to a place outside the theme; copy the file in instead")

// resolve returns the path in src that name, a path in the theme, leads
// to once every link on the way is followed, or errLinkOut.
func (t themeDir) resolve(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	cur, parts := t.dir, split(name)
	for hops := 0; len(parts) > 0; {
		p := cur + "/" + parts[0]
		parts = parts[1:]
		if info, err := fs.Lstat(t.src, p); err != nil || info.Mode()&fs.ModeSymlink == 0 {
			cur = p // a missing file is for Open to report
			continue
		}
		if hops++; hops > 40 {
			return "", &fs.PathError{Op: "open", Path: p, Err: errors.New("too many links")}
		}
		to, err := fs.ReadLink(t.src, p)
		if err != nil {
			return "", err
		}
		target := path.Join(path.Dir(p), to)
		if path.IsAbs(to) || target != t.dir && !strings.HasPrefix(target, t.dir+"/") {
			return "", &fs.PathError{Op: "open", Path: status.Printable(p), Err: errLinkOut}
		}
		// Walk the target from the theme's top: its own path may hold links.
		cur, parts = t.dir, append(split(strings.TrimPrefix(target, t.dir)), parts...)
	}
	return cur, nil
}

func split(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}

func (t themeDir) Open(name string) (fs.File, error) {
	p, err := t.resolve(name)
	if err != nil {
		return nil, err
	}
	return t.src.Open(p)
}

// ReadDir lists a theme folder. A name with a control character is an
// error: static files are published under their names.
func (t themeDir) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := t.resolve(name)
	if err != nil {
		return nil, err
	}
	es, err := fs.ReadDir(t.src, p)
	for _, e := range es {
		if strings.ContainsFunc(e.Name(), unicode.IsControl) {
			return nil, &fs.PathError{Op: "readdir", Path: status.Printable(path.Join(t.dir, name, e.Name())), Err: errors.New("a file name may not hold control characters")}
		}
	}
	return es, err
}

// has reports whether the theme directory itself holds file.
func (t themeDir) has(file string) bool {
	_, err := fs.Stat(t, file)
	return err == nil
}
