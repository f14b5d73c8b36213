package html_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/themes"
)

func readStrings(t *testing.T, lang string) map[string]string {
	t.Helper()
	src, err := fs.ReadFile(themes.Default(), "i18n/"+lang+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, probs := content.ReadStrings(lang+".yaml", src)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return m
}

// usedKeys finds the UI string keys the layouts and the Go code ask for,
// the report package's included: its words are on the report page.
func usedKeys(t *testing.T) map[string]bool {
	t.Helper()
	keys := map[string]bool{}
	tmplKey := regexp.MustCompile(`\b(?:t|f|n|around) "([a-z_.]+)"`)
	goKey := regexp.MustCompile(`\.(?:T|F|N)\("([a-z_.]+)"`)
	add := func(key string, plural bool) {
		if plural {
			keys[key+"_other"] = true
			return
		}
		keys[key] = true
	}
	layouts, _ := fs.Glob(themes.Default(), "layouts/*.html")
	for _, l := range layouts {
		b, _ := fs.ReadFile(themes.Default(), l)
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			add(m[1], strings.HasPrefix(m[0], "n "))
		}
	}
	gofiles, _ := filepath.Glob("*.go")
	reportFiles, _ := filepath.Glob(filepath.Join("..", "report", "*.go"))
	gofiles = append(gofiles, reportFiles...)
	for _, f := range gofiles {
		b, _ := os.ReadFile(f)
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix completed by an enum's name; checked below
			}
			add(m[1], strings.HasPrefix(m[0], ".N"))
		}
	}
	return keys
}

func TestEnglishHasEveryKeyTheLayoutsUse(t *testing.T) {
	en := readStrings(t, "en")
	for k := range usedKeys(t) {
		if _, ok := en[k]; !ok {
			t.Errorf("en.yaml lacks %q", k)
		}
	}
	for _, k := range []string{
		"status.under_maintenance", "status.degraded_performance", "status.partial_outage", "status.major_outage",
		"status.operational.lower", "status.under_maintenance.lower", "status.degraded_performance.lower", "status.partial_outage.lower", "status.major_outage.lower",
		"impact.none", "impact.minor", "impact.major", "impact.critical",
		"kind.investigating", "kind.identified", "kind.monitoring", "kind.update", "kind.resolved", "kind.postmortem",
		"maintenance.scheduled", "maintenance.in_progress", "maintenance.verifying", "maintenance.completed", "maintenance.cancelled",
		"layout.datetime", "layout.date", "layout.time", "layout.month", "js.note",
		"report.severity.P0", "report.severity.P1", "report.severity.P2", "report.severity.P3",
	} {
		if _, ok := en[k]; !ok {
			t.Errorf("en.yaml lacks %q", k)
		}
	}
}

func TestKoreanTranslatesEveryEnglishKey(t *testing.T) {
	en, ko := readStrings(t, "en"), readStrings(t, "ko")
	for k := range en {
		if _, ok := ko[k]; ok {
			continue
		}
		if one, found := strings.CutSuffix(k, "_one"); found {
			if _, ok := ko[one+"_other"]; ok {
				continue // Korean has no singular form
			}
		}
		t.Errorf("ko.yaml lacks %q", k)
	}
	for k := range ko {
		if _, ok := en[k]; !ok {
			t.Errorf("ko.yaml has %q, which en.yaml does not", k)
		}
	}
}
