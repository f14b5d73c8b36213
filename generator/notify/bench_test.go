package notify

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/generator/synth"
)

// BenchmarkRunNothingNew10000 is the common case in CI: a large site, a
// ledger already started, nothing new to send. It measures loading the
// site, deriving every event and checking them against the ledger.
func BenchmarkRunNothingNew10000(b *testing.B) {
	dir := synth.Bench(b, 10000)
	f, err := os.OpenFile(filepath.Join(dir, "content", "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	f.WriteString("notify:\n  - name: chat\n    kind: slack\n    url: ${U}\n  - name: hook\n    kind: webhook\n    url: ${U}\n    secret: ${U}\n")
	f.Close()
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	opts := Options{Source: root.FS(), Now: synth.BenchEnd, Ledger: filepath.Join(dir, DefaultLedger), Getenv: func(string) string { return "http://127.0.0.1:9/" }}
	if _, err := Run(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Run(context.Background(), opts)
		if err != nil || rep.First {
			b.Fatal(err)
		}
	}
}
