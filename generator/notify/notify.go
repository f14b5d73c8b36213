// Package notify pushes a status site's events — incident updates,
// postmortems, maintenance and component changes — to chat, webhooks and
// email, each event to each channel once. It runs in the CI job that
// deploys the site: there is no server, and what was sent is kept in a
// ledger file the job commits back.
package notify

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"sync"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// RetryFor is how long a failed delivery is retried on later runs, and
// how old an event may be and still be sent at all.
const RetryFor = 24 * time.Hour

// keepSent is how long the ledger remembers a delivery: longer than
// RetryFor, after which the event is too old to send again anyway.
const keepSent = 7 * 24 * time.Hour

// Options say what to notify.
type Options struct {
	Source fs.FS     // the site root, holding content/
	Now    time.Time // the moment the site is read at; required
	Ledger string    // the ledger file's path on disk; required
	DryRun bool      // format everything, send nothing, write nothing
	Getenv func(string) string
	// Clock is the wall clock, for signature timestamps and Date headers
	// (receivers compare them with their own clocks); default: Now.
	Clock func() time.Time
	// HTTP sends the webhooks; default: a client that follows no
	// redirects (a 3xx is a failure, as Statuspage counts it).
	HTTP *http.Client
	// RootCAs verify SMTP servers; nil: the system's roots (SSL_CERT_FILE
	// and SSL_CERT_DIR are honoured).
	RootCAs *x509.CertPool
	// Sleep waits between attempts; default: a timer. Tests pass their own.
	Sleep func(ctx context.Context, d time.Duration) error
	// Budget is what one channel may take in one run; default ChannelBudget.
	Budget time.Duration
	// Log, when set, gets a line per delivery as it happens.
	Log io.Writer
	// AfterRecord, when set, runs after each delivery is recorded in the
	// ledger, one call at a time: crash tests stop the run there.
	AfterRecord func()
}

// Report says what a run did.
type Report struct {
	NoChannels bool      // site.yaml has no notify: block
	First      bool      // this run started the ledger
	Started    time.Time // the ledger's start
	Channels   []ChannelReport
	Warnings   []string
}

// Failed counts the deliveries that finally failed in this run.
func (r *Report) Failed() int {
	n := 0
	for _, c := range r.Channels {
		n += c.Failed
	}
	return n
}

// ChannelReport is one channel's part of a run.
type ChannelReport struct {
	Name     string
	Kind     status.ChannelKind
	New      bool // first seen in this run: it starts empty
	Sent     int
	Retried  int // attempts beyond the first, over all deliveries
	Failed   int // finally failed in this run; retried on later runs
	Deferred int // not tried: the channel's receiver failed or the run's time was up
	History  int // events before the channel started, not sent (told on its first run)
	Dropped  int // failed for RetryFor, or too old to send: given up
	Errors   []string
	// Pending lists, on a dry run, the subjects that would be sent.
	Pending []string
}

// plan is one channel's work.
type plan struct {
	ch     status.Channel
	rec    *Record
	rep    *ChannelReport
	set    settings
	format formatter
	queue  []*Event
}

// run is the state of one notify run.
type run struct {
	opts  Options
	site  *status.Site
	model *view.Model
	urls  paths.URLs
	words render.Strings
	mu    sync.Mutex // guards ledger and its file
	led   *Ledger
}

// Run sends every event that is new since the last run to every channel
// whose filter it matches, and records each delivery in the ledger as it
// is made. A content problem is a *generator.ContentError; unset
// variables are a *MissingError, returned before anything is sent.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Now.IsZero() || opts.Ledger == "" {
		return nil, errors.New("notify: Options.Now and Options.Ledger are required")
	}
	site, _, err := generator.Load(generator.Options{Source: opts.Source, Now: opts.Now})
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	if len(site.Config.Notify) == 0 {
		rep.NoChannels = true
		return rep, nil
	}
	opts = defaults(opts)
	x := &expander{getenv: opts.Getenv, missing: map[string][]string{}}
	sets := make([]settings, len(site.Config.Notify))
	for i, ch := range site.Config.Notify {
		if sets[i], err = resolve(ch, x); err != nil {
			return nil, err
		}
	}
	if err := x.err(); err != nil {
		if !opts.DryRun {
			return nil, fmt.Errorf("%w; nothing was sent", err)
		}
		rep.Warnings = append(rep.Warnings, err.Error())
	}
	strs, err := generator.Strings(generator.Theme(opts.Source, site.Config.Theme), site.Config.Language)
	if err != nil {
		return nil, err
	}
	if !opts.DryRun {
		unlock, err := lock(opts.Ledger)
		if err != nil {
			return nil, err
		}
		defer unlock()
		removeTemps(opts.Ledger)
	}
	led, err := loadLedger(opts.Ledger)
	if err != nil {
		return nil, err
	}
	if led == nil {
		led, rep.First = newLedger(opts.Now), true
	}
	rep.Started = led.Started
	for _, mt := range site.Maintenances {
		if _, ok := led.Maintenance[mt.Slug]; !ok {
			led.Maintenance[mt.Slug] = opts.Now.UTC()
		}
	}
	r := &run{opts: opts, site: site, model: view.New(site, opts.Now), urls: paths.New(site.Config.BaseURL), words: strs, led: led}
	// Older events can matter to no channel: they are history, too old
	// to send, or failed more than RetryFor ago (an event is never
	// queued when older than RetryFor, nor retried longer than that).
	events := Events(r.model, r.seen, opts.Now.Add(-2*RetryFor))
	plans := r.plan(events, sets, rep)
	if opts.DryRun {
		return rep, nil
	}
	r.prune()
	if err := led.save(opts.Ledger); err != nil {
		return nil, err
	}
	return rep, r.deliverAll(ctx, plans)
}

func defaults(o Options) Options {
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	if o.Clock == nil {
		now := o.Now
		o.Clock = func() time.Time { return now }
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Budget == 0 {
		o.Budget = ChannelBudget
	}
	return o
}

// plan decides, for each channel, which events to send.
func (r *run) plan(events []Event, sets []settings, rep *Report) []*plan {
	now := r.opts.Now
	var plans []*plan
	// Plans point into the reports: the slice must not move.
	rep.Channels = make([]ChannelReport, 0, len(r.site.Config.Notify))
	for i, ch := range r.site.Config.Notify {
		rec, isNew := r.led.channel(ch.Name, now)
		p := &plan{ch: ch, rec: rec, set: sets[i], format: r.formatter(ch, sets[i])}
		rep.Channels = append(rep.Channels, ChannelReport{Name: ch.Name, Kind: ch.Kind, New: isNew && !rep.First})
		p.rep = &rep.Channels[len(rep.Channels)-1]
		for j := range events {
			ev := &events[j]
			if !p.format.wants(ev.Kind) || !matches(ch, ev) {
				continue
			}
			if _, done := rec.Sent[ev.ID]; done {
				continue
			}
			if f := rec.Failed[ev.ID]; f != nil {
				if now.Sub(f.First) > RetryFor {
					delete(rec.Failed, ev.ID)
					rec.Sent[ev.ID] = now.UTC()
					p.rep.Dropped++
					rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: gave up on %s after %v of failures (last: %s)", ch.Name, ev.ID, RetryFor, f.Error))
					continue
				}
				p.queue = append(p.queue, ev)
				continue
			}
			switch {
			case !ev.At.After(rec.Started):
				// History: told on a channel's first run, and once for an
				// update written since with a time before the channel began.
				if recent := now.Sub(ev.At) <= RetryFor; isNew || recent {
					if recent {
						rec.Sent[ev.ID] = now.UTC() // told once
					}
					p.rep.History++
				}
			case now.Sub(ev.At) > RetryFor:
				rec.Sent[ev.ID] = now.UTC()
				p.rep.Dropped++
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: %s is more than %v old and was never sent; skipped", ch.Name, ev.ID, RetryFor))
			default:
				p.queue = append(p.queue, ev)
			}
		}
		if r.opts.DryRun {
			for _, ev := range p.queue {
				p.rep.Pending = append(p.rep.Pending, r.describe(ev))
			}
		}
		plans = append(plans, p)
	}
	return plans
}

// seen is when the ledger first saw a maintenance window.
func (r *run) seen(slug string) time.Time { return r.led.Maintenance[slug] }

// describe names an event in one line for output.
func (r *run) describe(ev *Event) string {
	if ev.Kind == ComponentChanged {
		c := ev.Changes[0]
		return fmt.Sprintf("%s: %s → %s", oneLine(c.Component.Name), c.Old, c.New)
	}
	return message(ev, r.model, r.urls, r.words).Subject
}

// formatter turns an event (and its message, nil for component
// events) into what a kind of receiver takes. key and sent are the
// delivery's idempotency key and the wall-clock time of sending.
type formatter interface {
	wants(Kind) bool
	format(ev *Event, m *Message, key string, sent time.Time) ([]byte, error)
}

func (r *run) formatter(ch status.Channel, s settings) formatter {
	switch ch.Kind {
	case status.Slack:
		return slack{}
	case status.Discord:
		return discord{}
	case status.Teams:
		return teams{}
	case status.Webhook:
		return newWebhook(r.model, r.urls, r.seen)
	}
	return &email{from: s.from, to: s.to}
}

// Key is the idempotency key of an event's delivery to a channel: the
// same in every attempt and every run, different for every site,
// channel and event.
func Key(base, channel, eventID string) string {
	sum := sha256.Sum256([]byte("sitrep-notify\x00" + base + "\x00" + channel + "\x00" + eventID))
	return hex.EncodeToString(sum[:16])
}

// prune forgets deliveries too old to matter, failures of events that
// are gone, and maintenance windows that are gone or long over.
func (r *run) prune() {
	windows := map[string]time.Time{}
	for _, mt := range r.site.Maintenances {
		windows[mt.Slug] = mt.Until
	}
	for slug := range r.led.Maintenance {
		if until, ok := windows[slug]; !ok || r.opts.Now.Sub(until) > keepSent {
			delete(r.led.Maintenance, slug)
		}
	}
	for _, rec := range r.led.Channels {
		for id, at := range rec.Sent {
			if r.opts.Now.Sub(at) > keepSent {
				delete(rec.Sent, id)
			}
		}
		// A failure still here after RetryFor is of an event the
		// content no longer has (plan drops the others, with a warning).
		for id, f := range rec.Failed {
			if r.opts.Now.Sub(f.First) > RetryFor {
				delete(rec.Failed, id)
			}
		}
	}
}

// deliverAll runs the channels in parallel. A ledger that cannot be
// written stops everything: deliveries not recorded would repeat.
func (r *run) deliverAll(parent context.Context, plans []*plan) error {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	var wg sync.WaitGroup
	for _, p := range plans {
		if len(p.queue) == 0 {
			continue
		}
		wg.Go(func() {
			if err := r.deliver(ctx, p); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return parent.Err()
}
