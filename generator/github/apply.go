package github

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
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
// payload is the content of GITHUB_EVENT_PATH, to the site rooted at dir.
// Files are written by author.Site, as "sitrep new", "update" and
// "resolve" write them.
// Events that are not sitrep's give an empty Result and no error, and so
// do repeats of an event already applied (a re-run workflow). Refusals —
// a user not allowed to publish, a bad command, content that does not
// check — are Results with a Reply and nothing written. An error means
// the event could not be handled at all.
func Apply(dir, name string, payload []byte, opts Options) (Result, error) {
	ev, err := decode(name, payload)
	if err != nil || ev == nil {
		return Result{}, err
	}
	a, err := author.Open(dir, opts.Now)
	if err != nil {
		return Result{}, err
	}
	defer a.Close()
	s := &session{a: a, dir: os.DirFS(dir), st: a.Content, loc: a.Loc, now: opts.Now, ev: ev, allowed: opts.Allowed, ko: a.Lang == "ko"}
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
	a       *author.Site
	dir     fs.FS // the site root, to find the file an issue opened
	st      *status.Site
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

func suffix(n int) string { return fmt.Sprintf("-gh%d", n) }

// target finds the file the issue opened, if any.
func (s *session) target() (target, bool) {
	for _, dir := range []string{"incidents", "maintenance"} {
		names, _ := fs.Glob(s.dir, path.Join(content.Dir, dir, "*"+suffix(s.ev.Issue.Number)+".md"))
		if len(names) > 0 {
			return target{dir, strings.TrimSuffix(path.Base(names[0]), ".md")}, true
		}
	}
	return target{}, false
}

// slug returns the slug of the issue's new file: the dated slug that
// "sitrep new" gives (component is the first affected one, which names
// the file when the title is in Korean), ending in the issue's number so
// that comments find it, within the 64 characters of a slug.
func (s *session) slug(title, kind, component string, at time.Time) string {
	base, sfx := author.DatedSlug(title, kind, component, at.In(s.loc)), suffix(s.ev.Issue.Number)
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

// eventTime checks the time an event says it happened, which may not lie
// after the clock, and makes it the moment requests act at: the update is
// dated by it, and "30m" in a promise counts from it, as from the
// command line's --now.
func (s *session) eventTime(at time.Time) (time.Time, error) {
	if at.IsZero() {
		return at, errors.New("the event has no time")
	}
	if at.After(s.now) {
		return at, fmt.Errorf("the event is dated %s, after the clock (%s); nothing in the future is published",
			author.FormatTime(at, s.loc), author.FormatTime(s.now, s.loc))
	}
	if err := s.a.ActAt(stamp(at), false); err != nil {
		return at, err
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
	if refused(err) {
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
	in := s.st.Incident(t.slug)
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
		res, err = s.postmortem(t)
	case cmd.name == "next":
		res, err = s.next(t, cmd, at)
	default:
		res, err = s.update(t, cmd, at)
	}
	if refused(err) {
		return Result{Reply: s.refusal(err, true)}, nil
	}
	return res, err
}

// refused reports whether err is a refusal, answered on the issue: a
// command or form that cannot be carried out, or a change whose file
// would not check. Other errors fail the workflow.
func refused(err error) bool {
	var ce *commandError
	var re *author.RequestError
	var ae *author.ContentError
	return errors.As(err, &ce) || errors.As(err, &re) || errors.As(err, &ae)
}

// link is a Markdown link to a page of the site.
func (s *session) link(p string) string {
	u := s.url(p)
	return "[" + u + "](" + u + ")"
}
