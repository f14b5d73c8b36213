package github

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
)

// newSite writes the site "sitrep init" makes (components api and
// website, Asia/Seoul) into a temporary folder and opens it.
func newSite(t *testing.T, lang string) (*os.Root, string) {
	t.Helper()
	files, err := author.Skeleton(author.InitOptions{TimeZone: "Asia/Seoul"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range files {
		if name == "content/site.yaml" && lang == "ko" {
			data = []byte(strings.Replace(string(data), "language: en", "language: ko", 1))
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root, dir
}

// clock is the moment the tests act at: 2026-11-22 11:30 in Seoul.
var clock = time.Date(2026, 11, 22, 2, 30, 0, 0, time.UTC)

// payload reads a captured webhook payload from testdata and changes it
// with set: "issue.body" = "…" and so on; "+issue.pull_request" adds a
// field GitHub sends on other events.
func payload(t *testing.T, capture string, set map[string]any) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", capture+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for key, v := range set {
		key, add := strings.CutPrefix(key, "+") // "+x.y": a field the capture lacks
		m := doc
		parts := strings.Split(key, ".")
		for _, p := range parts[:len(parts)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				t.Fatalf("%s has no %s", capture, key)
			}
			m = next
		}
		if _, ok := m[parts[len(parts)-1]]; !ok && !add {
			t.Fatalf("%s has no field %s: keep GitHub's field names", capture, key)
		}
		m[parts[len(parts)-1]] = v
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// form is an issue body as GitHub renders a submitted form: each field
// as "### Label", a blank line, its value ("_No response_" when empty).
func form(fields ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(fields); i += 2 {
		v := fields[i+1]
		if v == "" {
			v = noResponse
		}
		b.WriteString("### " + fields[i] + "\n\n" + v + "\n\n")
	}
	return strings.TrimSuffix(b.String(), "\n\n")
}

// incidentForm is the English incident form filled in.
func incidentForm(components, message, next string) string {
	return form("Severity", "P1 — core feature down for many customers",
		"Status", "Investigating",
		"Affected components", components,
		"Status of the affected components", "Major outage (major_outage)",
		"Message", message,
		"Next update", next)
}

func at(s string) string {
	t, err := content.ParseTime(s, time.FixedZone("KST", 9*3600))
	if err != nil {
		panic(err)
	}
	return t.UTC().Format(time.RFC3339)
}

func apply(t *testing.T, root *os.Root, name string, p []byte) Result {
	t.Helper()
	res, err := Apply(root.Name(), name, p, Options{Now: clock})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return res
}

func read(t *testing.T, root *os.Root, name string) string {
	t.Helper()
	b, err := root.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
