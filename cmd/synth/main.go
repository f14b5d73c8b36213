// Command synth writes a synthetic status site for benchmarks:
//
//	go run ./cmd/synth -incidents 10000 -components 20 /tmp/site
//	go run ./cmd/sitrep build --source /tmp/site --now "2026-11-22 11:00"
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/sitrep/sitrep/generator/synth"
)

func main() {
	incidents := flag.Int("incidents", 1000, "number of incidents")
	components := flag.Int("components", 20, "number of components")
	days := flag.Int("days", 3*365, "days of history")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: synth [flags] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	end := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	spec := synth.Spec{Components: *components, Incidents: *incidents, Days: *days, End: end, Seed: *seed}
	if err := synth.Write(flag.Arg(0), spec); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
