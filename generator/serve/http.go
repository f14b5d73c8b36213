package serve

import (
	"bytes"
	_ "embed" // the live reload script and the overlay's style
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// The server's own paths. No output path of a site starts with "_sitrep/".
const (
	eventsPath = "/_sitrep/events"
	scriptPath = "/_sitrep/live.js"
	stylePath  = "/_sitrep/live.css"
)

var (
	//go:embed live.js
	liveJS string
	//go:embed live.css
	liveCSS string
)

// injectHTML goes before </body> of every HTML response.
const injectHTML = `<link rel="stylesheet" href="/_sitrep/live.css">` +
	`{{if .Problems}}<div id="sitrep-problems" role="alert"><p>This save has errors; the page shows the last good build. (click to hide)</p>` +
	`<pre>{{range $i, $l := .Problems}}{{if $i}}{{"\n"}}{{end}}{{$l}}{{end}}</pre></div>{{end}}` +
	`<script src="/_sitrep/live.js" data-version="{{.Version}}" defer></script>`

// waitingHTML is every page before the first good build.
const waitingHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sitrep serve</title></head>
<body><p>No good build yet. Fix the errors and save; this page reloads by itself.</p></body></html>
`

// notFoundHTML answers a missing page when the site has no 404.html.
const notFoundHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><p>Not found. (The site has no 404.html.)</p></body></html>
`

// ServeHTTP serves the last good build from memory: a directory path
// serves its index.html, a missing file serves 404.html with status 404,
// and HTML responses get the live reload script and, after a bad save,
// the overlay with its errors.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		s.write(w, r, "live.js", []byte(liveJS), http.StatusOK)
		return
	case stylePath:
		s.write(w, r, "live.css", []byte(liveCSS), http.StatusOK)
		return
	}
	site := s.Site()
	if site == nil {
		s.write(w, r, "index.html", []byte(waitingHTML), http.StatusServiceUnavailable)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	dir := name == "" || strings.HasSuffix(r.URL.Path, "/")
	file := name
	if dir {
		file = path.Join(name, "index.html")
	}
	if data, ok := site.File(file); ok {
		s.write(w, r, file, data, http.StatusOK)
		return
	}
	if !dir {
		if _, ok := site.File(name + "/index.html"); ok {
			to := "/" + name + "/"
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
	}
	if data, ok := site.File("404.html"); ok {
		s.write(w, r, "404.html", data, http.StatusNotFound)
		return
	}
	s.write(w, r, "404.html", []byte(notFoundHTML), http.StatusNotFound)
}

// write sends one file, with the live reload script in HTML.
func (s *Server) write(w http.ResponseWriter, r *http.Request, name string, data []byte, code int) {
	ct := ContentType(name, data)
	if strings.HasPrefix(ct, "text/html") {
		data = s.injected(data)
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// injected returns page with the live reload script (and the overlay,
// after a bad save) before its last </body>.
func (s *Server) injected(page []byte) []byte {
	s.mu.Lock()
	data := struct {
		Problems []string
		Version  string
	}{s.problems, s.version()}
	s.mu.Unlock()
	var snippet bytes.Buffer
	if err := s.inject.Execute(&snippet, data); err != nil {
		// The template is a constant and the data are strings.
		panic(err)
	}
	return Inject(page, snippet.Bytes())
}

// Inject returns page with snippet inserted before its last </body> tag
// (in any letter case), or appended when it has none. page is not modified.
func Inject(page, snippet []byte) []byte {
	at := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if at < 0 {
		at = len(page)
	}
	out := make([]byte, 0, len(page)+len(snippet))
	out = append(out, page[:at]...)
	out = append(out, snippet...)
	return append(out, page[at:]...)
}

// ContentType is the Content-Type a file is served with.
func ContentType(name string, data []byte) string {
	ext := path.Ext(name)
	switch ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json; charset=utf-8"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".rss":
		return "application/rss+xml; charset=utf-8"
	case ".atom":
		return "application/atom+xml; charset=utf-8"
	case ".ics":
		return "text/calendar; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); ext != "" && t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// events is the event stream an open page listens to. It sends "reload"
// when the served site is not the one the page was built from (?v=), and
// "problems" (a JSON array of lines, empty when all is well) when it
// connects and whenever the problems change.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n\n")
	fl.Flush()

	s.mu.Lock()
	s.pages++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.pages--
		s.mu.Unlock()
	}()

	have := r.URL.Query().Get("v")
	var shown []byte
	for {
		s.mu.Lock()
		version, closed, wake := s.version(), s.closed, s.wake
		problems, _ := json.Marshal(append([]string{}, s.problems...))
		s.mu.Unlock()
		if closed {
			return
		}
		switch {
		case version != have && version != "":
			fmt.Fprintf(w, "event: reload\ndata: %s\n\n", version)
			have = version
		case shown == nil || !bytes.Equal(problems, shown):
			fmt.Fprintf(w, "event: problems\ndata: %s\n\n", problems)
			shown = problems
		default:
			select {
			case <-wake:
			case <-r.Context().Done():
				return
			}
			continue
		}
		fl.Flush()
	}
}
