package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render/api"
)

// fixtures is the directory of the real Statuspage captures, kept in
// testdata so that every clone can run the comparison.
func fixtures(t *testing.T) string {
	t.Helper()
	return filepath.Join("testdata", "statuspage")
}

// captures returns every capture file by name.
func captures(t *testing.T) map[string][]byte {
	t.Helper()
	dir := fixtures(t)
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no captures in %s: %v", dir, err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = b
	}
	return out
}

// exampleAPI renders the repository's example site and returns its API
// files by name relative to api/v2/.
func exampleAPI(t *testing.T) map[string][]byte {
	t.Helper()
	res, err := generator.Render(context.Background(), generator.Options{Source: example.Root(t).FS(), Now: example.Now})
	if err != nil {
		t.Fatalf("rendering the example site: %v", err)
	}
	out := map[string][]byte{}
	for _, name := range api.Files() {
		b, ok := res.Site.File(paths.APIFile(name))
		if !ok {
			t.Fatalf("%s was not rendered", paths.APIFile(name))
		}
		out[name] = b
	}
	return out
}

// node is a JSON value that remembers the order of an object's keys.
type node struct {
	keys   []string
	fields map[string]*node
	items  []*node
	value  any
}

func parseOrdered(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("data after the top-level value")
	}
	return n, nil
}

func parseNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return &node{value: tok}, nil
	}
	n := &node{}
	switch d {
	case '{':
		n.fields = map[string]*node{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k := kt.(string)
			v, err := parseNode(dec)
			if err != nil {
				return nil, err
			}
			if _, dup := n.fields[k]; dup {
				return nil, fmt.Errorf("key %q twice", k)
			}
			n.keys = append(n.keys, k)
			n.fields[k] = v
		}
	case '[':
		n.items = []*node{}
		for dec.More() {
			v, err := parseNode(dec)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, v)
		}
	}
	_, err = dec.Token() // the closing delimiter
	return n, err
}

// Object kinds compared with the captures.
const (
	kPage        = "page"
	kStatus      = "status"
	kComponent   = "component"
	kGroup       = "group component"
	kIncident    = "incident"
	kUpdate      = "incident update"
	kAffected    = "affected component"
	kMaintenance = "scheduled maintenance"
)

// keysByKind returns the key lists of every object in a file, by kind.
func keysByKind(root *node) map[string][][]string {
	out := map[string][][]string{}
	add := func(kind string, n *node) {
		if n != nil && n.fields != nil {
			out[kind] = append(out[kind], n.keys)
		}
	}
	components := func(list *node) {
		if list == nil {
			return
		}
		for _, c := range list.items {
			if g := c.fields["group"]; g != nil && g.value == true {
				add(kGroup, c)
			} else {
				add(kComponent, c)
			}
		}
	}
	incidents := func(kind string, list *node) {
		if list == nil {
			return
		}
		for _, in := range list.items {
			add(kind, in)
			if ups := in.fields["incident_updates"]; ups != nil {
				for _, u := range ups.items {
					add(kUpdate, u)
					if acs := u.fields["affected_components"]; acs != nil {
						for _, a := range acs.items {
							add(kAffected, a)
						}
					}
				}
			}
			components(in.fields["components"])
		}
	}
	add(kPage, root.fields["page"])
	add(kStatus, root.fields["status"])
	components(root.fields["components"])
	incidents(kIncident, root.fields["incidents"])
	incidents(kMaintenance, root.fields["scheduled_maintenances"])
	return out
}

// capHMaintenance is the key list of the scheduled maintenance in [CAP-H]
// (STATUSPAGE-API.md): no capture file holds one.
func capHMaintenance() []string {
	return []string{"id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
		"shortlink", "started_at", "page_id", "incident_updates", "components", "scheduled_for", "scheduled_until"}
}

// extensions are the keys sitrep adds to an object of a kind, after all of
// Statuspage's (documented in docs/embedding.md): page.built_at, the
// build moment of summary.json and status.json. Any other extra key fails.
var extensions = map[string][]string{kPage: {"built_at"}}

// sameKeys reports whether keys are want, optionally followed by the
// kind's extensions in order.
func sameKeys(kind string, keys, want []string) bool {
	return slices.Equal(keys, want) || slices.Equal(keys, slices.Concat(want, extensions[kind]))
}

func TestEveryObjectHasTheKeysOfStatuspageInTheSameOrder(t *testing.T) {
	want := map[string][]string{kMaintenance: capHMaintenance()}
	for name, data := range captures(t) {
		root, err := parseOrdered(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for kind, lists := range keysByKind(root) {
			for _, keys := range lists {
				if w, ok := want[kind]; ok && !slices.Equal(w, keys) {
					t.Fatalf("the captures disagree on the keys of a %s: %v and %v", kind, w, keys)
				}
				want[kind] = keys
			}
		}
	}
	got := map[string][][]string{}
	for name, data := range exampleAPI(t) {
		root, err := parseOrdered(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for kind, lists := range keysByKind(root) {
			got[kind] = append(got[kind], lists...)
		}
	}
	tests := []struct{ name, kind string }{
		{"the page has the keys of a captured page", kPage},
		{"the status has the keys of a captured status", kStatus},
		{"a component has the keys of a captured component", kComponent},
		{"a group has the keys of a captured group, components last", kGroup},
		{"an incident has the keys of a captured incident", kIncident},
		{"an incident update has the keys of a captured update", kUpdate},
		{"an affected component has the keys of a captured one", kAffected},
		{"a scheduled maintenance has the keys of the one in CAP-H", kMaintenance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, ok := want[tt.kind]
			if !ok {
				t.Fatalf("no captured %s to compare with", tt.kind)
			}
			if len(got[tt.kind]) == 0 {
				t.Fatalf("the example site's API has no %s", tt.kind)
			}
			for _, keys := range got[tt.kind] {
				if !sameKeys(tt.kind, keys, w) {
					t.Fatalf("keys of a %s:\n got %v\nwant %v", tt.kind, keys, w)
				}
			}
		})
	}
	for kind := range got {
		if _, ok := want[kind]; !ok {
			t.Errorf("sitrep writes a %s, which Statuspage does not have", kind)
		}
	}
}

func TestTheExtensionsAreAllowedOnlyAfterStatuspagesKeys(t *testing.T) {
	want := []string{"id", "name", "url", "time_zone", "updated_at"}
	tests := []struct {
		name, kind string
		keys       []string
		ok         bool
	}{
		{"Statuspage's keys pass", kPage, want, true},
		{"built_at after them passes", kPage, slices.Concat(want, []string{"built_at"}), true},
		{"built_at before updated_at fails", kPage, []string{"id", "name", "url", "time_zone", "built_at", "updated_at"}, false},
		{"another extra key fails", kPage, slices.Concat(want, []string{"generated_at"}), false},
		{"built_at on another kind fails", kStatus, slices.Concat(want, []string{"built_at"}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameKeys(tt.kind, tt.keys, want); got != tt.ok {
				t.Fatalf("sameKeys(%s, %v) = %v, want %v", tt.kind, tt.keys, got, tt.ok)
			}
		})
	}
}

func TestEveryFileHasTheTopLevelKeysOfItsEndpoint(t *testing.T) {
	caps := captures(t)
	top := func(data []byte) []string {
		root, err := parseOrdered(data)
		if err != nil {
			t.Fatal(err)
		}
		return root.keys
	}
	summary := top(caps["instructure-summary.json"])
	components := top(caps["github-components-with-problem.json"])
	files := api.Files()
	want := map[string][]string{
		"summary.json":                         summary,
		"status.json":                          {"page", "status"},
		"components.json":                      components,
		"incidents.json":                       {"page", "incidents"},
		"incidents/unresolved.json":            {"page", "incidents"},
		"scheduled-maintenances.json":          {"page", "scheduled_maintenances"},
		"scheduled-maintenances/upcoming.json": {"page", "scheduled_maintenances"},
		"scheduled-maintenances/active.json":   {"page", "scheduled_maintenances"},
	}
	if len(files) != len(want) {
		t.Fatalf("the API has %d files, want the 8 of Statuspage's v2: %v", len(files), files)
	}
	got := exampleAPI(t)
	for _, name := range files {
		if k := top(got[name]); !slices.Equal(k, want[name]) {
			t.Errorf("%s: top-level keys %v, want %v", name, k, want[name])
		}
	}
}
