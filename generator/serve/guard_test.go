package serve_test

import (
	"net"
	"net/http"
	"testing"

	"github.com/sitrep/sitrep/generator/serve"
)

// listen serves h on a real listener on 127.0.0.1, as Run does, and
// returns its address.
func listen(t *testing.T, h http.Handler, bind string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: serve.Guard(h, ln.Addr(), bind)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func TestServeAnswersOnlyHostsThatNameIt(t *testing.T) {
	h := handler(t, map[string]string{"index.html": "<!doctype html><html><body>draft</body></html>"})
	addr := listen(t, h, "status.lan:8080")
	_, port, _ := net.SplitHostPort(addr)
	for _, c := range []struct {
		name, host string
		code       int
	}{
		{"localhost with its port", "localhost:" + port, 200},
		{"LOCALHOST in capitals with a trailing dot", "LOCALHOST.:" + port, 200},
		{"the address it listens on", addr, 200},
		{"another loopback address", "127.8.9.10:" + port, 200},
		{"the IPv6 loopback", "[::1]:" + port, 200},
		{"the host it was told to bind", "status.lan:" + port, 200},
		{"a rebound DNS name", "evil.example:" + port, 403},
		{"a name that ends in localhost", "localhost.evil.example", 403},
		{"a LAN address it does not listen on", "192.168.1.5:" + port, 403},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", "http://"+addr+"/", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = c.host
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != c.code {
				t.Errorf("Host %q: status %d, want %d", c.host, res.StatusCode, c.code)
			}
		})
	}
}

func TestServeOnEveryInterfaceAnswersIPAddressesButNotNames(t *testing.T) {
	h := handler(t, map[string]string{"index.html": "<!doctype html><html><body>draft</body></html>"})
	addr := listen(t, h, "0.0.0.0:8080")
	for host, code := range map[string]int{"192.168.1.5:8080": 200, "evil.example:8080": 403} {
		req, _ := http.NewRequest("GET", "http://"+addr+"/", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != code {
			t.Errorf("Host %q: status %d, want %d", host, res.StatusCode, code)
		}
	}
}

func TestServeRefusesMethodsOtherThanGetAndHeadOnEveryPath(t *testing.T) {
	h := handler(t, map[string]string{"index.html": "<!doctype html><html><body>x</body></html>"})
	addr := listen(t, h, "")
	for _, p := range []string{"/", "/_sitrep/live.js", "/_sitrep/live.css", "/_sitrep/events"} {
		for _, m := range []string{"DELETE", "POST", "PUT", "OPTIONS"} {
			req, _ := http.NewRequest(m, "http://"+addr+p, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: status %d, Allow %q; want 405 and GET, HEAD", m, p, res.StatusCode, res.Header.Get("Allow"))
			}
		}
	}
}
