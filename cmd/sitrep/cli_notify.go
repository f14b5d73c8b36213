package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/sitrep/sitrep/generator/notify"
)

func runNotify(e *env, args []string) error {
	fs := e.flags("notify")
	var sf siteFlags
	sf.register(fs)
	ledger := fs.String("ledger", "", "the `FILE` recording what was sent (default: "+notify.DefaultLedger+" in the site root)")
	dry := fs.Bool("dry-run", false, "print what would be sent, per channel; send nothing, write nothing")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, now, err := sf.openAt(e)
	if err != nil {
		return err
	}
	defer s.root.Close()
	opts := notify.Options{Source: s.root.FS(), Now: now, Ledger: *ledger, DryRun: *dry, Getenv: e.getenv, Clock: e.now, Log: e.stdout}
	if opts.Ledger == "" {
		opts.Ledger = filepath.Join(s.dir, filepath.FromSlash(notify.DefaultLedger))
	}
	rep, err := notify.Run(e.ctx, opts)
	if rep != nil {
		printNotify(e, rep, *dry, s.loc)
	}
	if errors.Is(err, context.Canceled) {
		// Not the quiet exit of an interrupted serve: the run is incomplete.
		return errors.New("notify was interrupted; what was sent is recorded, the rest goes on the next run")
	}
	if err != nil {
		return err
	}
	if n := rep.Failed(); n > 0 {
		return fmt.Errorf("%d deliver%s failed; %s retried on the next run", n, pluralY(n), itThey(n))
	}
	return nil
}

// printNotify prints a run's report: channels by name, never their URLs.
func printNotify(e *env, rep *notify.Report, dry bool, loc *time.Location) {
	if rep.NoChannels {
		fmt.Fprintln(e.stdout, "no channels: content/site.yaml has no notify: block; nothing to send")
		return
	}
	if rep.First {
		fmt.Fprintf(e.stdout, "first run: the ledger starts at %s; earlier events are history and are not sent\n", rep.Started.In(loc).Format(time.DateTime))
	}
	for _, c := range rep.Channels {
		switch {
		case dry:
			fmt.Fprintf(e.stdout, "%s (%s): would send %d\n", c.Name, c.Kind, len(c.Pending))
			for _, p := range c.Pending {
				fmt.Fprintf(e.stdout, "  %s\n", p)
			}
		default:
			fmt.Fprintf(e.stdout, "%s (%s): %d sent, %d retried, %d failed", c.Name, c.Kind, c.Sent, c.Retried, c.Failed)
			if c.Deferred > 0 {
				fmt.Fprintf(e.stdout, ", %d left for the next run", c.Deferred)
			}
			fmt.Fprintln(e.stdout)
		}
		if c.New {
			fmt.Fprintf(e.stdout, "  new channel: it starts empty\n")
		}
		if c.History > 0 {
			fmt.Fprintf(e.stdout, "  %d earlier event%s not sent (history)\n", c.History, plural(c.History))
		}
		for _, msg := range c.Errors {
			fmt.Fprintf(e.stderr, "sitrep: %s: %s\n", c.Name, msg)
		}
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(e.stderr, "sitrep: warning: %s\n", w)
	}
}

func pluralY(n int) string {
	if n == 1 {
		return "y"
	}
	return "ies"
}

func itThey(n int) string {
	if n == 1 {
		return "it is"
	}
	return "they are"
}
