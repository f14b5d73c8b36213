package github

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/content"
)

// rendered fills a form as GitHub renders it from the form's own YAML:
// each field's label as "### ", the chosen option (the default, or the
// first ones of a multiple choice), typed text for the others.
func rendered(t *testing.T, src []byte, typed map[string]string) string {
	t.Helper()
	doc, probs := content.DecodeYAML("form.yml", src)
	if len(probs) > 0 {
		t.Fatalf("the form is not YAML: %v", probs)
	}
	var fields []string
	body, _ := doc["body"].([]any)
	for _, item := range body {
		m := item.(map[string]any)
		if m["type"] == "markdown" {
			continue
		}
		attrs := m["attributes"].(map[string]any)
		v := typed[m["id"].(string)]
		if opts, ok := attrs["options"].([]any); ok && v == "" {
			switch {
			case attrs["multiple"] == true:
				v = opts[0].(string) + ", " + opts[len(opts)-1].(string)
			case attrs["default"] != nil:
				v = opts[attrs["default"].(int)].(string)
			}
		}
		fields = append(fields, attrs["label"].(string), v)
	}
	return strings.ReplaceAll(form(fields...), "\n", "\r\n") // as the web form posts it
}

func TestTheFormsListTheSiteAndReadBack(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			root, _ := newSite(t, lang)
			forms := Forms(loadSite(t, root))
			in := string(forms[IncidentForm])
			for _, want := range []string{`"API (api)"`, `"Website (website)"`, `"P0 — `, `"P3 — `, `(major_outage)"`, "Asia/Seoul", formMarker} {
				if !strings.Contains(in, want) {
					t.Errorf("incident.yml lacks %s:\n%s", want, in)
				}
			}
			if lang == "ko" && !strings.Contains(in, `label: "심각도"`) {
				t.Errorf("the Korean form is not in Korean:\n%s", in)
			}
			f := parseForm(rendered(t, forms[IncidentForm], map[string]string{"message": "Errors.", "next_update": "30m"}))
			if f == nil || f.kind != "incident" {
				t.Fatalf("the rendered incident form does not read back: %+v", f)
			}
			if ids, err := selected(f.values["components"]); err != nil || !slices.Equal(ids, []string{"api", "website"}) {
				t.Errorf("components read back as %v, %v", ids, err)
			}
			if !strings.HasPrefix(f.values["severity"], "P2 ") || f.values["next_update"] != "30m" || f.values["message"] != "Errors." {
				t.Errorf("values = %q", f.values)
			}
			m := parseForm(rendered(t, forms[MaintenanceForm], map[string]string{"start": "2026-12-01 02:00", "end": "2h"}))
			if m == nil || m.kind != "maintenance" || m.values["end"] != "2h" || m.values["description"] != "" {
				t.Errorf("the rendered maintenance form reads back as %+v", m)
			}
			if probs := CheckForms(writeForms(t, root, forms), loadSite(t, root)); len(probs) > 0 {
				t.Errorf("fresh forms warn: %v", probs)
			}
		})
	}
}

func writeForms(t *testing.T, root *os.Root, forms map[string][]byte) fs.FS {
	t.Helper()
	for name, data := range forms {
		if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := root.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root.FS()
}

func TestCheckWarnsWhenTheFormsNoLongerMatchTheComponents(t *testing.T) {
	root, _ := newSite(t, "en")
	fsys := writeForms(t, root, Forms(loadSite(t, root)))
	if err := root.Remove("content/components/website.md"); err != nil {
		t.Fatal(err)
	}
	if err := root.WriteFile("content/components/search.md", []byte("---\nname: Search\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	probs := CheckForms(fsys, loadSite(t, root))
	if len(probs) != 2 {
		t.Fatalf("got %d problems, want one per form: %v", len(probs), probs)
	}
	for _, p := range probs {
		msg := p.Report()
		for _, want := range []string{".github/ISSUE_TEMPLATE/", "the site does not have (website)", "does not list search", "sitrep github setup", "(warning)"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%q lacks %q", msg, want)
			}
		}
		if p.Pos.Line < 2 {
			t.Errorf("%q: no line of the components dropdown", msg)
		}
	}
	// A site without forms has nothing to keep in step.
	bare, _ := newSite(t, "en")
	if probs := CheckForms(bare.FS(), loadSite(t, bare)); len(probs) > 0 {
		t.Errorf("a site without forms warns: %v", probs)
	}
}

// TestTheFormsFollowGitHubsSchema checks the rules of GitHub's form
// schema that GitHub enforces when it shows a form: known keys, ids of
// [A-Za-z0-9_-] unique in the form, unique labels, dropdown options that
// are distinct and not empty, a default within them.
func TestTheFormsFollowGitHubsSchema(t *testing.T) {
	root, _ := newSite(t, "ko")
	for name, src := range Forms(loadSite(t, root)) {
		doc, probs := content.DecodeYAML(name, src)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		for k := range doc {
			if !slices.Contains([]string{"name", "description", "title", "labels", "assignees", "body", "projects", "type"}, k) {
				t.Errorf("%s: unknown key %s", name, k)
			}
		}
		if doc["name"] == "" || doc["description"] == "" {
			t.Errorf("%s: no name or description", name)
		}
		ids, labels := map[string]bool{}, map[string]bool{}
		for _, item := range doc["body"].([]any) {
			m := item.(map[string]any)
			attrs := m["attributes"].(map[string]any)
			if m["type"] == "markdown" {
				continue
			}
			id, _ := m["id"].(string)
			if id == "" || strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != "" || ids[id] {
				t.Errorf("%s: bad or repeated id %q", name, id)
			}
			label, _ := attrs["label"].(string)
			if label == "" || labels[label] {
				t.Errorf("%s: empty or repeated label %q", name, label)
			}
			ids[id], labels[label] = true, true
			if m["type"] != "dropdown" {
				continue
			}
			opts, _ := attrs["options"].([]any)
			seen := map[any]bool{}
			for _, o := range opts {
				if s, _ := o.(string); s == "" || seen[o] {
					t.Errorf("%s: %s has an empty or repeated option %q", name, id, o)
				}
				seen[o] = true
			}
			if d, ok := attrs["default"].(int); len(opts) == 0 || ok && (d < 0 || d >= len(opts)) {
				t.Errorf("%s: %s has %d options and default %v", name, id, len(opts), attrs["default"])
			}
		}
	}
}
