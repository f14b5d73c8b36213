package author

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"text/template"
	"time"
)

// skeleton is the site "sitrep init" writes. Files ending in .tmpl are
// text/templates with [[ ]] delimiters (GitHub's own ${{ }} must survive)
// and lose the suffix. A file "x.ko.md" is the Korean "x.md": it replaces
// it in a Korean site and is left out of others.
//
//go:embed all:skeleton
var skeleton embed.FS

// InitOptions fill the skeleton's placeholders.
type InitOptions struct {
	Title    string // site title; default "Example Status"
	TimeZone string // IANA name; default "UTC", "Asia/Seoul" in Korean
	Language string // "en" (default) or "ko": site.yaml, components and templates in it
	// Version is the sitrep release the site's workflows download;
	// default Version. Commit is what they build with go install while
	// that release does not exist: a commit or pseudo-version of the
	// module, normally the one "sitrep init" was built from; "" if unknown.
	Version, Commit string
}

// Skeleton returns the files of a new site, by slash-separated path
// relative to the site root, rendered with opts.
func Skeleton(opts InitOptions) (map[string][]byte, error) {
	switch opts.Language {
	case "":
		opts.Language = "en"
	case "en", "ko":
	default:
		return nil, fmt.Errorf("unknown language %q (en or ko)", opts.Language)
	}
	ko := opts.Language == "ko"
	if opts.Title == "" {
		opts.Title = "Example Status"
		if ko {
			opts.Title = "서비스 상태"
		}
	}
	if opts.TimeZone == "" {
		opts.TimeZone = "UTC"
		if ko {
			opts.TimeZone = "Asia/Seoul"
		}
	}
	if _, err := time.LoadLocation(opts.TimeZone); err != nil || opts.TimeZone == "Local" {
		return nil, fmt.Errorf("unknown time zone %q (use an IANA name such as Asia/Seoul, Europe/Berlin or UTC)", opts.TimeZone)
	}
	if opts.Version == "" {
		opts.Version = Version
	}
	data := map[string]any{
		"Korean":   ko,
		"Language": opts.Language,
		"Title":    yamlString(strings.TrimSpace(opts.Title)),
		"TimeZone": opts.TimeZone,
		"Version":  opts.Version,
		"Commit":   opts.Commit,
		"Module":   Module,
	}
	files := map[string][]byte{}
	err := fs.WalkDir(skeleton, "skeleton", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := skeleton.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "skeleton/")
		if base, ok := strings.CutSuffix(name, ".ko.md"); ok {
			if !ko {
				return nil
			}
			name = base + ".md"
		} else if _, err := fs.Stat(skeleton, strings.TrimSuffix(p, ".md")+".ko.md"); ko && err == nil {
			return nil // the Korean file stands in
		}
		if n, ok := strings.CutSuffix(name, ".tmpl"); ok {
			t, err := template.New(name).Delims("[[", "]]").Option("missingkey=error").Parse(string(src))
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := t.Execute(&b, data); err != nil {
				return err
			}
			name, src = n, b.Bytes()
		}
		files[name] = src
		return nil
	})
	return files, err
}

// ExistsError refuses "sitrep init" in a directory that already holds
// some of the files it would write.
type ExistsError struct {
	Dir   string
	Files []string // slash-separated, sorted
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already has %s; sitrep init writes nothing over existing files (choose an empty directory)",
		e.Dir, strings.Join(e.Files, ", "))
}

// Init writes the files of a new site (made by Skeleton) into dir,
// created if missing, and returns their names. If any of them exists
// already, it writes nothing and returns an *ExistsError.
func Init(dir string, files map[string][]byte) ([]string, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var exist []string
	for _, n := range names {
		if _, err := root.Lstat(n); err == nil || !errors.Is(err, fs.ErrNotExist) {
			exist = append(exist, n)
		}
	}
	if len(exist) > 0 {
		return nil, &ExistsError{Dir: dir, Files: exist}
	}
	for i, n := range names {
		if err := WriteNew(root, n, files[n]); err != nil {
			return names[:i], err
		}
	}
	return names, nil
}
