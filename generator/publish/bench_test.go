package publish

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"
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
		publishOnce(b, out, s)
	}
}

// publishOnce publishes s to out as a new process does: open, publish,
// close.
func publishOnce(b *testing.B, out string, s *Site) {
	p, err := Open(context.Background(), out, Options{Command: "build"})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	if _, err := p.Publish(context.Background(), s); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkOpen10000 is what a new `sitrep build` process pays to open
// the output folder of a 10,000-page site published twice before (so
// that the spare tree is full too): both trees scanned, both manifests
// and the digest cache read, the lock taken and released. It reports
// the CPU time per open (all threads) beside the wall time.
func BenchmarkOpen10000(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	s := benchSite(10000)
	for range 2 {
		publishOnce(b, out, s)
	}
	b.ReportAllocs()
	start := cpuNow(b)
	for b.Loop() {
		p, err := Open(context.Background(), out, Options{Command: "build"})
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := p.Published("incidents/incident-0/index.html"); !ok {
			b.Fatal("the published tree is not known")
		}
		p.Close()
	}
	b.ReportMetric((cpuNow(b)-start).Seconds()/float64(b.N), "cpu-s/op")
}

// cpuNow is the CPU time the process has used so far.
func cpuNow(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
