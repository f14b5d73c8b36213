// Command release builds sitrep's release archives and their checksum
// file (see generator/release); the release workflow uploads them.
//
//	go run ./cmd/release --version v0.2.0 --commit "$GITHUB_SHA" --out dist
//	go run ./cmd/release --snapshot --out /tmp/dist     (a trial, any commit)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/sitrep/sitrep/generator/release"
)

func main() {
	version := flag.String("version", "", "the release `TAG`, such as v0.2.0")
	commit := flag.String("commit", "", "the commit being released (default $GITHUB_SHA)")
	out := flag.String("out", "dist", "write the archives into `DIR`, which must be new or empty")
	snapshot := flag.Bool("snapshot", false, "a trial build: version v0.0.0-snapshot unless --version is given")
	flag.Parse()
	if *commit == "" {
		*commit = os.Getenv("GITHUB_SHA")
	}
	if *snapshot {
		if *version == "" {
			*version = "v0.0.0-snapshot"
		}
		if *commit == "" {
			*commit = "snapshot"
		}
	}
	// Archive times come from SOURCE_DATE_EPOCH (the commit's time in the
	// workflow), so that one commit gives the same archives.
	mod := time.Unix(0, 0)
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "release: SOURCE_DATE_EPOCH=%q is not a number of seconds\n", s)
			os.Exit(2)
		}
		mod = time.Unix(n, 0)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	names, err := release.Build(ctx, release.Options{Version: *version, Commit: *commit, Time: mod, Module: ".", Out: *out})
	if err == nil {
		err = release.Verify(*out, names[len(names)-1], names)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "release: %v\n", err)
		os.Exit(1)
	}
	for _, n := range names {
		fmt.Println(n)
	}
}
