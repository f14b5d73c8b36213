package metrics

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// jsonFields lists the JSON names of every field reachable from t.
func jsonFields(t reflect.Type, seen map[reflect.Type]bool) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == reflect.TypeFor[time.Time]() || seen[t] {
		return nil
	}
	seen[t] = true
	var out []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		out = append(out, name)
		out = append(out, jsonFields(f.Type, seen)...)
	}
	return out
}

func TestDocsDescribeEveryField(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "metrics.md"))
	if err != nil {
		t.Fatal(err)
	}
	fields := jsonFields(reflect.TypeFor[Report](), map[reflect.Type]bool{})
	if len(fields) < 40 {
		t.Fatalf("found only %d fields: %v", len(fields), fields)
	}
	for _, f := range fields {
		if !strings.Contains(string(doc), "`"+f+"`") {
			t.Errorf("docs/metrics.md does not describe %q", f)
		}
	}
}
