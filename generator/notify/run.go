package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/generator/status"
)

// deliver sends a channel's queue in order, recording each outcome in the
// ledger before the next. When the receiver fails in a way worth retrying
// (it is down, slow or throttling), the rest waits for the next run
// rather than arriving out of order; an error returned is the ledger's.
func (r *run) deliver(parent context.Context, p *plan) error {
	ctx, cancel := context.WithTimeout(parent, r.opts.Budget)
	defer cancel()
	t := r.transport(p)
	s := &sender{sleep: r.opts.Sleep}
	for i, ev := range p.queue {
		if ctx.Err() != nil {
			p.rep.Deferred += len(p.queue) - i
			break
		}
		key := Key(r.urls.Base(), p.ch.Name, ev.ID)
		var msg *Message
		if ev.Kind != ComponentChanged {
			msg = message(ev, r.model, r.urls, r.words)
		}
		body, err := p.format.format(ev, msg, key, r.opts.Clock())
		if err != nil {
			return fmt.Errorf("notify: formatting %s for %s: %w", ev.ID, p.ch.Name, err)
		}
		if pt, ok := t.(*poster); ok {
			pt.event = eventHeader(ev.Kind)
		}
		retries, err := s.deliver(ctx, t, body, key)
		p.rep.Retried += retries
		if serr := r.record(p, ev, retries, err); serr != nil {
			return serr
		}
		r.logf("%s: %s: %s", p.ch.Name, ev.ID, outcome(err))
		var ae *attemptError
		if err != nil && (!errors.As(err, &ae) || ae.retry) {
			p.rep.Deferred += len(p.queue) - i - 1
			break
		}
	}
	return nil
}

// record writes a delivery's outcome to the ledger file.
func (r *run) record(p *plan, ev *Event, retries int, err error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.opts.Now.UTC()
	if err == nil {
		p.rec.Sent[ev.ID] = now
		delete(p.rec.Failed, ev.ID)
		p.rep.Sent++
	} else {
		f := p.rec.Failed[ev.ID]
		if f == nil {
			f = &Failure{First: now}
			p.rec.Failed[ev.ID] = f
		}
		f.Attempts += retries + 1
		f.Error = err.Error()
		p.rep.Failed++
		p.rep.Errors = append(p.rep.Errors, ev.ID+": "+err.Error())
	}
	if err := r.led.save(r.opts.Ledger); err != nil {
		return err
	}
	if r.opts.AfterRecord != nil {
		r.opts.AfterRecord()
	}
	return nil
}

func outcome(err error) string {
	if err != nil {
		return "failed (" + err.Error() + ")"
	}
	return "sent"
}

func (r *run) logf(format string, args ...any) {
	if r.opts.Log == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(r.opts.Log, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

// transport is how a channel's deliveries travel.
func (r *run) transport(p *plan) transport {
	if p.ch.Kind == status.Email {
		to := make([]string, len(p.set.to))
		for i, a := range p.set.to {
			to[i] = a.Address
		}
		return &mailer{server: p.set.smtp, roots: r.opts.RootCAs, from: p.set.from.Address, to: to}
	}
	secret := ""
	if p.ch.Kind == status.Webhook {
		secret = p.set.secret
	}
	return &poster{client: r.opts.HTTP, url: p.set.url, secret: secret, clock: r.opts.Clock, scrub: p.set.scrub()}
}

// eventHeader is the X-Sitrep-Event header of a kind of event.
func eventHeader(k Kind) string {
	switch k {
	case ComponentChanged:
		return "component"
	case IncidentUpdate, Postmortem:
		return "incident"
	}
	return "maintenance"
}
