package content

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/synth"
)

// BenchmarkLoadAll10000 is a full load of a 10,000-incident site by a
// new Loader, as every build outside watch mode does. Besides time per
// load it reports the CPU time per load (user and system, all threads):
// on a machine shared with other work, wall time says more about the
// neighbours than about the load.
func BenchmarkLoadAll10000(b *testing.B) {
	root, err := os.OpenRoot(synth.Bench(b, 10000))
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		if _, probs := Load(root.FS()); len(probs) > 0 {
			b.Fatal(probs)
		}
	}
	b.ReportMetric((cpuTime(b)-start).Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the CPU time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
