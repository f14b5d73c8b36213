package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/synth"
)

// BenchmarkLoadOneChanged10000 is watch mode's load after one incident
// file of a 10,000-incident site changed: the loader is kept between
// loads and told which file changed.
func BenchmarkLoadOneChanged10000(b *testing.B) {
	dir := synth.Bench(b, 10000)
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	l := new(Loader)
	if _, probs := l.Load(root.FS()); len(probs) > 0 {
		b.Fatal(probs)
	}
	es, err := os.ReadDir(filepath.Join(dir, Dir, "incidents"))
	if err != nil {
		b.Fatal(err)
	}
	rel := Dir + "/incidents/" + es[len(es)/2].Name()
	orig, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		edited := strings.Replace(string(orig), "title: ", fmt.Sprintf("title: Edit %d of ", n), 1)
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		l.Changed([]string{rel})
		if _, probs := l.Load(root.FS()); len(probs) > 0 {
			b.Fatal(probs)
		}
	}
}
