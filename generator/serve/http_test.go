package serve_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/serve"
	"github.com/sitrep/sitrep/generator/watch"
)

// handler serves a hand-made site.
func handler(t *testing.T, files map[string]string) *serve.Server {
	t.Helper()
	site := publish.NewSite()
	for p, b := range files {
		site.Emit(p, []byte(b))
	}
	s := serve.New()
	s.Update(watch.Build{N: 1, Result: &generator.Result{Site: site}})
	return s
}

func request(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestFilesAreServedWithTheirContentTypes(t *testing.T) {
	files := map[string]string{
		"index.html":                "<!doctype html><html><body><h1>Home</h1></body></html>",
		"incidents/x/index.html":    "<!doctype html><html><BODY><h1>X</h1></BODY></html>",
		"404.html":                  "<!doctype html><html><body><h1>Lost</h1></body></html>",
		"static/site.css":           "body{}",
		"widget.js":                 "console.log(1)",
		"api/v2/summary.json":       `{"page":{}}`,
		"sitemap.xml":               "<?xml version=\"1.0\"?><urlset/>",
		"feed.rss":                  "<rss/>",
		"feed.atom":                 "<feed/>",
		"calendar.ics":              "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
		"badge.svg":                 "<svg/>",
		"robots.txt":                "User-agent: *\n",
		"_headers":                  "/api/*\n  Access-Control-Allow-Origin: *\n",
		"components/api/badge.json": `{}`,
		"static/logo-abc123.png":    "\x89PNG\r\n\x1a\n",
		"history/page/2/index.html": "<html><body>2</body></html>",
	}
	h := handler(t, files)
	for _, tc := range []struct {
		name, path  string
		code        int
		contentType string
		body        string // the file served; "" for none
	}{
		{"the home page is index.html", "/", 200, "text/html; charset=utf-8", "index.html"},
		{"a page directory serves its index.html", "/incidents/x/", 200, "text/html; charset=utf-8", "incidents/x/index.html"},
		{"index.html can be named", "/incidents/x/index.html", 200, "text/html; charset=utf-8", "incidents/x/index.html"},
		{"a nested page directory serves its index.html", "/history/page/2/", 200, "text/html; charset=utf-8", "history/page/2/index.html"},
		{"CSS is text/css", "/static/site.css", 200, "text/css; charset=utf-8", "static/site.css"},
		{"JavaScript is text/javascript", "/widget.js", 200, "text/javascript; charset=utf-8", "widget.js"},
		{"JSON is application/json", "/api/v2/summary.json", 200, "application/json; charset=utf-8", "api/v2/summary.json"},
		{"a badge's JSON is application/json", "/components/api/badge.json", 200, "application/json; charset=utf-8", "components/api/badge.json"},
		{"XML is application/xml", "/sitemap.xml", 200, "application/xml; charset=utf-8", "sitemap.xml"},
		{"RSS is application/rss+xml", "/feed.rss", 200, "application/rss+xml; charset=utf-8", "feed.rss"},
		{"Atom is application/atom+xml", "/feed.atom", 200, "application/atom+xml; charset=utf-8", "feed.atom"},
		{"iCalendar is text/calendar", "/calendar.ics", 200, "text/calendar; charset=utf-8", "calendar.ics"},
		{"SVG is image/svg+xml", "/badge.svg", 200, "image/svg+xml", "badge.svg"},
		{"text is text/plain", "/robots.txt", 200, "text/plain; charset=utf-8", "robots.txt"},
		{"_headers is plain text", "/_headers", 200, "text/plain; charset=utf-8", "_headers"},
		{"a PNG is image/png", "/static/logo-abc123.png", 200, "image/png", "static/logo-abc123.png"},
		{"a missing file serves 404.html with 404", "/nope.json", 404, "text/html; charset=utf-8", "404.html"},
		{"a missing page serves 404.html with 404", "/incidents/gone/", 404, "text/html; charset=utf-8", "404.html"},
		{"a path out of the site is cleaned, not followed", "/../../etc/passwd", 404, "text/html; charset=utf-8", "404.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := request(h, "GET", tc.path)
			if rec.Code != tc.code {
				t.Errorf("status %d, want %d", rec.Code, tc.code)
			}
			if ct := rec.Header().Get("Content-Type"); ct != tc.contentType {
				t.Errorf("Content-Type %q, want %q", ct, tc.contentType)
			}
			want := files[tc.body]
			got := rec.Body.String()
			if strings.HasPrefix(tc.contentType, "text/html") {
				if !strings.Contains(got, `<script src="/_sitrep/live.js"`) {
					t.Errorf("no live reload script in %q", got)
				}
				i := strings.LastIndex(strings.ToLower(got), "</body>")
				if i < 0 || !strings.Contains(got[:i], "/_sitrep/live.js") {
					t.Errorf("the live reload script is not before </body>: %q", got)
				}
				got = snippetRE.ReplaceAllString(got, "")
			}
			if got != want {
				t.Errorf("body %q, want %q", got, want)
			}
		})
	}
}

var snippetRE = snippet

func TestAPageDirectoryWithoutItsSlashIsRedirected(t *testing.T) {
	h := handler(t, map[string]string{"incidents/x/index.html": "<html><body>x</body></html>"})
	rec := request(h, "GET", "/incidents/x?a=1")
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/incidents/x/?a=1" {
		t.Errorf("status %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestASiteWithout404HTMLStillAnswers404(t *testing.T) {
	rec := request(handler(t, map[string]string{"index.html": "<html><body>x</body></html>"}), "GET", "/nope")
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "/_sitrep/live.js") {
		t.Errorf("status %d, body %q", rec.Code, rec.Body)
	}
}

func TestHeadAnswersWithoutABodyAndOtherMethodsAreRefused(t *testing.T) {
	h := handler(t, map[string]string{"api/v2/status.json": `{"status":{}}`})
	rec := request(h, "HEAD", "/api/v2/status.json")
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != "13" {
		t.Errorf("HEAD: status %d, %d bytes, Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	if rec := request(h, "POST", "/api/v2/status.json"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", rec.Code)
	}
}

func TestBeforeTheFirstGoodBuildEveryPageIsANoticeThatReloads(t *testing.T) {
	rec := request(serve.New(), "GET", "/incidents/x/")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "No good build yet") ||
		!strings.Contains(rec.Body.String(), `data-version=""`) {
		t.Errorf("status %d, body %q", rec.Code, rec.Body)
	}
}

func TestTheLiveReloadAssetsAreServed(t *testing.T) {
	h := serve.New()
	for path, ct := range map[string]string{"/_sitrep/live.js": "text/javascript; charset=utf-8", "/_sitrep/live.css": "text/css; charset=utf-8"} {
		rec := request(h, "GET", path)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != ct || rec.Body.Len() < 100 {
			t.Errorf("%s: status %d, Content-Type %q, %d bytes", path, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
		}
	}
}

func TestInjectGoesBeforeTheLastBodyEndTag(t *testing.T) {
	for _, tc := range []struct{ name, page, want string }{
		{"before </body>", "<p>a</p></body></html>", "<p>a</p>S</body></html>"},
		{"before the last of two", "<p></body></p></body>", "<p></body></p>S</body>"},
		{"in any letter case", "<p>a</p></BODY>", "<p>a</p>S</BODY>"},
		{"at the end without </body>", "<p>a</p>", "<p>a</p>S"},
	} {
		page := []byte(tc.page)
		if got := string(serve.Inject(page, []byte("S"))); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if string(page) != tc.page {
			t.Errorf("%s: the page was modified", tc.name)
		}
	}
}
