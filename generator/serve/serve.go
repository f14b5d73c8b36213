// Package serve is the development server: it watches a site, keeps the
// last good build in memory and serves it over HTTP. Open pages reload
// themselves after every good rebuild (Server-Sent Events), and a bad save
// shows its errors over the last good page, which stays served. The live
// reload script and the overlay are added to HTML responses only; built
// sites never contain them.
package serve

import (
	"context"
	"crypto/rand"
	"errors"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/watch"
)

// Options say what to serve.
type Options struct {
	// Dir is the site root on disk: the directory holding content/.
	Dir string
	// Now is the clock the site is built at. Required.
	Now func() time.Time
	// Stopwatch times the builds, as in watch.Options.
	Stopwatch func() time.Time
	// Debounce, MaxDelay, Refresh and Render are as in watch.Options.
	Debounce, MaxDelay, Refresh time.Duration
	Render                      func(context.Context, generator.Options) (*generator.Result, error)
	// OnBuild is called after every build, once the server serves its
	// outcome and the open pages have been told.
	OnBuild func(Update)
	// OnError is told about watcher errors that do not stop watching.
	OnError func(error)
	// Addr is the address the server was told to listen on (HOST:PORT),
	// whose host it answers besides localhost; see Guard.
	Addr string
}

// Update is a build as the server took it.
type Update struct {
	watch.Build
	// Files is how many files of the served site the build added, changed
	// or removed.
	Files int
	// Reloaded is how many open pages were told to reload.
	Reloaded int
}

// Run serves the site in opts.Dir on ln, rebuilding it on every change,
// until ctx is done. The site is built with its base URL set to the
// listener's address. Run closes ln.
func Run(ctx context.Context, ln net.Listener, opts Options) error {
	s := New()
	srv := httpServer(ctx, Guard(s, ln.Addr(), opts.Addr))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	werr := watch.Run(ctx, watch.Options{
		Dir:       opts.Dir,
		BaseURL:   BaseURL(ln.Addr()),
		Now:       opts.Now,
		Stopwatch: opts.Stopwatch,
		Debounce:  opts.Debounce,
		MaxDelay:  opts.MaxDelay,
		Refresh:   opts.Refresh,
		Render:    opts.Render,
		OnError:   opts.OnError,
		OnBuild: func(b watch.Build) {
			u := s.Update(b)
			if opts.OnBuild != nil {
				opts.OnBuild(u)
			}
		},
	})
	s.Close()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	serr := srv.Shutdown(shut)
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		serr = errors.Join(serr, err)
	}
	return errors.Join(werr, serr)
}

// BaseURL is the URL a site served on addr is built for. A listener on
// every interface is named "localhost".
func BaseURL(addr net.Addr) *url.URL {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return &url.URL{Scheme: "http", Host: addr.String(), Path: "/"}
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return &url.URL{Scheme: "http", Host: net.JoinHostPort(host, port), Path: "/"}
}

// Server serves the last good build of a site, with live reload. Its zero
// value is not ready; use New.
type Server struct {
	inject *template.Template
	token  string // tells this process's versions from another's

	mu       sync.Mutex
	site     *publish.Site // the last good build; nil before the first
	gen      int
	problems []string      // the last build's problems; nil after a good build
	wake     chan struct{} // closed and replaced whenever the state changes
	closed   bool
	pages    int // open event streams
}

// New returns a server with nothing built yet: it answers every page
// with a notice that reloads once the first good build is in.
func New() *Server {
	return &Server{
		inject: template.Must(template.New("inject").Parse(injectHTML)),
		token:  rand.Text()[:8],
		wake:   make(chan struct{}),
	}
}

// Update takes a build: a good one replaces the served site (and reloads
// the open pages when a file changed); a bad one keeps the last good site
// and shows its problems on the open pages.
func (s *Server) Update(b watch.Build) Update {
	u := Update{Build: b}
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.Err != nil {
		lines := problemLines(b.Err)
		if s.problems == nil || !slices.Equal(lines, s.problems) {
			s.problems = lines
			s.notify()
		}
		return u
	}
	changed, removed := b.Result.Site.Diff(s.site)
	u.Files = len(changed) + len(removed)
	if u.Files > 0 || s.site == nil {
		s.site = b.Result.Site
		s.gen++
		s.notify()
		u.Reloaded = s.pages
	}
	if s.problems != nil {
		s.problems = nil
		s.notify()
	}
	return u
}

// Site returns the site being served, or nil before the first good build.
func (s *Server) Site() *publish.Site {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.site
}

// Close ends the open event streams. The server still answers requests.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		s.notify()
	}
}

// notify wakes every event stream. s.mu must be held.
func (s *Server) notify() {
	close(s.wake)
	s.wake = make(chan struct{})
}

// version names the served site; it changes whenever a file does. s.mu
// must be held.
func (s *Server) version() string {
	if s.site == nil {
		return ""
	}
	return s.token + "-" + strconv.Itoa(s.gen)
}

// problemLines turns a failed build into the lines shown to the author.
func problemLines(err error) []string {
	var ce *generator.ContentError
	if errors.As(err, &ce) {
		lines := make([]string, 0, len(ce.Problems))
		for _, p := range ce.Problems {
			lines = append(lines, p.Report())
		}
		if len(lines) > 0 {
			return lines
		}
	}
	return strings.Split(strings.TrimRight(err.Error(), "\n"), "\n")
}
