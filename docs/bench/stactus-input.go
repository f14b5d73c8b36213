//go:build ignore

// stactus-input writes the incidents of a sitrep site in stactus's input
// format (stactus.yaml and incidents/*.yaml), so that both generators are
// timed on the same incidents:
//
//	go run ./docs/bench/stactus-input.go SITE DIR
//
// SITE is a site root holding content/ (e.g. from cmd/synth). Each
// incident keeps its title, impact, components and updates (oldest first,
// Markdown source as the description); stactus has no maintenance windows,
// so those are left out.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/status"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run ./docs/bench/stactus-input.go SITE DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "stactus-input:", err)
		os.Exit(1)
	}
}

func run(site, dir string) error {
	root, err := os.OpenRoot(site)
	if err != nil {
		return err
	}
	defer root.Close()
	// The moment only matters to validation; the synthetic sites end on
	// 2026-11-22.
	now := time.Date(2026, 11, 22, 11, 0, 0, 0, time.UTC)
	s, probs, err := generator.Load(generator.Options{Source: root.FS(), Now: now})
	if err != nil {
		return err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return errs
	}
	if err := os.MkdirAll(filepath.Join(dir, "incidents"), 0o755); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "version: stactus/v1\nname: %q\nurl: %q\nsystems:\n", s.Config.Title, s.Config.BaseURL.String())
	for _, c := range s.Components {
		fmt.Fprintf(&b, "  - id: %q\n    name: %q\n", c.ID, c.Name)
	}
	if err := os.WriteFile(filepath.Join(dir, "stactus.yaml"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	for _, in := range s.Incidents {
		b.Reset()
		fmt.Fprintf(&b, "version: incident/v1\nid: %q\nname: %q\nimpact: %s\nsystems:\n", in.Slug, in.Title, in.Impact)
		for _, a := range in.Components {
			fmt.Fprintf(&b, "  - %q\n", a.ID)
		}
		b.WriteString("timeline:\n")
		for i, u := range in.Updates {
			fmt.Fprintf(&b, "  - ts: %q\n    description: %q\n", u.At.UTC().Format(time.RFC3339), u.Body.Source)
			switch {
			case i == 0:
				b.WriteString("    investigating: true\n")
			case u.Kind == status.Resolved:
				b.WriteString("    resolved: true\n")
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "incidents", in.Slug+".yaml"), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}
