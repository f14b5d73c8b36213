package github

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

// Options are what Apply needs besides the event.
type Options struct {
	// Allowed are the author associations whose forms and commands
	// publish; nil means DefaultAllowed.
	Allowed []string
	// Now is the clock: an event dated after it is refused.
	Now time.Time
}

// Result is what an event did.
type Result struct {
	// Reply is Markdown to post on the issue; "" when there is nothing
	// to say (an ordinary comment, an event that is not sitrep's).
	Reply string
	// Written are the content files written, slash-separated and
	// relative to the site root.
	Written []string
}

// editWindow is how long after posting a comment an edit of it still
// counts: long enough to fix a typo in a refused command, short enough
// that editing an old comment never rewrites the timeline.
const editWindow = 10 * time.Minute

// Apply applies the GitHub Actions event name (GITHUB_EVENT_NAME), whose
// payload is the content of GITHUB_EVENT_PATH, to the site in root.
// Events that are not sitrep's give an empty Result and no error, and so
// do repeats of an event already applied (a re-run workflow). Refusals —
// a user not allowed to publish, a bad command, content that does not
// check — are Results with a Reply and nothing written. An error means
// the event could not be handled at all.
func Apply(root *os.Root, name string, payload []byte, opts Options) (Result, error) {
	ev, err := decode(name, payload)
	if err != nil || ev == nil {
		return Result{}, err
	}
	var loader content.Loader
	st, probs := loader.Load(root.FS())
	if st == nil || len(inFile(probs, path.Join(content.Dir, "site.yaml")).Errors()) > 0 {
		return Result{}, fmt.Errorf("the site does not load:\n%v", probs.Errors())
	}
	s := &session{root: root, st: st, probs: probs, loc: st.Config.Location, now: opts.Now, ev: ev, allowed: opts.Allowed, ko: st.Config.Language == "ko"}
	switch {
	case name == "issues" && ev.Action == "closed":
		return s.closed(), nil
	case name == "issues":
		return s.opened()
	}
	return s.comment()
}

// session is one event applied to one site.
type session struct {
	root    *os.Root
	loader  content.Loader
	st      *status.Site
	probs   status.Problems
	loc     *time.Location
	now     time.Time
	ev      *event
	allowed []string
	ko      bool // the site is in Korean, and so are the replies
}

// tr returns the reply text in the site's language. Details from the
// content checks stay in English, inside code spans.
func (s *session) tr(en, ko string) string {
	if s.ko {
		return ko
	}
	return en
}

// target is the content file an issue opened: an incident or a
// maintenance window whose slug ends in "-gh<number>".
type target struct {
	dir, slug string // dir is "incidents" or "maintenance"
}

func (t target) file() string { return path.Join(content.Dir, t.dir, t.slug+".md") }

func suffix(n int) string { return fmt.Sprintf("-gh%d", n) }

// target finds the file the issue opened, if any.
func (s *session) target() (target, bool) {
	for _, dir := range []string{"incidents", "maintenance"} {
		names, _ := fs.Glob(s.root.FS(), path.Join(content.Dir, dir, "*"+suffix(s.ev.Issue.Number)+".md"))
		if len(names) > 0 {
			return target{dir, strings.TrimSuffix(path.Base(names[0]), ".md")}, true
		}
	}
	return target{}, false
}

// slug returns the slug of the issue's new file: the dated slug that
// "sitrep new" gives, ending in the issue's number so that comments find
// it, within the 64 characters of a slug.
func (s *session) slug(title, kind string, at time.Time) string {
	base, sfx := author.DatedSlug(title, kind, "", at.In(s.loc)), suffix(s.ev.Issue.Number)
	if len(base)+len(sfx) > 64 {
		base = strings.TrimRight(base[:64-len(sfx)], "-")
	}
	return base + sfx
}

func (s *session) url(p string) string {
	return s.st.Config.BaseURL.JoinPath(p).String()
}

// notAllowed is the reply to a user whose association may not publish.
func (s *session) notAllowed(login, assoc string) Result {
	return Result{Reply: fmt.Sprintf(s.tr("%s %s is %s of this repository; only %s can publish to the status page.\n",
		"%s %s 님은 이 저장소의 %s이며, 상태 페이지에는 %s만 게시할 수 있습니다.\n"),
		s.notPublished(), code("@"+login), code(strings.ToLower(assoc)), strings.Join(s.allowedList(), ", "))}
}

func (s *session) allowedList() []string {
	list := s.allowed
	if len(list) == 0 {
		list = DefaultAllowed
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = strings.ToLower(a) + "s"
	}
	return out
}

// eventTime checks the time an event says it happened: it is when the
// update is dated, and it may not lie after the clock.
func (s *session) eventTime(at time.Time) (time.Time, error) {
	if at.IsZero() {
		return at, errors.New("the event has no time")
	}
	if at.After(s.now) {
		return at, fmt.Errorf("the event is dated %s, after the clock (%s); nothing in the future is published",
			author.FormatTime(at, s.loc), author.FormatTime(s.now, s.loc))
	}
	return at.In(s.loc), nil
}

// opened handles an issue opened (or edited) with one of the forms.
func (s *session) opened() (Result, error) {
	is := s.ev.Issue
	form := parseForm(is.Body)
	if form == nil {
		return Result{}, nil
	}
	if t, ok := s.target(); ok {
		if s.ev.Action == "opened" {
			return Result{}, nil // a re-run: it is published already
		}
		return Result{Reply: fmt.Sprintf(s.tr("Editing the issue does not change %s on the status page. Comment `/update …` to post an update.\n",
			"이슈를 고쳐도 상태 페이지의 %s은(는) 바뀌지 않습니다. 업데이트는 `/update …` 댓글로 남기세요.\n"), code(t.slug))}, nil
	}
	if !allowed(s.allowed, is.AuthorAssociation) {
		return s.notAllowed(is.User.Login, is.AuthorAssociation), nil
	}
	// An issue edited into shape after a refusal is published when edited.
	at := is.CreatedAt
	if s.ev.Action == "edited" {
		at = is.UpdatedAt
	}
	at, err := s.eventTime(at)
	if err != nil {
		return Result{Reply: s.refusal(err, false)}, nil
	}
	var res Result
	if form.kind == "incident" {
		res, err = s.newIncident(form, at)
	} else {
		res, err = s.newMaintenance(form, at)
	}
	var ce *commandError
	if errors.As(err, &ce) {
		return Result{Reply: s.refusal(err, false) + s.tr("\nFix the issue (edit it) and it is published then.\n", "\n이슈를 고치면(편집하면) 그때 게시됩니다.\n")}, nil
	}
	return res, err
}

// closed answers an incident's issue closed while the incident is open:
// closing changes nothing on the page.
func (s *session) closed() Result {
	t, ok := s.target()
	if !ok || t.dir != "incidents" {
		return Result{}
	}
	in := findIncident(s.st, t.slug)
	if in == nil {
		return Result{}
	}
	if _, resolved := in.Resolved(); resolved {
		return Result{}
	}
	return Result{Reply: fmt.Sprintf(s.tr("Closing this issue does not change the status page: %s is still shown as %s. To resolve it, comment `/resolve` with a message (on the closed issue is fine).\n",
		"이슈를 닫아도 상태 페이지는 바뀌지 않습니다. %s은(는) 여전히 %s 상태로 보입니다. 해결하려면 `/resolve`와 메시지를 댓글로 남기세요(닫힌 이슈에 남겨도 됩니다).\n"),
		code(t.slug), code(in.Status().String()))}
}

// comment handles a comment: a command, or nothing.
func (s *session) comment() (Result, error) {
	c := s.ev.Comment
	cmd, perr := parseCommand(c.Body)
	if cmd == nil && perr == nil || c.User.Type == "Bot" {
		return Result{}, nil
	}
	if s.ev.Action == "edited" && c.UpdatedAt.Sub(c.CreatedAt) > editWindow {
		return Result{}, nil
	}
	t, ok := s.target()
	var ce *commandError
	unknown := errors.As(perr, &ce) && ce.name == ""
	switch {
	case !ok && unknown:
		return Result{}, nil // "/cc …" on an ordinary issue: not for sitrep
	case !allowed(s.allowed, c.AuthorAssociation):
		return s.notAllowed(c.User.Login, c.AuthorAssociation), nil
	case !ok:
		return Result{Reply: fmt.Sprintf(s.tr("%s Issue #%d is not an incident or a maintenance window: sitrep publishes issues opened with its incident and maintenance forms (New issue › Incident).\n",
			"%s 이슈 #%d은(는) 장애나 점검이 아닙니다. sitrep은 장애·점검 양식으로 연 이슈만 게시합니다(New issue › 장애).\n"), s.notPublished(), s.ev.Issue.Number)}, nil
	case perr != nil:
		return Result{Reply: s.refusal(perr, true)}, nil
	}
	at, err := s.eventTime(c.CreatedAt)
	if err != nil {
		return Result{Reply: s.refusal(err, false)}, nil
	}
	var res Result
	switch {
	case t.dir == "maintenance" && cmd.name == "maintenance":
		res, err = s.maintenanceStep(t, cmd, at)
	case t.dir == "maintenance":
		err = cmdErrorf(cmd.name, "%s is a maintenance window: comment /maintenance start or /maintenance complete", t.slug)
	case cmd.name == "maintenance":
		err = cmdErrorf(cmd.name, "%s is an incident, not a maintenance window", t.slug)
	case cmd.name == "postmortem":
		res = s.postmortem(t)
	default:
		res, err = s.update(t, cmd, at)
	}
	if errors.As(err, &ce) {
		return Result{Reply: s.refusal(err, true)}, nil
	}
	return res, err
}

// write checks the site as it would be with name holding data and writes
// the file only if that file has no errors and verify accepts what reads
// back: the same check "sitrep new" and "sitrep update" make. old is the
// file's current content, nil for a new file.
func (s *session) write(name string, data, old []byte, verify func(*status.Site) error) error {
	st, probs := s.loader.Load(author.Overlay(s.root.FS(), map[string][]byte{name: data}))
	if st == nil {
		return cmdErrorf("", "%v", probs.Errors())
	}
	probs = append(probs, st.Validate(s.now)...)
	probs.Sort()
	if mine := inFile(probs, name).Errors(); len(mine) > 0 {
		return &commandError{msg: "the change does not check:\n" + mine.Error()}
	}
	if err := verify(st); err != nil {
		return fmt.Errorf("%s: %w; nothing was written", name, err)
	}
	if old == nil {
		return author.WriteNew(s.root, name, data)
	}
	return author.Replace(s.root, name, old, data)
}

// inFile returns the problems reported at file.
func inFile(ps status.Problems, file string) status.Problems {
	var out status.Problems
	for _, p := range ps {
		if p.Pos.File == file {
			out = append(out, p)
		}
	}
	return out
}

func findIncident(st *status.Site, slug string) *status.Incident {
	for _, in := range st.Incidents {
		if in.Slug == slug {
			return in
		}
	}
	return nil
}

func findMaintenance(st *status.Site, slug string) *status.Maintenance {
	for _, m := range st.Maintenances {
		if m.Slug == slug {
			return m
		}
	}
	return nil
}

// component checks a component id from a form or a command.
func (s *session) component(id string) (*status.Component, error) {
	var ids []string
	for _, c := range s.st.Components {
		if c.ID == id {
			return c, nil
		}
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	hint := ""
	if c := status.Closest(id, ids); c != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", c)
	}
	return nil, cmdErrorf("", "unknown component %q%s; components: %s", id, hint, strings.Join(ids, ", "))
}

// link is a Markdown link to a page of the site.
func (s *session) link(p string) string {
	u := s.url(p)
	return "[" + u + "](" + u + ")"
}
