package author

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// UpdateRequest is a new entry of an incident's timeline — or, with
// Amend, a correction of the newest one. Strings are as the on-call
// engineer types them; Update validates them all before writing.
type UpdateRequest struct {
	// Status is the update word: investigating, identified, monitoring,
	// update (no change; the default), resolved or postmortem; the Korean
	// words (원인 파악, 원인파악, …) too.
	Status string
	// Components sets affected components' statuses by id, such as
	// "api": "operational" (recovered while the incident stays open).
	Components map[string]string
	// Severity, when set, replaces the incident's severity (P0…P3).
	Severity string
	// NextUpdate promises the next update ("30m", "15:30", a date and
	// time); "none" removes the promise. Empty keeps a promise still
	// ahead and drops one this update fulfils.
	NextUpdate string
	// Message is the update's Markdown text.
	Message string
	// Time is when it happened, as ParseWhen reads it; empty is now.
	Time string
	// Amend replaces the newest update's text (and its word, when Status
	// is given) instead of adding an update.
	Amend bool
	// Force accepts a time after the clock.
	Force bool
}

// Update applies req to the incident query names (see Lookup), checks the
// site as it would be, and writes the file. Resolving is an update with
// Status "resolved"; the postmortem one with Status "postmortem".
func (s *Site) Update(query string, req UpdateRequest) (*Written, error) {
	ref, err := s.Lookup(query, false)
	if err != nil {
		return nil, err
	}
	in := ref.Incident
	src, err := s.root.ReadFile(ref.File)
	if err != nil {
		return nil, err
	}
	kind := status.Update
	if req.Status != "" {
		k, ok := status.ParseUpdateKind(req.Status)
		if !ok {
			return nil, requestf("unknown status %q%s", req.Status, status.Hint(req.Status, updateWords(s.Lang)))
		}
		kind = k
	} else if latest, ok := in.Latest(); ok && req.Amend {
		kind = latest.Kind
	}
	at := s.Now
	if req.Time != "" {
		if at, err = ParseWhen(req.Time, s.Now, Past); err != nil {
			return nil, &RequestError{err.Error()}
		}
	}
	if !req.Force {
		if err := NotFuture("the update's time", at, s.Now); err != nil {
			return nil, err
		}
	}
	at = s.after(in, kind, req, at)
	if err := s.allowed(in, kind, req, at); err != nil {
		return nil, err
	}

	out := src
	u := Update{Kind: kind, At: at, Message: req.Message, Language: s.Lang}
	switch {
	case req.Amend:
		out, err = AmendUpdate(out, u, s.Loc)
	default:
		out, err = AddUpdate(out, u, s.Loc)
	}
	if err != nil {
		return nil, s.editError(ref.File, err)
	}
	promise, err := s.promise(in, kind, req)
	if err != nil {
		return nil, err
	}
	if !promise.Equal(in.NextUpdate) {
		value := ""
		if !promise.IsZero() {
			value = FormatTime(promise, s.Loc)
		}
		if out, err = SetKey(out, "next_update", value); err != nil {
			return nil, s.editError(ref.File, err)
		}
	}
	// An amended update's changes are at its own time: amending twice
	// changes the same period rather than adding one.
	changeAt := at
	if latest, ok := in.Latest(); ok && req.Amend {
		changeAt = latest.At
	}
	comps, sev, err := s.components(in, req, changeAt)
	if err != nil {
		return nil, err
	}
	if len(req.Components) > 0 {
		if out, err = SetComponents(out, comps, s.Loc); err != nil {
			return nil, s.editError(ref.File, err)
		}
	}
	if sev != in.Severity {
		if out, err = SetKey(out, "severity", sev.String()); err != nil {
			return nil, s.editError(ref.File, err)
		}
	}
	n := len(in.Updates) + 1
	if req.Amend || kind == status.Postmortem {
		n = len(in.Updates)
	}
	return s.commit(ref.File, in.Slug, out, src, func(st *status.Site) error {
		got := st.Incident(in.Slug)
		switch {
		case got == nil:
			return fmt.Errorf("the incident does not read back")
		case len(got.Updates) != n:
			return fmt.Errorf("the incident reads back with %d updates, not %d", len(got.Updates), n)
		case kind == status.Postmortem && got.Postmortem == nil:
			return fmt.Errorf("the postmortem does not read back")
		case !got.NextUpdate.Equal(promise):
			return fmt.Errorf("next_update reads back as %v, not %v", got.NextUpdate, promise)
		case got.Title != in.Title || got.Severity != sev:
			return fmt.Errorf("the front matter changed")
		}
		if kind != status.Postmortem && !req.Amend {
			if l, _ := got.Latest(); l.Kind != kind || !l.At.Equal(at) {
				return fmt.Errorf("the new update is not the newest one")
			}
		}
		return nil
	})
}

// after moves an update that was not given a time ("now", to the
// minute) after the newest one when that was written in the same minute:
// equal times keep file order (SPEC §2.3) while the file is written
// newest first. It takes the clock's second, or a second after the
// newest when the clock is not past it, so both orders stay the same.
// A postmortem moves to the resolution's time.
func (s *Site) after(in *status.Incident, kind status.UpdateKind, req UpdateRequest, at time.Time) time.Time {
	latest, ok := in.Latest()
	if req.Time != "" || req.Amend || !ok || at.After(latest.At) || latest.At.Sub(at) >= time.Minute {
		return at
	}
	if kind == status.Postmortem {
		return latest.At
	}
	if s.clock.After(latest.At) {
		return s.clock
	}
	return latest.At.Add(time.Second)
}

// allowed refuses what cannot happen to the incident as it stands.
func (s *Site) allowed(in *status.Incident, kind status.UpdateKind, req UpdateRequest, at time.Time) error {
	resolvedAt, resolved := in.Resolved()
	when := func(t time.Time) string { return FormatTime(t, s.Loc) }
	switch {
	case req.Amend && len(in.Updates) == 0:
		return requestf("%s has no update to amend", in.Slug)
	case req.Amend && kind == status.Postmortem:
		return requestf("to change the postmortem, run \"sitrep edit %s\"", in.Slug)
	case kind == status.Postmortem && !resolved:
		return requestf("%s is not resolved; resolve it first (sitrep resolve %s \"message\"), then write the postmortem", in.Slug, in.Slug)
	case kind == status.Postmortem && in.Postmortem != nil:
		return requestf("%s already has a postmortem (line %d); change it with \"sitrep edit %s\"", in.Slug, in.Postmortem.Line, in.Slug)
	case kind == status.Postmortem && at.Before(resolvedAt):
		return requestf("the postmortem (%s) would be older than the resolution (%s)", when(at), when(resolvedAt))
	case kind == status.Postmortem:
		if req.NextUpdate != "" || len(req.Components) > 0 {
			return requestf("a postmortem takes no --next-update or --component")
		}
		return nil
	case resolved && kind == status.Resolved && !req.Amend:
		return requestf("%s is already resolved (at %s); to add a note, run sitrep update %s \"message\"", in.Slug, when(resolvedAt), in.Slug)
	case resolved && !req.Amend && kind != status.Update:
		return requestf("%s was resolved at %s; only a note (status update) can be added to a resolved incident", in.Slug, when(resolvedAt))
	case resolved && (len(req.Components) > 0 || (req.NextUpdate != "" && req.NextUpdate != "none")):
		return requestf("%s was resolved at %s; its components and promise are a record now (change them with \"sitrep edit %s\")", in.Slug, when(resolvedAt), in.Slug)
	case kind == status.Resolved && req.NextUpdate != "" && req.NextUpdate != "none":
		return requestf("a resolved incident promises no next update; leave out --next-update")
	}
	return nil
}

// promise returns next_update after the request. Resolving keeps the
// last promise in the file: it is the record of whether the team kept
// its word (metrics count it), and the page shows no promise of a
// resolved incident.
func (s *Site) promise(in *status.Incident, kind status.UpdateKind, req UpdateRequest) (time.Time, error) {
	p := in.NextUpdate
	switch {
	case req.NextUpdate == "none":
		return time.Time{}, nil
	case req.NextUpdate != "":
		t, err := ParsePromise(req.NextUpdate, s.Now)
		if err != nil {
			return t, &RequestError{"--next-update: " + err.Error()}
		}
		return t, nil
	case kind == status.Resolved || kind == status.Postmortem:
		return p, nil
	case isResolved(in):
		return p, nil // a note after the resolution keeps the record
	case !p.IsZero() && !p.After(s.Now) && !req.Amend:
		return time.Time{}, nil // this update keeps the promise that has passed
	}
	return p, nil
}

func isResolved(in *status.Incident) bool {
	_, ok := in.Resolved()
	return ok
}

// components returns the incident's components with req's changes in
// force from at (each component's history keeps what came before), and
// its severity: req's, or raised to what the worst status calls for
// (never lowered by a recovery: the incident was that bad).
func (s *Site) components(in *status.Incident, req UpdateRequest, at time.Time) ([]status.Affected, status.Severity, error) {
	sev := in.Severity
	if req.Severity != "" {
		v, ok := status.ParseSeverity(req.Severity)
		if !ok {
			return nil, sev, requestf("severity %q: one of P0, P1, P2, P3", req.Severity)
		}
		sev = v
	}
	changes, err := s.ParseComponents(req.Components)
	if err != nil {
		return nil, sev, err
	}
	comps := slices.Clone(in.Components)
	var changed []status.Affected
	for _, c := range changes {
		i := slices.IndexFunc(comps, func(a status.Affected) bool { return a.ID == c.ID })
		if i < 0 {
			// Not affected until now: operational before.
			i, comps = len(comps), append(comps, status.Affected{ID: c.ID, Status: status.Operational})
		}
		if comps[i].At(at) != c.Status {
			changed = append(changed, c)
		}
		comps[i] = setStatus(comps[i], c.Status, at, in.Start())
	}
	// Only the statuses changed now raise it: the others were rated
	// when they were written.
	if req.Severity == "" {
		sev = min(sev, SeverityFor(changed))
	}
	return comps, sev, nil
}

// SeverityFor is the severity an incident has when none is given: from
// its worst component, as Statuspage derives an incident's impact, so
// that the badge, status.json and the banner agree — a major outage is
// P0 (impact critical; the badge says "major outage"), a partial outage
// P1 (major), degraded performance P2 (minor), nothing affected P3 (none).
func SeverityFor(comps []status.Affected) status.Severity {
	worst := status.Operational
	for _, c := range comps {
		worst = status.Worse(worst, c.Worst())
	}
	switch worst {
	case status.MajorOutage:
		return status.P0
	case status.PartialOutage:
		return status.P1
	case status.DegradedPerformance:
		return status.P2
	}
	return status.P3
}

// setStatus returns a with st in force from at: the status it had from
// the start when at is not after the start, else a change at at, which
// replaces one written at that very time. A change to the status already
// in force is no change and is not written.
func setStatus(a status.Affected, st status.ComponentStatus, at, start time.Time) status.Affected {
	changes := slices.DeleteFunc(slices.Clone(a.Changes), func(c status.StatusChange) bool { return c.At.Equal(at) })
	if !at.After(start) {
		a.Status = st
	} else {
		i, _ := slices.BinarySearchFunc(changes, at, func(c status.StatusChange, t time.Time) int { return c.At.Compare(t) })
		changes = slices.Insert(changes, i, status.StatusChange{At: at, Status: st})
	}
	prev := a.Status
	a.Changes = slices.DeleteFunc(changes, func(c status.StatusChange) bool {
		same := c.Status == prev
		prev = c.Status
		return same
	})
	if len(a.Changes) == 0 {
		a.Changes = nil
	}
	return a
}

// ParseComponents reads component changes by id ("api": "major_outage"),
// in id order, with hints for unknown ids and statuses.
func (s *Site) ParseComponents(m map[string]string) ([]status.Affected, error) {
	ids := make([]string, 0, len(s.Content.Components))
	for _, c := range s.Content.Components {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	var names []string
	for _, st := range status.ComponentStatuses() {
		names = append(names, st.String())
	}
	var out []status.Affected
	for _, id := range sortedKeys(m) {
		v := strings.TrimSpace(m[id])
		if !slices.Contains(ids, id) {
			return nil, requestf("unknown component %q%s; components: %s", id, status.Hint(id, ids), strings.Join(ids, ", "))
		}
		if v == "" {
			return nil, requestf("component %s: give its status too, e.g. %s=partial_outage (one of %s)", id, id, strings.Join(names, ", "))
		}
		st, ok := status.ParseComponentStatus(v)
		if !ok {
			return nil, requestf("component %s: unknown status %q%s", id, v, status.Hint(v, names))
		}
		out = append(out, status.Affected{ID: id, Status: st})
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// editError turns a textual edit's failure into a message at the file.
func (s *Site) editError(file string, err error) error {
	if o, ok := err.(*OlderError); ok {
		return requestf("%s:%d: %v", file, o.Line, err)
	}
	return requestf("%s: %v", file, err)
}

// updateWords are the update words of the site's language, for hints.
func updateWords(lang string) []string {
	if lang == "ko" {
		return append(korean[:], status.UpdateKindWords()...)
	}
	return status.UpdateKindWords()
}

// Resolve resolves the incident query names: an update with Status
// "resolved". The last next-update promise stays in the file as the
// record of whether it was kept.
func (s *Site) Resolve(query string, req UpdateRequest) (*Written, error) {
	req.Status = status.Resolved.String()
	return s.Update(query, req)
}

// Postmortem adds the postmortem text (see PostmortemDraft) to the
// resolved incident query names.
func (s *Site) Postmortem(query string, req UpdateRequest) (*Written, error) {
	req.Status = status.Postmortem.String()
	return s.Update(query, req)
}
