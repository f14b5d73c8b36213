package publish

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// benchSite is a site shaped like one of 10,000 incidents: a folder and a
// page of 13 KB per incident.
func benchSite(n int) *Site {
	s := NewSite()
	page := make([]byte, 13<<10)
	for i := range n {
		s.Emit(fmt.Sprintf("incidents/incident-%d/index.html", i), page)
	}
	return s
}

// BenchmarkPublishSave10000 is what watch pays to publish after one save
// in a site of 10,000 incidents: 16 files changed, the rest the same
// bytes as the last build.
func BenchmarkPublishSave10000(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	p, err := Open(context.Background(), out, Options{Command: "watch"})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	s := benchSite(10000)
	for range 2 {
		if _, err := p.Publish(context.Background(), s); err != nil {
			b.Fatal(err)
		}
	}
	round := 0
	for b.Loop() {
		round++
		next := NewSite()
		for _, q := range s.Paths() {
			data, _ := s.File(q)
			next.Emit(q, data)
		}
		for i := range 16 {
			next.files[fmt.Sprintf("incidents/incident-%d/index.html", i)] = fmt.Appendf(nil, "round %d", round)
		}
		if _, err := p.Publish(context.Background(), next); err != nil {
			b.Fatal(err)
		}
		s = next
	}
}

// BenchmarkPublishBuild10000 is what a build pays to publish an unchanged
// site of 10,000 incidents from a new process: open, verify both trees
// by their identities, publish, close.
func BenchmarkPublishBuild10000(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	s := benchSite(10000)
	for b.Loop() {
		p, err := Open(context.Background(), out, Options{Command: "build"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Publish(context.Background(), s); err != nil {
			b.Fatal(err)
		}
		p.Close()
	}
}
