package author

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

// Ref is an incident or maintenance window a request names.
type Ref struct {
	Slug        string
	File        string // slash-separated, relative to the site root
	Incident    *status.Incident
	Maintenance *status.Maintenance
}

// Lookup finds what query names, the way an on-call engineer types it:
// a whole slug, a file path, a unique prefix of a slug, or words of the
// title ("database pool", "결제 지연"). Among several matches open
// incidents win; if that leaves more than one, the error lists them.
// Maintenance windows are found only when withMaintenance is set.
func (s *Site) Lookup(query string, withMaintenance bool) (*Ref, error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return nil, requestf("which incident? give its slug (the file name in content/incidents/ without .md), a prefix of it, or words of its title")
	}
	if strings.HasSuffix(q, ".md") {
		q = strings.TrimSuffix(path.Base(filepath.ToSlash(q)), ".md")
	}
	refs := s.refs(withMaintenance)
	for _, r := range refs {
		if r.Slug == q {
			return s.read(r)
		}
	}
	var byPrefix []*Ref
	for _, r := range refs {
		if strings.HasPrefix(r.Slug, q) {
			byPrefix = append(byPrefix, r)
		}
	}
	matches := byPrefix
	if len(matches) == 0 {
		words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return unicode.IsSpace(r) || r == '-' })
		for _, r := range refs {
			if titleHas(r, words) {
				matches = append(matches, r)
			}
		}
	}
	if len(matches) > 1 {
		if open := slices.DeleteFunc(slices.Clone(matches), func(r *Ref) bool { return !r.open(s) }); len(open) > 0 {
			matches = open
		}
	}
	switch len(matches) {
	case 1:
		return s.read(matches[0])
	case 0:
		return nil, s.notFound(q, refs)
	}
	var slugs []string
	for _, r := range matches {
		slugs = append(slugs, r.Slug)
	}
	return nil, requestf("%q matches %d: %s; give more of the slug", query, len(slugs), strings.Join(slugs, ", "))
}

// refs lists incidents, newest first (slugs start with their date), then
// maintenance windows.
func (s *Site) refs(withMaintenance bool) []*Ref {
	var out []*Ref
	for _, in := range s.Content.Incidents {
		out = append(out, &Ref{Slug: in.Slug, File: in.Pos.File, Incident: in})
	}
	slices.SortFunc(out, func(a, b *Ref) int { return strings.Compare(b.Slug, a.Slug) })
	if withMaintenance {
		n := len(out)
		for _, m := range s.Content.Maintenances {
			out = append(out, &Ref{Slug: m.Slug, File: m.Pos.File, Maintenance: m})
		}
		slices.SortFunc(out[n:], func(a, b *Ref) int { return strings.Compare(b.Slug, a.Slug) })
	}
	return out
}

func titleHas(r *Ref, words []string) bool {
	if len(words) == 0 {
		return false
	}
	title := ""
	if r.Incident != nil {
		title = r.Incident.Title
	} else {
		title = r.Maintenance.Title
	}
	hay := strings.ToLower(title + " " + r.Slug)
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// open reports whether r is an unresolved incident or a window not over.
func (r *Ref) open(s *Site) bool {
	if r.Incident != nil {
		_, resolved := r.Incident.Resolved()
		return !resolved
	}
	st := r.Maintenance.StatusAt(s.Now)
	return st != status.Completed && st != status.Cancelled
}

// read checks that the file still reads as what was loaded.
func (s *Site) read(r *Ref) (*Ref, error) {
	if _, err := s.root.Lstat(r.File); err != nil {
		return nil, fmt.Errorf("%s: %w", r.File, err)
	}
	return r, nil
}

// notFound explains a query that names nothing, with hints: a file that
// did not load (its errors), the nearest slug, or the open incidents.
func (s *Site) notFound(q string, refs []*Ref) error {
	if status.ValidSlug(q) {
		for _, dir := range []string{"incidents", "maintenance"} {
			name := path.Join(content.Dir, dir, q+".md")
			if probs := inFile(s.Problems, name); len(probs.Errors()) > 0 {
				return &ContentError{Problems: probs}
			}
		}
		if _, err := s.root.Lstat(path.Join(content.Dir, "maintenance", q+".md")); err == nil {
			return requestf("%s is a maintenance window, not an incident; run \"sitrep edit %s\"", q, q)
		}
	}
	var slugs, open []string
	for _, r := range refs {
		slugs = append(slugs, r.Slug)
		if r.open(s) {
			open = append(open, r.Slug)
		}
	}
	if c := status.Closest(q, slugs); c != "" {
		return requestf("no incident %q (did you mean %q?)", q, c)
	}
	if len(open) > 0 {
		return requestf("no incident matches %q; open: %s (\"sitrep list\" shows them)", q, strings.Join(open, ", "))
	}
	return requestf("no incident matches %q in content/incidents/ (and none is open)", q)
}
