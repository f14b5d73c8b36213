// Command sitrep builds a static status site from Markdown. See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // time zones work on machines without a zoneinfo database
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		cause := &interrupted{s}
		cancel(cause)
		// What sitrep writes survives a kill at any instant, so work that
		// does not stop within a second (or a second signal) ends here.
		select {
		case <-sigs:
		case <-time.After(800 * time.Millisecond):
		}
		fmt.Fprintf(os.Stderr, "sitrep: %v\n", cause)
		os.Exit(cause.exitCode())
	}()
	os.Exit(Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
