package serve

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"
)

// Guard lets through to h only requests whose Host names this server:
// localhost, a loopback address, or the host it was told to listen on
// (bind, as given to --addr, and the address it listens on). Others get
// 403: a web page whose DNS name was rebound to 127.0.0.1 sends its own
// name, so it cannot read drafts through the visitor's browser. A server
// listening on every interface also answers IP addresses, which no DNS
// rebinding sends. (Methods other than GET and HEAD are refused by
// Server.ServeHTTP.)
func Guard(h http.Handler, listen net.Addr, bind string) http.Handler {
	allowed := map[string]bool{"localhost": true}
	any := false
	for _, hp := range []string{bind, listen.String()} {
		host, _, err := net.SplitHostPort(hp)
		if err != nil {
			continue
		}
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			any = true
			continue
		}
		allowed[strings.ToLower(strings.TrimSuffix(host, "."))] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hostAllowed(r.Host, allowed, any) {
			http.Error(w, "sitrep serve answers only localhost and the address it listens on", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether a request's Host header names this server.
func hostAllowed(hostport string, allowed map[string]bool, anyIP bool) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if allowed[host] {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || anyIP || allowed[ip.String()])
}

// httpServer is the server Run listens with. Its timeouts drop clients
// that open connections and then stall or idle; there is no write
// timeout, since event streams stay open as long as their page.
func httpServer(ctx context.Context, h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       60 * time.Second,
		// Requests end with ctx, so that open event streams do not hold
		// up the shutdown.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
}
