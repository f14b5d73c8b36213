package publish

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSameFileComparesEveryByte(t *testing.T) {
	dir := t.TempDir()
	var buf []byte
	for _, c := range []struct {
		name       string
		disk, data string
		same       bool
	}{
		{"equal", "<p>ok</p>", "<p>ok</p>", true},
		{"longer on disk", "<p>ok</p>\n", "<p>ok</p>", false},
		{"shorter on disk", "<p>ok</p", "<p>ok</p>", false},
		{"one byte differs", "<p>ok</b>", "<p>ok</p>", false},
		{"both empty", "", "", true},
		{"empty on disk", "", "x", false},
		{"empty now", "x", "", false},
	} {
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, []byte(c.disk), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := sameFile(p, []byte(c.data), &buf); got != c.same {
			t.Errorf("%s: sameFile = %v", c.name, got)
		}
	}
	if sameFile(filepath.Join(dir, "missing"), nil, &buf) {
		t.Error("a missing file is the same as nothing")
	}
}
